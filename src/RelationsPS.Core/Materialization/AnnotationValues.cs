using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// <see cref="RelObject.Annotations"/>: the annotations' part of a row's values (after its fields),
/// keyed by the query's <see cref="RowShape"/>, read-only. It holds the row alone (one reference):
/// one is made each time Annotations is read.
/// </summary>
internal sealed class AnnotationValues(RelObject row) : IReadOnlyDictionary<string, object?>
{
    private RowShape Shape => row.Context.Annotations!;

    private object? At(int slot) => row.GetSlot(row.Context.FieldCount + slot);

    public object? this[string key]
    {
        get
        {
            var slot = Shape.Find(key);
            return slot >= 0 ? At(slot) : throw new KeyNotFoundException($"The given key '{key}' was not present in the annotations.");
        }
    }

    public IEnumerable<string> Keys => Shape.Keys;

    public IEnumerable<object?> Values
    {
        get
        {
            for (var i = 0; i < Shape.Count; i++) yield return At(i);
        }
    }

    public int Count => Shape.Count;

    public bool ContainsKey(string key) => Shape.Find(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var slot = Shape.Find(key);
        value = slot >= 0 ? At(slot) : null;
        return slot >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Shape.Count; i++) yield return new(Shape.Keys[i], At(i));
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
