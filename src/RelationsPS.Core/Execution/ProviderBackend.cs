using System.Data.Common;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Dialects;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Execution;

/// <summary>The database products RelationsPS runs on.</summary>
public enum DatabaseProvider
{
    SQLite,
    PostgreSQL,
}

/// <summary>
/// What the executor needs from a provider beyond ADO.NET's common types: parameters and their binding,
/// the id of an inserted row, transactions, the catalog, error translation and interruption. One
/// instance per connection (a provider may keep per-connection state, such as the running command).
/// The SQL text comes from the <see cref="Dialect"/>; this class never builds a query.
/// </summary>
internal abstract class ProviderBackend
{
    public abstract DatabaseProvider Provider { get; }

    public abstract SqlDialect Dialect { get; }

    /// <summary>Whether the connection runs one statement at a time, so an open reader must be read to its end before another statement runs.</summary>
    public virtual bool OneReaderAtATime => false;

    /// <summary>A parameter named <paramref name="name"/> for a command of this provider.</summary>
    public abstract DbParameter NewParameter(string name);

    /// <summary>Sets a parameter to an engine value (long, double, text, bytes, null; a dialect's id list).</summary>
    public virtual void Bind(DbParameter parameter, object? value) => parameter.Value = value ?? DBNull.Value;

    /// <summary>Drops what the server prepared for this connection's statements (their tables may have changed).</summary>
    public virtual void ForgetPrepared(DbConnection connection) { }

    /// <summary>The reader the materialiser sees (a provider may convert its native types to the engine's forms).</summary>
    public virtual DbDataReader Wrap(DbDataReader reader) => reader;

    /// <summary>Runs an INSERT of one row (as <see cref="SqlDialect.ReturningId"/> wrote it) and returns the row's id.</summary>
    public abstract long ExecuteInsert(DbCommand command, out int rows);

    /// <summary>Runs a multi-row INSERT of <paramref name="count"/> rows and returns their ids, in the order of the rows.</summary>
    public abstract long[] ExecuteInsertMany(DbCommand command, int count);

    /// <summary>
    /// The fewest rows for which a bulk create writes through <see cref="BulkLoad"/> instead of INSERTs of one
    /// row each, or of rows with ManyToMany values (a link statement per row) (<see cref="int.MaxValue"/>: the
    /// provider has no bulk load).
    /// </summary>
    public virtual int BulkLoadRows => int.MaxValue;

    /// <summary>The same against multi-row INSERTs of rows without ManyToMany values (BulkCreate).</summary>
    public virtual int BulkLoadRowsOverBatchedInserts => int.MaxValue;

    /// <summary>
    /// Whether <see cref="BulkLoad"/> stores <paramref name="value"/> (not null, as the codec normalises it) in a
    /// column of <paramref name="type"/> exactly as an INSERT would; a bulk create with a value that it does
    /// not goes the INSERT way.
    /// </summary>
    public virtual bool BulkLoads(Metadata.FieldType type, object value) => true;

    /// <summary>
    /// Runs the bulk load <paramref name="command"/> (<see cref="SqlDialect.BulkLoad"/>) in the connection's
    /// transaction and streams <paramref name="rows"/> rows to it, the value of row r, column c being
    /// <paramref name="value"/>(r, c) in the codec's normalised form (Json as its text) for a column of
    /// <paramref name="columns"/>[c]'s type. Returns the rows written; a database error is a
    /// <see cref="DbException"/>, and <paramref name="interrupted"/> turning true stops the load with an
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public virtual long BulkLoad(DbConnection connection, string command, IReadOnlyList<Metadata.FieldType> columns, int rows, Func<int, int, object?> value, Func<bool> interrupted) =>
        throw new NotSupportedException($"{Provider} has no bulk load.");

    /// <summary>The row (from 0) of a bulk load that <paramref name="error"/> is about, when the provider says.</summary>
    public virtual int? BulkLoadFailedRow(DbException error) => null;

    /// <summary>A provider error as the engine's exception (the same ErrorIds on every provider).</summary>
    public abstract RelationsException Translate(DbException error, SqlStatement? statement);

    /// <summary>Whether the connection is still inside the transaction the executor began.</summary>
    public abstract bool TransactionIsLive(DbConnection connection, DbTransaction? transaction);

    /// <summary>Begins the write transaction (a read-only connection's may be deferred).</summary>
    public abstract DbTransaction Begin(DbConnection connection, bool readOnly);

    /// <summary>Reads the tables, columns, unique sets, foreign keys and indexes of the database.</summary>
    public abstract ExistingSchema Introspect(DbConnection connection);

    /// <summary>Whether a table of that name exists (the migrations history).</summary>
    public abstract bool TableExists(DbConnection connection, string table);

    /// <summary>Stops the statement running on the connection (<paramref name="running"/>, when known), from any thread.</summary>
    public abstract void Interrupt(DbConnection connection, DbCommand? running);

    /// <summary>Whether <paramref name="sql"/> is one statement that writes nothing (refusing text with more than one).</summary>
    public abstract bool IsReadOnlySql(DbConnection connection, string sql);

    /// <summary>Checks the foreign keys after a schema change (within its transaction); each problem as a sentence.</summary>
    public abstract IReadOnlyList<string> ForeignKeyProblems(RelDatabase db);

    /// <summary>Around a schema migration: SQLite switches foreign keys off (a rebuild drops and renames tables).</summary>
    public virtual void BeforeMigration(DbConnection connection) { }

    public virtual void AfterMigration(DbConnection connection) { }

    /// <summary>
    /// Inside a migration's transaction, before it plans again: makes migrations of one database from
    /// several connections take turns (PostgreSQL's advisory lock); SQLite's BEGIN IMMEDIATE already has.
    /// </summary>
    public virtual void LockForMigration(RelDatabase db) { }

    /// <summary>
    /// Begins the transaction that compares and creates the schema, holding the lock that makes processes
    /// opening one new database at once take turns; null when the provider's transaction is a plain
    /// statement (SQLite's BEGIN IMMEDIATE, so the catalog's own commands run inside it).
    /// </summary>
    public abstract DbTransaction? BeginSchema(DbConnection connection);

    public abstract void EndSchema(DbConnection connection, DbTransaction? transaction, bool commit);

    /// <summary>The message of a provider error without the provider's prefix, for RawSqlFailed.</summary>
    public virtual string PlainMessage(DbException error) => error.Message;
}
