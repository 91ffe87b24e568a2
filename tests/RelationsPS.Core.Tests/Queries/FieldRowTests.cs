using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// A row a query reads keeps its id and values in fields of its own, one class per number of slots (FieldRows),
/// and a row wider than those classes is one array. Every width is read, annotated, joined, saved and read by
/// raw SQL here, across the sizes held in fields (1 to 16 slots after the id) and beyond them.
/// <code>
/// new ModelSetBuilder()
///   .Model("Owner", m => m.Text("Name"))
///   .Model("W0",  m => m.ForeignKey("Owner", "Owner", OnDeleteAction.Cascade, relatedName: "W0s"))
///   .Model("W1",  m => m.Integer("N1").ForeignKey("Owner", ...))   // ... to W18: N1 to N18, then Owner
/// </code>
/// </summary>
public class FieldRowTests : IDisposable
{
    private const int Widest = 18;

    private readonly RelDatabase db = TestDb.Open(b =>
    {
        b.Model("Owner", m => m.Text("Name"));
        for (var k = 0; k <= Widest; k++)
        {
            var width = k;
            b.Model($"W{width}", m =>
            {
                for (var i = 1; i <= width; i++) m.Integer($"N{i}");
                m.ForeignKey("Owner", "Owner", OnDeleteAction.Cascade, relatedName: $"W{width}s");
            });
        }
        return b;
    });

    public void Dispose() => db.Dispose();

    public static TheoryData<int> Widths() => [.. Enumerable.Range(0, Widest + 1)];

    /// <summary>Three rows of W<paramref name="k"/>, ids 2,001 to 2,003 (beyond the shared boxes), N<i>i</i> = 1,000 × row + i.</summary>
    private (long Owner, string Model) Seed(int k)
    {
        var owner = db.New("Owner", ("Name", "ann")).Id!.Value;
        var table = $"w{k}";
        for (var row = 1; row <= 3; row++)
        {
            var columns = string.Concat(Enumerable.Range(1, k).Select(i => $", n{i}"));
            var values = string.Concat(Enumerable.Range(1, k).Select(i => $", {1000 * row + i}"));
            db.SqlExecute($"INSERT INTO {table} (id{columns}, owner_id) VALUES ({2000 + row}{values}, {owner})");
        }
        return (owner, $"W{k}");
    }

    private static void AssertRow(RelationsPS.Core.Materialization.RelObject o, int k, int row, long owner)
    {
        Assert.Equal(2000L + row, o.Id);
        Assert.True(o.IsSaved);
        for (var i = 1; i <= k; i++) Assert.Equal((long)(1000 * row + i), o[$"N{i}"]);
        Assert.Equal(owner, o["OwnerId"]);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void A_row_of_any_width_reads_back_every_value(int k)
    {
        var (owner, model) = Seed(k);
        var rows = db.Objects(model).OrderBy("Id").ToList();
        Assert.Equal(3, rows.Count);
        for (var row = 1; row <= 3; row++) AssertRow(rows[row - 1], k, row, owner);
        Assert.False(rows[0].IsPrefetched("Owner"));
        Assert.Equal("ann", rows[0].RelatedObject("Owner")!["Name"]);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Annotations_follow_the_fields_at_any_width(int k)
    {
        var (owner, model) = Seed(k);
        var rows = db.Objects(model).Annotate("Twice", new F("Id") * 2).Annotate("Next", new F("OwnerId") + 1).OrderBy("Id").ToList();
        for (var row = 1; row <= 3; row++)
        {
            AssertRow(rows[row - 1], k, row, owner);
            Assert.Equal(2 * (2000L + row), rows[row - 1]["Twice"]);
            Assert.Equal(new Dictionary<string, object?> { ["Twice"] = 2 * (2000L + row), ["Next"] = owner + 1 }, rows[row - 1].Annotations);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void A_row_read_with_Include_holds_what_it_loaded_at_any_width(int k)
    {
        var (owner, model) = Seed(k);
        var rows = db.Objects(model).Annotate("Twice", new F("Id") * 2).Include("Owner").OrderBy("Id").ToList();
        for (var row = 1; row <= 3; row++)
        {
            var current = rows[row - 1];
            AssertRow(current, k, row, owner);
            Assert.Equal(2 * (2000L + row), current["Twice"]);
            Assert.True(current.IsPrefetched("owner"));
            Assert.Equal(0, db.CountQueries(() => Assert.Equal("ann", current.RelatedObject("Owner")!["Name"])));
        }
        // The other way: an owner's rows prefetched, each a row with room for a longer path.
        var o = db.Objects("Owner").Include($"W{k}s").Single();
        Assert.True(o.TryGetPrefetched($"W{k}s", out var loaded));
        var members = (List<RelationsPS.Core.Materialization.RelObject>)loaded!;
        Assert.Equal(3, members.Count);
        for (var row = 1; row <= 3; row++) AssertRow(members[row - 1], k, row, owner);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void A_row_of_any_width_is_saved_with_its_changes(int k)
    {
        var (owner, model) = Seed(k);
        var second = db.Objects(model).OrderBy("Id").ToList()[1];
        for (var i = 1; i <= k; i++) second[$"N{i}"] = (long)(7 * i);
        db.Save(second);
        var again = db.Objects(model).OrderBy("Id").ToList();
        AssertRow(again[0], k, 1, owner);
        AssertRow(again[2], k, 3, owner);
        Assert.Equal(2002L, again[1].Id);
        for (var i = 1; i <= k; i++) Assert.Equal((long)(7 * i), again[1][$"N{i}"]);
        Assert.Equal(again[1], second);
        Assert.Equal(second.GetHashCode(), again[1].GetHashCode());
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Raw_SQL_reads_rows_of_any_width_and_a_row_without_an_id(int k)
    {
        var (owner, model) = Seed(k);
        var rows = db.SqlQuery(db.Models.Get(model), $"SELECT *, id + 1 AS after FROM w{k} ORDER BY id").ToList();
        for (var row = 1; row <= 3; row++)
        {
            AssertRow(rows[row - 1], k, row, owner);
            Assert.Equal(2001L + row, rows[row - 1]["after"]);
        }
        var columns = string.Concat(Enumerable.Range(1, k).Select(i => $", n{i}"));
        var unsaved = db.SqlQuery(db.Models.Get(model), $"SELECT NULL AS id{columns}, owner_id FROM w{k} WHERE id = 2003").Single();
        Assert.Null(unsaved.Id);
        Assert.False(unsaved.IsSaved);
        for (var i = 1; i <= k; i++) Assert.Equal((long)(3000 + i), unsaved[$"N{i}"]);
    }
}
