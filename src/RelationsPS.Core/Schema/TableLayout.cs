using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Schema;

/// <summary>One column as the database should have it, independent of dialect.</summary>
public sealed record ColumnLayout(string Name, FieldDefinition? Field, bool PrimaryKey, bool Nullable, bool Unique, string? ReferencesTable)
{
    /// <summary>The field type that decides the column type (join-table keys are foreign keys).</summary>
    public FieldType Type => Field?.Type ?? FieldType.ForeignKey;

    /// <summary>The column a foreign key references: the target's key (<c>id</c> for RelationsPS's tables).</summary>
    public string ReferencesColumn { get; init; } = "id";
}

/// <summary>An index the schema asks for.</summary>
public sealed record IndexLayout(string Name, string Table, IReadOnlyList<string> Columns, bool Unique);

/// <summary>One table as the schema describes it: a model's table or an automatic join table.</summary>
public sealed record TableLayout(string Name, IReadOnlyList<ColumnLayout> Columns, IReadOnlyList<IReadOnlyList<string>> UniqueTogether, IReadOnlyList<IndexLayout> Indexes)
{
    /// <summary>The model stored in this table, or null for an automatic join table.</summary>
    public ModelDefinition? Model { get; init; }
}
