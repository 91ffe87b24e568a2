using System.Runtime.CompilerServices;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Reliability;

/// <summary>
/// Issue 12.5: the query log keeps previews of long parameter values, not the values. 50 posts with
/// 1 MB bodies (the 10 MB, scaled down for the test's memory) leave the log holding about
/// 50 × 230 characters of parameters, and the bodies themselves can be collected.
/// </summary>
public sealed class QueryLogMemoryTests
{
    private const int Posts = 50;
    private const int BodyLength = 1 << 20;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WritePost(RelDatabase db, int i)
    {
        var body = new string((char)('a' + i % 26), BodyLength);
        db.New("Post", ("Title", $"post {i}"), ("Body", body));
        return new WeakReference(body);
    }

    private static long RetainedCharacters(QueryLog log) =>
        log.Entries.Sum(e => e.Sql.Length + e.Parameters.Sum(p => p switch { string s => s.Length, byte[] b => b.Length, _ => 8 }));

    [Fact]
    public void Fifty_posts_with_one_megabyte_bodies_leave_the_log_holding_kilobytes()
    {
        using var db = TestDb.Blog();
        var bodies = Enumerable.Range(0, Posts).Select(i => WritePost(db, i)).ToList();

        var retained = RetainedCharacters(db.Log);
        Assert.True(retained < Posts * 2_000, $"The log retains {retained:N0} characters for {Posts} posts.");
        var insert = db.Log.Entries.Last(e => e.Sql.StartsWith("INSERT", StringComparison.Ordinal));
        var preview = Assert.Single(insert.Parameters.OfType<string>(), p => p.Length > 100);
        Assert.StartsWith(new string((char)('a' + (Posts - 1) % 26), QueryLog.PreviewLength), preview);
        Assert.EndsWith("… (1,048,576 characters)", preview);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // The prepared INSERT keeps its last bound value until it runs again: at most one body stays.
        Assert.True(bodies.Count(b => b.IsAlive) <= 1, $"{bodies.Count(b => b.IsAlive)} of {Posts} bodies are still alive.");
        // What was written is whole: the log's preview is only the log's.
        Assert.Equal(BodyLength, ((string)db.Objects("Post").FirstOrDefaultById(1)!["Body"]!).Length);
    }

    [Fact]
    public void Short_values_are_logged_as_they_are_and_long_bytes_by_their_length()
    {
        Assert.Null(QueryLog.Preview(new string('a', QueryLog.PreviewLength)));
        Assert.Null(QueryLog.Preview(42L));
        Assert.Equal("byte[5000]", QueryLog.Preview(new byte[5000]));
        // A preview never ends on half a surrogate pair.
        var emoji = new string('a', QueryLog.PreviewLength - 1) + "🐍" + new string('b', 10);
        Assert.StartsWith(new string('a', QueryLog.PreviewLength - 1) + "…", QueryLog.Preview(emoji));
    }

    [Fact]
    public void The_log_keeps_the_newest_entries_up_to_its_capacity_and_counts_on()
    {
        using var db = TestDb.Blog();
        db.Log.Clear();
        db.Log.Capacity = 10;
        for (var i = 0; i < 25; i++) _ = db.Objects("Post").Count();
        Assert.Equal(10, db.Log.Entries.Count);
        Assert.Equal(25, db.Log.Count);
        Assert.Equal(25, db.Log.Entries[^1].Sequence);
    }
}
