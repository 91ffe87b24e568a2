using System.Diagnostics;
using System.Management.Automation;

namespace RelationsPS.Commands.Support;

/// <summary>
/// Write-Progress for long pipelines and bulk work: silent for the first second (short calls show
/// nothing), then a record at most every quarter second; completed when the work ends.
/// </summary>
internal sealed class ProgressReporter(Cmdlet cmdlet, string activity, int activityId = 1)
{
    private static readonly long Delay = Stopwatch.Frequency;
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private readonly long started = Stopwatch.GetTimestamp();
    private long last;
    private bool shown;

    public long Count { get; private set; }

    /// <summary>One more item done; <paramref name="total"/> when it is known.</summary>
    public void Item(long? total = null)
    {
        Count++;
        var now = Stopwatch.GetTimestamp();
        if (now - started < Delay || now - last < Interval) return;
        last = now;
        shown = true;
        var record = new ProgressRecord(activityId, activity, total is > 0 ? $"{Count} of {total}" : $"{Count} done")
        {
            PercentComplete = total is > 0 ? (int)Math.Min(100, Count * 100 / total.Value) : -1,
        };
        cmdlet.WriteProgress(record);
    }

    public void Complete()
    {
        if (!shown) return;
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, $"{Count} done") { RecordType = ProgressRecordType.Completed });
        shown = false;
    }
}
