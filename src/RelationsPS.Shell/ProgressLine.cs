using System.Diagnostics;
using System.Management.Automation;

namespace RelationsPS.Shell;

/// <summary>
/// Progress as one status line on a terminal's stderr, rewritten in place and wiped before any
/// other text; nothing at all when stderr is not a terminal, so CI logs stay clean.
/// </summary>
internal sealed class ProgressLine(Func<int> width)
{
    // Redrawing on every record would slow a loop of thousands of rows to the terminal's speed.
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(80);

    private readonly List<(long Source, int Id, ProgressRecord Record)> active = [];
    private readonly Stopwatch sinceDraw = Stopwatch.StartNew();
    private bool shown;

    public void Update(long sourceId, ProgressRecord record)
    {
        if (!Terminal.ErrIsTerminal) return;
        var index = active.FindIndex(a => a.Source == sourceId && a.Id == record.ActivityId);
        if (index >= 0) active.RemoveAt(index);
        if (record.RecordType == ProgressRecordType.Completed)
        {
            // A finished inner activity hands the line back to the one still running, if any.
            if (active.Count == 0) Clear();
            else Draw(active[^1].Record);
            return;
        }
        active.Add((sourceId, record.ActivityId, record));
        if (index < 0 || sinceDraw.Elapsed >= MinInterval) Draw(record);
    }

    /// <summary>Wipes the line so the next text starts clean; the activity comes back with its next record.</summary>
    public void Clear()
    {
        if (!shown) return;
        Console.Error.Write(EraseLine);
        shown = false;
    }

    /// <summary>Forgets activities left open by a pipeline that ended or failed.</summary>
    public void Reset()
    {
        active.Clear();
        Clear();
    }

    // Back to the start of the line and clear it; every terminal relps runs on knows this sequence.
    private const string EraseLine = "\r\u001b[2K";

    private int Width => Math.Max(20, width() - 1);

    private void Draw(ProgressRecord record)
    {
        var text = record.Activity;
        if (!string.IsNullOrEmpty(record.StatusDescription)) text += ": " + record.StatusDescription;
        if (!string.IsNullOrEmpty(record.CurrentOperation)) text += " - " + record.CurrentOperation;
        if (record.PercentComplete >= 0) text += $" [{Math.Min(record.PercentComplete, 100),3}%]";
        if (record.SecondsRemaining > 0) text += $" {TimeSpan.FromSeconds(record.SecondsRemaining):g} left";
        text = text.ReplaceLineEndings(" ");
        // Never wider than the terminal: a wrapped status line could not be rewritten in place.
        if (text.Length > Width) text = text[..Width];
        Console.Error.Write(EraseLine + (Terminal.ErrColor ? "\u001b[7m" + text + Terminal.Reset : text));
        shown = true;
        sinceDraw.Restart();
    }
}
