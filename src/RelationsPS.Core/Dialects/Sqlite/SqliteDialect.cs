using RelationsPS.Core.Metadata;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Dialects.Sqlite;

/// <summary>
/// SQLite: Django's column types (so <c>sqlite3 .schema</c> reads like a Django database),
/// case-sensitive matching through instr/substr (SQLite's LIKE ignores ASCII case), REGEXP
/// through a function the connection registers.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string Name => "SQLite";

    /// <summary>
    /// The engine stores dates as <c>yyyy-MM-dd</c> and date-times as <c>yyyy-MM-dd HH:mm:ss.fffffff</c>
    /// (then <c>Z</c> for UTC): every part is at a fixed place in the text.
    /// </summary>
    public override string DatePart(Metadata.DatePart part, string column) => part switch
    {
        Metadata.DatePart.Year => $"CAST(substr({column}, 1, 4) AS INTEGER)",
        Metadata.DatePart.Month => $"CAST(substr({column}, 6, 2) AS INTEGER)",
        Metadata.DatePart.Day => $"CAST(substr({column}, 9, 2) AS INTEGER)",
        Metadata.DatePart.Hour => $"CAST(substr({column}, 12, 2) AS INTEGER)",
        Metadata.DatePart.Minute => $"CAST(substr({column}, 15, 2) AS INTEGER)",
        Metadata.DatePart.Second => $"CAST(substr({column}, 18, 2) AS INTEGER)",
        Metadata.DatePart.Date => $"substr({column}, 1, 10)",
        // HH:mm:ss.fffffff, without the Z of a UTC value.
        Metadata.DatePart.Time => $"substr({column}, 12, 16)",
        Metadata.DatePart.WeekDay => $"rel_week_day({column})",
        Metadata.DatePart.Quarter => $"rel_quarter({column})",
        Metadata.DatePart.Week => $"rel_iso_week({column})",
        Metadata.DatePart.IsoYear => $"rel_iso_year({column})",
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    public override string ColumnType(ColumnLayout c) => c.PrimaryKey ? "integer" : c.Type switch
    {
        FieldType.Char or FieldType.Slug or FieldType.Url or FieldType.Email => $"varchar({c.Field!.MaxLength})",
        FieldType.Text => "text",
        FieldType.Integer => "integer",
        FieldType.BigInteger => "bigint",
        FieldType.Float => "real",
        FieldType.Decimal => "decimal",
        FieldType.Boolean => "bool",
        FieldType.Date => "date",
        FieldType.DateTime => "datetime",
        FieldType.Uuid => "char(36)",
        // Django's DurationField on SQLite: microseconds in a bigint.
        FieldType.Duration => "bigint",
        FieldType.Json => "text",
        FieldType.Binary => "BLOB",
        // Django's GenericIPAddressField on SQLite.
        FieldType.IPAddress => "char(39)",
        FieldType.ForeignKey or FieldType.OneToOne or FieldType.AutoId => "integer",
        _ => throw new InvalidOperationException($"No column type for {c.Type}."),
    };

    public override string ColumnDefinition(ColumnLayout c)
    {
        var sql = $"{Quote(c.Name)} {ColumnType(c)} {(c.Nullable ? "NULL" : "NOT NULL")}";
        if (c.PrimaryKey) return sql + " PRIMARY KEY AUTOINCREMENT";
        if (c.Unique) sql += " UNIQUE";
        if (c.ReferencesTable is not null) sql += $" REFERENCES {Quote(c.ReferencesTable)} ({Quote(c.ReferencesColumn)}) DEFERRABLE INITIALLY DEFERRED";
        return sql;
    }

    // SQLite has no standard deviation or variance: the connection registers them (SqliteFunctions).
    public override string StdDev(string column, bool sample) => $"{(sample ? "rel_stddev_samp" : "rel_stddev_pop")}({column})";

    public override string Variance(string column, bool sample) => $"{(sample ? "rel_var_samp" : "rel_var_pop")}({column})";

    public override string ContainsCaseSensitive(string column, string param) => $"instr({column}, {param}) > 0";

    public override string StartsWithCaseSensitive(string column, string param) => $"substr({column}, 1, length({param})) = {param}";

    public override string EndsWithCaseSensitive(string column, string param) => $"substr({column}, -length({param})) = {param}";

    // SQLite's LIKE folds ASCII case only: patterns with other letters (é/É) go through a registered function.
    // Without a '\' in the pattern the ESCAPE clause changes nothing, and SQLite's LIKE runs measurably
    // slower with one (8% of a scan of 1,000 profiles' bios).
    public override string LikeInsensitive(string column, string param, bool asciiPattern = true, bool escapes = true) =>
        !asciiPattern ? $"rel_like_ci({param}, {column})"
        : escapes ? $"{column} LIKE {param} ESCAPE '\\'"
        : $"{column} LIKE {param}";

    // GLOB is case-sensitive but has its own wildcards; a registered function keeps LIKE's syntax.
    public override string LikeSensitive(string column, string param) => $"rel_like_cs({param}, {column})";

    public override string ExactInsensitive(string column, string param, bool asciiPattern = true, bool escapes = true) => LikeInsensitive(column, param, asciiPattern, escapes);

    // SQLite's integer arithmetic turns to REAL on overflow and an INTEGER column keeps a REAL it cannot convert:
    // a registered function checks the value as it is written.
    public override string CheckedInteger(string expression, string min, string max, string label) =>
        $"rel_int_check({expression}, {min}, {max}, {label})";

    public override string? RequiredValue(string expression) => $"rel_required({expression})";

    public override string Regex(string column, string param, bool ignoreCase) =>
        ignoreCase ? $"rel_iregexp({param}, {column})" : $"{column} REGEXP {param}";

    public override bool UpsertReportsConflictByFunction => true;

    // json_each reads one JSON array parameter: binding it is far cheaper than thousands of separate parameters.
    public override string InIds(string left, string param) => $"{left} IN (SELECT value FROM json_each({param}))";

    public override object IdsParameter(IReadOnlyList<long> ids) => Compilation.JsonIds.Of(ids);

    public override string InList(string left, string param) => InIds(left, param);

    public override object ListParameter(IReadOnlyList<object?> values) => System.Text.Json.JsonSerializer.Serialize(values);

    public override string InsertIgnoringDuplicates(string table, string columns, string source) => $"INSERT OR IGNORE INTO {table} ({columns}) {source}";
}
