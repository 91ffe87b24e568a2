using System.Diagnostics;

namespace RelationsPS.Core.Execution;

/// <summary>One statement the engine ran: text, parameters, rows read or changed, and time.</summary>
public sealed record QueryLogEntry(long Sequence, string Sql, IReadOnlyList<object?> Parameters, long Rows, TimeSpan Elapsed, DateTime StartedAt);

/// <summary>
/// The statements a database ran, newest last, with a running count that never resets on
/// overflow (tests assert "this ran 2 queries"; -Verbose prints each entry as it is added).
/// What it keeps is bounded: the newest <see cref="Capacity"/> entries, and of each parameter value
/// longer than <see cref="PreviewLength"/> characters (or bytes) only a preview that says the value's
/// length, so a session that wrote 50 bodies of 10 MB keeps kilobytes, not a gigabyte (issue 12.5).
/// </summary>
public sealed class QueryLog
{
    private readonly Queue<QueryLogEntry> entries = new();
    private readonly object gate = new();

    /// <summary>How many entries are kept; older ones are dropped (the count goes on).</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>A string or byte array parameter longer than this is logged as a preview of this many characters and its length.</summary>
    public const int PreviewLength = 200;

    /// <summary>Statements run since the database was opened or the log cleared.</summary>
    public long Count { get; private set; }

    /// <summary>Raised after each statement completes (the cmdlet layer turns it into verbose output).</summary>
    public event Action<QueryLogEntry>? StatementExecuted;

    // Start times come from the statement's Stopwatch timestamp, placed on the wall clock read once
    // here: one clock read per statement instead of two.
    private readonly DateTime originUtc = DateTime.UtcNow;
    private readonly long originTimestamp = Stopwatch.GetTimestamp();

    /// <summary>Logs a statement that started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) and ends now.</summary>
    internal void Add(string sql, IReadOnlyList<object?> parameters, long rows, long startTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        var startedAt = originUtc + Stopwatch.GetElapsedTime(originTimestamp, startTimestamp);
        QueryLogEntry entry;
        lock (gate)
        {
            Count++;
            entry = new QueryLogEntry(Count, sql, Bounded(parameters), rows, elapsed, startedAt);
            entries.Enqueue(entry);
            while (entries.Count > Capacity) entries.Dequeue();
        }
        StatementExecuted?.Invoke(entry);
    }

    /// <summary>
    /// The parameters as the log keeps them: the same list when every value is short (the usual case
    /// costs one pass and no allocation), else a copy whose long values are previews.
    /// </summary>
    private static IReadOnlyList<object?> Bounded(IReadOnlyList<object?> parameters)
    {
        object?[]? copy = null;
        for (var i = 0; i < parameters.Count; i++)
        {
            var preview = Preview(parameters[i]);
            if (preview is null) continue;
            copy ??= [.. parameters];
            copy[i] = preview;
        }
        return copy ?? parameters;
    }

    /// <summary>"first 200 characters… (10,485,760 characters)" for a long string, "byte[1048576]" for long bytes; null when the value is kept as it is.</summary>
    internal static string? Preview(object? value) => value switch
    {
        string s when s.Length > PreviewLength =>
            string.Concat(s.AsSpan(0, char.IsHighSurrogate(s[PreviewLength - 1]) ? PreviewLength - 1 : PreviewLength), "… (", s.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), " characters)"),
        byte[] b when b.Length > PreviewLength => $"byte[{b.Length}]",
        _ => null,
    };

    /// <summary>A snapshot of the kept entries, oldest first.</summary>
    public IReadOnlyList<QueryLogEntry> Entries
    {
        get { lock (gate) return entries.ToArray(); }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
            Count = 0;
        }
    }
}
