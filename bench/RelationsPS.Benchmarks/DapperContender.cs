using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace RelationsPS.Benchmarks;

/// <summary>Dapper 2.1: the same hand-written SQL, mapped to classes by Dapper (snake_case matched to PascalCase).</summary>
internal sealed class DapperContender : IContender
{
    private SqliteConnection? conn;
    private SqliteConnection? bulk;

    static DapperContender()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateTimeHandler());
    }

    /// <summary>The stored text of a DateTime (Microsoft.Data.Sqlite hands Dapper a string).</summary>
    private sealed class DateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override DateTime Parse(object value) => value is DateTime dt ? dt : DateTime.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

        public override void SetValue(IDbDataParameter parameter, DateTime value) => parameter.Value = Workload.DbDate(value);
    }

    public string Name => "Dapper";

    private SqliteConnection C => conn!;

    public void Open(string path) => conn = Connections.Open(path);

    public void BeginBulk(string path) => bulk = Connections.Open(path);

    public Outcome BulkInsert(Workload w)
    {
        var c = bulk!;
        using var tx = c.BeginTransaction();
        var tagIds = w.Tags.Select(t => c.ExecuteScalar<long>(Sql.InsertTag + " RETURNING id", new { name = t.Name, slug = t.Slug }, tx)).ToArray();
        var userIds = w.Users.Select(u => c.ExecuteScalar<long>(Sql.InsertUser + " RETURNING id", new { userName = u.UserName }, tx)).ToArray();
        c.Execute(Sql.InsertProfile, w.Profiles.Select(p => new { userId = userIds[p.UserIndex], bio = p.Bio, website = p.Website }), tx);
        long links = 0;
        foreach (var p in w.Posts)
        {
            var id = c.ExecuteScalar<long>(Sql.InsertPost + " RETURNING id",
                new { title = p.Title, body = p.Body, views = p.Views, created = Workload.DbDate(p.Created), authorId = p.AuthorIndex is int a ? userIds[a] : (long?)null }, tx);
            links += c.Execute(Sql.InsertPostTag, p.TagIndexes.Select(t => new { postId = id, tagId = tagIds[t] }), tx);
        }
        tx.Commit();
        return new Outcome(links, 0);
    }

    public void EndBulk()
    {
        bulk?.Dispose();
        bulk = null;
    }

    private static Outcome PostsOutcome(IEnumerable<PostRow> posts) => Checks.Posts(posts.Select(p => (p.Id, p.Views, p.Created)));

    public Outcome TaggedPython(Workload w) => PostsOutcome(C.Query<PostRow>(Sql.TaggedPython, new { tag = Workload.PythonTag }).AsList());

    public Outcome TaggedFilteredTop100(Workload w) =>
        PostsOutcome(C.Query<PostRow>(Sql.TaggedFilteredTop100, new { tag = Workload.PythonTag, prefix = Workload.TitlePrefix + "%", views = Workload.ViewsThreshold }).AsList());

    public Outcome CountPerTag(Workload w) => Checks.Groups(C.Query<TagCountDto>(Sql.CountPerTag).AsList().Select(t => (t.Name, t.PostCount)));

    public Outcome ManyTags(Workload w)
    {
        var rows = C.Query<(long, long)>(Sql.ManyTagsRows).AsList();
        var avg = C.ExecuteScalar<double>(Sql.ManyTagsAvg);
        return Checks.ManyTags(rows, avg);
    }

    public Outcome TagsNaive(Workload w)
    {
        var posts = C.Query<PostRow>(Sql.FirstPosts, new { n = w.FirstPosts }).AsList();
        var links = new List<(long, long)>();
        foreach (var p in posts)
            foreach (var t in C.Query<TagRowDto>(Sql.TagsOfPost, new { post = p.Id }))
                links.Add((p.Id, t.Id));
        return Checks.Links(posts.Count, links);
    }

    private sealed class PostTagRow
    {
        public long PostId { get; set; }
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Slug { get; set; } = "";
    }

    public Outcome TagsPrefetched(Workload w)
    {
        var posts = C.Query<PostRow>(Sql.FirstPosts, new { n = w.FirstPosts }).AsList();
        var byPost = C.Query<PostTagRow>(Sql.TagsOfFirstPosts, new { n = w.FirstPosts })
            .GroupBy(r => r.PostId)
            .ToDictionary(g => g.Key, g => g.Select(r => new TagRowDto { Id = r.Id, Name = r.Name, Slug = r.Slug }).ToList());
        var links = new List<(long, long)>();
        foreach (var p in posts)
            if (byPost.TryGetValue(p.Id, out var tags))
                foreach (var t in tags) links.Add((p.Id, t.Id));
        return Checks.Links(posts.Count, links);
    }

    public Outcome ProfileBio(Workload w) =>
        Checks.Users(C.Query<UserRowDto>(Sql.ProfileBio, new { pattern = "%" + Workload.BioWord + "%" }).AsList().Select(u => u.Id));

    public Outcome FieldCompare(Workload w) => PostsOutcome(C.Query<PostRow>(Sql.FieldCompare, new { k = Workload.FieldFactor }).AsList());

    public void PrepareLinks(Workload w)
    {
        // The post ids are known (1..n): nothing to load.
    }

    public Outcome LinkAddRemove(Workload w)
    {
        var pairs = w.NewLinks.Select(l => new { post = (long)l.Post + 1, tag = (long)l.Tag + 1 }).ToList();
        long added, removed;
        using (var tx = C.BeginTransaction())
        {
            added = C.Execute(Sql.AddLink, pairs, tx);
            tx.Commit();
        }
        using (var tx = C.BeginTransaction())
        {
            removed = C.Execute(Sql.RemoveLink, pairs, tx);
            tx.Commit();
        }
        return new Outcome(added, removed);
    }

    public Outcome StreamAll(Workload w)
    {
        var mem = new MemorySampler();
        long n = 0, sum = 0;
        foreach (var p in C.Query<PostRow>(Sql.AllPosts, buffered: false))
        {
            sum = Checks.Unordered(sum, p.Id, p.Views);
            mem.Sample(++n);
        }
        return new Outcome(n, sum) { MemoryGrowth = mem.Growth };
    }

    public Outcome PythonProjection(Workload w) =>
        Checks.Projection(C.Query<PostSummary>(Sql.PythonProjection, new { tag = Workload.PythonTag }).AsList().Select(p => (p.Id, p.Title, p.Views)));

    public Outcome FieldCompareProjection(Workload w) =>
        Checks.Projection(C.Query<PostSummary>(Sql.FieldCompareProjection, new { k = Workload.FieldFactor }).AsList().Select(p => (p.Id, p.Title, p.Views)));

    public Outcome ProfileBioWithProfile(Workload w) =>
        Checks.UsersWithProfiles(C.Query<UserRowDto, ProfileRowDto, UserRowDto>(Sql.ProfileBioWithProfile, (u, p) => { u.Profile = p; return u; },
                new { pattern = "%" + Workload.BioWord + "%" }, splitOn: "id").AsList()
            .Select(u => (u.Id, u.UserName, u.Profile!.Id, u.Profile.UserId, u.Profile.Bio, u.Profile.Website)));

    public Outcome ManyTagsObjects(Workload w) =>
        Checks.PostsWithCounts(C.Query<PostRow, long, (PostRow Post, long Count)>(Sql.ManyTagsObjects, (p, n) => (p, n), splitOn: "n").AsList()
            .Select(x => (x.Post.Id, x.Post.Views, x.Post.Created, x.Count)));

    public void Dispose()
    {
        conn?.Dispose();
        bulk?.Dispose();
    }
}
