using System.Text;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Dialects;

/// <summary>
/// What differs between databases: quoting, column types, DDL, pattern matching and limits.
/// The compiler builds SQL through these members only, so a dialect (PostgreSQL) is a subclass,
/// not a change to the query tree.
/// </summary>
public abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>Quotes an identifier that comes from the schema.</summary>
    public string Quote(string identifier)
    {
        // Identifiers come from the schema, a small set, and every query quotes its columns again.
        if (quoted.TryGetValue(identifier, out var q)) return q;
        q = QuoteOnce(identifier);
        if (quoted.Count < MaxQuoted) quoted.TryAdd(identifier, q);
        return q;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> quoted = new(StringComparer.Ordinal);
    private const int MaxQuoted = 4096;

    /// <summary>How this database quotes an identifier (<see cref="Quote"/> keeps what it returns).</summary>
    protected virtual string QuoteOnce(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The placeholder of the parameter at <paramref name="index"/>.</summary>
    public string Parameter(int index) => index < placeholders.Length ? (placeholders[index] ??= PlaceholderOnce(index)) : PlaceholderOnce(index);

    // Made once per index: statements name their parameters from 0 up, over and over.
    private readonly string?[] placeholders = new string?[64];

    /// <summary>How this database writes the placeholder of a parameter (<see cref="Parameter"/> keeps the first 64).</summary>
    protected virtual string PlaceholderOnce(int index) => "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The parameter name as the provider wants it when binding.</summary>
    public virtual string ParameterName(int index) => Parameter(index);

    public abstract string ColumnType(ColumnLayout column);

    public virtual string CreateTable(TableLayout table)
    {
        var sb = new StringBuilder("CREATE TABLE ").Append(Quote(table.Name)).Append(" (");
        var parts = new List<string>();
        foreach (var c in table.Columns) parts.Add(ColumnDefinition(c));
        foreach (var group in table.UniqueTogether) parts.Add("UNIQUE (" + string.Join(", ", group.Select(Quote)) + ")");
        sb.Append(string.Join(", ", parts)).Append(')');
        return sb.ToString();
    }

    public abstract string ColumnDefinition(ColumnLayout column);

    /// <summary>A part of a stored Date or DateTime value: a whole number, or the date for <see cref="Metadata.DatePart.Date"/>; NULL stays NULL.</summary>
    public abstract string DatePart(Metadata.DatePart part, string column);

    /// <summary>What reading <paramref name="field"/> from <paramref name="column"/> is: the column, or the date part the field stands for.</summary>
    public string Read(Metadata.FieldDefinition field, string column) => field.Part is { } part ? DatePart(part, column) : column;

    /// <summary>An expression converted to a field type (Django's Cast).</summary>
    public virtual string Cast(string expression, Metadata.FieldType type) => type switch
    {
        Metadata.FieldType.Integer or Metadata.FieldType.BigInteger or Metadata.FieldType.Boolean => $"CAST({expression} AS INTEGER)",
        Metadata.FieldType.Float => $"CAST({expression} AS REAL)",
        Metadata.FieldType.Decimal => $"CAST({expression} AS NUMERIC)",
        _ => $"CAST({expression} AS TEXT)",
    };

    /// <summary>A random number per row, for <c>ORDER BY '?'</c>.</summary>
    public virtual string Random => "random()";

    /// <summary>The standard deviation of a column's values: of the population, or of a sample (n - 1).</summary>
    public virtual string StdDev(string column, bool sample) => $"{(sample ? "STDDEV_SAMP" : "STDDEV_POP")}({column})";

    /// <summary>The variance of a column's values: of the population, or of a sample (n - 1).</summary>
    public virtual string Variance(string column, bool sample) => $"{(sample ? "VAR_SAMP" : "VAR_POP")}({column})";

    public virtual string CreateIndex(IndexLayout index) =>
        $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Quote(index.Table)} ({string.Join(", ", index.Columns.Select(Quote))})";

    /// <summary>SQL that is true when <paramref name="column"/> contains <paramref name="param"/>, respecting case.</summary>
    public abstract string ContainsCaseSensitive(string column, string param);
    public abstract string StartsWithCaseSensitive(string column, string param);
    public abstract string EndsWithCaseSensitive(string column, string param);

    /// <summary>
    /// A case-insensitive LIKE with '\' as escape character (the pattern is already escaped).
    /// <paramref name="asciiPattern"/> says the pattern is known to hold ASCII characters only, so a
    /// database whose native LIKE folds ASCII case only (SQLite) may use it. <paramref name="escapes"/>
    /// false says the pattern holds no '\', so a database may leave its escape clause out.
    /// </summary>
    public abstract string LikeInsensitive(string column, string param, bool asciiPattern = true, bool escapes = true);

    /// <summary>A case-sensitive LIKE (wildcards in the pattern are the caller's, literals escaped with '\').</summary>
    public abstract string LikeSensitive(string column, string param);

    public abstract string ExactInsensitive(string column, string param, bool asciiPattern = true, bool escapes = true);

    public abstract string Regex(string column, string param, bool ignoreCase);

    public virtual string LimitOffset(long? limit, long? offset) =>
        (limit, offset) switch
        {
            (null, null) => "",
            (long l, null) => $" LIMIT {l}",
            (null, long o) => $" LIMIT -1 OFFSET {o}",
            (long l, long o) => $" LIMIT {l} OFFSET {o}",
        };

    /// <summary>Escapes LIKE wildcards so that <c>% _ \</c> are literal.</summary>
    public static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>The most parameters one statement may bind.</summary>
    public virtual int MaxParameters => 999;

    /// <summary>
    /// An expression assigned to an integer field, checked to lie in [min, max] and be whole when the
    /// statement runs (an UPDATE of <c>{ $_.Views + 3000000000 }</c> must not store 3000000005 in a 32-bit
    /// field). The parameters are the bounds and the field's label for the error. A database whose column
    /// types check this themselves returns the expression as it is.
    /// </summary>
    public virtual string CheckedInteger(string expression, string min, string max, string label) => expression;

    /// <summary>
    /// An expression whose value is <paramref name="expression"/>'s, failing the statement when that is
    /// NULL: a link or unlink names its target this way, so one statement both changes the link and
    /// tells a missing target (the error RelDatabase turns into ObjectNotFound) from a link that was
    /// already there or not there. Null when the dialect has no such form; then the target is looked
    /// up by a second statement when nothing changed.
    /// </summary>
    public virtual string? RequiredValue(string expression) => null;

    /// <summary>
    /// True when the upsert learns which branch ran from a function the connection registers (SQLite's
    /// <c>rel_upsert_mark</c>); false when the database reports it in the returned row (PostgreSQL's xmax).
    /// </summary>
    public virtual bool UpsertReportsConflictByFunction => false;

    /// <summary>An INSERT of one row or many, made to give back the new ids if the provider reads them from the statement.</summary>
    public virtual string ReturningId(string insert, string idColumn) => insert;

    /// <summary>
    /// SQL that is true when <paramref name="left"/> is one of the ids in the list parameter <paramref name="param"/>
    /// (bound with <see cref="IdsParameter"/>): one parameter for a list of any length, so the statement's
    /// text (and its prepared command) is the same for every length.
    /// </summary>
    public abstract string InIds(string left, string param);

    /// <summary>The value of the list parameter of <see cref="InIds"/>.</summary>
    public abstract object IdsParameter(IReadOnlyList<long> ids);

    /// <summary>As <see cref="InIds"/>, for values of a field (already converted as parameters are).</summary>
    public abstract string InList(string left, string param);

    /// <summary>The value of the list parameter of <see cref="InList"/>.</summary>
    public abstract object ListParameter(IReadOnlyList<object?> values);

    /// <summary>
    /// An INSERT of <paramref name="source"/> (<c>VALUES (...)</c> or a <c>SELECT</c>) into <paramref name="table"/>'s
    /// <paramref name="columns"/> that skips, without an error, a row that would break a unique constraint
    /// (a link that exists already, or that another writer adds at the same moment).
    /// </summary>
    public abstract string InsertIgnoringDuplicates(string table, string columns, string source);

    /// <summary>
    /// A link that also reports whether its target exists, as one row <c>(targets found, rows
    /// changed)</c>: <paramref name="change"/> gets the name of a table expression holding
    /// <paramref name="targetLookup"/>'s row and returns the INSERT that reads it. For a dialect
    /// without <see cref="RequiredValue"/>, so that a link that changes nothing is one statement too;
    /// null where data-modifying table expressions are missing (SQLite).
    /// </summary>
    public virtual string? ReportingTarget(string targetLookup, Func<string, string> change) => null;

    /// <summary>Creates RelationsPS's history table (<see cref="Schema.MigrationHistory"/>) if it is not there.</summary>
    public virtual string CreateHistoryTable => Schema.MigrationHistory.CreateSql;

    /// <summary>
    /// A statement to run after rows were inserted with explicit ids (an import), so the next generated id
    /// is above them; null when the database does that by itself (SQLite's AUTOINCREMENT).
    /// </summary>
    public virtual string? AfterExplicitIds(string table, string idColumn) => null;

    /// <summary>
    /// A query that draws <c>Parameter(0)</c> new ids from <paramref name="table"/>'s id generator, for rows a
    /// bulk load writes with their ids (it cannot return them): one value, an array of Int64 (NULL when the
    /// column has no generator); null when the dialect has no bulk load (<see cref="BulkLoad"/>).
    /// </summary>
    public virtual string? ReserveIds(string table, string idColumn) => null;

    /// <summary>
    /// The statement that starts a bulk load of rows into <paramref name="table"/>'s <paramref name="columns"/>
    /// (names unquoted), whose rows the provider then streams (<see cref="Execution.ProviderBackend.BulkLoad"/>);
    /// null when the database has none.
    /// </summary>
    public virtual string? BulkLoad(string table, IReadOnlyList<string> columns) => null;

    /// <summary>A condition that is always true (SQLite has no boolean type: 1).</summary>
    public virtual string True => "1";

    /// <summary>A condition that is always false.</summary>
    public virtual string False => "0";

    /// <summary><paramref name="value"/>, or <paramref name="fallback"/> when it is NULL.</summary>
    public virtual string IfNull(string value, string fallback) => $"IFNULL({value}, {fallback})";

    /// <summary>The value at a JSON path (<c>$.a.b[0]</c>, a parameter) of a Json column: scalars as SQL values, objects and arrays as JSON text.</summary>
    public virtual string JsonExtract(string column, string path) => $"json_extract({column}, {path})";

    /// <summary>A statement that makes foreign keys checked at COMMIT for the rest of the transaction (imports write rows in any order).</summary>
    public virtual string DeferForeignKeys => "PRAGMA defer_foreign_keys = ON";

    /// <summary>
    /// Whether a table's foreign keys need the referenced tables to exist when it is created (PostgreSQL);
    /// SQLite resolves REFERENCES when rows are written, so tables are created in the schema's order.
    /// </summary>
    public virtual bool ReferencedTablesFirst => false;

    /// <summary>Adds the foreign key of an existing column (a reference around a cycle, after both tables exist).</summary>
    public virtual string AddForeignKey(TableLayout table, ColumnLayout column) =>
        $"ALTER TABLE {Quote(table.Name)} ADD FOREIGN KEY ({Quote(column.Name)}) REFERENCES {Quote(column.ReferencesTable!)} ({Quote(column.ReferencesColumn)}) DEFERRABLE INITIALLY DEFERRED";

    /// <summary>The LIMIT value of a slice without an end (an offset alone).</summary>
    public virtual object? NoLimit => -1L;

    /// <summary>A parameter that stands where nothing gives it a type (a VALUES list), typed as <paramref name="field"/>'s column.</summary>
    public virtual string TypedParameter(string param, Metadata.FieldDefinition field) => param;

    /// <summary>
    /// Whether every selected column must be grouped by or aggregated, even one the group's key determines
    /// through a join (PostgreSQL); SQLite takes the column from any row of the group.
    /// </summary>
    public virtual bool GroupsByEverySelectedColumn => false;

    /// <summary>Equality that holds for two NULLs.</summary>
    public virtual string NullSafeEquals(string left, string right) => $"{left} IS {right}";

    /// <summary>One ORDER BY term; NULLs where asked, else where SQLite puts them (first ascending, last descending).</summary>
    public virtual string Order(string term, bool descending, Query.NullsOrder nulls) =>
        term + (descending ? " DESC" : "") + nulls switch { Query.NullsOrder.First => " NULLS FIRST", Query.NullsOrder.Last => " NULLS LAST", _ => "" };

    /// <summary>Whether SELECT DISTINCT may be ordered only by selected columns (PostgreSQL); SQLite orders it by any.</summary>
    public virtual bool DistinctOrdersBySelectedColumnsOnly => false;

    /// <summary>Whether integer columns refuse a value outside their range themselves (PostgreSQL), so <see cref="CheckedInteger"/> is not needed.</summary>
    public virtual bool IntegerColumnsCheckRange => false;

    /// <summary>
    /// Whether a changed column is applied by rebuilding its table (SQLite's documented recipe, with foreign
    /// keys off around it: SQLite's ALTER TABLE cannot change a column). False: by the ALTER TABLE statements
    /// below, each difference its own statements (PostgreSQL keeps other tables' foreign keys on the table
    /// object, so a rebuild would drop them).
    /// </summary>
    public virtual bool RebuildsTables => true;

    // The forms below are SQL's own ALTER TABLE; a dialect that rebuilds tables never asks for them.

    /// <summary>Adds a column to a table that holds rows (the planner adds it nullable, fills it, then sets NOT NULL).</summary>
    public virtual string AddColumn(string table, ColumnLayout column) => $"ALTER TABLE {Quote(table)} ADD COLUMN {ColumnDefinition(column)}";

    /// <summary>Drops a column with its values (and the constraints and indexes on it alone).</summary>
    public virtual string DropColumn(string table, string column) => $"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(column)}";

    public virtual string RenameColumn(string table, string from, string to) => $"ALTER TABLE {Quote(table)} RENAME COLUMN {Quote(from)} TO {Quote(to)}";

    /// <summary>
    /// Changes a column's type in place. <paramref name="converted"/> is what each value should become (the
    /// column, or an expression of it such as the value cut to a new max length): standard SQL's form has no
    /// place for it (the database converts each value as it assigns it), PostgreSQL's takes it as USING.
    /// </summary>
    public virtual string AlterColumnType(string table, ColumnLayout column, string converted) =>
        $"ALTER TABLE {Quote(table)} ALTER COLUMN {Quote(column.Name)} SET DATA TYPE {ColumnType(column)}";

    public virtual string SetNotNull(string table, string column) => $"ALTER TABLE {Quote(table)} ALTER COLUMN {Quote(column)} SET NOT NULL";

    public virtual string DropNotNull(string table, string column) => $"ALTER TABLE {Quote(table)} ALTER COLUMN {Quote(column)} DROP NOT NULL";

    /// <summary>A unique constraint on columns of a table that holds rows (fails when rows already repeat a value).</summary>
    public virtual string AddUnique(string table, IReadOnlyList<string> columns) =>
        $"ALTER TABLE {Quote(table)} ADD UNIQUE ({string.Join(", ", columns.Select(Quote))})";

    /// <summary>Drops a named constraint (a unique set or a foreign key) the catalog reported.</summary>
    public virtual string DropConstraint(string table, string constraint) => $"ALTER TABLE {Quote(table)} DROP CONSTRAINT {Quote(constraint)}";

    public virtual string DropIndex(string index) => $"DROP INDEX {Quote(index)}";

    /// <summary>
    /// The foreign key of a column of a table that holds rows, added after every table of the plan exists.
    /// The rows are checked with the migration's foreign-key check, after the transforms (which may fill the
    /// column), not when the constraint is added.
    /// </summary>
    public virtual string AddForeignKeyToRows(string table, ColumnLayout column) => AddForeignKey(new TableLayout(table, [column], [], []), column);
}
