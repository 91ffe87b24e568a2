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
    public virtual string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The placeholder of the parameter at <paramref name="index"/>.</summary>
    public virtual string Parameter(int index) => "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
    /// database whose native LIKE folds ASCII case only (SQLite) may use it.
    /// </summary>
    public abstract string LikeInsensitive(string column, string param, bool asciiPattern = true);

    /// <summary>A case-sensitive LIKE (wildcards in the pattern are the caller's, literals escaped with '\').</summary>
    public abstract string LikeSensitive(string column, string param);

    public abstract string ExactInsensitive(string column, string param, bool asciiPattern = true);

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
}
