using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Include of a to-one path (Django's select_related): ForeignKey forward, OneToOne either way and
/// chains of them are joined into the query's one statement, and give the objects a prefetch gives.
/// Data as PrefetchTests: users alice (profile "hi", website "a.example"), bob (no profile), carol;
/// posts P1 (alice; python, django), P2 (bob; python), P3 (no author, no tags), P4 (alice; rust).
/// </summary>
public class SelectRelatedTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Blog();

    public SelectRelatedTests()
    {
        var alice = db.Add("User", ("UserName", "alice"));
        var bob = db.Add("User", ("UserName", "bob"));
        db.Add("User", ("UserName", "carol"));
        db.Add("Profile", ("User", alice), ("Bio", "hi"), ("Website", "https://a.example"));
        var python = db.Add("Tag", ("Name", "python"), ("Slug", "python"));
        var django = db.Add("Tag", ("Name", "django"), ("Slug", "django"));
        var rust = db.Add("Tag", ("Name", "rust"), ("Slug", "rust"));
        db.Add("Post", ("Title", "P1"), ("Author", alice), ("Tags", new[] { python, django }));
        db.Add("Post", ("Title", "P2"), ("Author", bob), ("Tags", new[] { python }));
        db.Add("Post", ("Title", "P3"));
        db.Add("Post", ("Title", "P4"), ("Author", alice), ("Tags", new[] { rust }));
    }

    public void Dispose() => db.Dispose();

    private (List<RelObject> Rows, List<string> Sql) Load(QuerySet q)
    {
        db.Log.Clear();
        var rows = q.ToList();
        return (rows, db.Log.Entries.Select(e => e.Sql).ToList());
    }

    private static string Fields(RelObject? o) =>
        o is null ? "null" : string.Join("|", o.Model.ConcreteFields.Select(f => $"{f.Name}={o.GetValue(f)}"));

    [Fact]
    public void One_to_one_include_is_one_statement_with_a_left_join()
    {
        var (users, sql) = Load(db.Objects("User").Include("Profile"));
        var statement = Assert.Single(sql);
        Assert.Equal("SELECT t0.\"id\", t0.\"user_name\", j1.\"id\", j1.\"user_id\", j1.\"bio\", j1.\"website\" FROM \"user\" t0 LEFT JOIN \"profile\" j1 ON j1.\"user_id\" = t0.\"id\" ORDER BY t0.\"id\"", statement);
        Assert.Equal(0, db.CountQueriesOf(() =>
            Assert.Equal(["alice:hi:https://a.example", "bob:-", "carol:-"],
                users.Select(u => u["UserName"] + ":" + (u.RelatedObject("Profile") is { } p ? p["Bio"] + ":" + p["Website"] : "-")))));
        Assert.All(users, u => Assert.True(u.IsPrefetched("Profile")));
    }

    [Fact]
    public void Joined_objects_are_the_rows_a_query_of_their_model_reads()
    {
        var (users, _) = Load(db.Objects("User").Include("Profile"));
        var profile = db.Objects("Profile").Single();
        Assert.Equal(Fields(profile), Fields(users[0].RelatedObject("Profile")));
        Assert.Equal(profile, users[0].RelatedObject("Profile"));
        Assert.Equal(db, users[0].RelatedObject("Profile")!.Database);
        var (posts, sql) = Load(db.Objects("Post").Include("Author"));
        Assert.Single(sql);
        Assert.Equal(db.Objects("User").Select(Fields).ToList()[0], Fields(posts[0].RelatedObject("Author")));
        Assert.Equal(["alice", "bob", null, "alice"], posts.Select(p => (string?)p.RelatedObject("Author")?["UserName"]));
    }

    [Fact]
    public void A_filter_on_the_included_path_shares_its_join_and_makes_it_inner()
    {
        var (users, sql) = Load(db.Objects("User").Filter("Profile__Bio__icontains", "H").Include("Profile"));
        var statement = Assert.Single(sql);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(statement, "\"profile\""));
        Assert.Contains(" JOIN \"profile\" j1 ON", statement);
        Assert.DoesNotContain("LEFT JOIN", statement);
        Assert.Equal("alice:hi", string.Join(",", users.Select(u => u["UserName"] + ":" + u.RelatedObject("Profile")!["Bio"])));
    }

    [Fact]
    public void A_chain_of_to_one_relations_is_joined_step_by_step()
    {
        var (posts, sql) = Load(db.Objects("Post").Include("Author.Profile"));
        var statement = Assert.Single(sql);
        Assert.Contains("LEFT JOIN \"user\" j1 ON j1.\"id\" = t0.\"author_id\" LEFT JOIN \"profile\" j2 ON j2.\"user_id\" = j1.\"id\"", statement);
        Assert.Equal(0, db.CountQueriesOf(() =>
            Assert.Equal(["P1:alice:hi", "P2:bob:-", "P3:-:-", "P4:alice:hi"],
                posts.Select(p => p["Title"] + ":" + (p.RelatedObject("Author") is { } a
                    ? a["UserName"] + ":" + ((string?)a.RelatedObject("Profile")?["Bio"] ?? "-")
                    : "-:-")))));
    }

    [Fact]
    public void To_many_paths_stay_prefetches_and_reuse_a_joined_parent()
    {
        var (users, sql) = Load(db.Objects("User").Include("Profile", "Posts.Tags"));
        Assert.Equal(3, sql.Count);
        Assert.Contains("LEFT JOIN \"profile\"", sql[0]);
        var (posts, sql2) = Load(db.Objects("Post").Include("Author", "Author.Posts"));
        // The authors come with the posts; only their posts are a second statement.
        Assert.Equal(2, sql2.Count);
        Assert.Equal(0, db.CountQueriesOf(() =>
            Assert.Equal(["P1:P1,P4", "P2:P2", "P3:-", "P4:P1,P4"],
                posts.Select(p => p["Title"] + ":" + (p.RelatedObject("Author") is { } a ? string.Join(",", a.Manager("Posts").Select(x => x["Title"])) : "-")))));
        Assert.Equal(["hi", null, null], users.Select(u => (string?)u.RelatedObject("Profile")?["Bio"]));
    }

    [Fact]
    public void Annotations_slices_and_orderings_keep_their_columns()
    {
        var (posts, sql) = Load(db.Objects("Post").Annotate("TagCount", "Count(Tags)").Include("Author").OrderBy("-Title").Take(3));
        Assert.Single(sql);
        Assert.Equal(["P4:1:alice", "P3:0:-", "P2:1:bob"],
            posts.Select(p => $"{p["Title"]}:{p.Annotations["TagCount"]}:{(string?)p.RelatedObject("Author")?["UserName"] ?? "-"}"));
    }

    [Fact]
    public void Count_and_values_ignore_the_include()
    {
        var q = db.Objects("User").Include("Profile");
        Assert.Equal(3, q.Count());
        Assert.Equal(["alice", "bob", "carol"], q.Values("UserName").Select(r => (string)r["UserName"]!));
    }
}
