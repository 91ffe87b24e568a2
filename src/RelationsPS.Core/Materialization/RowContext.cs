using System.Runtime.CompilerServices;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// What the rows of one query have in common: their model, their database and the names of their
/// annotations. A <see cref="RelObject"/> points at one instead of holding each of them, and keeps
/// its annotations' values after its fields' (its slots), so an annotated row is one slot longer per
/// annotation instead of a dictionary (or a row and an array) of its own, and what Include loaded for
/// its first relation as it is.
/// </summary>
internal sealed class RowContext
{
    // Objects made outside a query (New, a default row) share one per model.
    private static readonly ConditionalWeakTable<ModelDefinition, RowContext> Detached = new();

    public RowContext(ModelDefinition model, RelDatabase? database, RowShape? annotations, string? prefetched = null, bool holdsPrefetched = false)
    {
        Model = model;
        Database = database;
        Annotations = annotations;
        Prefetched = prefetched;
        FieldCount = model.ConcreteFields.Count;
        SlotCount = FieldCount + (annotations?.Count ?? 0);
        HoldsPrefetched = holdsPrefetched || prefetched is not null;
    }

    public ModelDefinition Model { get; }

    public RelDatabase? Database { get; }

    /// <summary>The names of the values after the model's fields (a query's annotations), or null when there are none.</summary>
    public RowShape? Annotations { get; }

    /// <summary>
    /// The relation the query's Include loads first, or null: a row holds what was loaded for it as it is,
    /// not in a (relation, value) record of its own.
    /// </summary>
    public string? Prefetched { get; }

    /// <summary>The model's concrete fields: the first values of a row, the annotations' follow.</summary>
    public int FieldCount { get; }

    /// <summary>A row's values: its fields' (the id first), then its annotations'.</summary>
    public int SlotCount { get; }

    /// <summary>
    /// Whether Include may load relations for the rows (a query's with Include, a prefetch's or join's, which may
    /// be the owners of a longer path): a row read into fields (<see cref="FieldRows"/>) then has one slot more,
    /// after its annotations, for them. An object in the array form always has it.
    /// </summary>
    public bool HoldsPrefetched { get; }

    /// <summary>The slots a row read into fields holds: <see cref="SlotCount"/>, and one for what Include loads when it may.</summary>
    public int Width => HoldsPrefetched ? SlotCount + 1 : SlotCount;

    /// <summary>The shared context of rows of <paramref name="model"/> without annotations.</summary>
    public static RowContext Of(ModelDefinition model, RelDatabase? database) =>
        database is null ? Detached.GetValue(model, static m => new RowContext(m, null, null)) : database.RowContextOf(model);

    /// <summary>This context with another database (an object saved to a database), its slots kept.</summary>
    public RowContext WithDatabase(RelDatabase? database) =>
        ReferenceEquals(database, Database) ? this
        : Annotations is null && !HoldsPrefetched ? Of(Model, database)
        : new RowContext(Model, database, Annotations, Prefetched, HoldsPrefetched);
}
