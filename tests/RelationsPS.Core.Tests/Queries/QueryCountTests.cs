using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// How many statements the engine runs (issue 4 "What it must show", PRODUCT §6 prefetch targets),
/// counted with db.Log. Models: the blog schema (PRODUCT §3). Data: <see cref="QueryDb.SeedBlog"/>
/// (posts "Post i", 1,000 tags, 100 users, three tags per post, every fifth post without an author).
/// </summary>
public class QueryCountTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Blog();

    public void Dispose() => db.Dispose();

    private QuerySet Posts => db.Objects("Post");

    private long Count(Action action) => db.CountQueriesOf(action);

    [Fact]
    public void A_chain_of_filter_exclude_order_and_annotate_is_one_statement()
    {
        db.SeedBlog(posts: 50, tags: 1000, users: 10);
        var q = Posts.Filter("Views__gte", 3).Exclude("Tags__Name", "tag5").Filter("Author__UserName__startswith", "user")
            .Annotate("NumTags", "Count(Tags)").Filter("NumTags__gt", 0).OrderBy("-NumTags", "Title").FilterEach(Q.Keyword("Tags__Slug__contains", "-"));
        List<RelObject> rows = [];
        Assert.Equal(1, Count(() => rows = q.ToList()));
        Assert.Equal(37, rows.Count);
    }

    [Fact]
    public void Building_a_query_and_reading_its_sql_runs_nothing()
    {
        Assert.Equal(0, Count(() =>
        {
            var q = Posts.Filter("Views__gt", 1).Exclude("Tags__Name", "x").OrderBy("-Views").Annotate("N", "Count(Tags)").Include("Tags", "Author").Slice(1, 5).Distinct();
            _ = q.Sql;
            _ = q.Parameters;
            _ = q.ToString();
        }));
    }

    [Fact]
    public void Each_terminal_operation_is_one_statement()
    {
        db.SeedBlog(posts: 30, tags: 1000, users: 10);
        var q = Posts.Filter("Tags__Name", "tag5");
        Assert.Equal(1, Count(() => q.Count()));
        Assert.Equal(1, Count(() => q.Exists()));
        Assert.Equal(1, Count(() => q.First()));
        Assert.Equal(1, Count(() => _ = Posts[3]));
        Assert.Equal(1, Count(() => q.LastOrDefault()));
        Assert.Equal(1, Count(() => q.Aggregate(("N", "Count(Id)"), ("T", "Count(Tags)"), ("V", "Avg(Views)"))));
        Assert.Equal(1, Count(() => q.Group([("A", "Author.UserName")], [("N", Aggregate.Parse("Count(Id)"))]).ToList()));
        Assert.Equal(1, Count(() => q.Values("Title", "Author.UserName").ToList()));
        Assert.Equal(1, Count(() => q.Ids()));
        Assert.Equal(1, Count(() => Posts.Filter("Author__in", db.Objects("User").Filter("UserName__endswith", "3")).ToList()));
    }

    [Fact]
    public void A_bulk_update_is_one_statement()
    {
        db.SeedBlog(posts: 30, tags: 1000, users: 10);
        Assert.Equal(1, Count(() => Assert.Equal(30, Posts.Update(QueryDb.D(("Views", new F("Views") + 1))))));
        Assert.Equal(1, Count(() => Assert.Equal(3, Posts.Filter("Views__lt", 5).Update(QueryDb.D(("Title", "early"))))));
    }

    [Fact]
    public void Prefetching_tags_for_2000_posts_runs_2_queries()
    {
        db.SeedBlog(posts: 2000);
        List<RelObject> posts = [];
        Assert.Equal(2, Count(() => posts = Posts.Include("Tags").ToList()));
        Assert.Equal(2000, posts.Count);
        var links = 0L;
        Assert.Equal(0, Count(() => links = posts.Sum(p => p.Manager("Tags").Count(t => ((string)t["Name"]!).StartsWith("tag", StringComparison.Ordinal)))));
        Assert.Equal(6000, links);
        Assert.Equal(["tag2", "tag335", "tag669"], posts[0].Manager("Tags").Select(t => (string)t["Name"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_to_many_relation_adds_one_query_and_a_to_one_relation_none()
    {
        db.SeedBlog(posts: 2000);
        List<RelObject> posts = [];
        // The authors are joined into the posts' statement (select_related); the tags are one more.
        Assert.Equal(2, Count(() => posts = Posts.Include("Tags", "Author").ToList()));
        var authored = 0;
        Assert.Equal(0, Count(() => authored = posts.Count(p => p["Author"] is RelObject a && ((string)a["UserName"]!).StartsWith("user", StringComparison.Ordinal))));
        Assert.Equal(1600, authored);
    }

    [Fact]
    public void Nested_includes_add_one_query_per_level()
    {
        db.SeedBlog(posts: 200, tags: 1000, users: 10);
        List<RelObject> users = [];
        Assert.Equal(3, Count(() => users = db.Objects("User").Include("Posts.Tags").ToList()));
        Assert.Equal(0, Count(() => Assert.Equal(480, users.Sum(u => u.Manager("Posts").Sum(p => p.Manager("Tags").Count)))));
    }

    [Fact]
    public void Prefetching_goes_chunk_by_chunk_as_rows_stream()
    {
        db.SeedBlog(posts: 4500);
        var before = db.Log.Count;
        using (var e = Posts.Include("Tags").GetEnumerator())
        {
            Assert.True(e.MoveNext());
            // Only the first chunk's tags have been read; the post query is logged when its stream ends.
            Assert.Equal(1, db.Log.Count - before);
        }
        Assert.Equal(1 + 3, Count(() => Assert.Equal(4500, Enumerable.Count(Posts.Include("Tags")))));
    }
}
