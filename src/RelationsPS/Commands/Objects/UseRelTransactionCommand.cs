using System.Management.Automation;
using RelationsPS.Commands.Support;

namespace RelationsPS.Commands.Objects;

/// <summary>Use-RelTransaction: runs a scriptblock all or nothing (Django's atomic); nested calls are savepoints.</summary>
/// <remarks>
/// A terminating error inside the scriptblock rolls back every change made in it and is rethrown; otherwise
/// everything is committed at the end. Non-terminating errors do not roll back. The scriptblock's output is written
/// when it has finished.
/// </remarks>
[Cmdlet(VerbsOther.Use, "RelTransaction")]
[OutputType(typeof(PSObject))]
public sealed class UseRelTransactionCommand : RelCmdlet
{
    /// <summary>The work to do; any terminating error rolls all of it back.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    protected override void EndProcessing()
    {
        var output = Db.InTransaction(() => SessionState.InvokeCommand.InvokeScript(SessionState, ScriptBlock));
        foreach (var o in output) WriteObject(o);
        base.EndProcessing();
    }
}
