namespace RelationsPS.Core.Metadata;

/// <summary>A model: a table, its fields, and the relations that reach it (resolved by <see cref="ModelSet"/>).</summary>
public sealed class ModelDefinition
{
    private readonly List<FieldDefinition> fields = [];
    private readonly Dictionary<string, FieldDefinition> fieldsByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Relation> relations = new(StringComparer.OrdinalIgnoreCase);

    internal ModelDefinition(string name) => Name = name;

    public string Name { get; }
    public string Table { get; internal set; } = "";
    /// <summary>The schema this model belongs to.</summary>
    public ModelSet Schema { get; internal set; } = null!;
    /// <summary>All fields in declaration order, <c>Id</c> first.</summary>
    public IReadOnlyList<FieldDefinition> Fields => fields;
    /// <summary>Fields stored in this model's table (everything but ManyToMany), in column order.</summary>
    public IReadOnlyList<FieldDefinition> ConcreteFields { get; private set; } = [];
    public FieldDefinition PrimaryKey => fields[0];
    /// <summary>The primary key's column: <c>id</c>, or <c>Meta.IdColumn</c> for a table RelationsPS did not create.</summary>
    public string IdColumn => fields[0].Column!;
    public IReadOnlyList<string> Ordering { get; internal set; } = [];
    public IReadOnlyList<IReadOnlyList<string>> UniqueTogether { get; internal set; } = [];
    /// <summary>Every relation reachable from this model by name: forward fields and reverse accessors.</summary>
    public IReadOnlyDictionary<string, Relation> Relations => relations;
    /// <summary>True when this model is the <c>Through</c> of some ManyToMany.</summary>
    public bool IsThroughModel { get; internal set; }

    internal void AddField(FieldDefinition field)
    {
        field.Model = this;
        fields.Add(field);
        fieldsByName[field.Name] = field;
    }

    internal void AddRelation(Relation relation) => relations[relation.Name] = relation;

    internal void Seal() => ConcreteFields = fields.Where(f => f.IsConcrete).ToArray();

    /// <summary>A declared field by name (case-insensitive), or null.</summary>
    public FieldDefinition? FindField(string name) => fieldsByName.GetValueOrDefault(name);

    /// <summary>The field behind an attribute name: a field name or a to-one <c>&lt;Fk&gt;Id</c>.</summary>
    public FieldDefinition? FindAttribute(string name, out bool isIdAttribute)
    {
        var known = attributes;
        for (var i = 0; i < known.Length; i++)
        {
            if (!ReferenceEquals(known[i].Name, name)) continue;
            isIdAttribute = known[i].IsId;
            return known[i].Field;
        }
        var field = LookUpAttribute(name, out isIdAttribute);
        // Code reads rows by literal names (row["Views"]): the same interned string every time, so a
        // reference comparison finds it without hashing it case-insensitively (or cutting "Id" off it).
        if (field is not null && known.Length < MaxKnownAttributes && ReferenceEquals(string.IsInterned(name), name))
            attributes = [.. known, (name, field, isIdAttribute)];
        return field;
    }

    private const int MaxKnownAttributes = 32;

    // Replaced whole, never changed in place: readers on other threads see an old or a new array.
    private (string Name, FieldDefinition Field, bool IsId)[] attributes = [];

    private FieldDefinition? LookUpAttribute(string name, out bool isIdAttribute)
    {
        isIdAttribute = false;
        if (fieldsByName.TryGetValue(name, out var f)) return f;
        if (name.Length > 2 && name.EndsWith("Id", StringComparison.OrdinalIgnoreCase)
            && fieldsByName.TryGetValue(name[..^2], out f) && f.IsToOne)
        {
            isIdAttribute = true;
            return f;
        }
        return null;
    }

    /// <summary>A relation (forward or reverse) by name, or null.</summary>
    public Relation? FindRelation(string name) => relations.GetValueOrDefault(name);

    /// <summary>Every name a path step may use on this model, for "Choices are: ..." messages.</summary>
    public IEnumerable<string> NameChoices()
    {
        foreach (var f in fields)
        {
            yield return f.Name;
            if (f.IsToOne) yield return f.IdAttribute!;
        }
        foreach (var r in relations.Values.Where(r => r.IsReverse)) yield return r.Name;
    }

    public override string ToString() => Name;
}
