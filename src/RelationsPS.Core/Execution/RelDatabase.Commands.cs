using System.Data.Common;
using System.Diagnostics;
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

    /// <summary>Runs an INSERT of one row (its text from <see cref="Dialects.SqlDialect.ReturningId"/>) and returns the row's id, as the provider reads it.</summary>
    internal long Insert(SqlStatement statement) => Run(statement, static (db, cmd) =>
    {
        var id = db.backend.ExecuteInsert(cmd, out var rows);
        return (id, rows);
    });

    /// <summary>Runs a multi-row INSERT of <paramref name="count"/> rows and returns their ids in row order.</summary>
    internal long[] InsertMany(SqlStatement statement, int count) => Run(statement, (db, cmd) => (db.backend.ExecuteInsertMany(cmd, count), (long)count));

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
    private T Run<T>(SqlStatement statement, Func<RelDatabase, DbCommand, (T Result, long Rows)> execute)
    {
        lock (gate)
        {
            var cmd = Prepare(statement);
            var start = Stopwatch.GetTimestamp();
            running = cmd;
            try
            {
                var (result, rows) = execute(this, cmd);
                Log.Add(statement.Text, statement.Parameters, rows, start);
                return result;
            }
            catch (DbException e)
            {
                throw Translate(e, statement);
            }
            catch (OperationCanceledException e) when (e.InnerException is DbException cancelled)
            {
                // Npgsql reports a statement stopped by Interrupt as a cancellation around the server's error.
                throw Translate(cancelled, statement);
            }
            finally
            {
                running = null;
                Release(cmd);
            }
        }
    }

    /// <summary>
    /// Streams rows: each is handed to <paramref name="read"/> while the reader is on it, so nothing
    /// is buffered. The statement is logged when the stream ends, with the number of rows read.
    /// </summary>
    public IEnumerable<T> Query<T>(SqlStatement statement, Func<DbDataReader, T> read) => new StatementRows<T>(this, statement, read);

    /// <summary>The rows of <see cref="Query{T}"/>: a cached command, released and logged when the stream ends.</summary>
    private sealed class StatementRows<T>(RelDatabase db, SqlStatement statement, Func<DbDataReader, T> read) : RowStream<T>(db, read)
    {
        private DbCommand? cmd;
        private long start;

        protected override DbDataReader Open()
        {
            var command = Db.Prepare(statement);
            start = Stopwatch.GetTimestamp();
            DbDataReader reader;
            try
            {
                reader = Db.backend.Wrap(command.ExecuteReader());
            }
            catch (DbException e)
            {
                Db.Release(command);
                throw Db.Translate(e, statement);
            }
            catch (OperationCanceledException e) when (e.InnerException is DbException cancelled)
            {
                Db.Release(command);
                throw Db.Translate(cancelled, statement);
            }
            Db.reading.Add(command);
            Db.running = command;
            cmd = command;
            return reader;
        }

        protected override Exception Translate(DbException e) => Db.Translate(e, statement);

        protected override void End(DbDataReader reader, long rowsRead)
        {
            reader.Dispose();
            Db.reading.Remove(cmd!);
            if (ReferenceEquals(Db.running, cmd)) Db.running = null;
            Db.Release(cmd!);
            Db.Log.Add(statement.Text, statement.Parameters, rowsRead, start);
        }

        protected override RowStream<T> Again() => new StatementRows<T>(Db, statement, Read);
    }

    /// <summary>
    /// Streams whose reader is open, on a provider with one reader per connection at a time (Npgsql):
    /// before another statement runs, they read their remaining rows into memory (<see cref="DrainStreams"/>),
    /// so a statement run while rows are read (<c>Get-Post | Set-Post</c>, prefetching as rows stream)
    /// finds the connection free. SQLite's connection runs statements beside an open reader, so nothing is
    /// read ahead there.
    /// </summary>
    private readonly List<IOpenStream> streams = [];

    private interface IOpenStream
    {
        void Drain();
    }

    private sealed class OpenStream<T>(DbDataReader reader, Func<DbDataReader, T> read, Func<DbException, Exception> translate) : IOpenStream
    {
        /// <summary>The rows not yet handed out, once drained.</summary>
        public Queue<T>? Rest { get; private set; }

        public void Drain()
        {
            if (Rest is not null) return;
            var rest = new Queue<T>();
            try
            {
                while (reader.Read()) rest.Enqueue(read(reader));
            }
            catch (DbException e)
            {
                throw translate(e);
            }
            // Closed, not disposed: the stream's end still reads RecordsAffected.
            reader.Close();
            Rest = rest;
        }
    }

    /// <summary>Reads the open streams' remaining rows into memory, so the connection is free for another statement.</summary>
    private void DrainStreams()
    {
        if (streams.Count == 0) return;
        foreach (var s in streams.ToList()) s.Drain();
    }

    /// <summary>
    /// Commands with a reader still open on them: a statement run while its own text is being read
    /// (<c>Get-Post | ForEach-Object { Get-Post }</c>, nested loops over one relation) gets a command of
    /// its own instead, since a command has one reader at a time.
    /// </summary>
    private readonly HashSet<DbCommand> reading = new(ReferenceEqualityComparer.Instance);

    /// <summary>Commands not in the cache that are disposed when their statement ends.</summary>
    private readonly HashSet<DbCommand> oneUse = new(ReferenceEqualityComparer.Instance);

    /// <summary>Disposes a command that was made for one use (the cached one was busy) or dropped from the cache while it read.</summary>
    private void Release(DbCommand cmd)
    {
        if (oneUse.Count > 0 && oneUse.Remove(cmd)) cmd.Dispose();
    }

    private DbCommand Prepare(SqlStatement statement)
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
            backend.Bind(cmd.Parameters[i], statement.Parameters[i]);
        return cmd;
    }

    private DbCommand NewCommand(SqlStatement statement)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = statement.Text;
        for (var i = 0; i < statement.Parameters.Count; i++)
            cmd.Parameters.Add(backend.NewParameter(Dialect.ParameterName(i)));
        return cmd;
    }

    private string? lastText;
    private DbCommand? lastCommand;

    /// <summary>The command running now (a provider that stops a statement by its command cancels this one).</summary>
    private volatile DbCommand? running;

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

    private RelationsException Translate(DbException e, SqlStatement? statement) => backend.Translate(e, statement);
}
