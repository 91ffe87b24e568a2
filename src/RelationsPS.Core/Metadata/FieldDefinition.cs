namespace RelationsPS.Core.Metadata;

/// <summary>
/// One declared field of a model, as written in a schema (before relations are resolved).
/// Concrete fields have a column; ManyToMany fields do not (they live in a join table).
/// </summary>
public sealed class FieldDefinition
{
    internal FieldDefinition(string name, FieldType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }
    public FieldType Type { get; }
    /// <summary>The model this field belongs to (set when the schema is built).</summary>
    public ModelDefinition Model { get; internal set; } = null!;
    /// <summary>The column name, or null for ManyToMany.</summary>
    public string? Column { get; internal set; }
    public int? MaxLength { get; internal set; }
    public int? MaxDigits { get; internal set; }
    public int? DecimalPlaces { get; internal set; }
    public bool Unique { get; internal set; }
    public bool Null { get; internal set; }
    public bool Blank { get; internal set; }
    public bool Index { get; internal set; }
    public bool HasDefault { get; internal set; }
    public object? Default { get; internal set; }
    /// <summary>
    /// The default for a new row: <see cref="Default"/>, or what it returns when it is a <c>Func&lt;object?&gt;</c>
    /// (a scriptblock default, called once per row); a failure is <c>DefaultFailed</c>, the item's error.
    /// </summary>
    public object? DefaultValue()
    {
        if (Default is not Func<object?> create) return Default;
        try
        {
            return create();
        }
        catch (Exception e) when (e is not Errors.RelationsException)
        {
            throw new Errors.RelationsException("DefaultFailed", Errors.ErrorKind.InvalidOperation, $"Field '{this}': its Default failed: {e.Message}", Name, e);
        }
    }

    /// <summary>True when the default is computed per row (a scriptblock, or a Func&lt;object?&gt; from C#).</summary>
    public bool HasComputedDefault => Default is Func<object?>;

    public bool AutoNow { get; internal set; }
    public bool AutoNowAdd { get; internal set; }
    /// <summary>The values the field takes (converted to its type), each with its label; null for any value.</summary>
    public IReadOnlyList<KeyValuePair<object, string>>? Choices { get; internal set; }

    /// <summary>The choices as an error message lists them: <c>web, db, cache</c> or <c>1 (Low), 2 (High)</c>.</summary>
    public string ChoiceList => Choices is null ? "" : string.Join(", ", Choices.Select(c =>
    {
        var text = System.Convert.ToString(c.Key, System.Globalization.CultureInfo.InvariantCulture)!;
        return text == c.Value ? text : $"{text} ({c.Value})";
    }));

    // Relation options (ForeignKey, OneToOne, ManyToMany).
    /// <summary>The target model name as written (<c>'self'</c> resolved).</summary>
    public string? To { get; internal set; }
    public ModelDefinition? Target { get; internal set; }
    public string? RelatedName { get; internal set; }
    public OnDeleteAction OnDelete { get; internal set; } = OnDeleteAction.Cascade;
    public string? Through { get; internal set; }
    public ModelDefinition? ThroughModel { get; internal set; }
    public IReadOnlyList<string>? ThroughFields { get; internal set; }
    public bool? Symmetrical { get; internal set; }
    /// <summary>The join table name of an automatic ManyToMany.</summary>
    public string? DbTable { get; internal set; }

    /// <summary>For a date part read through a path (<c>Created.Year</c>): the Date or DateTime field it is read from.</summary>
    public FieldDefinition? PartOf { get; internal init; }

    /// <summary>The part of <see cref="PartOf"/> this field reads.</summary>
    public DatePart? Part { get; internal init; }

    /// <summary>For a key of a Json field read through a path (<c>Data__owner</c>): the JSON path (<c>$.owner</c>), passed as a parameter.</summary>
    public string? JsonPath { get; internal init; }

    /// <summary>The forward relation this field defines (null for plain fields).</summary>
    public Relation? Relation { get; internal set; }

    public bool IsRelation => Type is FieldType.ForeignKey or FieldType.OneToOne or FieldType.ManyToMany;
    public bool IsToOne => Type is FieldType.ForeignKey or FieldType.OneToOne;
    public bool IsConcrete => Type != FieldType.ManyToMany;
    public bool IsPrimaryKey => Type == FieldType.AutoId;
    public bool IsText => Type is FieldType.Char or FieldType.Slug or FieldType.Text or FieldType.Url or FieldType.Email or FieldType.IPAddress;

    /// <summary>The name of the id attribute of a to-one relation (<c>AuthorId</c>).</summary>
    public string? IdAttribute => IsToOne ? Name + "Id" : null;

    /// <summary>The CLR type values of this field take when read (ids for relations).</summary>
    public Type ClrType => Type switch
    {
        FieldType.AutoId or FieldType.Integer or FieldType.BigInteger or FieldType.ForeignKey or FieldType.OneToOne => typeof(long),
        FieldType.Float => typeof(double),
        FieldType.Decimal => typeof(decimal),
        FieldType.Boolean => typeof(bool),
        FieldType.Date or FieldType.DateTime => typeof(DateTime),
        FieldType.Uuid => typeof(Guid),
        FieldType.Duration => typeof(TimeSpan),
        FieldType.Json => typeof(object),
        FieldType.Binary => typeof(byte[]),
        _ => typeof(string),
    };

    public override string ToString() => $"{Model?.Name}.{Name}";
}
