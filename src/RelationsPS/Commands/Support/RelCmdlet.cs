using System.Management.Automation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Filters;

namespace RelationsPS.Commands.Support;

/// <summary>
/// Base of every RelationsPS cmdlet: the -Database parameter and the database rule of PRODUCT §4
/// (explicit, else the session's current connection, else the default database), engine errors
/// as ErrorRecords, and -Verbose showing each statement with its time.
/// </summary>
/// <remarks>
/// PowerShell disposes every command of a pipeline when the pipeline ends, also when a terminating
/// error (in this call or downstream) skipped <see cref="EndProcessing"/>: that is where
/// the verbose subscription is released for sure (the connection outlives the cmdlet, and its event
/// would otherwise keep the cmdlet alive). Subclasses holding resources override <see cref="Dispose(bool)"/>.
/// </remarks>
public abstract class RelCmdlet : PSCmdlet, IDisposable
{
    private RelDatabase? resolved;
    private Action<QueryLogEntry>? verboseSink;
    private int running;
    private RelDatabase.Batch? batch;

    /// <summary>
    /// The database to use: a connection (Connect-RelDatabase -PassThru) or the path of a database file (the
    /// session's connection to it, else the file opened with the blog schema). By default the session's current
    /// connection, else the default database.
    /// </summary>
    [Parameter]
    [DatabaseArgument]
    public RelDatabase? Database { get; set; }

    /// <summary>
    /// The database this call works on: -Database; else the one the input objects were read from
    /// (a row knows its database, so a thread without a connection of its own, as in
    /// ForEach-Object -Parallel, and a session that connected elsewhere since, still write where the
    /// row lives); else the session's current connection.
    /// </summary>
    protected RelDatabase Db => resolved ??= Attach(Database ?? TargetResolver.DatabaseOf(InputRows) ?? SessionDatabases.Current());

    /// <summary>The objects this call acts on (the piped or given rows), whose database it uses without -Database.</summary>
    protected virtual object? InputRows => null;

    private RelDatabase Attach(RelDatabase db)
    {
        if (VerboseWanted())
        {
            var thread = Environment.CurrentManagedThreadId;
            verboseSink = e =>
            {
                // The log event may fire while a stream is read on another thread; only the pipeline thread may write.
                // Another cmdlet of the same pipeline may run statements on this connection (an upstream stream
                // ending, say) while this one is not processing: writing then would be outside its own overrides.
                if (Environment.CurrentManagedThreadId == thread && running > 0) WriteVerbose(StatementText.Describe(e));
            };
            db.Log.StatementExecuted += verboseSink;
        }
        return db;
    }

    /// <summary>
    /// Whether -Verbose output can be shown: the switch (-Verbose, not -Verbose:$false) or $VerbosePreference.
    /// Only then is the connection's log subscribed to, so a quiet call pays nothing for formatting statements.
    /// </summary>
    private bool VerboseWanted() =>
        MyInvocation.BoundParameters.TryGetValue("Verbose", out var flag)
            ? LanguagePrimitives.IsTrue(flag)
            : GetVariableValue("VerbosePreference", ActionPreference.SilentlyContinue) is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;

    /// <summary>
    /// One item's writes, all or nothing. A call's piped items share one transaction: the first piped
    /// item opens it, each item is a savepoint in it (a failing item is reported and undone alone, the
    /// rest go on), and the call commits it when it ends. An item whose savepoint was released is
    /// finished, and finished items are kept however the pipeline ends: a downstream stop
    /// (<c>Select-Object -First</c>, Ctrl+C), a terminating error here (<c>-ErrorAction Stop</c>) or
    /// downstream; only the item being written when the pipeline ended is undone. So an object
    /// written to the pipeline as saved is saved. A process that dies mid-call (kill -9) loses the
    /// whole call and never half of it. One commit per call instead of one per item is what lets a
    /// 10,000-item pipeline keep up with a hand-written loop.
    /// </summary>
    /// <remarks>Write nothing to the pipeline inside <paramref name="work"/>: a downstream stop there would undo the item it reports.</remarks>
    protected internal T Write<T>(Func<T> work)
    {
        if (batch is null && MyInvocation.ExpectingInput) batch = Db.BeginBatch();
        return Db.InTransaction(work);
    }

    /// <inheritdoc cref="Write{T}(Func{T})"/>
    protected internal void Write(Action work) => Write(() =>
    {
        work();
        return true;
    });

    protected override void EndProcessing()
    {
        Run(KeepFinished, null);
        Detach();
    }

    /// <summary>Commits the items finished so far and ends the call's batch.</summary>
    private void KeepFinished()
    {
        if (batch is null) return;
        try
        {
            batch.Complete();
        }
        finally
        {
            batch.Dispose();
            batch = null;
        }
    }

    /// <summary>Ctrl+C: a statement this call is running is interrupted, so a long query does not outlast the stop.</summary>
    protected override void StopProcessing()
    {
        if (running > 0) resolved?.Interrupt();
        Detach();
    }

    private void Detach()
    {
        if (resolved is not null && Interlocked.Exchange(ref verboseSink, null) is { } sink) resolved.Log.StatementExecuted -= sink;
    }

    /// <summary>Called by PowerShell when the pipeline ends, however it ended.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what this call holds; overrides call the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The pipeline ended without EndProcessing (stopped, or a terminating error) and no Run saw it:
            // the finished items are kept here (PowerShell does not report an exception thrown from Dispose).
            try
            {
                KeepFinished();
            }
            finally
            {
                Detach();
            }
        }
    }

    /// <summary>Runs one item's work; engine errors become a non-terminating error for that item, so the rest go on.</summary>
    protected void Run(Action work, object? target)
    {
        running++;
        try
        {
            work();
        }
        catch (FilterTranslationException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, target));
        }
        catch (RelationsException e)
        {
            WriteRelError(e, target);
        }
        catch (PSArgumentException e)
        {
            // Input of the wrong kind for this item (e.g. not a RelationsPS object): InvalidArgument, and the rest go on.
            WriteRelError(e, target);
        }
        catch (Exception) when (batch is not null)
        {
            // The pipeline is ending (a downstream stop, Ctrl+C, -ErrorAction Stop, a terminating error):
            // the items finished before it are kept now, where a failing commit can still be reported.
            try
            {
                KeepFinished();
            }
            catch (RelationsException commitFailed)
            {
                ThrowRelError(commitFailed, target);
            }
            throw;
        }
        finally
        {
            running--;
        }
    }

    /// <summary><see cref="Run"/> for helpers of the cmdlets (<see cref="PipelineBatch{T}"/>).</summary>
    internal void RunItem(Action work, object? target) => Run(work, target);

    /// <summary>Writes an engine error for one pipeline item.</summary>
    public void WriteRelError(Exception e, object? target) => WriteError(ErrorRecords.From(e, target));

    /// <summary>Stops the whole call: the input as a whole makes no sense.</summary>
    public void ThrowRelError(Exception e, object? target) => ThrowTerminatingError(ErrorRecords.From(e, target));
}
