namespace RelationsPS.Core.Materialization;

/// <summary>
/// The keys of a Values or Group query, built once per query and shared by its rows, so that a row
/// is one array of values instead of a hash table of its own. Keys are matched ignoring case, as
/// field names are; a name given twice is one key holding the later column's value, as a
/// dictionary filled column by column would hold it.
/// </summary>
internal sealed class RowShape
{
    // Past this many keys a hash lookup beats comparing names one by one.
    private const int LinearLimit = 8;

    private readonly string[] keys;
    private readonly int[] slotOfColumn;
    private readonly Dictionary<string, int>? index;

    public RowShape(IReadOnlyList<string> columns)
    {
        var slots = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var keyList = new List<string>(columns.Count);
        slotOfColumn = new int[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (!slots.TryGetValue(columns[i], out var slot))
            {
                slot = keyList.Count;
                slots[columns[i]] = slot;
                keyList.Add(columns[i]);
            }
            slotOfColumn[i] = slot;
        }
        keys = [.. keyList];
        Keys = Array.AsReadOnly(keys);
        if (keys.Length > LinearLimit) index = slots;
    }

    /// <summary>The distinct keys, in the order of their first column (shared by every row, so read-only).</summary>
    public IReadOnlyList<string> Keys { get; }

    public int Count => keys.Length;

    /// <summary>The slot of the row's values that column <paramref name="column"/> fills.</summary>
    public int SlotOf(int column) => slotOfColumn[column];

    /// <summary>The slot of a key, or -1.</summary>
    public int Find(string key)
    {
        if (index is not null) return index.TryGetValue(key, out var slot) ? slot : -1;
        // The caller usually passes the very string the query was built with.
        for (var i = 0; i < keys.Length; i++)
            if (ReferenceEquals(keys[i], key)) return i;
        for (var i = 0; i < keys.Length; i++)
            if (string.Equals(keys[i], key, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
