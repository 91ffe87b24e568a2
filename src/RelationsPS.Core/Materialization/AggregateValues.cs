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
        if (expression is not Aggregate agg)
        {
            var valueField = FieldOf(model, expression, annotations);
            return valueField is null ? static raw => raw : raw => raw is null ? null : Convert(AggregateFunc.Min, valueField, raw);
        }
        if (agg.Func is AggregateFunc.StdDev or AggregateFunc.Variance) return static raw => raw is null ? null : System.Convert.ToDouble(raw, CultureInfo.InvariantCulture);
        if (!agg.IsPlain && agg.Func != AggregateFunc.Count)
        {
            var argField = FieldOf(model, agg.Argument ?? new F(agg.Path), annotations);
            return raw => raw is null ? null : Convert(agg.Func, argField, raw);
        }
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

    private static readonly FieldDefinition BooleanValue = new("(condition)", FieldType.Boolean);
    private static readonly FieldDefinition IntegerValue = new("(number)", FieldType.Integer);
    private static readonly FieldDefinition FloatValue = new("(number)", FieldType.Float);
    private static readonly FieldDefinition DecimalValue = new("(number)", FieldType.Decimal);
    private static readonly FieldDefinition DateValue = new("(date)", FieldType.Date);
    private static readonly FieldDefinition DateTimeValue = new("(date and time)", FieldType.DateTime);

    /// <summary>
    /// The field whose type an expression's value has, when it is known (a path, a Cast, a condition,
    /// a Length, the branches of a Case or the arguments of a Coalesce); null leaves the value as read.
    /// </summary>
    private static FieldDefinition? FieldOf(ModelDefinition model, Expr e, IReadOnlyList<Annotation>? annotations) => e switch
    {
        F f when annotations?.FirstOrDefault(a => a.Name.Equals(f.Path, StringComparison.OrdinalIgnoreCase)) is { } a && model.FindAttribute(f.Path, out _) is null
            => a.Expression is Aggregate ? null : FieldOf(model, a.Expression, annotations),
        F f => ResolvedPath.Resolve(model, f.Path).Field is { Type: not (FieldType.ForeignKey or FieldType.OneToOne) } field ? field : IntegerValue,
        Cast c => c.Type switch
        {
            FieldType.Boolean => BooleanValue,
            FieldType.Integer or FieldType.BigInteger => IntegerValue,
            FieldType.Float => FloatValue,
            FieldType.Decimal => DecimalValue,
            FieldType.Date => DateValue,
            FieldType.DateTime => DateTimeValue,
            _ => null,
        },
        Condition or Exists => BooleanValue,
        Function { Kind: FunctionKind.Length } => IntegerValue,
        Function { Kind: FunctionKind.Coalesce } fn => fn.Arguments.Select(x => FieldOf(model, x, annotations)).FirstOrDefault(x => x is not null),
        Case k => k.Whens.Select(w => w.Then).Append(k.Else ?? new Const(null)).Select(x => FieldOf(model, x, annotations)).FirstOrDefault(x => x is not null)
                  ?? (k.Whens.All(w => w.Then is Const { Value: bool }) && k.Else is null or Const { Value: bool or null } ? BooleanValue : null),
        _ => null,
    };

    private static object Convert(AggregateFunc func, FieldDefinition? field, object raw)
    {
        if (field?.Part == DatePart.Time && raw is string time) return TimeSpan.ParseExact(time, @"hh\:mm\:ss\.fffffff", CultureInfo.InvariantCulture);
        var type = field?.Type;
        if (type == FieldType.Decimal)
        {
            var d = raw switch
            {
                string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                double dbl => decimal.Parse(dbl.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => System.Convert.ToDecimal(raw, CultureInfo.InvariantCulture),
            };
            return func == AggregateFunc.Avg || field!.DecimalPlaces is null ? d : decimal.Round(d, field!.DecimalPlaces ?? 0) + new decimal(0, 0, 0, false, (byte)(field.DecimalPlaces ?? 0));
        }
        // Durations are microseconds: Sum, Min, Max and Avg are durations again (Avg rounded to the microsecond, as Django's).
        if (type == FieldType.Duration)
            return FieldCodec.FromMicroseconds(func == AggregateFunc.Avg
                ? (long)Math.Round(System.Convert.ToDouble(raw, CultureInfo.InvariantCulture), MidpointRounding.ToEven)
                : System.Convert.ToInt64(raw, CultureInfo.InvariantCulture));
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
