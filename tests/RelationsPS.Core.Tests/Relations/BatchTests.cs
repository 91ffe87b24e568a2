using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// A batch is one transaction across many calls (a cmdlet's piped input): other connections see its
/// writes only once it commits; Commit keeps batching, Complete ends it, and disposing it uncommitted
/// undoes what it wrote. Inside a caller's transaction the caller decides.
/// </summary>
public sealed class BatchTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"relps-batch-{Guid.NewGuid():N}.db");
    private readonly RelDatabase db;
    private readonly RelDatabase other;

    public BatchTests()
    {
        db = RelDatabase.Open(path, BlogSchema.Models);
        other = RelDatabase.Open(path, BlogSchema.Models);
    }

    public void Dispose()
    {
        db.Dispose();
        other.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
    }

    private void AddTag(string name) => db.InTransaction(() => db.New("Tag", ("Name", name), ("Slug", name)));

    private List<string> SeenElsewhere() => other.Objects("Tag").Names();

    [Fact]
    public void Writes_in_a_batch_are_seen_elsewhere_once_it_completes()
    {
        using (var batch = db.BeginBatch())
        {
            Assert.True(batch.OwnsTransaction);
            AddTag("a");
            AddTag("b");
            Assert.Equal(["a", "b"], db.Objects("Tag").Names());
            Assert.Empty(SeenElsewhere());
            batch.Complete();
            Assert.Equal(["a", "b"], SeenElsewhere());
        }
        // Completed: disposing undid nothing, and later writes are their own transactions.
        AddTag("c");
        Assert.Equal(["a", "b", "c"], SeenElsewhere());
    }

    [Fact]
    public void Commit_keeps_batching_and_dispose_undoes_only_what_came_after()
    {
        using (var batch = db.BeginBatch())
        {
            AddTag("a");
            batch.Commit();
            AddTag("b");
            Assert.Equal(["a"], SeenElsewhere());
        }
        Assert.Equal(["a"], db.Objects("Tag").Names());
        Assert.Equal(["a"], SeenElsewhere());
    }

    [Fact]
    public void A_failing_item_is_undone_alone()
    {
        using (var batch = db.BeginBatch())
        {
            AddTag("a");
            Assert.ThrowsAny<Exception>(() => db.InTransaction(() =>
            {
                db.New("Tag", ("Name", "b"), ("Slug", "b"));
                db.New("Tag", ("Name", "a"), ("Slug", "a2"));
            }));
            AddTag("c");
            batch.Complete();
        }
        Assert.Equal(["a", "c"], SeenElsewhere());
    }

    [Fact]
    public void Inside_a_callers_transaction_the_caller_decides()
    {
        Assert.Throws<InvalidOperationException>(() => db.InTransaction(() =>
        {
            using (var batch = db.BeginBatch())
            {
                Assert.False(batch.OwnsTransaction);
                AddTag("a");
                batch.Complete();
            }
            Assert.Empty(SeenElsewhere());
            throw new InvalidOperationException("undo");
        }));
        Assert.Empty(db.Objects("Tag").Names());
    }
}
