using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// A created row's id is the connection's last inserted rowid: right inside savepoints (CreateMany in
/// a caller's transaction), after an undone CreateMany, and for a model with no field but its id.
/// </summary>
public class CreateIdsTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Open(b => b
        .Model("Tag", m => m.Char("Name", 20, unique: true))
        .Model("Marker", _ => { }));

    public void Dispose() => db.Dispose();

    private static Dictionary<string, object?> Tag(string name) => new() { ["Name"] = name };

    private void AssertIdsMatchRows(IEnumerable<RelObject> created)
    {
        foreach (var o in created)
            Assert.Equal(o["Name"], db.Objects("Tag").FirstOrDefaultById(o.Id!.Value)!["Name"]);
    }

    [Fact]
    public void Ids_inside_a_callers_transaction_are_the_rows_ids()
    {
        IReadOnlyList<RelObject> first = [], second = [];
        db.InTransaction(() =>
        {
            first = db.CreateMany(db.Models.Get("Tag"), [Tag("a"), Tag("b")]);
            // A failing CreateMany inside the transaction undoes its own rows only.
            Assert.Throws<DuplicateException>(() => db.CreateMany(db.Models.Get("Tag"), [Tag("c"), Tag("a")]));
            second = db.CreateMany(db.Models.Get("Tag"), [Tag("d")]);
        });
        Assert.Equal(["a", "b", "d"], db.Objects("Tag").Select(t => (string)t["Name"]!));
        AssertIdsMatchRows([.. first, .. second]);
        Assert.Equal(2, first.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void A_model_with_only_an_id_gets_its_ids()
    {
        var a = db.Create("Marker", new Dictionary<string, object?>());
        var b = db.Create("Marker", new Dictionary<string, object?>());
        Assert.Equal(a.Id + 1, b.Id);
        Assert.Equal([a.Id!.Value, b.Id!.Value], db.Objects("Marker").Ids());
    }
}
