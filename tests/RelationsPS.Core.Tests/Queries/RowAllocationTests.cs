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
/// of header per object, 24 per array, 8 per reference).
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

    /// <summary>Bytes per row of enumerating <paramref name="rows"/>(n) to its end, n = 300 against n = 100 (the best of five tries).</summary>
    private static double PerRow<T>(Func<long, IEnumerable<T>> rows)
    {
        long Bytes(long n)
        {
            var best = long.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                foreach (var _ in rows(n)) { }
                best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return best;
        }
        Bytes(100);
        Bytes(300);
        return (Bytes(300) - Bytes(100)) / 200.0;
    }

    [Fact]
    public void A_values_row_of_two_values_is_one_object_of_40_bytes()
    {
        // The row (header, shape, two values); it was a row of 32 bytes and an array of 40.
        Assert.Equal(40, PerRow(n => db.Objects("Person").Take(n).Values("Id", "Age")));
    }

    [Fact]
    public void An_object_is_the_object_and_one_array_of_its_values()
    {
        // RelObject: header, context (model, database, annotation names), values, prefetched; it was 56 bytes.
        Assert.Equal(40 + 24 + 2 * 8, PerRow(n => db.Objects("Person").Take(n)));
    }

    [Fact]
    public void An_annotation_is_one_more_value_in_the_objects_array()
    {
        // It was a ValueRow (32 bytes) and an array (32) per row.
        Assert.Equal(40 + 24 + 3 * 8, PerRow(n => db.Objects("Person").Annotate("Twice", new F("Age") * 2).Take(n)));
        // Read by name on the object, an annotation costs nothing; Annotations is a view of the row.
        var people = db.Objects("Person").Annotate("Twice", new F("Age") * 2).ToList();
        var before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        foreach (var p in people) sum += (long)p["Twice"]!;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(300L * 301, sum);
        Assert.Equal(new Dictionary<string, object?> { ["Twice"] = 2L }, people[0].Annotations);
        Assert.Equal(4L, people[1].Annotations["twice"]);
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
    public void A_row_with_its_included_relation_is_the_two_objects_and_their_arrays()
    {
        // The card and its person; what Include loaded is held as it is (it was a record per row and an array of the row's joined objects).
        Assert.Equal(40 + 24 + 3 * 8 + 40 + 24 + 2 * 8, PerRow(n => db.Objects("Card").Include("Person").Take(n)));
        var card = db.Objects("Card").Include("Person").First();
        Assert.True(card.IsPrefetched("person"));
        Assert.Equal((long?)card["PersonId"], card.RelatedObject("Person")!.Id);
    }

    [Fact]
    public void A_joined_row_holds_its_parents_key_in_the_same_box()
    {
        // Keys beyond the shared small boxes: a box each, read once for both rows of the join.
        db.SqlExecute("INSERT INTO person (id, age) VALUES (5000, 1)");
        db.SqlExecute("INSERT INTO card (id, number, person_id) VALUES (6000, 2, 5000)");
        var card = db.Objects("Card").Filter(new LookupQ(new F("Id"), Lookup.Exact, 6000L)).Include("Person").Single();
        var person = card.RelatedObject("Person")!;
        Assert.Equal(5000L, person.Id);
        Assert.Same(card["PersonId"], person["Id"]);
        var user = db.Objects("Person").Filter(new LookupQ(new F("Id"), Lookup.Exact, 5000L)).Include("Card").Single();
        Assert.Same(user["Id"], user.RelatedObject("Card")!["PersonId"]);
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
