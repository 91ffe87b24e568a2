namespace RelationsPS.Core.Metadata;

/// <summary>
/// A field as declared (the C# API and the hashtable schema both produce these); validated and
/// resolved into a <see cref="FieldDefinition"/> by <see cref="ModelSetBuilder.Build"/>.
/// </summary>
public sealed record FieldSpec(FieldType Type)
{
    public int? MaxLength { get; init; }
    public int? MaxDigits { get; init; }
    public int? DecimalPlaces { get; init; }
    public bool Unique { get; init; }
    public bool Null { get; init; }
    public bool Blank { get; init; }
    public bool Index { get; init; }
    /// <summary>True when <see cref="Default"/> was given (a default may be null).</summary>
    public bool HasDefault { get; init; }
    public object? Default { get; init; }
    public bool AutoNow { get; init; }
    public bool AutoNowAdd { get; init; }
    public string? To { get; init; }
    public string? RelatedName { get; init; }
    public OnDeleteAction? OnDelete { get; init; }
    public string? Through { get; init; }
    public IReadOnlyList<string>? ThroughFields { get; init; }
    public bool? Symmetrical { get; init; }
    public string? DbTable { get; init; }
    /// <summary>The column's name when it is not the snake_case field name (Django's db_column; Export-RelSchema of a foreign database).</summary>
    public string? DbColumn { get; init; }
    /// <summary>The values the field takes, each with its label (Django's choices); null for any value.</summary>
    public IReadOnlyList<KeyValuePair<object, string>>? Choices { get; init; }
}

/// <summary>Model options (Django's Meta).</summary>
public sealed record ModelOptions
{
    public IReadOnlyList<string> Ordering { get; init; } = [];
    public string? DbTable { get; init; }
    /// <summary>The primary key's column when it is not <c>id</c> (a table RelationsPS did not create; <c>rowid</c> for one without a single integer key).</summary>
    public string? IdColumn { get; init; }
    public IReadOnlyList<IReadOnlyList<string>> UniqueTogether { get; init; } = [];
}
