using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Dialects.PostgreSql;

/// <summary>
/// PostgreSQL through Npgsql. Values are bound as the engine stores them (text, whole numbers, ...) but
/// sent with no declared type, so the server reads each as the type of where it stands (a timestamp
/// column, a boolean, a numeric): the codec stays one for both databases, and PostgreSQL checks every
/// value against the column's type. Errors are translated by SQLSTATE to the same ErrorIds as SQLite's.
/// </summary>
internal sealed partial class PostgreSqlBackend : ProviderBackend
{
    public static readonly PostgreSqlBackend Instance = new();

    /// <summary>The advisory lock key that makes processes creating one database's schema take turns ("RelPS").</summary>
    private const long SchemaLockKey = 0x52656c5053;

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;

    // Auto-prepared statements live on the server per connection, keyed by their text: after a schema
    // change the same text may read a rebuilt table whose columns changed type.
    public override void ForgetPrepared(DbConnection connection)
    {
        if (connection.State == System.Data.ConnectionState.Open) ((NpgsqlConnection)connection).UnprepareAll();
    }

    public override SqlDialect Dialect => PostgreSqlDialect.Instance;

    public override bool OneReaderAtATime => true;

    public override DbParameter NewParameter(string name) => new NpgsqlParameter { ParameterName = name };

    public override void Bind(DbParameter parameter, object? value)
    {
        var p = (NpgsqlParameter)parameter;
        switch (value)
        {
            case null or DBNull:
                p.NpgsqlDbType = NpgsqlDbType.Unknown;
                p.Value = DBNull.Value;
                break;
            case string s:
                p.NpgsqlDbType = NpgsqlDbType.Unknown;
                p.Value = s;
                break;
            // Whole numbers untyped too: the engine writes Booleans as 1/0, which a boolean column reads as true/false.
            case long or int or short or byte:
                p.NpgsqlDbType = NpgsqlDbType.Unknown;
                p.Value = Convert.ToString(value, CultureInfo.InvariantCulture);
                break;
            case UntypedText t:
                p.NpgsqlDbType = NpgsqlDbType.Unknown;
                p.Value = t.Text;
                break;
            case double d:
                p.NpgsqlDbType = NpgsqlDbType.Double;
                p.Value = d;
                break;
            case float f:
                p.NpgsqlDbType = NpgsqlDbType.Double;
                p.Value = (double)f;
                break;
            case decimal m:
                p.NpgsqlDbType = NpgsqlDbType.Numeric;
                p.Value = m;
                break;
            case byte[] bytes:
                p.NpgsqlDbType = NpgsqlDbType.Bytea;
                p.Value = bytes;
                break;
            case long[] ids:
                p.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint;
                p.Value = ids;
                break;
            case bool b:
                p.NpgsqlDbType = NpgsqlDbType.Unknown;
                p.Value = b ? "1" : "0";
                break;
            default:
                p.NpgsqlDbType = NpgsqlDbType.Unknown;
                p.Value = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                break;
        }
    }

    public override DbDataReader Wrap(DbDataReader reader) => new PostgreSqlReader(reader);

    public override long ExecuteInsert(DbCommand command, out int rows)
    {
        var id = command.ExecuteScalar();
        rows = 1;
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    /// <summary>The ids from RETURNING, which lists the rows in the order of VALUES.</summary>
    public override long[] ExecuteInsertMany(DbCommand command, int count)
    {
        var ids = new long[count];
        using var r = command.ExecuteReader();
        var n = 0;
        while (r.Read()) ids[n++] = r.GetInt64(0);
        return ids;
    }

    public override bool TransactionIsLive(DbConnection connection, DbTransaction? transaction) =>
        connection.State == System.Data.ConnectionState.Open && transaction?.Connection is not null;

    public override DbTransaction Begin(DbConnection connection, bool readOnly) => connection.BeginTransaction();

    public override ExistingSchema Introspect(DbConnection connection) => PostgreSqlIntrospector.Read(connection);

    public override bool TableExists(DbConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname = @t";
        cmd.Parameters.Add(new NpgsqlParameter("t", table));
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>A cancel request for the running command (PostgreSQL stops it with SQLSTATE 57014).</summary>
    public override void Interrupt(DbConnection connection, DbCommand? running)
    {
        try
        {
            running?.Cancel();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The statement ended meanwhile: nothing to stop.
        }
    }

    /// <summary>
    /// PostgreSQL prepares no statement without running it, so the verdict is read from the text: one
    /// statement (a semicolon outside quotes and comments ends it), read-only when it begins with SELECT,
    /// VALUES, TABLE, SHOW or EXPLAIN without ANALYZE, or WITH without a data-changing verb, and takes no
    /// row lock (FOR UPDATE/SHARE).
    /// </summary>
    public override bool IsReadOnlySql(DbConnection connection, string sql) => RawSqlText.IsReadOnly(sql);

    public override IReadOnlyList<string> ForeignKeyProblems(RelDatabase db)
    {
        try
        {
            // Foreign keys are deferred: checking them now is the check of the rows the migration wrote.
            db.SqlExecute("SET CONSTRAINTS ALL IMMEDIATE");
            db.SqlExecute("SET CONSTRAINTS ALL DEFERRED");
            // A foreign key the migration added to a table holding rows was added NOT VALID (a transform may
            // have filled the column since): validating it checks every row, as SQLite's foreign_key_check.
            var tables = db.Models.Models.Select(m => m.Table).Concat(db.Models.AutoJoinRelations.Select(r => r.JoinTable!)).ToArray();
            var pending = db.Query(new SqlStatement(
                "SELECT c.relname, k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
                $"WHERE k.contype = 'f' AND NOT k.convalidated AND n.nspname = current_schema() AND {Dialect.InList("c.relname", Dialect.Parameter(0))} ORDER BY c.relname, k.conname",
                [Dialect.ListParameter(tables)]), r => (r.GetString(0), r.GetString(1))).ToList();
            foreach (var (table, constraint) in pending)
                db.SqlExecute($"ALTER TABLE {Dialect.Quote(table)} VALIDATE CONSTRAINT {Dialect.Quote(constraint)}");
            return [];
        }
        catch (RelationsException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } pg)
        {
            return [pg.MessageText + (pg.Detail is { Length: > 0 } d ? " " + d : "")];
        }
    }

    public override void LockForMigration(RelDatabase db) => db.SqlExecute($"SELECT pg_advisory_xact_lock({SchemaLockKey})");

    public override DbTransaction? BeginSchema(DbConnection connection)
    {
        var transaction = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT pg_advisory_xact_lock({SchemaLockKey})";
        cmd.ExecuteNonQuery();
        return transaction;
    }

    public override void EndSchema(DbConnection connection, DbTransaction? transaction, bool commit)
    {
        if (transaction?.Connection is null) return;
        if (commit) transaction.Commit();
        else transaction.Rollback();
    }

    public override string PlainMessage(DbException error) => error is PostgresException pg ? pg.MessageText : error.Message;

    public override RelationsException Translate(DbException error, SqlStatement? statement)
    {
        if (error is not PostgresException e)
            return new DatabaseException($"The database reported an error: {error.Message}", error);
        return e.SqlState switch
        {
            PostgresErrorCodes.UniqueViolation => new DuplicateException(ProviderErrors.UniqueMessage(UniqueColumns(e)), statement?.Parameters.FirstOrDefault(), e),
            PostgresErrorCodes.ForeignKeyViolation => ProviderErrors.ForeignKey(e),
            PostgresErrorCodes.NotNullViolation => new ValidationException("NullNotAllowed", $"NOT NULL constraint failed: {e.TableName}.{e.ColumnName}", null, e),
            PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.SerializationFailure => ProviderErrors.Busy(e),
            PostgresErrorCodes.QueryCanceled => ProviderErrors.Interrupted(e),
            PostgresErrorCodes.ReadOnlySqlTransaction => ProviderErrors.ReadOnly(null),
            PostgresErrorCodes.NumericValueOutOfRange => new ValidationException("ValueOutOfRange", $"A value does not fit its column: {e.MessageText}.", null, e),
            _ => new DatabaseException($"The database reported an error: {e.MessageText}", e),
        };
    }

    /// <summary>"Key (name)=(python) already exists." of table tag -> "tag.name" (as SQLite names them).</summary>
    private static string UniqueColumns(PostgresException e)
    {
        var detail = e.Detail ?? "";
        var open = detail.IndexOf("Key (", StringComparison.Ordinal);
        var close = open < 0 ? -1 : detail.IndexOf(")=", open, StringComparison.Ordinal);
        if (open < 0 || close < 0) return "";
        return string.Join(", ", detail[(open + 5)..close].Split(", ").Select(c => $"{e.TableName}.{c.Trim('"')}"));
    }
}
