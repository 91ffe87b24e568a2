using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Readers that are left open or nested (issue 12.1, issue 11 "nested enumeration"): a statement run
/// while the same statement is being read gets a command of its own, and <c>InPages</c> (what
/// PowerShell's foreach and pipes enumerate) leaves no reader open between rows, so a caller that
/// never disposes its enumerator holds no snapshot. Data: 250 posts "p1".."p250", views 250 - i % 3.
/// </summary>
public sealed class AbandonedReadingTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"relps-abandon-{Guid.NewGuid():N}.db");
    private readonly RelDatabase db;

    public AbandonedReadingTests()
    {
        db = RelDatabase.Open(file, BlogSchema.Models);
        db.InTransaction(() =>
        {
            for (var i = 1; i <= 250; i++) db.Add("Post", ("Title", $"p{i}"), ("Views", i % 3));
        });
    }

    public void Dispose()
    {
        db.Dispose();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
    }

    [Fact]
    public void The_same_query_nested_in_its_own_reading_runs()
    {
        var posts = db.Objects("Post");
        long inner = 0;
        foreach (var _ in posts.Take(3))
            foreach (var __ in posts.Take(3)) inner++;
        Assert.Equal(9, inner);
    }

    [Fact]
    public void A_count_inside_a_reading_of_the_same_members_runs()
    {
        var post = db.Objects("Post").First();
        post.Manager("Tags").Add(db.Add("Tag", ("Name", "a"), ("Slug", "a")));
        var n = 0;
        foreach (var _ in post.Manager("Tags"))
            foreach (var __ in post.Manager("Tags")) n++;
        Assert.Equal(1, n);
    }

    [Fact]
    public void Reading_in_pages_returns_every_row_once_in_the_query_order()
    {
        var paged = db.Objects("Post").OrderBy("Views").InPages(firstPage: 7, largestPage: 40).Select(p => (string)p["Title"]!).ToList();
        var whole = db.Objects("Post").OrderBy("Views", "Id").Select(p => (string)p["Title"]!).ToList();
        Assert.Equal(250, paged.Distinct().Count());
        Assert.Equal(whole, paged);
    }

    [Fact]
    public void Reading_a_slice_in_pages_keeps_to_the_slice()
    {
        var titles = db.Objects("Post").Slice(10, 25).InPages(firstPage: 4).Select(p => (string)p["Title"]!).ToList();
        Assert.Equal(Enumerable.Range(11, 25).Select(i => $"p{i}"), titles);
    }

    [Fact]
    public void An_abandoned_paged_reading_leaves_later_reads_current_and_writes_possible()
    {
        using (var e = db.Objects("Post").InPages().GetEnumerator()) { }
        var abandoned = db.Objects("Post").InPages().GetEnumerator();
        Assert.True(abandoned.MoveNext());

        // Another connection writes; this one must see it (no snapshot held) and still write itself.
        using (var other = RelDatabase.Open(file, BlogSchema.Models)) other.Add("Post", ("Title", "from another connection"));
        Assert.Equal(251, db.Objects("Post").Count());
        db.Add("Post", ("Title", "after"));
        Assert.Equal(252, db.Objects("Post").Count());
        GC.KeepAlive(abandoned);
    }
}
