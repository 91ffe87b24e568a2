using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Execution;

/// <summary>One kind of row a delete removes or changes: a model's rows or a join table's links.</summary>
public sealed record DeleteCount(string Label, string Noun, long Count, bool IsUpdate = false);

/// <summary>What a delete removed (or would remove), per model and join table (Django's delete() result).</summary>
public sealed record DeleteResult(IReadOnlyList<DeleteCount> Counts)
{
    /// <summary>Rows removed in all (links included, updates excluded).</summary>
    public long Total => Counts.Where(c => !c.IsUpdate).Sum(c => c.Count);

    public long CountOf(string label) => Counts.Where(c => c.Label.Equals(label, StringComparison.OrdinalIgnoreCase)).Sum(c => c.Count);

    /// <summary>"37 tag links and 1 profile": what goes beyond the objects of <paramref name="model"/> themselves.</summary>
    public string DescribeCascade(ModelDefinition model)
    {
        var parts = Counts.Where(c => c.Count > 0 && !(c.Label == model.Name && !c.IsUpdate))
            .Select(c => c.IsUpdate ? $"{Naming.Quantity(c.Noun, c.Count)} unlinked" : Naming.Quantity(c.Noun, c.Count))
            .ToList();
        return parts.Count switch
        {
            0 => "",
            1 => parts[0],
            _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
        };
    }
}
