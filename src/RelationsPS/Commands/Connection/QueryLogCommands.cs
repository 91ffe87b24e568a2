using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Execution;

namespace RelationsPS.Commands.Connection;

/// <summary>Get-RelQueryLog: the statements this connection ran, with parameters, rows and time (for tests: "this pipeline ran 2 queries").</summary>
/// <remarks>
/// Each entry has the SQL text, its parameters, the number of rows and the time it took, in the order the statements
/// ran. -Verbose on any cmdlet shows the same statements as they run. The log keeps the newest 10,000 statements
/// (Sequence counts on), and of a string or byte parameter longer than 200 characters a preview with its length
/// ("aaaa… (10,485,760 characters)", "byte[1048576]"), so what it holds stays small whatever was written.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "RelQueryLog")]
[OutputType(typeof(QueryLogEntry))]
public sealed class GetRelQueryLogCommand : RelCmdlet
{
    /// <summary>Only the last N statements.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, int.MaxValue)]
    public int Last { get; set; }

    protected override void EndProcessing()
    {
        Run(() =>
        {
            var entries = Db.Log.Entries;
            foreach (var e in Last > 0 ? entries.Skip(Math.Max(0, entries.Count - Last)) : entries) WriteObject(e);
        }, null);
        base.EndProcessing();
    }
}

/// <summary>Clear-RelQueryLog: forgets the logged statements and resets the count.</summary>
/// <remarks>
/// Use it before the pipeline you want to measure, then count with Get-RelQueryLog: Clear-RelQueryLog; Get-Post -Tag
/// python | Out-Null; (Get-RelQueryLog).Count.
/// </remarks>
[Cmdlet(VerbsCommon.Clear, "RelQueryLog")]
[OutputType(typeof(void))]
public sealed class ClearRelQueryLogCommand : RelCmdlet
{
    protected override void EndProcessing()
    {
        Run(() => Db.Log.Clear(), null);
        base.EndProcessing();
    }
}
