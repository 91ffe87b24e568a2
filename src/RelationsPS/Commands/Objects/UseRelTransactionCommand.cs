using System.Collections.ObjectModel;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Errors;

namespace RelationsPS.Commands.Objects;

/// <summary>Use-RelTransaction: runs a scriptblock all or nothing (Django's atomic); nested calls are savepoints.</summary>
/// <remarks>
/// A terminating error inside the scriptblock rolls back every change made in it and is rethrown; otherwise
/// everything is committed at the end. Non-terminating errors do not roll back. break, continue and return leave the
/// block normally, so what it did is committed (as leaving Python's `with transaction.atomic():` by break or return
/// commits), and a warning says so for break and continue, which also leave the loop around it. The scriptblock's
/// output is written when it has finished.
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
        LoopFlowException? leftBy = null;
        Collection<PSObject> output;
        try
        {
            output = Db.InTransaction(() =>
            {
                try
                {
                    return SessionState.InvokeCommand.InvokeScript(SessionState, ScriptBlock);
                }
                catch (LoopFlowException flow)
                {
                    // break/continue: flow control, not an error. Commit, then let it reach its loop.
                    leftBy = flow;
                    return [];
                }
            });
        }
        catch (RelationsException e)
        {
            // The commit itself failed (the database ended the transaction, the connection was closed).
            ThrowRelError(e, null);
            return;
        }
        foreach (var o in output) WriteObject(o);
        if (leftBy is not null)
        {
            WriteWarning($"'{(leftBy is BreakException ? "break" : "continue")}' left the Use-RelTransaction block: what it did so far is committed. Throw an error to roll it back instead.");
            throw leftBy;
        }
        base.EndProcessing();
    }
}
