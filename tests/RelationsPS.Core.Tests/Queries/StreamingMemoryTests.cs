using RelationsPS.Core.Execution;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>Test classes whose figures are the whole process's managed heap: they run alone, after the rest.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeHeapCollection
{
    public const string Name = "Whole managed heap";
}

/// <summary>
/// Streaming a large query holds one chunk of rows, not the result (issue 4). Measured with
/// GC.GetTotalMemory, which counts every thread's objects: other test classes running beside it
/// filled the heap it measures, so this class runs alone (<see cref="WholeHeapCollection"/>).
/// </summary>
[Collection(WholeHeapCollection.Name)]
public class StreamingMemoryTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Blog();

    public void Dispose() => db.Dispose();

    private QuerySet Posts => db.Objects("Post");

    private long Count(Action action) => db.CountQueriesOf(action);

    [Fact]
    public void Streaming_100000_posts_with_include_keeps_memory_flat()
    {
        db.SeedBlog(posts: 100_000);
        db.Log.Capacity = 100;
        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        var peak = 0L;
        var rows = 0;
        var links = 0L;
        var statements = Count(() =>
        {
            foreach (var post in Posts.Include("Tags", "Author"))
            {
                rows++;
                links += post.Manager("Tags").Count;
                if (rows % 10_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(true) - baseline);
            }
        });
        Assert.Equal(100_000, rows);
        Assert.Equal(300_000, links);
        // The posts with their authors, then the tags of each chunk of 2,000.
        Assert.Equal(1 + 50, statements);
        // 100,000 materialised posts with their tags would take several hundred MB; a stream holds one chunk.
        Assert.True(peak < 64L * 1024 * 1024, $"managed memory grew by {peak / (1024 * 1024)} MB while streaming");
    }
}
