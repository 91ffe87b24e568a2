using System.Data.Common;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// Builds <see cref="RelObject"/>s from rows of a full SELECT: column readers are chosen once per
/// query by field type and read by ordinal, so a row costs one array and one reader call per column.
/// </summary>
internal sealed class RowMaterializer
{
    private readonly ModelDefinition model;
    private readonly RelDatabase database;
    private readonly Func<DbDataReader, int, object?>[] readers;
    private readonly IReadOnlyList<Annotation> annotations;
    private readonly int firstColumn;
    private readonly Func<object?, object?>[] annotationValues;

    public RowMaterializer(ModelDefinition model, RelDatabase database, IReadOnlyList<Annotation> annotations, int firstColumn = 0)
    {
        this.model = model;
        this.database = database;
        this.annotations = annotations;
        this.firstColumn = firstColumn;
        readers = ReadersFor(model);
        annotationValues = annotations.Select(a => AggregateValues.Converter(model, a.Expression, annotations)).ToArray();
    }

    /// <summary>Readers per concrete field; cached on the model since they depend only on field types.</summary>
    private static Func<DbDataReader, int, object?>[] ReadersFor(ModelDefinition model) =>
        model.ConcreteFields.Select(FieldCodec.Reader).ToArray();

    public RelObject Read(DbDataReader r)
    {
        var values = new object?[readers.Length];
        for (var i = 0; i < readers.Length; i++) values[i] = readers[i](r, firstColumn + i);
        var obj = new RelObject(model, database, values);
        for (var a = 0; a < annotations.Count; a++)
            obj.SetAnnotation(annotations[a].Name, annotationValues[a](FieldCodec.ReadAny(r, firstColumn + readers.Length + a)));
        return obj;
    }
}
