using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// One row of Values or Group: read-only, keyed by its query's <see cref="RowShape"/>. It is also a
/// non-generic <see cref="IDictionary"/>, so PowerShell reads <c>$row.Name</c> and formats it as a
/// dictionary, as it did the <see cref="Dictionary{TKey, TValue}"/> these rows used to be.
/// </summary>
internal sealed class ValueRow : IReadOnlyDictionary<string, object?>, IDictionary
{
    private readonly RowShape shape;
    private readonly object?[] values;

    public ValueRow(RowShape shape, object?[] values)
    {
        this.shape = shape;
        this.values = values;
    }

    public object? this[string key]
    {
        get
        {
            var slot = shape.Find(key);
            return slot >= 0 ? values[slot] : throw new KeyNotFoundException($"The given key '{key}' was not present in the row.");
        }
    }

    public IEnumerable<string> Keys => shape.Keys;

    public IEnumerable<object?> Values => Array.AsReadOnly(values);

    public int Count => values.Length;

    public bool ContainsKey(string key) => shape.Find(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var slot = shape.Find(key);
        value = slot >= 0 ? values[slot] : null;
        return slot >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < values.Length; i++) yield return new(shape.Keys[i], values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    object? IDictionary.this[object key]
    {
        get => key is string s && TryGetValue(s, out var v) ? v : null;
        set => throw ReadOnly();
    }

    ICollection IDictionary.Keys => shape.Keys.ToArray();

    ICollection IDictionary.Values => values.ToArray();

    bool IDictionary.IsReadOnly => true;

    bool IDictionary.IsFixedSize => true;

    bool ICollection.IsSynchronized => false;

    object ICollection.SyncRoot => this;

    bool IDictionary.Contains(object key) => key is string s && ContainsKey(s);

    IDictionaryEnumerator IDictionary.GetEnumerator() => new Entries(this);

    void ICollection.CopyTo(Array array, int index)
    {
        for (var i = 0; i < values.Length; i++) array.SetValue(new DictionaryEntry(shape.Keys[i], values[i]), index + i);
    }

    void IDictionary.Add(object key, object? value) => throw ReadOnly();

    void IDictionary.Clear() => throw ReadOnly();

    void IDictionary.Remove(object key) => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("A values row is read-only.");

    private sealed class Entries(ValueRow row) : IDictionaryEnumerator
    {
        private int i = -1;

        public DictionaryEntry Entry => new(row.shape.Keys[i], row.values[i]);

        public object Key => row.shape.Keys[i];

        public object? Value => row.values[i];

        public object Current => Entry;

        public bool MoveNext() => ++i < row.values.Length;

        public void Reset() => i = -1;
    }
}
