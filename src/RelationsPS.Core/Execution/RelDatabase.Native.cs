using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Dialects.Sqlite;
using SQLitePCL;

namespace RelationsPS.Core.Execution;

public sealed partial class RelDatabase
{
    /// <summary>A statement prepared on the connection's native handle, with the indexes of its two parameters.</summary>
    private sealed record NativeStatement(sqlite3_stmt Handle, int First, int Second);

    private readonly Dictionary<string, NativeStatement> nativeStatements = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs a statement of two integer parameters (<c>@p0</c>, <c>@p1</c>) that returns no rows, on a
    /// statement prepared once on the connection's native handle, and returns the rows changed. A link
    /// or unlink of a ManyToMany is this, once per related manager call; through
    /// <see cref="SqliteCommand.ExecuteNonQuery"/> each call also built a data reader and bound its
    /// parameters by name, a third of the statement's own cost. It runs inside the connection's
    /// transaction like any command, is logged like <see cref="Execute"/>, and its errors are translated alike.
    /// </summary>
    internal int ExecutePair(string sql, long first, long second)
    {
        // Only SQLite's native handle has this shortcut; elsewhere it is an ordinary prepared statement.
        if (connection is not SqliteConnection sqlite) return Execute(new SqlStatement(sql, [first, second]));
        lock (gate)
        {
            EnsureOpen();
            var native = Native(sqlite, sql);
            var start = Stopwatch.GetTimestamp();
            raw.sqlite3_bind_int64(native.Handle, native.First, first);
            raw.sqlite3_bind_int64(native.Handle, native.Second, second);
            var rc = raw.sqlite3_step(native.Handle);
            if (rc is not (raw.SQLITE_DONE or raw.SQLITE_ROW))
            {
                // The error's code and message are the connection's until the statement is reset.
                var error = SqliteBackend.NativeError(sqlite.Handle, rc);
                raw.sqlite3_reset(native.Handle);
                throw Translate(error, new SqlStatement(sql, [first, second]));
            }
            var rows = raw.sqlite3_changes(sqlite.Handle);
            raw.sqlite3_reset(native.Handle);
            Log.Add(sql, [first, second], rows, start);
            return rows;
        }
    }

    /// <summary>
    /// Inserts one pair into a join table whose foreign keys SQLite checks at COMMIT, without looking
    /// either side up: SQLite counts a written row whose referenced row is missing as a pending
    /// foreign-key violation (it probes the referenced row anyway), so the count turning from zero to
    /// non-zero says this row references a missing row. That row is then taken back with
    /// <paramref name="undoSql"/> and <paramref name="dangling"/> is true (outside a transaction the
    /// statement fails instead, and nothing was written). Returns the rows inserted (0 for a pair that is
    /// there already); null, having done nothing, where the count cannot tell: another provider, or
    /// violations already pending in the caller's transaction.
    /// </summary>
    internal int? ExecutePairCheckedByReferences(string sql, string undoSql, long first, long second, out bool dangling)
    {
        dangling = false;
        if (connection is not SqliteConnection sqlite) return null;
        lock (gate)
        {
            EnsureOpen();
            if (PendingReferenceViolations(sqlite) != 0) return null;
            int rows;
            try
            {
                rows = ExecutePair(sql, first, second);
            }
            catch (RelationsException e) when (e.ErrorId == "ForeignKeyViolation")
            {
                dangling = true;
                return 0;
            }
            if (rows == 0 || PendingReferenceViolations(sqlite) == 0) return rows;
            ExecutePair(undoSql, first, second);
            dangling = true;
            return 0;
        }
    }

    private static int PendingReferenceViolations(SqliteConnection sqlite)
    {
        raw.sqlite3_db_status(sqlite.Handle, raw.SQLITE_DBSTATUS_DEFERRED_FKS, out var current, out _, 0);
        return current;
    }

    /// <summary>
    /// Stops the statement running on this connection (<c>sqlite3_interrupt</c>), from any thread: it
    /// fails with the error <c>StatementInterrupted</c> at its next step. Ctrl+C on a cmdlet calls this,
    /// so a long query ends when the user asks. Without a running statement it does nothing.
    /// </summary>
    public void Interrupt()
    {
        if (bulkLoading) bulkInterrupted = true;
        if (IsOpen) backend.Interrupt(connection, running);
    }

    private NativeStatement Native(SqliteConnection sqlite, string sql)
    {
        if (nativeStatements.TryGetValue(sql, out var native)) return native;
        var rc = raw.sqlite3_prepare_v2(sqlite.Handle, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            var error = SqliteBackend.NativeError(sqlite.Handle, rc);
            stmt?.Dispose();
            throw Translate(error, new SqlStatement(sql, []));
        }
        int first = raw.sqlite3_bind_parameter_index(stmt, Dialect.ParameterName(0)), second = raw.sqlite3_bind_parameter_index(stmt, Dialect.ParameterName(1));
        if (first == 0 || second == 0 || raw.sqlite3_bind_parameter_count(stmt) != 2)
        {
            stmt.Dispose();
            throw new InvalidOperationException($"Statement does not take exactly the parameters @p0 and @p1: {sql}");
        }
        native = new NativeStatement(stmt, first, second);
        nativeStatements[sql] = native;
        return native;
    }

    /// <summary>Finalizes the native statements (before the connection closes, or with the command cache).</summary>
    private void ForgetNativeStatements()
    {
        foreach (var n in nativeStatements.Values) n.Handle.Dispose();
        nativeStatements.Clear();
    }
}
