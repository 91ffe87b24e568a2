using System.Globalization;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// The .NET value of an aggregate, typed by the field it aggregates: Count is Int64 (0 when empty),
/// Sum of Decimal is Decimal, Avg is Double (Decimal for Decimal fields), Min/Max keep the field's
/// type; empty Sum/Avg/Min/Max are null.
/// </summary>
internal static class AggregateValues
{
    private static readonly object ZeroCount = 0L;

    public static Func<object?, object?> Converter(ModelDefinition model, Expr expression, IReadOnlyList<Annotation>? annotations = null)
    {
        if (expression is not Aggregate agg) return raw => raw;
        // The reader's boxed long is kept as it is: converting it would box it again, on every row.
        if (agg.Func == AggregateFunc.Count) return static raw => raw switch
        {
            null => ZeroCount,
            long => raw,
            _ => System.Convert.ToInt64(raw, CultureInfo.InvariantCulture),
        };
        FieldDefinition? field = null;
        if (annotations?.Any(a => a.Name.Equals(agg.Path, StringComparison.OrdinalIgnoreCase)) != true || model.FindAttribute(agg.Path, out _) is not null)
            field = ResolvedPath.Resolve(model, agg.Path).Field;
        return raw => raw is null ? null : Convert(agg.Func, field, raw);
    }

    private static object Convert(AggregateFunc func, FieldDefinition? field, object raw)
    {
        var type = field?.Type;
        if (type == FieldType.Decimal)
        {
            var d = raw switch
            {
                string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                double dbl => decimal.Parse(dbl.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => System.Convert.ToDecimal(raw, CultureInfo.InvariantCulture),
            };
            return func == AggregateFunc.Avg ? d : decimal.Round(d, field!.DecimalPlaces ?? 0) + new decimal(0, 0, 0, false, (byte)(field.DecimalPlaces ?? 0));
        }
        if (func == AggregateFunc.Avg) return System.Convert.ToDouble(raw, CultureInfo.InvariantCulture);
        return type switch
        {
            FieldType.Date or FieldType.DateTime when raw is string s => FieldCodec.ParseDateTime(s),
            FieldType.Boolean => System.Convert.ToInt64(raw, CultureInfo.InvariantCulture) != 0,
            FieldType.Uuid when raw is string s => Guid.Parse(s),
            FieldType.Float => System.Convert.ToDouble(raw, CultureInfo.InvariantCulture),
            _ => raw,
        };
    }
}
