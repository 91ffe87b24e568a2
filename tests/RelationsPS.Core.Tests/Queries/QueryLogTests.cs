using RelationsPS.Core.Execution;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Every statement is logged with its text, parameters, rows, duration and wall-clock start, in order;
/// a statement run again and again (a loop of link writes) is logged each time with its own values.
/// </summary>
public sealed class QueryLogTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Blog();

    public void Dispose() => db.Dispose();

    [Fact]
    public void Entries_carry_the_start_time_duration_rows_and_parameters_of_each_statement()
    {
        var tag = db.New("Tag", ("Name", "python"), ("Slug", "python"));
        var post = db.New("Post", ("Title", "t"));
        db.Log.Clear();
        var before = DateTime.UtcNow;
        post.Manager("Tags").Add(tag);
        post.Manager("Tags").Add(tag);
        _ = db.Objects("Tag").ToList();
        var after = DateTime.UtcNow;

        var entries = db.Log.Entries;
        // The link, the same link again (nothing inserted; the statement itself tells it from a missing tag), the tags.
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.Equal(entries[0].Sql, entries[1].Sql);
        Assert.Equal([post.Id, tag.Id], entries[1].Parameters);
        Assert.Equal([1L, 0L, 1L], entries.Select(e => e.Rows));
        Assert.All(entries, e =>
        {
            Assert.InRange(e.StartedAt, before.AddMilliseconds(-50), after.AddMilliseconds(50));
            Assert.Equal(DateTimeKind.Utc, e.StartedAt.Kind);
            Assert.True(e.Elapsed >= TimeSpan.Zero);
        });
        Assert.True(entries.Zip(entries.Skip(1)).All(p => p.First.StartedAt <= p.Second.StartedAt));
    }

    [Fact]
    public void A_repeated_statement_binds_its_new_values_each_time()
    {
        var tags = Enumerable.Range(0, 3).Select(i => db.New("Tag", ("Name", $"t{i}"), ("Slug", $"t{i}"))).ToList();
        var post = db.New("Post", ("Title", "t"));
        foreach (var t in tags) post.Manager("Tags").Add(t);
        post.Manager("Tags").Remove(tags[1]);
        Assert.Equal(["t0", "t2"], post.Manager("Tags").Names());
        // Another statement in between, then the first again: still its own values.
        _ = db.Objects("Post").Count();
        post.Manager("Tags").Add(tags[1].Id!.Value);
        Assert.Equal(["t0", "t1", "t2"], post.Manager("Tags").Names());
    }
}
