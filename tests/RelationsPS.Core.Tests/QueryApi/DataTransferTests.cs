using System.Text;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Queries;

namespace RelationsPS.Core.Tests.QueryApi;

/// <summary>
/// Export and import (Django's dumpdata / loaddata, serializers): ids, foreign keys, ManyToMany links and
/// Through rows preserved, values round-trip exactly, one transaction. Models: the blog schema plus
/// <code>
/// .Model("Item",   m => m.Char("Name", 20).Decimal("Price", 10, 2, nullable: true).Boolean("Active").DateTime("At", nullable: true).Date("Day", nullable: true).Float("Ratio", nullable: true))
/// .Model("Person", m => m.Char("Name", 20))
/// .Model("Group",  m => m.Char("Name", 20).ManyToMany("Members", "Person", through: "Membership"))
/// .Model("Membership", m => m.ForeignKey("Person", "Person", Cascade).ForeignKey("Group", "Group", Cascade).Char("Reason", 20, blank: true))
/// </code>
/// </summary>
public class DataTransferTests : IDisposable
{
    private static ModelSet Models() => BlogSchema.Builder()
        .Model("Item", m => m.Char("Name", 20).Decimal("Price", 10, 2, nullable: true).Boolean("Active").DateTime("At", nullable: true).Date("Day", nullable: true).Float("Ratio", nullable: true))
        .Model("Person", m => m.Char("Name", 20))
        .Model("Group", m => m.Char("Name", 20).ManyToMany("Members", "Person", through: "Membership"))
        .Model("Membership", m => m.ForeignKey("Person", "Person", OnDeleteAction.Cascade).ForeignKey("Group", "Group", OnDeleteAction.Cascade).Char("Reason", 20, blank: true))
        .Build();

    private readonly RelDatabase source = QueryDb.Open(Models());
    private readonly RelDatabase target = QueryDb.Open(Models());

    public DataTransferTests()
    {
        var alice = source.Add("User", ("UserName", "alice"));
        source.Add("User", ("UserName", "gone")).Let(u => source.Delete(u)); // ids with a gap
        var bob = source.Add("User", ("UserName", "bob"));
        var python = source.Add("Tag", ("Name", "python"), ("Slug", "python"));
        var sql = source.Add("Tag", ("Name", "sql"), ("Slug", "sql"));
        source.Add("Post", ("Title", "P1"), ("Author", bob), ("Tags", new[] { sql, python }));
        source.Add("Post", ("Title", "P2"), ("Views", 7));
        source.Add("Profile", ("User", alice), ("Bio", "hi"));
        source.Add("Item", ("Name", "a"), ("Price", 12.50m), ("Active", true), ("At", new DateTime(2024, 2, 29, 23, 59, 58, 123, DateTimeKind.Utc).AddTicks(4567)), ("Day", new DateTime(2024, 3, 1)), ("Ratio", 0.1));
        source.Add("Item", ("Name", "b"), ("Price", null), ("Active", false), ("At", null), ("Day", null), ("Ratio", double.PositiveInfinity));
        var ann = source.Add("Person", ("Name", "Ann"));
        var g = source.Add("Group", ("Name", "Ops"));
        source.Add("Membership", ("Person", ann), ("Group", g), ("Reason", "on call"));
    }

    public void Dispose()
    {
        source.Dispose();
        target.Dispose();
    }

    private static string Dump(RelDatabase db)
    {
        using var s = new MemoryStream();
        DataTransfer.Export(db, s);
        return Encoding.UTF8.GetString(s.ToArray());
    }

    private static IReadOnlyList<DataTransferCount> Load(RelDatabase db, string json) => DataTransfer.Import(db, new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_dump_loaded_into_another_database_dumps_the_same()
    {
        var json = Dump(source);
        var counts = Load(target, json);
        Assert.Equal(json, Dump(target));
        Assert.Contains(counts, c => c is { Model: "Post", Rows: 2, Links: 2 });
        // Ids, keys and links are the source's.
        Assert.Equal("bob", target.Objects("Post").Get(Expressions.Q.Where("Title", Expressions.Lookup.Exact, "P1")).RelatedObject("Author")!["UserName"]);
        Assert.Equal([1L, 3L], target.Objects("User").Select(u => u.Id!.Value));
        Assert.Equal(["python", "sql"], target.Objects("Tag").Filter("Posts__Title", "P1").OrderBy("Name").Select(t => (string)t["Name"]!));
        Assert.Equal("on call", target.Objects("Membership").First()["Reason"]);
    }

    [Fact]
    public void Values_round_trip_exactly()
    {
        Load(target, Dump(source));
        var a = target.Objects("Item").OrderBy("Id").First();
        Assert.Equal(12.50m, a["Price"]);
        Assert.Equal(true, a["Active"]);
        Assert.Equal(source.Objects("Item").First()["At"], a["At"]);
        Assert.Equal(new DateTime(2024, 3, 1), a["Day"]);
        Assert.Equal(0.1, a["Ratio"]);
        var b = target.Objects("Item").OrderBy("-Id").First();
        Assert.Equal((null, false, null, double.PositiveInfinity), (b["Price"], b["Active"], b["At"], b["Ratio"]));
    }

    [Fact]
    public void Loading_twice_overwrites_by_id_and_adds_nothing()
    {
        var json = Dump(source);
        Load(target, json);
        target.Objects("Post").Update(QueryDb.D(("Views", 99)));
        Load(target, json);
        Assert.Equal(json, Dump(target));
    }

    [Fact]
    public void A_dangling_key_or_an_unknown_model_loads_nothing()
    {
        var json = Dump(source).Replace("\"AuthorId\": 3", "\"AuthorId\": 42", StringComparison.Ordinal);
        Assert.Equal("ForeignKeyViolation", Assert.Throws<RelationsException>(() => Load(target, json)).ErrorId);
        Assert.Equal(0, target.Objects("User").Count());
        var unknown = Dump(source).Replace("\"model\": \"Item\"", "\"model\": \"Widget\"", StringComparison.Ordinal);
        Assert.Equal("DataUnknownModel", Assert.Throws<RelationsException>(() => Load(target, unknown)).ErrorId);
        Assert.Equal(0, target.Objects("Post").Count());
    }

    [Fact]
    public void Some_models_only_bring_their_links_to_each_other()
    {
        using var s = new MemoryStream();
        var counts = DataTransfer.Export(source, s, [source.Models.Get("Tag"), source.Models.Get("User")]);
        Assert.Equal(["Tag:2:0", "User:2:0"], counts.Select(c => $"{c.Model}:{c.Rows}:{c.Links}"));
    }
}

internal static class LetExtension
{
    public static void Let<T>(this T value, Action<T> action) => action(value);
}
