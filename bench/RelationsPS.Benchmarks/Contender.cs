namespace RelationsPS.Benchmarks;

/// <summary>What a case produced: compared across contenders (a mismatch fails the run).</summary>
internal sealed record Outcome(long Rows, long Checksum, string Detail = "")
{
    /// <summary>Peak managed-heap growth during the run (streaming case), bytes.</summary>
    public long MemoryGrowth { get; init; }

    public string Key => $"rows={Rows} checksum={Checksum}{(Detail.Length > 0 ? " " + Detail : "")}";
}

/// <summary>Rows of a post as the hand-written contenders read them (raw ADO.NET and Dapper).</summary>
public sealed class PostRow
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public long Views { get; set; }
    public DateTime Created { get; set; }
    public long? AuthorId { get; set; }
}

public sealed class TagRowDto
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
}

public sealed class UserRowDto
{
    public long Id { get; set; }
    public string UserName { get; set; } = "";
    public ProfileRowDto? Profile { get; set; }
}

public sealed class ProfileRowDto
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public string Bio { get; set; } = "";
    public string Website { get; set; } = "";
}

/// <summary>A projection of a post: three columns (the projection cases).</summary>
public sealed class PostSummary
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public long Views { get; set; }
}

/// <summary>A tag with its post count (pertag), every column of the tag as the engine reads it.</summary>
public sealed class TagCountDto
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public long PostCount { get; set; }
}

/// <summary>One way of doing every case; the read cases run on one shared database file.</summary>
internal interface IContender : IDisposable
{
    string Name { get; }

    /// <summary>Opens the read database (untimed).</summary>
    void Open(string path);

    /// <summary>Opens a fresh database file whose schema RelationsPS created (untimed).</summary>
    void BeginBulk(string path);

    /// <summary>Inserts the whole workload into the file opened by <see cref="BeginBulk"/> (timed).</summary>
    Outcome BulkInsert(Workload w);

    /// <summary>Closes the bulk file (untimed).</summary>
    void EndBulk();

    Outcome TaggedPython(Workload w);
    Outcome TaggedFilteredTop100(Workload w);
    Outcome CountPerTag(Workload w);
    Outcome ManyTags(Workload w);
    Outcome TagsNaive(Workload w);
    Outcome TagsPrefetched(Workload w);
    Outcome ProfileBio(Workload w);
    Outcome FieldCompare(Workload w);
    /// <summary>
    /// Untimed, before each links run: what the contender holds before it links. Raw ADO.NET and Dapper
    /// hold the post ids; an ORM holds the posts as its objects (their load is not the case's work).
    /// </summary>
    void PrepareLinks(Workload w);

    Outcome LinkAddRemove(Workload w);

    /// <summary>stream: every post, every column, one at a time, unordered (the order is not observed).</summary>
    Outcome StreamAll(Workload w);

    // Issue 15's shapes (an independent harness's): each returns what Checks computes from the rows it built.

    /// <summary>
    /// projpython: (id, title, views) of the posts tagged <see cref="Workload.PythonTag"/>, in id order, read into
    /// the contender's light rows (a three-field class; the engine's Values rows); <see cref="Checks.Projection"/>.
    /// </summary>
    Outcome PythonProjection(Workload w);

    /// <summary>projfieldcmp: (id, title, views) of the posts with views &gt; id * <see cref="Workload.FieldFactor"/>, in id order; <see cref="Checks.Projection"/>.</summary>
    Outcome FieldCompareProjection(Workload w);

    /// <summary>
    /// bioprofile: the users whose profile bio contains <see cref="Workload.BioWord"/> (case-insensitive), each
    /// with its profile object (every column of both), unordered; <see cref="Checks.UsersWithProfiles"/>.
    /// </summary>
    Outcome ProfileBioWithProfile(Workload w);

    /// <summary>
    /// havingobj: the posts (every column) with more than 3 tags, each with its tag count, in id order
    /// (annotate + filter on it, as objects); <see cref="Checks.PostsWithCounts"/>.
    /// </summary>
    Outcome ManyTagsObjects(Workload w);

    // The same shapes read as typed tuples (Django's values_list): the hand-written contenders already read
    // them typed, so their runs are the cases above; the engine reads them through QuerySet.ValuesList.

    /// <summary>projpythonlist: <see cref="PythonProjection"/> read as (long, string, long) tuples.</summary>
    Outcome PythonProjectionTuples(Workload w) => PythonProjection(w);

    /// <summary>projfieldcmplist: <see cref="FieldCompareProjection"/> read as (long, string, long) tuples.</summary>
    Outcome FieldCompareProjectionTuples(Workload w) => FieldCompareProjection(w);

    /// <summary>havinglist: <see cref="ManyTags"/> with the (id, count) pairs read as (long, long) tuples.</summary>
    Outcome ManyTagsTuples(Workload w) => ManyTags(w);
}

/// <summary>Peak managed memory sampling while streaming.</summary>
internal sealed class MemorySampler
{
    private readonly long baseline;
    private long peak;

    public MemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        baseline = GC.GetTotalMemory(false);
        peak = baseline;
    }

    public void Sample(long row)
    {
        if ((row & 1023) != 0) return;
        var m = GC.GetTotalMemory(false);
        if (m > peak) peak = m;
    }

    public long Growth
    {
        get
        {
            var m = GC.GetTotalMemory(false);
            if (m > peak) peak = m;
            return peak - baseline;
        }
    }
}

/// <summary>Checksum helpers: order-independent sums of ids (and values) that every contender can compute.</summary>
internal static class Sum
{
    public static long Mix(long a, long b) => unchecked(a * 1_000_003 + b);
}
