using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// A database keeps each query shape's compiled statement (StatementCache): the same query with other
/// values reuses the text and makes only its parameters again. What the text depends on in a value
/// (an empty string, escape characters, a Count threshold) is part of the shape; values whose text
/// depends on more (IN lists, nulls) are compiled every time. The whole suite runs with
/// StatementCache.Verify, which compiles every cached statement again and compares.
/// </summary>
public class StatementCacheTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Blog();

    public StatementCacheTests()
    {
        var py = db.New("Tag", ("Name", "python"), ("Slug", "py"));
        var go = db.New("Tag", ("Name", "go"), ("Slug", "go"));
        db.New("Post", ("Title", "Python 50% off"), ("Views", 10L), ("Tags", new List<object> { py, go }));
        db.New("Post", ("Title", "Go tips"), ("Views", 20L), ("Tags", new List<object> { go }));
        db.New("Post", ("Title", "Untagged"), ("Views", 30L));
    }

    public void Dispose() => db.Dispose();

    private List<string> Titles(Query.QuerySet q) => q.ToList().Select(p => (string)p["Title"]!).ToList();

    [Fact]
    public void The_same_shape_with_other_values_is_one_statement_bound_again()
    {
        var before = db.Statements.Count;
        Assert.Equal(["Python 50% off"], Titles(db.Objects("Post").Filter("Title__icontains", "python").Filter("Views__gte", 5)));
        Assert.Equal(["Go tips"], Titles(db.Objects("Post").Filter("Title__icontains", "tips").Filter("Views__gte", 15)));
        Assert.Equal([], Titles(db.Objects("Post").Filter("Title__icontains", "tips").Filter("Views__gte", 25)));
        Assert.Equal(before + 1, db.Statements.Count);
        var sql = db.Log.Entries.TakeLast(3).Select(e => e.Sql).Distinct().ToList();
        Assert.Single(sql);
        Assert.Equal(new object?[] { "%tips%", 25L }, db.Log.Entries[^1].Parameters);
    }

    [Fact]
    public void What_the_text_depends_on_in_a_value_is_part_of_the_shape()
    {
        var before = db.Statements.Count;
        // A '%' is escaped (ESCAPE clause); an empty contains is IS NOT NULL; both differ from the plain form.
        Assert.Equal(["Python 50% off"], Titles(db.Objects("Post").Filter("Title__icontains", "50%")));
        Assert.Equal(["Go tips"], Titles(db.Objects("Post").Filter("Title__icontains", "tips")));
        Assert.Equal(3, Titles(db.Objects("Post").Filter("Title__contains", "")).Count);
        Assert.Equal(["Go tips"], Titles(db.Objects("Post").Filter("Title__contains", "tips")));
        Assert.Equal(before + 4, db.Statements.Count);
        Assert.Contains("ESCAPE", db.Log.Entries[^4].Sql);
        // PostgreSQL's ILIKE keeps its escape clause either way; SQLite's LIKE leaves it out when it can.
        if (!TestDatabases.OnPostgreSql) Assert.DoesNotContain("ESCAPE", db.Log.Entries[^3].Sql);
    }

    [Fact]
    public void A_count_threshold_is_part_of_the_shape()
    {
        // Count > -1 keeps posts without tags (no HAVING over the join table); Count > 0 does not.
        var counted = db.Objects("Post").Annotate("N", "Count(Tags)");
        Assert.Equal(["Python 50% off"], Titles(counted.Filter(Q.Where("N", Lookup.Gt, 1))));
        Assert.Equal(["Python 50% off", "Go tips"], Titles(counted.Filter(Q.Where("N", Lookup.Gt, 0))));
        Assert.Equal(3, Titles(counted.Filter(Q.Where("N", Lookup.Gt, -1))).Count);
    }

    [Fact]
    public void Lists_and_nulls_are_compiled_every_time()
    {
        var before = db.Statements.Count;
        Assert.Equal(["Python 50% off", "Go tips"], Titles(db.Objects("Post").Filter("Views__in", new[] { 10L, 20L })));
        Assert.Equal(["Untagged"], Titles(db.Objects("Post").Filter("Views__in", new[] { 30L })));
        Assert.Equal(3, Titles(db.Objects("Post").Filter("Author", null)).Count);
        Assert.Equal(3, Titles(db.Objects("Post").Filter("Author__isnull", true)).Count);
        Assert.Equal(before, db.Statements.Count);
    }

    [Fact]
    public void Slices_bind_their_limit_and_offset()
    {
        Assert.Equal(["Python 50% off", "Go tips"], Titles(db.Objects("Post").Take(2)));
        Assert.Equal(["Go tips"], Titles(db.Objects("Post").Slice(1, 1)));
        Assert.Equal(["Untagged"], Titles(db.Objects("Post").Slice(2, 5)));
        Assert.Equal(["Go tips", "Untagged"], Titles(db.Objects("Post").Slice(1, 5)));
    }

    [Fact]
    public void Values_count_and_pinned_joins_are_cached_too()
    {
        Assert.Equal(1, db.Objects("Post").Filter("Tags__Name", "python").Count());
        Assert.Equal(2, db.Objects("Post").Filter("Tags__Name", "go").Count());
        Assert.Equal([(1L, "Python 50% off")], db.Objects("Post").Filter("Tags__Name", "python").ValuesList<long, string>("Id", "Title").ToList());
        Assert.Equal([(1L, "Python 50% off"), (2L, "Go tips")], db.Objects("Post").Filter("Tags__Name", "go").ValuesList<long, string>("Id", "Title").ToList());
        var before = db.Statements.Count;
        Assert.Equal(["Go tips"], Titles(db.Objects("Post").Filter("Tags__Name", "go").Exclude("Tags__Name", "python")));
        Assert.Equal([], Titles(db.Objects("Post").Filter("Tags__Name", "python").Exclude("Tags__Name", "go")));
        Assert.Equal(before + 1, db.Statements.Count);
    }

    [Fact]
    public void A_bad_value_fails_the_same_from_the_cache()
    {
        // Text the Views field reads as a number is cached as a string-valued shape; the next value is converted as it is bound.
        using var other = TestDb.Blog();
        var uncached = Assert.ThrowsAny<Errors.RelationsException>(() => other.Objects("Post").Filter("Views__gt", "many").ToList());
        Assert.Equal(["Untagged"], Titles(db.Objects("Post").Filter("Views__gt", "25")));
        var cached = Assert.ThrowsAny<Errors.RelationsException>(() => db.Objects("Post").Filter("Views__gt", "many").ToList());
        Assert.Equal((uncached.ErrorId, uncached.Message), (cached.ErrorId, cached.Message));
    }

    [Fact]
    public void A_schema_change_gives_the_same_shape_a_statement_of_its_own()
    {
        using var server = TestDb.Open(b => b.Model("Server", m => m.Char("Name", 50)));
        server.Create("Server", new Dictionary<string, object?> { ["Name"] = "web1" });
        Assert.Equal(["web1"], server.Objects("Server").ToList().Select(s => (string)s["Name"]!).ToList());
        server.MigrateSchema(new Metadata.ModelSetBuilder().Model("Server", m => m.Char("Name", 50).Char("Owner", 30, @default: "ops")).Build(), null, force: false);
        var rows = server.Objects("Server").ToList();
        Assert.Equal(["ops"], rows.Select(s => (string)s["Owner"]!).ToList());
        Assert.Contains("\"owner\"", server.Log.Entries[^1].Sql);
    }

    [Fact]
    public void The_shape_key_names_every_part_of_a_query_state()
    {
        // StatementShape.Key writes each of these into the key; a part added to QueryState must be added there too,
        // or two queries that differ in it would share a statement.
        string[] known = ["Model", "Filters", "Annotations", "Ordering", "Offset", "Limit", "Distinct", "Unordered", "Includes", "IsSliced"];
        Assert.Equal(known.Order(), typeof(Query.QueryState).GetProperties().Select(p => p.Name).Order());
    }
}
