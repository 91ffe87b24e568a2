using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Benchmarks;

/// <summary>The RelationsPS engine through its C# API, written as a user writes it.</summary>
/// <remarks><paramref name="open"/> opens a database by path or connection string (default: a SQLite file).</remarks>
internal sealed class EngineContender(Func<string, RelDatabase>? open = null) : IContender
{
    private readonly Func<string, RelDatabase> open = open ?? (path => RelDatabase.Open(path, BlogSchema.Models));
    private RelDatabase? db;
    private RelDatabase? bulk;

    public string Name => "RelationsPS";

    public void Open(string path)
    {
        db = open(path);
        db.Log.Capacity = 100;
    }

    private RelDatabase Db => db!;

    public void BeginBulk(string path) => bulk = open(path);

    public Outcome BulkInsert(Workload w)
    {
        var d = bulk!;
        long links = 0;
        d.InTransaction(() =>
        {
            var tags = d.CreateMany(d.Models.Get("Tag"), w.Tags.Select(t => new Dictionary<string, object?> { ["Name"] = t.Name, ["Slug"] = t.Slug }));
            var users = d.CreateMany(d.Models.Get("User"), w.Users.Select(u => new Dictionary<string, object?> { ["UserName"] = u.UserName }));
            d.CreateMany(d.Models.Get("Profile"), w.Profiles.Select(p => new Dictionary<string, object?>
            {
                ["User"] = users[p.UserIndex],
                ["Bio"] = p.Bio,
                ["Website"] = p.Website,
            }));
            var posts = d.CreateMany(d.Models.Get("Post"), w.Posts.Select(p => new Dictionary<string, object?>
            {
                ["Title"] = p.Title,
                ["Body"] = p.Body,
                ["Views"] = p.Views,
                ["Created"] = p.Created,
                ["Author"] = p.AuthorIndex is int a ? users[a] : null,
                ["Tags"] = p.TagIndexes.Select(t => tags[t]).ToList(),
            }));
            links = w.Posts.Sum(p => (long)p.TagIndexes.Length);
        });
        return new Outcome(links, 0);
    }

    public void EndBulk()
    {
        bulk?.Dispose();
        bulk = null;
    }

    private static Outcome PostsOutcome(IEnumerable<RelObject> posts) =>
        Checks.Posts(posts.Select(p => (p.Id!.Value, (long)p["Views"]!, (DateTime)p["Created"]!)));

    public Outcome TaggedPython(Workload w) =>
        PostsOutcome(Db.Objects("Post").Filter("Tags__Name", Workload.PythonTag).ToList());

    public Outcome TaggedFilteredTop100(Workload w) =>
        PostsOutcome(Db.Objects("Post")
            .Filter("Tags__Name", Workload.PythonTag)
            .Filter(Q.Keyword("Title__istartswith", Workload.TitlePrefix) | Q.Where("Views", Lookup.Gt, Workload.ViewsThreshold))
            .OrderBy("-Views")
            .Take(100)
            .ToList());

    /// <summary>
    /// Django's idiom for a count per related row (<c>Tag.objects.annotate(n=Count('posts'))</c>, as the
    /// aggregation docs count books per publisher). The Post-side form,
    /// <c>values('tags__name').annotate(Count('id'))</c>, answers another question: its LEFT JOIN adds a
    /// NULL group of untagged posts (see --profile and BENCHMARKS.md).
    /// </summary>
    public Outcome CountPerTag(Workload w) =>
        Checks.Groups(Db.Objects("Tag")
            .Annotate("PostCount", "Count(Posts)")
            .OrderBy("Name")
            // An annotation read as an attribute, as Django reads tag.post_count (Annotations is a dictionary view made per read).
            .Select(t => ((string)t["Name"]!, (long)t["PostCount"]!))
            .ToList());

    public Outcome ManyTags(Workload w)
    {
        var many = Db.Objects("Post").Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Gt, 3));
        var rows = many.Values("Id", "TagCount").Select(r => ((long)r["Id"]!, (long)r["TagCount"]!)).ToList();
        var avg = (double)many.Aggregate(("AvgViews", "Avg(Views)"))["AvgViews"]!;
        return Checks.ManyTags(rows, avg);
    }

    public Outcome TagsNaive(Workload w)
    {
        var links = new List<(long, long)>();
        var posts = Db.Objects("Post").Take(w.FirstPosts).ToList();
        foreach (var post in posts)
            foreach (var tag in post.Manager("Tags"))
                links.Add((post.Id!.Value, tag.Id!.Value));
        return Checks.Links(posts.Count, links);
    }

    public Outcome TagsPrefetched(Workload w)
    {
        var links = new List<(long, long)>();
        var posts = Db.Objects("Post").Take(w.FirstPosts).Include("Tags").ToList();
        foreach (var post in posts)
            foreach (var tag in post.Manager("Tags"))
                links.Add((post.Id!.Value, tag.Id!.Value));
        return Checks.Links(posts.Count, links);
    }

    public Outcome ProfileBio(Workload w) =>
        Checks.Users(Db.Objects("User").Filter("Profile__Bio__icontains", Workload.BioWord).ToList().Select(u => u.Id!.Value));

    public Outcome FieldCompare(Workload w) =>
        PostsOutcome(Db.Objects("Post").Filter(Q.Where(new F("Views"), Lookup.Gt, new F("Id") * Workload.FieldFactor)).ToList());

    private List<RelObject>? linkPosts;

    public void PrepareLinks(Workload w) => linkPosts = Db.Objects("Post").Take(w.NewLinks.Count).ToList();

    public Outcome LinkAddRemove(Workload w)
    {
        var posts = linkPosts ?? throw new InvalidOperationException("PrepareLinks first.");
        linkPosts = null;
        long added = 0, removed = 0;
        Db.InTransaction(() =>
        {
            foreach (var (p, t) in w.NewLinks)
                added += posts[p].Manager("Tags").Add((long)t + 1).Count(c => c.Status == LinkStatus.Added);
        });
        Db.InTransaction(() =>
        {
            foreach (var (p, t) in w.NewLinks)
                removed += posts[p].Manager("Tags").Remove((long)t + 1).Count(c => c.Status == LinkStatus.Removed);
        });
        return new Outcome(added, removed);
    }

    public Outcome StreamAll(Workload w)
    {
        var mem = new MemorySampler();
        long n = 0, sum = 0;
        foreach (var p in Db.Objects("Post").Unordered())
        {
            sum = Checks.Unordered(sum, p.Id!.Value, (long)p["Views"]!);
            mem.Sample(++n);
        }
        return new Outcome(n, sum) { MemoryGrowth = mem.Growth };
    }

    private static Outcome Projection(QuerySet q) =>
        Checks.Projection(q.Values("Id", "Title", "Views").ToList().Select(r => ((long)r["Id"]!, (string)r["Title"]!, (long)r["Views"]!)));

    public Outcome PythonProjection(Workload w) => Projection(Db.Objects("Post").Filter("Tags__Name", Workload.PythonTag));

    public Outcome FieldCompareProjection(Workload w) =>
        Projection(Db.Objects("Post").Filter(Q.Where(new F("Views"), Lookup.Gt, new F("Id") * Workload.FieldFactor)));

    public Outcome ProfileBioWithProfile(Workload w) =>
        Checks.UsersWithProfiles(Db.Objects("User").Filter("Profile__Bio__icontains", Workload.BioWord).Include("Profile").Unordered().ToList()
            .Select(u => (u, p: u.RelatedObject("Profile")!))
            .Select(x => (x.u.Id!.Value, (string)x.u["UserName"]!, x.p.Id!.Value, (long)x.p["UserId"]!, (string)x.p["Bio"]!, (string)x.p["Website"]!)));

    public Outcome ManyTagsObjects(Workload w) =>
        Checks.PostsWithCounts(Db.Objects("Post").Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Gt, 3)).ToList()
            .Select(p => (p.Id!.Value, (long)p["Views"]!, (DateTime)p["Created"]!, (long)p["TagCount"]!)));

    public Outcome ManyTagsTuples(Workload w)
    {
        var many = Db.Objects("Post").Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Gt, 3));
        var rows = many.ValuesList<long, long>("Id", "TagCount").ToList();
        var avg = (double)many.Aggregate(("AvgViews", "Avg(Views)"))["AvgViews"]!;
        return Checks.ManyTags(rows, avg);
    }

    private static Outcome ProjectionTuples(QuerySet q) => Checks.Projection(q.ValuesList<long, string, long>("Id", "Title", "Views").ToList());

    public Outcome PythonProjectionTuples(Workload w) => ProjectionTuples(Db.Objects("Post").Filter("Tags__Name", Workload.PythonTag));

    public Outcome FieldCompareProjectionTuples(Workload w) =>
        ProjectionTuples(Db.Objects("Post").Filter(Q.Where(new F("Views"), Lookup.Gt, new F("Id") * Workload.FieldFactor)));

    public void Dispose()
    {
        db?.Dispose();
        bulk?.Dispose();
    }
}
