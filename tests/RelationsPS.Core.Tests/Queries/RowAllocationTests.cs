using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// What a row costs the managed heap (issue 15: rows within ~1.2× of a hand-written reader loop's
/// allocations). Bytes are counted, not timed, so the figures are exact on any machine: the bytes a
/// query of 300 rows allocates beyond the same query of 100 rows, per row. The values are integers
/// from 1 to 300, which share boxes (Boxes), so a row's cost is its objects alone (64-bit: 16 bytes
/// of header per object, 24 per array, 8 per reference or long).
/// A row a query reads is one object (FieldRows): header 16, context 8, then its slots 8 each (the id a
/// long among them; then the annotations), so 24 + 8 per field and per annotation, and 8 more for what
/// Include loads when the query has Include (the rows it joins too: they may own a longer path).
/// <code>
/// new ModelSetBuilder()
///   .Model("Person", m => m.Integer("Age"))
///   .Model("Card",   m => m.Integer("Number").OneToOne("Person", "Person", OnDeleteAction.Cascade, relatedName: "Card"))
/// </code>
/// SQLite only: the provider's own allocations per row differ (Npgsql reads rows from a buffer of its own).
/// </summary>
public class RowAllocationTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Open(b => b
        .Model("Person", m => m.Integer("Age"))
        .Model("Card", m => m.Integer("Number").OneToOne("Person", "Person", OnDeleteAction.Cascade, relatedName: "Card")));

    public RowAllocationTests()
    {
        db.InTransaction(() =>
        {
            var people = db.CreateMany(db.Models.Get("Person"), Enumerable.Range(1, 300).Select(i => new Dictionary<string, object?> { ["Age"] = (long)i }));
            db.CreateMany(db.Models.Get("Card"), people.Select(p => new Dictionary<string, object?> { ["Number"] = p.Id, ["Person"] = p }));
        });
    }

    public void Dispose() => db.Dispose();

    private static double PerRow<T>(Func<long, IEnumerable<T>> rows) => Allocations.PerRow(rows);

    [Fact]
    public void A_values_row_of_two_values_is_one_object_of_40_bytes()
    {
        // The row (header, shape, two values); it was a row of 32 bytes and an array of 40. An object of the
        // same two values costs as much (An_object_is_one_object_holding_its_values).
        Assert.Equal(40, PerRow(n => db.Objects("Person").Take(n).Values("Id", "Age")));
    }

    [Fact]
    public void An_object_is_one_object_holding_its_values()
    {
        // Header, context, id, Age: it was a RelObject of 40 bytes (header, context, values, prefetched) and an array of 24 + 2 * 8.
        Assert.Equal(16 + 8 + 2 * 8, PerRow(n => db.Objects("Person").Take(n)));
    }

    /// <summary>1,200 more people (ids 301 to 1,500) and their cards, their numbers and ages small.</summary>
    private void AddPeopleBeyondTheSharedBoxes()
    {
        db.InTransaction(() =>
        {
            var people = db.CreateMany(db.Models.Get("Person"), Enumerable.Range(301, 1200).Select(i => new Dictionary<string, object?> { ["Age"] = (long)(i % 100) }));
            db.CreateMany(db.Models.Get("Card"), people.Select(p => new Dictionary<string, object?> { ["Number"] = 7L, ["Person"] = p }));
        });
    }

    private static LookupQ IdAbove(long id) => new(new F("Id"), Lookup.Gt, id);

    [Fact]
    public void A_row_with_an_id_beyond_the_shared_boxes_allocates_no_box_for_it()
    {
        AddPeopleBeyondTheSharedBoxes();
        // Ids 1,101 to 1,500: a box of 24 bytes each while the id was an object in an array.
        Assert.Equal(16 + 8 + 2 * 8, PerRow(n => db.Objects("Person").Filter(IdAbove(1100)).Take(n)));
        var person = db.Objects("Person").Filter(IdAbove(1100)).First();
        Assert.Equal(1101L, person.Id);
        Assert.True(person.IsSaved);
        Assert.Equal(1L, person["Age"]);
        // Read as an object, the id is boxed then (and equal each time).
        Assert.Equal((object)1101L, person["Id"]);
        Assert.Equal(person["Id"], person.GetValue(person.Model.ConcreteFields[0]));
    }

    [Fact]
    public void Reading_the_id_allocates_nothing()
    {
        AddPeopleBeyondTheSharedBoxes();
        var people = db.Objects("Person").Filter(IdAbove(1100)).ToList();
        var before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        var saved = 0;
        foreach (var p in people)
        {
            sum += p.Id!.Value;
            if (p.IsSaved) saved++;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Enumerable.Range(1101, 400).Sum(i => (long)i), sum);
        Assert.Equal(400, saved);
    }

    [Fact]
    public void An_annotation_is_one_more_slot_of_the_object()
    {
        // One slot more (it was a RelObject of 40 bytes and an array of 24 + 3 * 8).
        Assert.Equal(16 + 8 + 3 * 8, PerRow(n => db.Objects("Person").Annotate("Twice", new F("Age") * 2).Take(n)));
        // Read by name on the object, an annotation costs nothing; Annotations is a view of the row.
        var people = db.Objects("Person").Annotate("Twice", new F("Age") * 2).ToList();
        var before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        foreach (var p in people) sum += (long)p["Twice"]!;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(300L * 301, sum);
        Assert.Equal(new Dictionary<string, object?> { ["Twice"] = 2L }, people[0].Annotations);
        Assert.Equal(4L, people[1].Annotations["twice"]);
        // Annotations is a view of the row made per read: its one reference (RelObject.Annotations says why the row is not its own view).
        before = GC.GetAllocatedBytesForCurrentThread();
        sum = 0;
        foreach (var p in people) sum += (long)p.Annotations["Twice"]!;
        Assert.Equal(300 * (16 + 8), GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(300L * 301, sum);
    }

    [Fact]
    public void Reading_a_field_or_a_foreign_key_id_by_its_name_allocates_nothing()
    {
        var cards = db.Objects("Card").ToList();
        // Warm: the first read of a name looks it up and remembers it.
        _ = cards[0]["PersonId"];
        _ = cards[0]["Number"];
        var before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        foreach (var c in cards) sum += (long)c["PersonId"]! + (long)c["Number"]!;
        // "PersonId" used to be cut to "Person" for the look-up: a new string on every read.
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2 * 300L * 301 / 2, sum);
        // Other spellings (another case, a name built at run time) are found as before.
        Assert.Equal(cards[4]["PersonId"], cards[4]["personid"]);
        Assert.Equal(cards[4]["Number"], cards[4][string.Concat("Num", "ber")]);
        Assert.Throws<RelationsPS.Core.Errors.UnknownNameException>(() => cards[0]["Numbers"]);
    }

    [Fact]
    public void A_row_with_its_included_relation_is_the_two_objects()
    {
        // The card (id, Number, PersonId, what Include loaded, held as it is) and its person (id, Age, and room for
        // what a longer path would load). They were two RelObjects of 40 bytes and their arrays (24 + 3 * 8 and 24 + 2 * 8).
        Assert.Equal(16 + 8 + 4 * 8 + (16 + 8 + 3 * 8), PerRow(n => db.Objects("Card").Include("Person").Take(n)));
        Assert.Equal(16 + 8 + 3 * 8 + (16 + 8 + 4 * 8), PerRow(n => db.Objects("Person").Include("Card").Take(n)));
        var card = db.Objects("Card").Include("Person").First();
        Assert.True(card.IsPrefetched("person"));
        Assert.Equal((long?)card["PersonId"], card.RelatedObject("Person")!.Id);
    }

    [Fact]
    public void A_joined_row_beyond_the_shared_boxes_boxes_its_foreign_key_alone()
    {
        AddPeopleBeyondTheSharedBoxes();
        // The two ids are longs; the card's PersonId (the join's key on both sides) is the one box, 24 bytes.
        // It was two RelObjects of 40 bytes, their arrays and that box (the person's id shared it).
        Assert.Equal(16 + 8 + 4 * 8 + (16 + 8 + 3 * 8) + 24, PerRow(n => db.Objects("Card").Filter(IdAbove(1100)).Include("Person").Take(n)));
        Assert.Equal(16 + 8 + 3 * 8 + (16 + 8 + 4 * 8) + 24, PerRow(n => db.Objects("Person").Filter(IdAbove(1100)).Include("Card").Take(n)));
        var card = db.Objects("Card").Filter(IdAbove(1400)).Include("Person").First();
        var person = card.RelatedObject("Person")!;
        Assert.Equal(1401L, card.Id);
        Assert.Equal(1401L, person.Id);
        Assert.Equal(1401L, card["PersonId"]);
        Assert.Equal(1L, person["Age"]);
        var user = db.Objects("Person").Filter(IdAbove(1499)).Include("Card").Single();
        Assert.Equal(1500L, user.RelatedObject("Card")!["PersonId"]);
        Assert.Equal(1500L, user.RelatedObject("Card")!.Id);
    }

    [Fact]
    public void A_keyword_with_a_lookup_is_split_without_an_exception()
    {
        // Title__istartswith is tried as a path first (a field may be named like a lookup); that try threw
        // and caught an exception whose message listed the model's names, on every such filter.
        var thread = Environment.CurrentManagedThreadId;
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread) thrown++;
        }
        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            Assert.Equal(9, db.Objects("Person").Filter("Age__lt", 10L).ToList().Count);
            Assert.Equal(300, db.Objects("Card").Filter("Person__Age__gte", 1L).ToList().Count);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }
        Assert.Equal(0, thrown);
    }
}
