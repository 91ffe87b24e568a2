using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Counting the targets of a ManyToMany from its join table is COUNT(*) only where every row has a
/// target: an automatic join table (NOT NULL keys). A Through model may leave its target key null,
/// and such a row is not a member: there the column is counted.
/// </summary>
public class CountOnJoinTableTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Open(b => b
        .Model("Person", m => m.Char("Name", 20))
        .Model("Club", m => m.Char("Name", 20)
            .ManyToMany("Members", "Person", through: "Membership")
            .ManyToMany("Fans", "Person", relatedName: "Idols"))
        .Model("Membership", m => m
            .ForeignKey("Club", "Club", OnDeleteAction.Cascade)
            .ForeignKey("Person", "Person", OnDeleteAction.Cascade, nullable: true)));

    private readonly RelObject chess, golf, ann, bob;

    public CountOnJoinTableTests()
    {
        ann = db.New("Person", ("Name", "ann"));
        bob = db.New("Person", ("Name", "bob"));
        chess = db.New("Club", ("Name", "chess"), ("Fans", new List<RelObject> { ann, bob }));
        golf = db.New("Club", ("Name", "golf"), ("Fans", new List<RelObject> { ann }));
        db.New("Membership", ("Club", chess), ("Person", ann));
        // A membership row without a person: not a member.
        db.New("Membership", ("Club", chess), ("Person", null));
        db.New("Membership", ("Club", golf), ("Person", null));
    }

    public void Dispose() => db.Dispose();

    private List<string> Counts(string relation, Lookup lookup, long n) =>
        db.Objects("Club").Annotate("N", $"Count({relation})").Filter(Q.Where("N", lookup, n))
            .Values("Name", "N").Select(r => $"{r["Name"]}={r["N"]}").ToList();

    [Fact]
    public void Counting_a_through_model_skips_rows_without_a_target()
    {
        Assert.Equal(["chess=1"], Counts("Members", Lookup.Gt, 0));
        Assert.Equal(["chess=1", "golf=0"], Counts("Members", Lookup.Lt, 5));
        Assert.Equal(["chess=1", "golf=0"], db.Objects("Club").Annotate("N", "Count(Members)").Select(c => $"{c["Name"]}={c["N"]}"));
    }

    [Fact]
    public void Counting_an_automatic_join_table_counts_its_rows()
    {
        Assert.Equal(["chess=2", "golf=1"], Counts("Fans", Lookup.Gt, 0));
        Assert.Equal(["chess=2"], Counts("Fans", Lookup.Gte, 2));
        var log = db.Log;
        log.Clear();
        _ = Counts("Fans", Lookup.Gt, 0);
        Assert.Contains("COUNT(*)", Assert.Single(log.Entries).Sql, StringComparison.Ordinal);
    }
}
