using RelationsPS.Core.Compilation;

namespace RelationsPS.Core.Schema;

/// <summary>What kind of change a <see cref="SchemaDifference"/> is.</summary>
public enum ChangeKind
{
    /// <summary>A model whose table the database does not have.</summary>
    AddModel,
    /// <summary>A table in the database that no model declares (dropping it loses its rows).</summary>
    RemoveModel,
    /// <summary>A field whose column the table does not have.</summary>
    AddField,
    /// <summary>A column no field declares (dropping it loses its values).</summary>
    RemoveField,
    /// <summary>A column whose type, null, max length, uniqueness or index differs from its field.</summary>
    AlterField,
    /// <summary>A relation the database does not have: a foreign-key column or a join table.</summary>
    AddRelation,
    /// <summary>A foreign-key column or join table no relation declares.</summary>
    RemoveRelation,
    /// <summary>A column renamed as -Rename asked (its values kept).</summary>
    RenameField,
    /// <summary>A table renamed as -Rename asked (<c>'Server' = 'Host'</c>): ALTER TABLE ... RENAME TO, rows kept.</summary>
    RenameModel,
    /// <summary>A column removed and one of the same type added in one table: perhaps a rename; applied only when -Rename says so.</summary>
    RenameCandidate,
}

/// <summary>
/// One difference between the models and the database, with the statements applying it would run
/// (<see cref="Ddl"/>; a table that SQLite cannot ALTER is rebuilt, and each of its differences shows
/// the whole rebuild; on PostgreSQL each shows its own ALTER statements) and, for a change that loses
/// data, what would be lost.
/// </summary>
public sealed record SchemaDifference(string Model, string? Field, ChangeKind Kind, string Description)
{
    /// <summary>The table the difference is in.</summary>
    public string Table { get; init; } = "";

    /// <summary>The statements applying this difference runs.</summary>
    public IReadOnlyList<string> Ddl { get; init; } = [];

    /// <summary>True when applying it loses or changes stored values (it then needs -Force).</summary>
    public bool LosesData { get; init; }

    /// <summary>What would be lost, with row counts ("12 rows hold values in 'host'").</summary>
    public string? Loss { get; init; }

    /// <summary>True when applying it rebuilds the table (SQLite's recipe: a new table, a copy, drop, rename).</summary>
    public bool Rebuilds { get; init; }

    public override string ToString() => $"{Kind} {Model}{(Field is null ? "" : "." + Field)}: {Description}";
}

/// <summary>What applying a schema does: the differences and the statements, in order.</summary>
public sealed record MigrationPlan(IReadOnlyList<SchemaDifference> Differences, IReadOnlyList<SqlStatement> Statements, string SchemaHash)
{
    /// <summary>New non-null fields without a default ('Model.Field'): applying the plan is refused while there are any.</summary>
    public IReadOnlyList<string> MissingDefaults { get; init; } = [];

    /// <summary>True when there is nothing to apply (rename candidates alone apply nothing).</summary>
    public bool IsEmpty => Statements.Count == 0;

    /// <summary>The differences that lose data.</summary>
    public IEnumerable<SchemaDifference> Losses => Differences.Where(d => d.LosesData);

    /// <summary>One line per applied difference, as the history table records it.</summary>
    public string Describe() => string.Join(Environment.NewLine, Differences.Where(d => d.Kind != ChangeKind.RenameCandidate).Select(d => d.ToString()));
}
