using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Queries;

namespace RelationsPS.Core.Tests.Reliability;

/// <summary>
/// Connections of one file taking turns (issue 12.7): first connects that create the tables at the
/// same moment, and a writer that waits for another longer than the lock wait.
/// </summary>
public sealed class ConcurrentWriterTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"relps-writers-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var f in new[] { file, file + "-wal", file + "-shm", file + "-journal" }) File.Delete(f);
    }

    [Fact]
    public void Eight_first_connects_of_a_new_file_at_once_all_succeed()
    {
        using var start = new Barrier(8);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                using var db = RelDatabase.Open(file, BlogSchema.Models);
                db.Add("Tag", ("Name", Guid.NewGuid().ToString("N")), ("Slug", Guid.NewGuid().ToString("N")));
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
        using var check = RelDatabase.Open(file, BlogSchema.Models);
        Assert.Equal(8, check.Objects("Tag").Count());
    }

    [Fact]
    public void A_writer_that_waits_past_the_lock_wait_gets_DatabaseBusy_and_writes_nothing()
    {
        using var holder = RelDatabase.Open(file, BlogSchema.Models);
        using var waiter = RelDatabase.Open(file, BlogSchema.Models, TimeSpan.FromSeconds(1));
        using var batch = holder.BeginBatch();
        holder.Add("Tag", ("Name", "held"), ("Slug", "held"));
        var e = Assert.ThrowsAny<RelationsException>(() => waiter.Add("Tag", ("Name", "late"), ("Slug", "late")));
        Assert.Equal("DatabaseBusy", e.ErrorId);
        Assert.Equal(ErrorKind.ResourceBusy, e.Kind);
        batch.Complete();
        Assert.Equal(["held"], waiter.Objects("Tag").Select(t => (string)t["Name"]!).ToList());
    }
}
