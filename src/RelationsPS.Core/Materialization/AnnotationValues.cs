using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// <see cref="RelObject.Annotations"/>: the annotations' part of a row's values (after its fields),
/// keyed by the query's <see cref="RowShape"/>, read-only.
/// </summary>
internal sealed class AnnotationValues(RowShape shape, object?[] values, int offset) : IReadOnlyDictionary<string, object?>
{
    public object? this[string key]
    {
        get
        {
            var slot = shape.Find(key);
            return slot >= 0 ? values[offset + slot] : throw new KeyNotFoundException($"The given key '{key}' was not present in the annotations.");
        }
    }

    public IEnumerable<string> Keys => shape.Keys;

    public IEnumerable<object?> Values
    {
        get
        {
            for (var i = 0; i < shape.Count; i++) yield return values[offset + i];
        }
    }

    public int Count => shape.Count;

    public bool ContainsKey(string key) => shape.Find(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var slot = shape.Find(key);
        value = slot >= 0 ? values[offset + slot] : null;
        return slot >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < shape.Count; i++) yield return new(shape.Keys[i], values[offset + i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
