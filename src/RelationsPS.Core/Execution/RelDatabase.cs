using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Dialects;
using RelationsPS.Core.Dialects.Sqlite;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Execution;

/// <summary>
/// An open database with its models: the one place that owns the connection, runs statements
/// (prepared and reused), logs them, nests transactions as savepoints and turns provider errors
/// into <see cref="RelationsException"/>s.
/// </summary>
public sealed partial class RelDatabase : IDisposable
{
    private readonly DbConnection connection;
    private readonly ProviderBackend backend;
    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DbCommand> savepointCommands = new(StringComparer.Ordinal);
    private DbTransaction? transaction;
    private int depth;

    /// <summary>
    /// One thread at a time on the connection: each statement, each transaction or savepoint with its
    /// work, and each row step of a stream holds it (reentrant, so work inside a transaction runs).
    /// PowerShell hands rows to other threads (ForEach-Object -Parallel, thread jobs), and a row knows
    /// its database, so a connection is used from several threads; SQLite serialises its own calls,
    /// but the command cache and the transaction depth here are not safe to share unguarded.
    /// </summary>
    private readonly object gate = new();

    private RelDatabase(DbConnection connection, ProviderBackend backend, ModelSet models, string? path, string? displayName = null)
    {
        this.connection = connection;
        this.backend = backend;
        Models = models;
        Path = path;
        DisplayName = displayName ?? path ?? ":memory:";
    }

    /// <summary>The database product this connection talks to.</summary>
    public DatabaseProvider Provider => backend.Provider;

    /// <summary>
    /// What to show the user for this database: the file path for SQLite (":memory:" in memory); for
    /// PostgreSQL <c>postgresql://user@host:port/database</c>, never a password.
    /// </summary>
    public string DisplayName { get; }

    /// <summary>The models this database holds.</summary>
    public ModelSet Models { get; private set; }

    /// <summary>True when opened with <see cref="OpenOptions.ReadOnly"/> (SQLite <c>mode=ro</c>): every write fails with DatabaseReadOnly.</summary>
    public bool IsReadOnly { get; private init; }

    /// <summary>The file, or null for an in-memory database or a database server.</summary>
    public string? Path { get; }

    public bool IsInMemory => Path is null && Provider == DatabaseProvider.SQLite;

    public SqlDialect Dialect => backend.Dialect;

    /// <summary>Every statement run on this database.</summary>
    public QueryLog Log { get; } = new();

    public bool IsOpen => connection.State == System.Data.ConnectionState.Open;

    /// <summary>True while a transaction (or savepoint) is open.</summary>
    public bool IsInTransaction => depth > 0;

    /// <summary>
    /// How long a statement waits for another connection's write to end before it fails with
    /// DatabaseBusy. A cmdlet call's piped writes are one transaction, so a writer waits for another
    /// writer's whole call; half a minute covers an import of tens of thousands of rows.
    /// </summary>
    public static TimeSpan LockWait { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The pragmas every connection gets (WAL only for files).</summary>
    public static IReadOnlyList<string> Pragmas { get; } = ["journal_mode = WAL", "foreign_keys = ON", $"busy_timeout = {(int)LockWait.TotalMilliseconds}", "synchronous = NORMAL"];

    /// <summary>Opens (creating if needed) a database file and creates what the models need.</summary>
    public static RelDatabase Open(string path, ModelSet models) => Open(path, models, LockWait);

    /// <summary>Opens a database file as <paramref name="options"/> say (read-only, or refusing a database RelationsPS did not create).</summary>
    public static RelDatabase Open(string path, ModelSet? models, OpenOptions options)
    {
        if (options.ReadOnly) return OpenReadOnly(path, models);
        return Open(path, models ?? throw new ArgumentNullException(nameof(models)), LockWait, options.RefuseForeignTables);
    }

    /// <summary>As <see cref="Open(string, ModelSet)"/>, with another lock wait (specs that wait for a lock).</summary>
    internal static RelDatabase Open(string path, ModelSet models, TimeSpan lockWait, bool refuseForeignTables = false)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is not null) Directory.CreateDirectory(dir);
        // Microsoft.Data.Sqlite retries a busy statement for its own timeout on top of SQLite's busy
        // handler: both are the one LockWait, so a lock wait ends when README says it does.
        var cs = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = (int)Math.Ceiling(lockWait.TotalSeconds) }.ToString();
        return OpenConnection(cs, models, full, lockWait, refuseForeignTables);
    }

    /// <summary>Opens a new, empty in-memory database with the models' tables.</summary>
    public static RelDatabase OpenInMemory(ModelSet models) =>
        OpenConnection(new SqliteConnectionStringBuilder { DataSource = ":memory:", Pooling = false }.ToString(), models, null, LockWait);

    private static RelDatabase OpenConnection(string connectionString, ModelSet models, string? path, TimeSpan lockWait, bool refuseForeignTables = false)
    {
        var conn = new SqliteConnection(connectionString);
        var backend = SqliteBackend.Instance;
        try
        {
            conn.Open();
        }
        catch (SqliteException e)
        {
            conn.Dispose();
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot open the database '{path}': {e.Message}", path, e);
        }
        var db = new RelDatabase(conn, backend, models, path);
        try
        {
            SqliteFunctions.Register(conn);
            db.RegisterUpsertMark();
            db.Pragma("foreign_keys = ON");
            db.Pragma($"busy_timeout = {(int)lockWait.TotalMilliseconds}");
            db.Synchronize(models, refuseForeignTables);
            if (path is not null)
            {
                db.Pragma("journal_mode = WAL");
                db.Pragma("synchronous = NORMAL");
            }
            return db;
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot use the database '{path ?? ":memory:"}': {e.Message}", path, e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Compares the models with the database and creates what is missing, inside one write transaction
    /// (BEGIN IMMEDIATE): processes opening a new file at once take turns, and each after the first finds
    /// the tables there and creates nothing. A contradicting schema is refused before anything is
    /// written, and the transaction is rolled back, so the file is left as it was. The transaction is
    /// begun with a plain statement, so the introspector's own commands run inside it.
    /// </summary>
    private void Synchronize(ModelSet models, bool refuseForeignTables)
    {
        transaction = backend.BeginSchema(connection);
        try
        {
            var existing = backend.Introspect(connection);
            var planned = SchemaPlanner.Plan(models);
            if (refuseForeignTables) RefuseForeignTables(planned, existing);
            var statements = SchemaSynchronizer.Statements(Dialect, planned, existing);
            foreach (var s in statements) Execute(new SqlStatement(s, []));
            backend.EndSchema(connection, transaction, commit: true);
        }
        catch
        {
            backend.EndSchema(connection, transaction, commit: false);
            throw;
        }
        finally
        {
            transaction?.Dispose();
            DisposeTransaction();
        }
    }

    private void Pragma(string pragma) => SqliteBackend.Pragma(connection, pragma);

    /// <summary>Runs <paramref name="work"/> atomically: a transaction, or a savepoint inside one (Django's atomic).</summary>
    public T InTransaction<T>(Func<T> work)
    {
        lock (gate)
        {
            EnsureOpen();
            var savepoint = depth == 0 ? null : SavepointName(depth);
            if (savepoint is null) Begin();
            else RawExecute("SAVEPOINT " + savepoint);
            depth++;
            T result;
            try
            {
                result = work();
            }
            catch
            {
                depth--;
                if (savepoint is null) Rollback();
                else if (TransactionIsLive)
                {
                    RawExecute("ROLLBACK TO SAVEPOINT " + savepoint);
                    RawExecute("RELEASE SAVEPOINT " + savepoint);
                }
                // Else the database already ended the whole transaction (a full disk, a closed connection):
                // there is no savepoint to undo, and the error that ended it is the one to report.
                throw;
            }
            // Outside the try: a failing COMMIT (a deferred foreign key, e.g. OnDelete DoNothing) must not
            // decrement depth a second time; Commit disposes the transaction, which rolls it back.
            depth--;
            if (savepoint is null) Commit();
            else RawExecute("RELEASE SAVEPOINT " + savepoint);
            return result;
        }
    }

    private static readonly string[] SavepointNames = Enumerable.Range(0, 16).Select(i => "rel_sp" + i).ToArray();

    private static string SavepointName(int depth) => depth < SavepointNames.Length ? SavepointNames[depth] : "rel_sp" + depth;

    public void InTransaction(Action work) => InTransaction<object?>(() =>
    {
        work();
        return null;
    });

    /// <summary>
    /// Whether the connection is open and inside a transaction. SQLite ends a transaction by itself on
    /// some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM), and Disconnect-RelDatabase inside
    /// Use-RelTransaction closes the connection under it.
    /// </summary>
    private bool TransactionIsLive => IsOpen && backend.TransactionIsLive(connection, transaction);

    /// <summary>Begins the write transaction (BEGIN IMMEDIATE: waits for other writers up to the lock wait).</summary>
    private void Begin()
    {
        try
        {
            transaction = backend.Begin(connection, IsReadOnly);
        }
        catch (DbException e)
        {
            throw Translate(e, null);
        }
    }

    private void Commit()
    {
        try
        {
            // Committing what is gone would fail with "This SqliteTransaction has completed".
            if (!TransactionIsLive) throw TransactionAborted();
            transaction!.Commit();
        }
        catch (DbException e)
        {
            throw Translate(e, null);
        }
        finally
        {
            DisposeTransaction();
        }
    }

    private void Rollback()
    {
        try
        {
            if (TransactionIsLive) transaction?.Rollback();
        }
        finally
        {
            DisposeTransaction();
        }
    }

    private void DisposeTransaction()
    {
        transaction?.Dispose();
        transaction = null;
        foreach (var c in commands.Values) c.Transaction = null;
        foreach (var c in savepointCommands.Values) c.Transaction = null;
    }

    /// <summary>
    /// Runs a savepoint statement (not logged). The few texts (SAVEPOINT/RELEASE/ROLLBACK TO per depth)
    /// are prepared once and reused: a new command per call cost more than the link insert it guards.
    /// </summary>
    private void RawExecute(string sql)
    {
        if (!savepointCommands.TryGetValue(sql, out var cmd))
        {
            cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            savepointCommands[sql] = cmd;
        }
        cmd.Transaction = transaction;
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Forgets what the server prepared for this connection (after a schema change, or a migration that failed:
    /// statements it prepared may be gone with its transaction), the savepoint commands too: a reused command
    /// would still name a statement the server no longer has.
    /// </summary>
    private void ForgetPrepared()
    {
        backend.ForgetPrepared(connection);
        foreach (var c in savepointCommands.Values) c.Dispose();
        savepointCommands.Clear();
    }

    private void EnsureOpen()
    {
        if (!IsOpen) throw new InvalidOperationRelException("DatabaseClosed", $"The database '{DisplayName}' is closed.");
        // After SQLite ended the transaction on its own (a full disk), every statement of it would fail with
        // Microsoft.Data.Sqlite's "This SqliteTransaction has completed": say what happened instead.
        if (transaction is not null && !backend.TransactionIsLive(connection, transaction)) throw TransactionAborted();
        DrainStreams();
    }

    private RelationsException TransactionAborted() => new("TransactionAborted", ErrorKind.InvalidOperation, IsOpen
        ? "The database ended the transaction after an error inside it (a full disk, say): nothing it wrote was saved."
        : "The connection was closed (Disconnect-RelDatabase) before the transaction ended: nothing it wrote was saved.");

    public void Dispose()
    {
        lock (gate) DisposeConnection();
    }

    private void DisposeConnection()
    {
        ForgetCommands();
        foreach (var c in savepointCommands.Values) c.Dispose();
        savepointCommands.Clear();
        transaction?.Dispose();
        connection.Dispose();
    }

    public override string ToString() => DisplayName;
}
