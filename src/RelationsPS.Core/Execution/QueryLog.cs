using System.Diagnostics;

namespace RelationsPS.Core.Execution;

/// <summary>One statement the engine ran: text, parameters, rows read or changed, and time.</summary>
public sealed record QueryLogEntry(long Sequence, string Sql, IReadOnlyList<object?> Parameters, long Rows, TimeSpan Elapsed, DateTime StartedAt);

/// <summary>
/// The statements a database ran, newest last, with a running count that never resets on
/// overflow (tests assert "this ran 2 queries"; -Verbose prints each entry as it is added).
/// </summary>
public sealed class QueryLog
{
    private readonly Queue<QueryLogEntry> entries = new();
    private readonly object gate = new();

    /// <summary>How many entries are kept; older ones are dropped (the count goes on).</summary>
    public int Capacity { get; set; } = 10_000;

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
            entry = new QueryLogEntry(Count, sql, parameters, rows, elapsed, startedAt);
            entries.Enqueue(entry);
            while (entries.Count > Capacity) entries.Dequeue();
        }
        StatementExecuted?.Invoke(entry);
    }

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
