using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// A related manager's members over an automatic join table are read through an INNER JOIN of that
/// table (each pair is stored once, so no row repeats); a Through model, which may store a pair twice,
/// keeps <c>id IN (SELECT ...)</c> so each member is still returned once. Either way the members, their
/// count, and what further filters, ordering, slicing, updates and deletes do are the same.
/// </summary>
public class MembersByJoinTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Open(b => b
        .Model("Person", m => m.Char("Name", 20).ManyToMany("Friends", "Person"))
        .Model("Club", m => m.Char("Name", 20)
            .ManyToMany("Fans", "Person", relatedName: "Idols")
            .ManyToMany("Members", "Person", through: "Membership"))
        .Model("Membership", m => m
            .ForeignKey("Club", "Club", OnDeleteAction.Cascade)
            .ForeignKey("Person", "Person", OnDeleteAction.Cascade)
            .Char("Role", 20, blank: true)));

    private readonly RelObject ann, bob, cat, dan, chess, golf;

    public MembersByJoinTests()
    {
        ann = db.New("Person", ("Name", "ann"));
        bob = db.New("Person", ("Name", "bob"));
        cat = db.New("Person", ("Name", "cat"));
        dan = db.New("Person", ("Name", "dan"));
        // Linked out of id order: members still come back in id order.
        chess = db.New("Club", ("Name", "chess"), ("Fans", new List<RelObject> { dan, ann, cat }));
        golf = db.New("Club", ("Name", "golf"), ("Fans", new List<RelObject> { bob }));
        // ann holds two roles in chess: two through rows for one pair.
        db.New("Membership", ("Club", chess), ("Person", ann), ("Role", "captain"));
        db.New("Membership", ("Club", chess), ("Person", ann), ("Role", "treasurer"));
        db.New("Membership", ("Club", chess), ("Person", bob), ("Role", ""));
        ann.Manager("Friends").Add(new List<RelObject> { cat, bob });
    }

    public void Dispose() => db.Dispose();

    private static List<string> Names(IEnumerable<RelObject> people) => people.Select(p => (string)p["Name"]!).ToList();

    [Fact]
    public void Members_of_an_automatic_join_table_are_joined_and_come_in_id_order()
    {
        db.Log.Clear();
        Assert.Equal(["ann", "cat", "dan"], Names(chess.Manager("Fans")));
        var sql = Assert.Single(db.Log.Entries).Sql;
        Assert.Contains("JOIN \"club_fans\"", sql);
        Assert.DoesNotContain(" IN (", sql);
        Assert.Equal(["bob"], Names(golf.Manager("Fans")));
        Assert.Equal(3, chess.Manager("Fans").Count);
    }

    [Fact]
    public void A_through_model_that_stores_a_pair_twice_still_returns_the_member_once()
    {
        db.Log.Clear();
        Assert.Equal(["ann", "bob"], Names(chess.Manager("Members")));
        Assert.Contains(" IN (SELECT", Assert.Single(db.Log.Entries).Sql);
        Assert.Equal(2, chess.Manager("Members").Count);
        Assert.Empty(golf.Manager("Members"));
    }

    [Fact]
    public void Symmetrical_members_are_the_friends_of_either_side()
    {
        Assert.Equal(["bob", "cat"], Names(ann.Manager("Friends")));
        Assert.Equal(["ann"], Names(bob.Manager("Friends")));
        Assert.Empty(dan.Manager("Friends"));
    }

    [Fact]
    public void Further_filters_ordering_and_slices_apply_to_the_members()
    {
        var fans = chess.Manager("Fans");
        Assert.Equal(["dan", "cat"], Names(fans.Query().OrderBy("-Name").Take(2)));
        Assert.Equal(["cat", "dan"], Names(fans.Query().Exclude("Name", "ann")));
        Assert.Equal(["ann", "dan"], Names(fans.Filter(Q.Keyword("Name", "ann") | Q.Keyword("Name", "dan"))));
        Assert.Equal(1, fans.Query().Filter("Name__startswith", "c").Count());
        Assert.True(fans.Query().Filter("Name", "dan").Exists());
        Assert.False(fans.Query().Filter("Name", "bob").Exists());
        Assert.Equal([ann.Id!.Value, cat.Id!.Value, dan.Id!.Value], fans.Query().Ids());
    }

    [Fact]
    public void An_annotation_on_the_members_counts_all_of_each_members_rows()
    {
        // The members filter is the manager's, not a filter on Idols: each fan's Idols count is whole.
        var idols = chess.Manager("Fans").Query().Annotate("IdolCount", "Count(Idols)")
            .Select(p => $"{p["Name"]}={p.Annotations["IdolCount"]}").ToList();
        Assert.Equal(["ann=1", "cat=1", "dan=1"], idols);
        db.New("Club", ("Name", "poker"), ("Fans", new List<RelObject> { ann }));
        Assert.Equal(2L, chess.Manager("Fans").Query().Filter("Name", "ann").Annotate("IdolCount", "Count(Idols)").First().Annotations["IdolCount"]);
    }

    [Fact]
    public void A_filter_on_an_aggregate_of_the_members_keeps_to_the_members()
    {
        db.New("Club", ("Name", "poker"), ("Fans", new List<RelObject> { ann, bob }));
        // Idols: ann 2 (chess, poker), bob 2 (golf, poker), cat 1, dan 1; chess's fans are ann, cat, dan.
        var q = chess.Manager("Fans").Query().Annotate("IdolCount", "Count(Idols)").Filter(Q.Where("IdolCount", Lookup.Gt, 1));
        Assert.Equal(["ann"], Names(q));
        Assert.Equal(["ann=2"], q.Values("Name", "IdolCount").Select(r => $"{r["Name"]}={r["IdolCount"]}"));
        Assert.Equal([ann.Id!.Value], q.Values("Id", "IdolCount").Select(r => (long)r["Id"]!));
        Assert.Equal(1L, q.Aggregate(("N", "Count(Id)"))["N"]);
        Assert.Equal(2, chess.Manager("Fans").Query().Annotate("IdolCount", "Count(Idols)").Filter(Q.Where("IdolCount", Lookup.Lt, 2)).Count());
    }

    [Fact]
    public void Updates_and_deletes_through_the_members_query_touch_only_the_members()
    {
        Assert.Equal(3, chess.Manager("Fans").Query().Update(new Dictionary<string, object?> { ["Name"] = "fan" }));
        Assert.Equal(["fan", "bob", "fan", "fan"], Names(db.Objects("Person")));
        var deleted = golf.Manager("Fans").Query().Delete();
        Assert.Equal(1, deleted.CountOf("Person"));
        Assert.Equal(3, db.Objects("Person").Count());
        Assert.Equal(3, chess.Manager("Fans").Count);
    }

    [Fact]
    public void Grouping_and_aggregating_the_members()
    {
        var fans = chess.Manager("Fans").Query();
        Assert.Equal(3L, fans.Aggregate(("N", "Count(Id)"))["N"]);
        var groups = fans.Group([("Name", "Name")], [("N", Aggregate.Parse("Count(Id)"))]).Select(g => $"{g["Name"]}={g["N"]}").ToList();
        Assert.Equal(["ann=1", "cat=1", "dan=1"], groups);
    }
}
