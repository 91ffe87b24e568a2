using System.Data.Common;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// Builds <see cref="RelObject"/>s from rows of a full SELECT: column readers are chosen once per
/// query by field type and read by ordinal, so a row costs one object (<see cref="FieldRows"/>: its id
/// unboxed, its fields' and annotations' values fields of its own) and one reader call per column
/// (required columns are read without a separate NULL check).
/// </summary>
internal sealed class RowMaterializer
{
    private readonly Func<DbDataReader, int, object?>[] readers;
    private readonly Func<DbDataReader, int, object?>[] nullSafeReaders;
    private readonly int firstColumn;
    private readonly Func<object?, object?>[] annotationValues;
    private readonly RowContext context;

    // holdsPrefetched: Include may load relations for the rows though the query has none (a prefetch's or a
    // join's rows: RowContext.HoldsPrefetched).
    public RowMaterializer(ModelDefinition model, RelDatabase database, IReadOnlyList<Annotation> annotations, int firstColumn = 0, string? prefetched = null, bool holdsPrefetched = false)
    {
        this.firstColumn = firstColumn;
        (readers, nullSafeReaders) = ReadersOf.GetValue(model, static m => new Readers(
            [.. m.ConcreteFields.Select(f => f.Null ? FieldCodec.Reader(f) : FieldCodec.NotNullReader(f))],
            [.. m.ConcreteFields.Select(FieldCodec.Reader)]));
        annotationValues = annotations.Count == 0 ? [] : annotations.Select(a => AggregateValues.Converter(model, a.Expression, annotations)).ToArray();
        context = annotations.Count == 0 && prefetched is null && !holdsPrefetched
            ? RowContext.Of(model, database)
            : new RowContext(model, database, annotations.Count == 0 ? null : new RowShape([.. annotations.Select(a => a.Name)]), prefetched, holdsPrefetched);
        ReadRow = Read;
    }

    /// <summary><see cref="Read"/> as a delegate made once (a query hands one to the executor).</summary>
    public Func<DbDataReader, RelObject> ReadRow { get; }

    private sealed record Readers(Func<DbDataReader, int, object?>[] Fast, Func<DbDataReader, int, object?>[] NullSafe);

    // They depend on the field types alone, and a related manager builds a materializer per enumeration
    // (an N+1 loop builds thousands).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ModelDefinition, Readers> ReadersOf = new();

    public RelObject Read(DbDataReader r)
    {
        RelObject row;
        try
        {
            // The id is read as a long and kept as one (FieldRows): no box for it.
            row = FieldRows.Create(context, r.GetInt64(firstColumn));
            for (var i = 1; i < readers.Length; i++) row.SetSlot(i, readers[i](r, firstColumn + i));
        }
        catch (InvalidOperationException)
        {
            // A NULL in a column the model declares required (a file edited behind the engine's back):
            // read as null, as every column once was.
            row = FieldRows.Create(context, nullSafeReaders[0](r, firstColumn));
            for (var i = 1; i < readers.Length; i++) row.SetSlot(i, nullSafeReaders[i](r, firstColumn + i));
        }
        // Annotation names are unique (Annotate refuses a second one), so column a is slot a after the fields.
        for (var a = 0; a < annotationValues.Length; a++)
            row.SetSlot(readers.Length + a, annotationValues[a](FieldCodec.ReadAny(r, firstColumn + readers.Length + a)));
        return row;
    }
}