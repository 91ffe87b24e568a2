using RelationsPS.Core.Execution;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Unordered() drops every ordering, the id tie-break included (Django's order_by() with no fields):
/// the statement has no ORDER BY; a later OrderBy orders again. Posts P1..P3 with views 30, 10, 20.
/// </summary>
public class UnorderedTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Blog();

    public UnorderedTests()
    {
        db.Add("Post", ("Title", "P1"), ("Views", 30));
        db.Add("Post", ("Title", "P2"), ("Views", 10));
        db.Add("Post", ("Title", "P3"), ("Views", 20));
    }

    public void Dispose() => db.Dispose();

    [Fact]
    public void An_unordered_query_has_no_order_by_and_the_same_rows()
    {
        var q = db.Objects("Post").Unordered();
        Assert.Equal("SELECT t0.\"id\", t0.\"title\", t0.\"body\", t0.\"views\", t0.\"created\", t0.\"author_id\" FROM \"post\" t0", q.Sql);
        Assert.Equal(["P1", "P2", "P3"], q.Select(p => (string)p["Title"]!).Order());
        Assert.DoesNotContain("ORDER BY", db.Objects("Post").OrderBy("-Views").Unordered().Filter("Views__gt", 5).Sql);
    }

    [Fact]
    public void Ordering_after_unordered_orders_again()
    {
        var q = db.Objects("Post").Unordered().OrderBy("Views");
        // Each term as the dialect writes it (PostgreSQL names where NULLs go, to order them as SQLite does).
        Assert.EndsWith($"ORDER BY {db.Dialect.Order("t0.\"views\"", false, NullsOrder.Default)}, t0.\"id\"", q.Sql);
        Assert.Equal(["P2", "P3", "P1"], q.Select(p => (string)p["Title"]!));
        Assert.Equal("P3", db.Objects("Post").Unordered().LastOrDefault()!["Title"]);
        Assert.Equal(["P1", "P2", "P3"], db.Objects("Post").Unordered().InPages(firstPage: 1).Select(p => (string)p["Title"]!));
    }

    [Fact]
    public void Values_and_counts_of_an_unordered_query()
    {
        var q = db.Objects("Post").Unordered().Filter("Views__gte", 20);
        Assert.DoesNotContain("ORDER BY", q.Statement.Text);
        Assert.Equal([20L, 30L], q.Values("Views").Select(r => (long)r["Views"]!).Order());
        Assert.Equal(2, q.Count());
        Assert.Equal(50L, Convert.ToInt64(q.Aggregate(("V", "Sum(Views)"))["V"]));
    }
}
