using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;

namespace RelationsPS.Core.Execution;

public sealed partial class RelDatabase
{
    private const int MaxCachedCommands = 256;

    /// <summary>Runs a statement that returns no rows; returns the rows changed.</summary>
    public int Execute(SqlStatement statement) => Run(statement, static (_, cmd) =>
    {
        var rows = cmd.ExecuteNonQuery();
        return (rows, rows);
    });

    /// <summary>
    /// Runs an INSERT of one row and returns the row's id, read from the connection (the last
    /// inserted rowid) instead of a RETURNING clause: SQLite runs INSERT ... RETURNING with a
    /// statement journal, and inside a savepoint (CreateMany within a caller's transaction) that
    /// journal keeps every statement's pages until the savepoint ends (an import of 30,000 posts
    /// took a quarter to a half longer writing it).
    /// </summary>
    internal long Insert(SqlStatement statement) => Run(statement, static (db, cmd) =>
    {
        var rows = cmd.ExecuteNonQuery();
        return (SQLitePCL.raw.sqlite3_last_insert_rowid(db.connection.Handle), rows);
    });

    /// <summary>Runs a statement and returns the first column of the first row (DBNull as null).</summary>
    public object? Scalar(SqlStatement statement) => Run(statement, static (_, cmd) =>
    {
        var value = cmd.ExecuteScalar();
        return (value is DBNull ? null : value, value is null ? 0 : 1);
    });

    /// <summary>
    /// One statement that is not streamed: under the gate, on a prepared command, logged with the rows
    /// <paramref name="execute"/> reports, its provider errors translated.
    /// </summary>
    private T Run<T>(SqlStatement statement, Func<RelDatabase, SqliteCommand, (T Result, long Rows)> execute)
    {
        lock (gate)
        {
            var cmd = Prepare(statement);
            var start = Stopwatch.GetTimestamp();
            try
            {
                var (result, rows) = execute(this, cmd);
                Log.Add(statement.Text, statement.Parameters, rows, start);
                return result;
            }
            catch (SqliteException e)
            {
                throw Translate(e, statement);
            }
            finally
            {
                Release(cmd);
            }
        }
    }

    /// <summary>
    /// Streams rows: each is handed to <paramref name="read"/> while the reader is on it, so nothing
    /// is buffered. The statement is logged when the stream ends, with the number of rows read.
    /// </summary>
    public IEnumerable<T> Query<T>(SqlStatement statement, Func<DbDataReader, T> read)
    {
        SqliteCommand cmd;
        SqliteDataReader reader;
        long start;
        lock (gate)
        {
            cmd = Prepare(statement);
            start = Stopwatch.GetTimestamp();
            try
            {
                reader = cmd.ExecuteReader();
            }
            catch (SqliteException e)
            {
                Release(cmd);
                throw Translate(e, statement);
            }
            reading.Add(cmd);
        }
        foreach (var item in ReadRows(reader, read, e => Translate(e, statement), rows =>
        {
            reader.Dispose();
            reading.Remove(cmd);
            Release(cmd);
            Log.Add(statement.Text, statement.Parameters, rows, start);
        }))
            yield return item;
    }

    /// <summary>
    /// The rows of an open reader, each handed to <paramref name="read"/> while the reader is on it;
    /// <paramref name="end"/> gets the number of rows read when the stream ends, however it ends. The gate
    /// is held for one row at a time, never across a yield: a stream read by one thread must not block the
    /// others (ForEach-Object -Parallel downstream of Get-Post).
    /// </summary>
    private IEnumerable<T> ReadRows<T>(SqliteDataReader reader, Func<DbDataReader, T> read, Func<SqliteException, Exception> translate, Action<long> end)
    {
        long rows = 0;
        try
        {
            while (true)
            {
                T item;
                lock (gate)
                {
                    try
                    {
                        if (!reader.Read()) break;
                    }
                    catch (SqliteException e)
                    {
                        throw translate(e);
                    }
                    item = read(reader);
                }
                rows++;
                yield return item;
            }
        }
        finally
        {
            lock (gate) end(rows);
        }
    }

    /// <summary>
    /// Commands with a reader still open on them: a statement run while its own text is being read
    /// (<c>Get-Post | ForEach-Object { Get-Post }</c>, nested loops over one relation) gets a command of
    /// its own instead, since a command has one reader at a time.
    /// </summary>
    private readonly HashSet<SqliteCommand> reading = new(ReferenceEqualityComparer.Instance);

    /// <summary>Commands not in the cache that are disposed when their statement ends.</summary>
    private readonly HashSet<SqliteCommand> oneUse = new(ReferenceEqualityComparer.Instance);

    /// <summary>Disposes a command that was made for one use (the cached one was busy) or dropped from the cache while it read.</summary>
    private void Release(SqliteCommand cmd)
    {
        if (oneUse.Count > 0 && oneUse.Remove(cmd)) cmd.Dispose();
    }

    private SqliteCommand Prepare(SqlStatement statement)
    {
        EnsureOpen();
        // A loop runs one statement many times (links, N+1 reads): its text is the same string
        // instance each time, so the last command is found without hashing the text.
        var cmd = ReferenceEquals(statement.Text, lastText) ? lastCommand : null;
        if (cmd is null && !commands.TryGetValue(statement.Text, out cmd))
        {
            if (commands.Count >= MaxCachedCommands)
            {
                ForgetCommands();
            }
            cmd = NewCommand(statement);
            commands[statement.Text] = cmd;
        }
        if (reading.Count > 0 && reading.Contains(cmd))
        {
            cmd = NewCommand(statement);
            oneUse.Add(cmd);
        }
        else
        {
            lastText = statement.Text;
            lastCommand = cmd;
        }
        if (cmd.Parameters.Count != statement.Parameters.Count)
            throw new InvalidOperationException($"Statement expects {cmd.Parameters.Count} parameters, got {statement.Parameters.Count}: {statement.Text}");
        cmd.Transaction = transaction;
        for (var i = 0; i < statement.Parameters.Count; i++)
            cmd.Parameters[i].Value = statement.Parameters[i] ?? DBNull.Value;
        return cmd;
    }

    private SqliteCommand NewCommand(SqlStatement statement)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = statement.Text;
        for (var i = 0; i < statement.Parameters.Count; i++)
            cmd.Parameters.Add(new SqliteParameter(Dialect.ParameterName(i), null));
        return cmd;
    }

    private string? lastText;
    private SqliteCommand? lastCommand;

    private void ForgetCommands()
    {
        // A command with a reader open is disposed when its reader ends (Release), not under it.
        foreach (var c in commands.Values)
            if (reading.Contains(c)) oneUse.Add(c);
            else c.Dispose();
        commands.Clear();
        lastText = null;
        lastCommand = null;
        ForgetNativeStatements();
    }

    private static RelationsException Translate(SqliteException e, SqlStatement? statement)
    {
        // SQLITE_CONSTRAINT with its extended codes: 2067 UNIQUE, 1555 PRIMARY KEY, 787 FOREIGN KEY, 1299 NOT NULL.
        return e.SqliteExtendedErrorCode switch
        {
            2067 or 1555 => new DuplicateException(UniqueMessage(e.Message), statement?.Parameters.FirstOrDefault(), e),
            787 => new RelationsException("ForeignKeyViolation", ErrorKind.InvalidOperation,
                "A related object does not exist, or is still referenced (foreign key constraint failed).", null, e),
            1299 => new ValidationException("NullNotAllowed", e.Message.Replace("SQLite Error 19: ", "", StringComparison.Ordinal), null, e),
            _ when e.SqliteErrorCode is 5 or 6 => new RelationsException("DatabaseBusy", ErrorKind.ResourceBusy,
                "Another connection kept the database locked for longer than the lock wait (30 seconds), so this statement did not run and nothing of it was written. Try again when the other writer is done.", null, e),
            _ when e.SqliteErrorCode == 8 => ReadOnlyError(null),
            9 => new RelationsException("StatementInterrupted", ErrorKind.OperationStopped, "The statement was stopped (Ctrl+C or Stop) before it finished; what this call wrote is rolled back.", null, e),
            _ when e.Message.Contains(Dialects.Sqlite.SqliteFunctions.OutOfRangeMarker, StringComparison.Ordinal) => new ValidationException("ValueOutOfRange",
                e.Message[(e.Message.IndexOf(Dialects.Sqlite.SqliteFunctions.OutOfRangeMarker, StringComparison.Ordinal) + Dialects.Sqlite.SqliteFunctions.OutOfRangeMarker.Length)..].Trim().TrimEnd('\'', '.') + ".", null, e),
            _ when e.Message.Contains(Dialects.Sqlite.SqliteFunctions.MissingRowMarker, StringComparison.Ordinal) => new NotFoundException("A row the statement names does not exist."),
            _ when e.Message.Contains(Dialects.Sqlite.SqliteFunctions.RegexTimeoutMarker, StringComparison.Ordinal) => new RelationsException("RegexTimeout", ErrorKind.OperationTimeout,
                e.Message[(e.Message.IndexOf(Dialects.Sqlite.SqliteFunctions.RegexTimeoutMarker, StringComparison.Ordinal) + Dialects.Sqlite.SqliteFunctions.RegexTimeoutMarker.Length)..].Trim().TrimEnd('\'', '.') + ".", null, e),
            _ => new DatabaseException($"The database reported an error: {e.Message}", e),
        };
    }

    private static string UniqueMessage(string message)
    {
        // "SQLite Error 19: 'UNIQUE constraint failed: tag.name'."
        var at = message.IndexOf("failed: ", StringComparison.Ordinal);
        var cols = at < 0 ? "" : message[(at + 8)..].TrimEnd('.', '\'');
        return cols.Length == 0 ? "An object with the same unique value already exists." : $"An object with the same value already exists ({cols} must be unique).";
    }
}
