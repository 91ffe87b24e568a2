using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// One row of Values or Group: read-only, keyed by its query's <see cref="RowShape"/>. It is also a
/// non-generic <see cref="IDictionary"/>, so PowerShell reads <c>$row.Name</c> and formats it as a
/// dictionary, as it did the <see cref="Dictionary{TKey, TValue}"/> these rows used to be.
/// </summary>
/// <remarks>
/// A row of up to four values holds them in fields of its own (<see cref="Create"/> picks the width by
/// the shape's size): an array beside the row cost a second object per row, as much again as the row.
/// </remarks>
internal abstract class ValueRow : IReadOnlyDictionary<string, object?>, IDictionary
{
    private readonly RowShape shape;

    private protected ValueRow(RowShape shape) => this.shape = shape;

    /// <summary>An empty row of <paramref name="shape"/>, to be filled slot by slot with <see cref="Set"/> before it is handed out.</summary>
    public static ValueRow Create(RowShape shape) => shape.Count switch
    {
        1 => new Row<Slots1>(shape),
        2 => new Row<Slots2>(shape),
        3 => new Row<Slots3>(shape),
        4 => new Row<Slots4>(shape),
        _ => new RowN(shape),
    };

    /// <summary>The value in a slot of the shape.</summary>
    public abstract object? Get(int slot);

    /// <summary>Fills a slot while the row is built (rows are read-only once handed out).</summary>
    public abstract void Set(int slot, object? value);

    public object? this[string key]
    {
        get
        {
            var slot = shape.Find(key);
            return slot >= 0 ? Get(slot) : throw new KeyNotFoundException($"The given key '{key}' was not present in the row.");
        }
    }

    public IEnumerable<string> Keys => shape.Keys;

    public IEnumerable<object?> Values => ValueArray();

    public int Count => shape.Count;

    public bool ContainsKey(string key) => shape.Find(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var slot = shape.Find(key);
        value = slot >= 0 ? Get(slot) : null;
        return slot >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < shape.Count; i++) yield return new(shape.Keys[i], Get(i));
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private object?[] ValueArray()
    {
        var values = new object?[shape.Count];
        for (var i = 0; i < values.Length; i++) values[i] = Get(i);
        return values;
    }

    object? IDictionary.this[object key]
    {
        get => key is string s && TryGetValue(s, out var v) ? v : null;
        set => throw ReadOnly();
    }

    ICollection IDictionary.Keys => shape.Keys.ToArray();

    ICollection IDictionary.Values => ValueArray();

    bool IDictionary.IsReadOnly => true;

    bool IDictionary.IsFixedSize => true;

    bool ICollection.IsSynchronized => false;

    object ICollection.SyncRoot => this;

    bool IDictionary.Contains(object key) => key is string s && ContainsKey(s);

    IDictionaryEnumerator IDictionary.GetEnumerator() => new Entries(this);

    void ICollection.CopyTo(Array array, int index)
    {
        for (var i = 0; i < shape.Count; i++) array.SetValue(new DictionaryEntry(shape.Keys[i], Get(i)), index + i);
    }

    void IDictionary.Add(object key, object? value) => throw ReadOnly();

    void IDictionary.Clear() => throw ReadOnly();

    void IDictionary.Remove(object key) => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("A values row is read-only.");

    private sealed class Entries(ValueRow row) : IDictionaryEnumerator
    {
        private int i = -1;

        public DictionaryEntry Entry => new(row.shape.Keys[i], row.Get(i));

        public object Key => row.shape.Keys[i];

        public object? Value => row.Get(i);

        public object Current => Entry;

        public bool MoveNext() => ++i < row.shape.Count;

        public void Reset() => i = -1;
    }

    /// <summary>A row whose values are fields of its own (<typeparamref name="TSlots"/>, exactly the shape's width).</summary>
    private sealed class Row<TSlots>(RowShape shape) : ValueRow(shape) where TSlots : struct
    {
        private TSlots values;

        private ref object? At(int slot) =>
            ref (uint)slot < (uint)InlineSlots.Count<TSlots>() ? ref InlineSlots.At(ref values, slot) : ref Throw(slot);

        private static ref object? Throw(int slot) => throw new ArgumentOutOfRangeException(nameof(slot));

        public override object? Get(int slot) => At(slot);

        public override void Set(int slot, object? value) => At(slot) = value;
    }

    private sealed class RowN(RowShape shape) : ValueRow(shape)
    {
        private readonly object?[] values = new object?[shape.Count];

        public override object? Get(int slot) => values[slot];

        public override void Set(int slot, object? value) => values[slot] = value;
    }
}
