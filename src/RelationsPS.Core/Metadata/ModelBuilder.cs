namespace RelationsPS.Core.Metadata;

/// <summary>Declares one model's fields and options: the C# counterpart of one hashtable entry of a schema.</summary>
public sealed class ModelBuilder
{
    internal ModelBuilder(string name) => Name = name;

    public string Name { get; }
    internal List<(string Name, FieldSpec Spec)> Fields { get; } = [];
    internal ModelOptions Options { get; private set; } = new();

    public ModelBuilder Field(string name, FieldSpec spec)
    {
        Fields.Add((name, spec));
        return this;
    }

    public ModelBuilder Meta(ModelOptions options)
    {
        Options = options;
        return this;
    }

    public ModelBuilder Ordering(params string[] ordering) => Meta(Options with { Ordering = ordering });

    public ModelBuilder Char(string name, int maxLength, bool unique = false, bool blank = false, bool nullable = false, object? @default = null) =>
        Field(name, new FieldSpec(FieldType.Char) { MaxLength = maxLength, Unique = unique, Blank = blank, Null = nullable, HasDefault = @default is not null, Default = @default });

    public ModelBuilder Slug(string name, bool unique = false, int maxLength = 50, bool blank = false) =>
        Field(name, new FieldSpec(FieldType.Slug) { MaxLength = maxLength, Unique = unique, Blank = blank });

    public ModelBuilder Text(string name, bool blank = false, bool nullable = false) =>
        Field(name, new FieldSpec(FieldType.Text) { Blank = blank, Null = nullable });

    public ModelBuilder Url(string name, bool blank = false) => Field(name, new FieldSpec(FieldType.Url) { Blank = blank });

    public ModelBuilder Email(string name, bool blank = false, bool unique = false) => Field(name, new FieldSpec(FieldType.Email) { Blank = blank, Unique = unique });

    public ModelBuilder Integer(string name, object? @default = null, bool nullable = false) =>
        Field(name, new FieldSpec(FieldType.Integer) { HasDefault = @default is not null, Default = @default, Null = nullable });

    public ModelBuilder BigInteger(string name, bool nullable = false) => Field(name, new FieldSpec(FieldType.BigInteger) { Null = nullable });

    public ModelBuilder Float(string name, bool nullable = false) => Field(name, new FieldSpec(FieldType.Float) { Null = nullable });

    public ModelBuilder Decimal(string name, int maxDigits, int decimalPlaces, bool nullable = false) =>
        Field(name, new FieldSpec(FieldType.Decimal) { MaxDigits = maxDigits, DecimalPlaces = decimalPlaces, Null = nullable });

    public ModelBuilder Boolean(string name, bool @default = false) => Field(name, new FieldSpec(FieldType.Boolean) { HasDefault = true, Default = @default });

    public ModelBuilder Date(string name, bool nullable = false) => Field(name, new FieldSpec(FieldType.Date) { Null = nullable });

    public ModelBuilder DateTime(string name, bool autoNow = false, bool autoNowAdd = false, bool nullable = false) =>
        Field(name, new FieldSpec(FieldType.DateTime) { AutoNow = autoNow, AutoNowAdd = autoNowAdd, Null = nullable });

    public ModelBuilder ForeignKey(string name, string to, OnDeleteAction onDelete, bool nullable = false, string? relatedName = null) =>
        Field(name, new FieldSpec(FieldType.ForeignKey) { To = to, OnDelete = onDelete, Null = nullable, Blank = nullable, RelatedName = relatedName });

    public ModelBuilder OneToOne(string name, string to, OnDeleteAction onDelete, bool nullable = false, string? relatedName = null) =>
        Field(name, new FieldSpec(FieldType.OneToOne) { To = to, OnDelete = onDelete, Null = nullable, Blank = nullable, RelatedName = relatedName });

    public ModelBuilder ManyToMany(string name, string to, string? relatedName = null, string? through = null,
        IReadOnlyList<string>? throughFields = null, bool? symmetrical = null, bool blank = false) =>
        Field(name, new FieldSpec(FieldType.ManyToMany)
        {
            To = to, RelatedName = relatedName, Through = through, ThroughFields = throughFields, Symmetrical = symmetrical, Blank = blank,
        });
}
