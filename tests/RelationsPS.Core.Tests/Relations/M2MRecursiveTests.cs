using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// Django's tests/m2m_recursive restated as specifications.
///
/// Models (Django's m2m_recursive/models.py):
/// <code>
/// new ModelSetBuilder()
///     .Model("Person", m => m.Char("Name", 20)
///         .ManyToMany("Friends", "self")                                          // symmetrical by default (PRODUCT §7)
///         .ManyToMany("Idols", "self", relatedName: "Stalkers", symmetrical: false)
///         .ManyToMany("Colleagues", "self", through: "Colleague", throughFields: ["First", "Second"], symmetrical: true))
///     .Model("Colleague", m => m
///         .ForeignKey("First", "Person", OnDeleteAction.Cascade, relatedName: "ColleagueRows")
///         .ForeignKey("Second", "Person", OnDeleteAction.Cascade, relatedName: "+")
///         .Date("FirstMeet"))
/// </code>
/// Join tables: <c>person_friends(id, from_person_id, to_person_id)</c> and <c>person_idols(...)</c>.
/// Differences: Django's Colleague.first keeps the default colleague_set; ours would be "Colleagues",
/// which clashes with the field (RelatedNameClash), so it is named ColleagueRows. The self-referential
/// through names its keys with ThroughFields (PRODUCT §7). Nothing was left out.
/// </summary>
public class M2MRecursiveTests : IDisposable
{
    private readonly RelDatabase db;
    private readonly RelObject a, b, c, d;

    public M2MRecursiveTests()
    {
        db = TestDb.Open(x => x
            .Model("Person", m => m.Char("Name", 20)
                .ManyToMany("Friends", "self")
                .ManyToMany("Idols", "self", relatedName: "Stalkers", symmetrical: false)
                .ManyToMany("Colleagues", "self", through: "Colleague", throughFields: ["First", "Second"], symmetrical: true))
            .Model("Colleague", m => m
                .ForeignKey("First", "Person", OnDeleteAction.Cascade, relatedName: "ColleagueRows")
                .ForeignKey("Second", "Person", OnDeleteAction.Cascade, relatedName: "+")
                .Date("FirstMeet")));
        a = db.New("Person", ("Name", "Anne"));
        b = db.New("Person", ("Name", "Bill"));
        c = db.New("Person", ("Name", "Chuck"));
        d = db.New("Person", ("Name", "David"));
        a.Manager("Friends").Add(new[] { b, c });
        d.Manager("Friends").Add(new[] { a, c });
        a.Manager("Colleagues").Add(new[] { b, c }, Met(2013, 1, 5));
        d.Manager("Colleagues").Add(new[] { a, c }, Met(2015, 6, 15));
    }

    public void Dispose() => db.Dispose();

    private static Dictionary<string, object?> Met(int y, int m, int day) => new() { ["FirstMeet"] = new DateTime(y, m, day) };

    private List<string> Friends() => db.Rows("person_friends", "from_person_id", "to_person_id");

    private List<string> Idols() => db.Rows("person_idols", "from_person_id", "to_person_id");

    private List<string> Colleagues() => db.Rows("colleague", "first_id", "second_id", "first_meet");

    private static List<string> Sorted(RelObject p, string relation) => p.Manager(relation).Query().OrderBy("Name").Names();

    private static readonly string[] AllFriendRows = ["1,2", "1,3", "1,4", "2,1", "3,1", "3,4", "4,1", "4,3"];

    [Fact]
    public void Symmetrical_friends_are_seen_from_both_sides()
    {
        Assert.Equal(["Bill", "Chuck", "David"], Sorted(a, "Friends"));
        Assert.Equal(["Anne"], Sorted(b, "Friends"));
        Assert.Equal(["Anne", "David"], Sorted(c, "Friends"));
        Assert.Equal(["Anne", "Chuck"], Sorted(d, "Friends"));
        Assert.Equal(AllFriendRows, Friends());
    }

    [Fact]
    public void Adding_the_reverse_of_an_existing_friendship_is_a_no_op()
    {
        var changes = b.Manager("Friends").Add(a);
        Assert.Equal([Query.LinkStatus.AlreadyPresent], changes.Select(x => x.Status));
        Assert.Equal(["Bill", "Chuck", "David"], Sorted(a, "Friends"));
        Assert.Equal(["Anne"], b.Manager("Friends").Names());
        Assert.Equal(AllFriendRows, Friends());
    }

    [Fact]
    public void Remove_removes_both_directions()
    {
        b.Manager("Friends").Remove(a);
        Assert.Equal(["Chuck", "David"], Sorted(a, "Friends"));
        Assert.Empty(b.Manager("Friends"));
        Assert.Equal(["1,3", "1,4", "3,1", "3,4", "4,1", "4,3"], Friends());
    }

    [Fact]
    public void Clear_removes_the_reverse_links_too()
    {
        a.Manager("Friends").Clear();
        Assert.Empty(a.Manager("Friends"));
        Assert.Equal(["David"], c.Manager("Friends").Names());
        Assert.Equal(["Chuck"], d.Manager("Friends").Names());
        Assert.Equal(["3,4", "4,3"], Friends());
    }

    [Fact]
    public void Non_symmetrical_add_through_the_related_name()
    {
        d.Manager("Stalkers").Add(a);
        Assert.Equal([d], a.Manager("Idols").ToList());
        Assert.Empty(a.Manager("Stalkers"));
        Assert.Equal([a], d.Manager("Stalkers").ToList());
        Assert.Equal(["1,4"], Idols());
    }

    [Fact]
    public void Adding_the_same_non_symmetrical_link_from_both_ends_makes_one_row()
    {
        a.Manager("Idols").Add(d);
        var again = d.Manager("Stalkers").Add(a);
        Assert.Equal([Query.LinkStatus.AlreadyPresent], again.Select(x => x.Status));
        Assert.Equal([d], a.Manager("Idols").ToList());
        Assert.Equal(["1,4"], Idols());
    }

    [Fact]
    public void A_person_may_idolise_themselves()
    {
        a.Manager("Idols").Add(a);
        Assert.Equal([a], a.Manager("Idols").ToList());
        Assert.Equal([a], a.Manager("Stalkers").ToList());
        Assert.Equal(["1,1"], Idols());
    }

    [Fact]
    public void A_symmetrical_link_to_oneself_is_one_row()
    {
        b.Manager("Friends").Add(b);
        Assert.Equal(["Anne", "Bill"], Sorted(b, "Friends"));
        Assert.Equal(["1,2", "1,3", "1,4", "2,1", "2,2", "3,1", "3,4", "4,1", "4,3"], Friends());
        b.Manager("Friends").Remove(b);
        Assert.Equal(AllFriendRows, Friends());
    }

    [Fact]
    public void Symmetrical_through_colleagues_are_seen_from_both_sides()
    {
        Assert.Equal(["Bill", "Chuck", "David"], Sorted(a, "Colleagues"));
        Assert.Equal(["Anne"], Sorted(b, "Colleagues"));
        Assert.Equal(["Anne", "David"], Sorted(c, "Colleagues"));
        Assert.Equal(["Anne", "Chuck"], Sorted(d, "Colleagues"));
        Assert.Equal(["1,2,2013-01-05", "1,3,2013-01-05", "1,4,2015-06-15", "2,1,2013-01-05", "3,1,2013-01-05", "3,4,2015-06-15", "4,1,2015-06-15", "4,3,2015-06-15"],
            Colleagues());
    }

    [Fact]
    public void Symmetrical_through_reverse_add_is_a_no_op()
    {
        var before = Colleagues();
        b.Manager("Colleagues").Add(a, Met(2013, 1, 5));
        Assert.Equal(["Bill", "Chuck", "David"], Sorted(a, "Colleagues"));
        Assert.Equal([a], b.Manager("Colleagues").ToList());
        Assert.Equal(before, Colleagues());
    }

    [Fact]
    public void Symmetrical_through_remove_removes_both_rows()
    {
        b.Manager("Colleagues").Remove(a);
        Assert.Equal(["Chuck", "David"], Sorted(a, "Colleagues"));
        Assert.Empty(b.Manager("Colleagues"));
        Assert.DoesNotContain(Colleagues(), r => r.StartsWith("1,2,") || r.StartsWith("2,1,"));
        Assert.Equal(6, Colleagues().Count);
    }

    [Fact]
    public void Symmetrical_through_clear_removes_the_reverse_rows()
    {
        a.Manager("Colleagues").Clear();
        Assert.Empty(a.Manager("Colleagues"));
        Assert.Equal([d], c.Manager("Colleagues").ToList());
        Assert.Equal([c], d.Manager("Colleagues").ToList());
        Assert.Equal(["3,4,2015-06-15", "4,3,2015-06-15"], Colleagues());
    }

    [Fact]
    public void Symmetrical_through_set_changes_both_sides()
    {
        c.Manager("Colleagues").Set(new[] { b, d }, Met(2013, 1, 5));
        Assert.Equal(["Bill", "David"], Sorted(c, "Colleagues"));
        Assert.Equal(["Bill", "David"], Sorted(a, "Colleagues"));
        Assert.Equal(["Anne", "Chuck"], Sorted(b, "Colleagues"));
        Assert.Equal(["1,2,2013-01-05", "1,4,2015-06-15", "2,1,2013-01-05", "2,3,2013-01-05", "3,2,2013-01-05", "3,4,2015-06-15", "4,1,2015-06-15", "4,3,2015-06-15"],
            Colleagues());
    }

    [Fact]
    public void Deleting_a_person_removes_both_directions_of_their_links()
    {
        var result = db.Delete(a);
        Assert.Equal(6, result.CountOf("Person.Friends"));
        Assert.Equal(6, result.CountOf("Colleague"));
        Assert.Equal(["3,4", "4,3"], Friends());
        Assert.Equal(["3,4,2015-06-15", "4,3,2015-06-15"], Colleagues());
        Assert.Equal(["Bill", "Chuck", "David"], db.Objects("Person").Names());
    }

    [Fact]
    public void The_default_related_name_of_the_through_key_would_clash_with_the_field()
    {
        var e = Assert.Throws<Errors.SchemaException>(() => new ModelSetBuilder()
            .Model("Person", m => m.Char("Name", 20)
                .ManyToMany("Colleagues", "self", through: "Colleague", throughFields: ["First", "Second"], symmetrical: true))
            .Model("Colleague", m => m
                .ForeignKey("First", "Person", OnDeleteAction.Cascade)
                .ForeignKey("Second", "Person", OnDeleteAction.Cascade, relatedName: "+")
                .Date("FirstMeet"))
            .Build());
        Assert.Equal("RelatedNameClash", e.ErrorId);
        Assert.Contains("'Person.Colleagues'", e.Message);
    }
}
