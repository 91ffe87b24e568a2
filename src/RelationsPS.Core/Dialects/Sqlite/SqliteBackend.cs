using System.Data.Common;
using Microsoft.Data.Sqlite;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Schema;
using SQLitePCL;

namespace RelationsPS.Core.Dialects.Sqlite;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite: the id of an insert from the connection (no RETURNING, see
/// <see cref="ExecuteInsert"/>), the write lock of BEGIN IMMEDIATE, the catalog from sqlite_master and
/// pragmas, extended result codes for errors.
/// </summary>
internal sealed class SqliteBackend : ProviderBackend
{
    public static readonly SqliteBackend Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.SQLite;

    public override SqlDialect Dialect => SqliteDialect.Instance;

    public override DbParameter NewParameter(string name) => new SqliteParameter(name, null);

    /// <summary>
    /// The id from the connection (the last inserted rowid) instead of a RETURNING clause: SQLite runs
    /// INSERT ... RETURNING with a statement journal, and inside a savepoint (CreateMany within a caller's
    /// transaction) that journal keeps every statement's pages until the savepoint ends (an import of
    /// 30,000 posts took a quarter to a half longer writing it).
    /// </summary>
    public override long ExecuteInsert(DbCommand command, out int rows)
    {
        rows = command.ExecuteNonQuery();
        return raw.sqlite3_last_insert_rowid(((SqliteConnection)command.Connection!).Handle);
    }

    /// <summary>
    /// The ids of one statement's rows are consecutive, ending at the last inserted rowid: the statement
    /// holds the write lock, and each row's id is the largest id plus one.
    /// </summary>
    public override long[] ExecuteInsertMany(DbCommand command, int count)
    {
        var last = ExecuteInsert(command, out _);
        var ids = new long[count];
        for (var r = 0; r < count; r++) ids[r] = last - count + 1 + r;
        return ids;
    }

    public override bool TransactionIsLive(DbConnection connection, DbTransaction? transaction) =>
        connection.State == System.Data.ConnectionState.Open && raw.sqlite3_get_autocommit(((SqliteConnection)connection).Handle) == 0;

    /// <summary>BEGIN IMMEDIATE (waits for other writers up to the lock wait); deferred when read-only.</summary>
    public override DbTransaction Begin(DbConnection connection, bool readOnly) => ((SqliteConnection)connection).BeginTransaction(deferred: readOnly);

    public override ExistingSchema Introspect(DbConnection connection) => SqliteIntrospector.Read(connection);

    public override bool TableExists(DbConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @t";
        cmd.Parameters.Add(new SqliteParameter("@t", table));
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public override void Interrupt(DbConnection connection, DbCommand? running)
    {
        if (connection.State == System.Data.ConnectionState.Open) raw.sqlite3_interrupt(((SqliteConnection)connection).Handle);
    }

    /// <summary>
    /// SQLite's own verdict (<c>sqlite3_stmt_readonly</c>) on the first statement; text after it is
    /// refused, and so is text SQLite cannot read.
    /// </summary>
    public override bool IsReadOnlySql(DbConnection connection, string sql)
    {
        var handle = ((SqliteConnection)connection).Handle;
        var rc = raw.sqlite3_prepare_v3(handle, sql, 0, out var stmt, out var tail);
        try
        {
            if (rc != raw.SQLITE_OK) throw NativeError(handle!, rc);
            if (stmt is null || stmt.IsInvalid)
                throw new RelationsException("RawSqlEmpty", ErrorKind.InvalidArgument, "The query has no statement.", sql);
            if (!string.IsNullOrWhiteSpace(tail) && !tail.Trim().Trim(';').Trim().StartsWith("--", StringComparison.Ordinal) && tail.Trim().Trim(';').Trim().Length > 0)
                throw new RelationsException("RawSqlMultipleStatements", ErrorKind.InvalidArgument,
                    $"Run one statement at a time; this text goes on after the first one: '{tail.Trim()}'.", sql);
            return raw.sqlite3_stmt_readonly(stmt) != 0;
        }
        finally
        {
            stmt?.Dispose();
        }
    }

    /// <summary>The connection's last error as Microsoft.Data.Sqlite reports one, for <see cref="Translate"/>.</summary>
    public static SqliteException NativeError(sqlite3? handle, int rc) =>
        new($"SQLite Error {rc}: '{raw.sqlite3_errmsg(handle).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(handle));

    public override IReadOnlyList<string> ForeignKeyProblems(RelDatabase db) =>
        db.Query(new SqlStatement("PRAGMA foreign_key_check", []), r => $"{r.GetString(0)} row {r.GetValue(1)} references a missing row of {r.GetString(2)}").Take(5).ToList();

    // Foreign keys are off during a rebuild (a dropped and renamed table would otherwise cascade); the
    // pragma cannot change inside a transaction, so it is set around it.
    public override void BeforeMigration(DbConnection connection) => Pragma(connection, "foreign_keys = OFF");

    public override void AfterMigration(DbConnection connection) => Pragma(connection, "foreign_keys = ON");

    public static void Pragma(DbConnection connection, string pragma)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA " + pragma;
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// BEGIN IMMEDIATE as a plain statement, so the introspector's own commands run inside it: processes
    /// opening a new file at once take turns, and each after the first finds the tables there.
    /// </summary>
    public override DbTransaction? BeginSchema(DbConnection connection)
    {
        Run(connection, "BEGIN IMMEDIATE");
        return null;
    }

    public override void EndSchema(DbConnection connection, DbTransaction? transaction, bool commit)
    {
        if (commit) Run(connection, "COMMIT");
        else if (TransactionIsLive(connection, null)) Run(connection, "ROLLBACK");
    }

    private static void Run(DbConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public override string PlainMessage(DbException error) => error.Message.Replace("SQLite Error 1: ", "", StringComparison.Ordinal);

    public override RelationsException Translate(DbException error, SqlStatement? statement)
    {
        if (error is not SqliteException e) return new DatabaseException($"The database reported an error: {error.Message}", error);
        // SQLITE_CONSTRAINT with its extended codes: 2067 UNIQUE, 1555 PRIMARY KEY, 787 FOREIGN KEY, 1299 NOT NULL.
        return e.SqliteExtendedErrorCode switch
        {
            2067 or 1555 => new DuplicateException(Errors.ProviderErrors.UniqueMessage(UniqueColumns(e.Message)), statement?.Parameters.FirstOrDefault(), e),
            787 => Errors.ProviderErrors.ForeignKey(e),
            1299 => new ValidationException("NullNotAllowed", e.Message.Replace("SQLite Error 19: ", "", StringComparison.Ordinal), null, e),
            _ when e.SqliteErrorCode is 5 or 6 => Errors.ProviderErrors.Busy(e),
            _ when e.SqliteErrorCode == 8 => Errors.ProviderErrors.ReadOnly(null),
            9 => Errors.ProviderErrors.Interrupted(e),
            _ when e.Message.Contains(SqliteFunctions.OutOfRangeMarker, StringComparison.Ordinal) => new ValidationException("ValueOutOfRange",
                e.Message[(e.Message.IndexOf(SqliteFunctions.OutOfRangeMarker, StringComparison.Ordinal) + SqliteFunctions.OutOfRangeMarker.Length)..].Trim().TrimEnd('\'', '.') + ".", null, e),
            _ when e.Message.Contains(SqliteFunctions.RegexTimeoutMarker, StringComparison.Ordinal) => new RelationsException("RegexTimeout", ErrorKind.OperationTimeout,
                e.Message[(e.Message.IndexOf(SqliteFunctions.RegexTimeoutMarker, StringComparison.Ordinal) + SqliteFunctions.RegexTimeoutMarker.Length)..].Trim().TrimEnd('\'', '.') + ".", null, e),
            _ => new DatabaseException($"The database reported an error: {e.Message}", e),
        };
    }

    /// <summary>"SQLite Error 19: 'UNIQUE constraint failed: tag.name'." -> "tag.name".</summary>
    private static string UniqueColumns(string message)
    {
        var at = message.IndexOf("failed: ", StringComparison.Ordinal);
        return at < 0 ? "" : message[(at + 8)..].TrimEnd('.', '\'');
    }
}
