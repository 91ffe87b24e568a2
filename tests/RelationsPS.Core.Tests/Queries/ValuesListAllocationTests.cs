using RelationsPS.Core.Execution;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// What a ValuesList row costs the managed heap: integers above the shared boxes (Boxes: up to 1,023)
/// are read into the tuple without a box, so a row of integers allocates nothing beyond the reader's own.
/// Bytes are counted, not timed: rows 1,101-1,400 against rows 1,101-1,200, per extra row. SQLite only
/// (Npgsql reads rows from a buffer of its own).
/// </summary>
public class ValuesListAllocationTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Blog();

    public ValuesListAllocationTests() =>
        db.CreateMany(db.Models.Get("Post"), Enumerable.Range(1, 1500).Select(i => new Dictionary<string, object?> { ["Title"] = "t", ["Views"] = 5000L + i }));

    public void Dispose() => db.Dispose();

    private static double PerRow<T>(Func<long, IEnumerable<T>> rows) => Allocations.PerRow(rows);

    [Fact]
    public void A_tuple_of_large_integers_allocates_nothing_per_row() =>
        Assert.Equal(0, PerRow(n => db.Objects("Post").Skip(1100).Take(n).ValuesList<long, long>("Id", "Views")));

    [Fact]
    public void The_same_values_as_a_values_row_are_the_row_and_two_boxes() =>
        // The row (header 16, shape 8, two values 16) and a 24-byte box for each integer above 1,023.
        Assert.Equal(40 + 2 * 24, PerRow(n => db.Objects("Post").Skip(1100).Take(n).Values("Id", "Views")));
}
