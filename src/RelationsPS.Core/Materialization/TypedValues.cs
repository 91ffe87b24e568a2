using System.Data.Common;
using System.Globalization;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// Column readers that hand a value out as a given .NET type (<see cref="Query.QuerySet.ValuesList{T}(string)"/>):
/// an integer column read as <see cref="long"/> and a text column as <see cref="string"/> go straight from
/// the provider's typed getter into the caller's tuple, so a row boxes nothing; any other pair reads the
/// value as the engine reads it (<see cref="FieldCodec.Reader"/>) and converts it.
/// </summary>
internal static class TypedValues
{
    /// <summary>
    /// A reader of <paramref name="path"/>'s column as <typeparamref name="T"/>. <paramref name="field"/> is
    /// the field read (null for an annotation), <paramref name="required"/> says no row holds NULL there
    /// (the model's own NOT NULL column), <paramref name="general"/> reads the value as an object.
    /// </summary>
    public static Func<DbDataReader, int, T> Reader<T>(string path, FieldDefinition? field, bool required, Func<DbDataReader, int, object?> general)
    {
        if (field is { JsonPath: null, Part: null })
        {
            if (typeof(T) == typeof(long) && IsInteger(field))
                return required
                    ? Cast<T>(new Func<DbDataReader, int, long>(static (r, i) => r.GetInt64(i)))
                    : Cast<T>(new Func<DbDataReader, int, long>((r, i) => r.IsDBNull(i) ? throw Null<T>(path) : r.GetInt64(i)));
            if (typeof(T) == typeof(long?) && IsInteger(field))
                return Cast<T>(new Func<DbDataReader, int, long?>(static (r, i) => r.IsDBNull(i) ? null : r.GetInt64(i)));
            if (typeof(T) == typeof(string) && field.IsText)
                return Cast<T>(new Func<DbDataReader, int, string?>(static (r, i) => r.IsDBNull(i) ? null : r.GetString(i)));
        }
        return (r, i) => Convert<T>(general(r, i), path);
    }

    private static bool IsInteger(FieldDefinition field) =>
        field.Type is FieldType.AutoId or FieldType.Integer or FieldType.BigInteger or FieldType.ForeignKey or FieldType.OneToOne;

    private static Func<DbDataReader, int, T> Cast<T>(object reader) => (Func<DbDataReader, int, T>)reader;

    /// <summary>A value as the engine reads it, as <typeparamref name="T"/>: as it is, or converted between numeric types.</summary>
    public static T Convert<T>(object? value, string path)
    {
        if (value is T typed) return typed;
        if (value is null) return default(T) is null ? default! : throw Null<T>(path);
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (value is IConvertible && IsNumeric(value.GetType()) && IsNumeric(target))
        {
            try
            {
                return (T)System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw new RelationsException("ValueOutOfRange", ErrorKind.InvalidArgument,
                    $"'{path}' holds {value}, which a {target.Name} cannot hold.", path);
            }
        }
        throw new RelationsException("ValueTypeMismatch", ErrorKind.InvalidArgument,
            $"'{path}' holds {value.GetType().Name} values, not {Name(typeof(T))}.", path);
    }

    private static bool IsNumeric(Type t) =>
        t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(byte) || t == typeof(double)
        || t == typeof(float) || t == typeof(decimal) || t == typeof(ulong) || t == typeof(uint);

    private static RelationsException Null<T>(string path) =>
        new("NullValue", ErrorKind.InvalidArgument, $"'{path}' is NULL in a row: read it as {Name(typeof(T))}? to receive nulls.", path);

    private static string Name(Type t) => Nullable.GetUnderlyingType(t) is { } inner ? inner.Name + "?" : t.Name;
}
