namespace RelationsPS.Core.Materialization;

/// <summary>
/// The rows a query reads (<see cref="RowMaterializer"/>, select_related, raw SQL), each one object: the id a
/// long, the other slots (fields, then annotations) fields of the row itself. A hand-written reader loop
/// builds one object with a typed id per row; a RelObject and an array of boxed values was two objects and,
/// for an id above the shared boxes' range, a third (issue 15).
/// </summary>
/// <remarks>
/// A row has slot 1 in <see cref="RelObject"/>'s own field and slots 2 and on in an inline array of the
/// exact size (<see cref="RowContext.Width"/>: the slot for what Include loads only when it may load any),
/// one generic class per size (a size's code is compiled for it alone, as a struct argument is).
/// A row of no id (raw SQL can select a NULL one) or wider than <see cref="MaxSlots"/> is the array form.
/// </remarks>
internal static class FieldRows
{
    /// <summary>The most slots after the id a row holds in fields of its own (a wider row is one array, as a new object is).</summary>
    public const int MaxSlots = 16;

    /// <summary>A row of <paramref name="context"/> with its id, its other slots null until set (<see cref="RelObject.SetSlot"/>).</summary>
    public static RelObject Create(RowContext context, long id) => (context.Width - 1) switch
    {
        0 or 1 => new FieldRow(context, id),
        2 => new FieldRow<Slots1>(context, id),
        3 => new FieldRow<Slots2>(context, id),
        4 => new FieldRow<Slots3>(context, id),
        5 => new FieldRow<Slots4>(context, id),
        6 => new FieldRow<Slots5>(context, id),
        7 => new FieldRow<Slots6>(context, id),
        8 => new FieldRow<Slots7>(context, id),
        9 => new FieldRow<Slots8>(context, id),
        10 => new FieldRow<Slots9>(context, id),
        11 => new FieldRow<Slots10>(context, id),
        12 => new FieldRow<Slots11>(context, id),
        13 => new FieldRow<Slots12>(context, id),
        14 => new FieldRow<Slots13>(context, id),
        15 => new FieldRow<Slots14>(context, id),
        16 => new FieldRow<Slots15>(context, id),
        _ => Wide(context, id),
    };

    /// <summary>A row whose id was read as an object: null makes it the array form (a row without an id).</summary>
    public static RelObject Create(RowContext context, object? id) => id is long value ? Create(context, value) : WithoutId(context);

    /// <summary>A row without an id: the array form, whose slot 0 can be null.</summary>
    public static RelObject WithoutId(RowContext context) => new(context, new object?[context.SlotCount + 1]);

    private static RelObject Wide(RowContext context, long id)
    {
        var values = new object?[context.SlotCount + 1];
        values[0] = Boxes.Int64(id);
        return new RelObject(context, values);
    }

    internal static ArgumentOutOfRangeException NoSuchSlot(int slot) => new(nameof(slot), slot, "The row has no such slot.");

    internal static long IdOf(object? value) =>
        value as long? ?? throw new InvalidOperationException("A row read with its id keeps one (only an object made unsaved has none).");
}

/// <summary>A row of at most one slot after its id (slot 1 is <see cref="RelObject"/>'s own field).</summary>
internal sealed class FieldRow : RelObject
{
    private long id;

    public FieldRow(RowContext context, long id) : base(context) => this.id = id;

    private protected override long? ReadId() => id;

    private protected override bool HasLoadedSlot => Context.HoldsPrefetched;

    private protected override void WriteId(long? value) => id = FieldRows.IdOf(value);

    internal override object? GetSlot(int slot) => slot switch
    {
        0 => Boxes.Int64(id),
        1 when Context.Width == 2 => head,
        _ => throw FieldRows.NoSuchSlot(slot),
    };

    internal override void SetSlot(int slot, object? value)
    {
        switch (slot)
        {
            case 0:
                id = FieldRows.IdOf(value);
                return;
            case 1 when Context.Width == 2:
                head = value;
                return;
            default:
                throw FieldRows.NoSuchSlot(slot);
        }
    }
}

/// <summary>A row of 2 to <see cref="FieldRows.MaxSlots"/> slots after its id: slot 1 in <see cref="RelObject"/>'s field, the rest in <typeparamref name="TSlots"/>.</summary>
internal sealed class FieldRow<TSlots> : RelObject where TSlots : struct
{
    private long id;
    private TSlots rest;

    public FieldRow(RowContext context, long id) : base(context) => this.id = id;

    private ref object? Rest(int slot) =>
        ref (uint)(slot - 2) < (uint)InlineSlots.Count<TSlots>() ? ref InlineSlots.At(ref rest, slot - 2) : ref Throw(slot);

    private static ref object? Throw(int slot) => throw FieldRows.NoSuchSlot(slot);

    private protected override long? ReadId() => id;

    private protected override bool HasLoadedSlot => Context.HoldsPrefetched;

    private protected override void WriteId(long? value) => id = FieldRows.IdOf(value);

    internal override object? GetSlot(int slot) => slot switch
    {
        0 => Boxes.Int64(id),
        1 => head,
        _ => Rest(slot),
    };

    internal override void SetSlot(int slot, object? value)
    {
        switch (slot)
        {
            case 0:
                id = FieldRows.IdOf(value);
                return;
            case 1:
                head = value;
                return;
            default:
                Rest(slot) = value;
                return;
        }
    }
}
