using RelationsPS.Core.Errors;

namespace RelationsPS.Core.Metadata;

/// <summary>A validated, resolved schema: every model, field and relation, by name (case-insensitive).</summary>
public sealed class ModelSet
{
    private readonly Dictionary<string, ModelDefinition> models;

    internal ModelSet(IEnumerable<ModelDefinition> models)
    {
        this.models = new(StringComparer.OrdinalIgnoreCase);
        foreach (var m in models) this.models[m.Name] = m;
        Models = this.models.Values.ToArray();
        foreach (var m in Models) m.Schema = this;
    }

    /// <summary>Models in declaration order.</summary>
    public IReadOnlyList<ModelDefinition> Models { get; }

    /// <summary>Every ManyToMany relation with an automatic join table (one per field).</summary>
    public IEnumerable<Relation> AutoJoinRelations =>
        Models.SelectMany(m => m.Fields)
              .Where(f => f.Type == FieldType.ManyToMany && f.ThroughModel is null)
              .Select(f => f.Relation!);

    /// <summary>A model by name, or an <see cref="UnknownNameException"/> that lists the models.</summary>
    public ModelDefinition Get(string name) =>
        models.TryGetValue(name, out var m) ? m
        : throw new UnknownNameException("UnknownModel",
            $"Unknown model '{name}'. Choices are: {string.Join(", ", models.Keys.Order(StringComparer.OrdinalIgnoreCase))}.", name);

    public ModelDefinition? Find(string name) => models.GetValueOrDefault(name);

    public bool Contains(string name) => models.ContainsKey(name);
}
