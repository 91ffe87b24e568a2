using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Include: to-many relations (Django's prefetch_related) fetched in one query per relation and stitched
/// onto their owners — reverse ForeignKey, ManyToMany both ways, nested paths; to-one relations
/// (forward ForeignKey, OneToOne both ways) joined into the query's own statement (select_related,
/// see SelectRelatedTests). Models: the blog schema (PRODUCT §3). Data: users alice (profile "hi"), bob (no
/// profile), carol; tags python, django, rust; posts P1 (alice; python, django), P2 (bob; python),
/// P3 (no author, no tags), P4 (alice; rust).
/// </summary>
public class PrefetchTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Blog();

    public PrefetchTests()
    {
        var alice = db.Add("User", ("UserName", "alice"));
        var bob = db.Add("User", ("UserName", "bob"));
        db.Add("User", ("UserName", "carol"));
        db.Add("Profile", ("User", alice), ("Bio", "hi"));
        var python = db.Add("Tag", ("Name", "python"), ("Slug", "python"));
        var django = db.Add("Tag", ("Name", "django"), ("Slug", "django"));
        var rust = db.Add("Tag", ("Name", "rust"), ("Slug", "rust"));
        db.Add("Post", ("Title", "P1"), ("Author", alice), ("Tags", new[] { python, django }));
        db.Add("Post", ("Title", "P2"), ("Author", bob), ("Tags", new[] { python }));
        db.Add("Post", ("Title", "P3"));
        db.Add("Post", ("Title", "P4"), ("Author", alice), ("Tags", new[] { rust }));
    }

    public void Dispose() => db.Dispose();

    private static string Names(IEnumerable<RelObject> rows, string attribute) => string.Join(",", rows.Select(r => r[attribute]));

    private (List<RelObject> Rows, long Queries) Load(QuerySet q)
    {
        List<RelObject> rows = [];
        var n = db.CountQueriesOf(() => rows = q.ToList());
        return (rows, n);
    }

    [Fact]
    public void Many_to_many_tags_are_stitched_per_post()
    {
        var (posts, queries) = Load(db.Objects("Post").Include("Tags"));
        Assert.Equal(2, queries);
        Assert.Equal(0, db.CountQueriesOf(() =>
            Assert.Equal(["python,django", "python", "", "rust"], posts.Select(p => Names(p.Manager("Tags"), "Name")))));
    }

    [Fact]
    public void Rows_beyond_one_prefetch_chunk_get_their_relations()
    {
        // Relations are prefetched 2,000 rows at a time: the first chunk's are fetched while the query
        // still has rows to give (on PostgreSQL, one statement at a time per connection).
        var python = db.Objects("Tag").Filter("Name", "python").ToList().Single();
        db.CreateMany(db.Models.Get("Post"), Enumerable.Range(1, 2000).Select(i => new Dictionary<string, object?>
        {
            ["Title"] = $"Bulk {i}",
            ["Tags"] = new List<RelObject> { python },
        }));
        var (posts, queries) = Load(db.Objects("Post").Include("Tags"));
        Assert.Equal(3, queries);
        Assert.Equal(2004, posts.Count);
        Assert.Equal(2000 + 4, posts.Sum(p => p.Manager("Tags").Count));
        Assert.Equal("python", Names(posts[^1].Manager("Tags"), "Name"));
    }

    [Fact]
    public void Prefetched_managers_count_without_a_query()
    {
        var (posts, _) = Load(db.Objects("Post").Include("Tags"));
        Assert.Equal(0, db.CountQueriesOf(() => Assert.Equal([2L, 1L, 0L, 1L], posts.Select(p => p.Manager("Tags").Count).ToList())));
    }

    [Fact]
    public void Reverse_many_to_many()
    {
        var (tags, queries) = Load(db.Objects("Tag").Include("Posts"));
        Assert.Equal(2, queries);
        Assert.Equal(["P1,P2", "P1", "P4"], tags.Select(t => Names(t.Manager("Posts"), "Title")));
    }

    [Fact]
    public void Forward_foreign_key_null_stays_null()
    {
        var (posts, queries) = Load(db.Objects("Post").Include("Author"));
        Assert.Equal(1, queries);
        Assert.Equal(0, db.CountQueriesOf(() =>
            Assert.Equal(["alice", "bob", null, "alice"], posts.Select(p => (string?)p.RelatedObject("Author")?["UserName"]))));
    }

    [Fact]
    public void Reverse_foreign_key()
    {
        var (users, queries) = Load(db.Objects("User").Include("Posts"));
        Assert.Equal(2, queries);
        Assert.Equal(["P1,P4", "P2", ""], users.Select(u => Names(u.Manager("Posts"), "Title")));
    }

    [Fact]
    public void One_to_one_both_ways()
    {
        var (users, q1) = Load(db.Objects("User").Include("Profile"));
        Assert.Equal(1, q1);
        Assert.Equal(0, db.CountQueriesOf(() => Assert.Equal(["hi", null, null], users.Select(u => (string?)u.RelatedObject("Profile")?["Bio"]))));
        var (profiles, q2) = Load(db.Objects("Profile").Include("User"));
        Assert.Equal(1, q2);
        Assert.Equal("alice", Assert.Single(profiles).RelatedObject("User")!["UserName"]);
    }

    [Fact]
    public void Nested_paths_prefetch_each_level_once()
    {
        var (users, queries) = Load(db.Objects("User").Include("Posts.Tags", "Profile"));
        // The users with their profiles, their posts, the posts' tags.
        Assert.Equal(3, queries);
        Assert.Equal(0, db.CountQueriesOf(() =>
            Assert.Equal(["P1[python,django] P4[rust]", "P2[python]", ""],
                users.Select(u => string.Join(" ", u.Manager("Posts").Select(p => $"{p["Title"]}[{Names(p.Manager("Tags"), "Name")}]"))))));
    }

    [Fact]
    public void Include_follows_the_filter_and_slice_of_the_query()
    {
        var (posts, queries) = Load(db.Objects("Post").Filter("Author__UserName", "alice").OrderBy("-Title").Take(1).Include("Tags"));
        Assert.Equal(2, queries);
        Assert.Equal("P4", Assert.Single(posts)["Title"]);
        Assert.Equal("rust", Names(posts[0].Manager("Tags"), "Name"));
    }

    [Fact]
    public void Without_include_each_access_reads_the_database()
    {
        var posts = db.Objects("Post").ToList();
        Assert.Equal(4, db.CountQueriesOf(() => posts.ForEach(p => p.Manager("Tags").ToList())));
    }

    [Fact]
    public void Including_an_unknown_relation_lists_the_relations()
    {
        var e = Assert.Throws<UnknownNameException>(() => db.Objects("Post").Include("Tag"));
        Assert.Equal("Cannot include 'Tag' (in 'Tag'): it is not a relation of 'Post'. Choices are: Author, Tags.", e.Message);
        Assert.Throws<UnknownNameException>(() => db.Objects("User").Include("Posts.Title"));
    }

    [Fact]
    public void A_query_with_nothing_to_include_runs_only_its_own_statement()
    {
        var (posts, queries) = Load(db.Objects("Post").Filter("Title", "none").Include("Tags", "Author"));
        Assert.Empty(posts);
        Assert.Equal(1, queries);
    }
}
