using System.Data.Common;
using System.Globalization;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// Converts values between .NET and the database, per field type: what goes in is validated and
/// converted once (so what you write is what you read back), what comes out is a plain .NET value,
/// never DBNull.
/// </summary>
public static class FieldCodec
{
    private const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.fffffff";
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>
    /// Converts a user value to the field's .NET type, validating it (type, MaxLength, Null/Blank,
    /// Decimal digits). Relations take an id (object ids are extracted by the caller).
    /// </summary>
    public static object? Normalize(FieldDefinition field, object? value, bool validateBlank = true)
    {
        if (value is null or DBNull)
        {
            if (!field.Null && !field.IsPrimaryKey)
                throw new ValidationException("NullNotAllowed", $"Field '{field}' cannot be null.", field.Name);
            return null;
        }
        var converted = field.Type switch
        {
            FieldType.AutoId or FieldType.Integer or FieldType.BigInteger or FieldType.ForeignKey or FieldType.OneToOne => ToInt64(field, value),
            FieldType.Float => ToDouble(field, value),
            FieldType.Decimal => ToDecimal(field, value),
            FieldType.Boolean => ToBoolean(field, value),
            FieldType.Date => ToDateTime(field, value).Date,
            FieldType.DateTime => ToDateTime(field, value),
            FieldType.Uuid => value is Guid g ? g : Convert(field, value, v => Guid.Parse(System.Convert.ToString(v, CultureInfo.InvariantCulture)!)),
            FieldType.Duration => ToDuration(field, value),
            FieldType.Json => JsonValues.Parse(JsonValues.Serialize(field, value)),
            // A copy: the row keeps what was written even if the caller's array changes later.
            FieldType.Binary => value is byte[] bytes ? bytes.Clone() : throw Invalid(field, value, "bytes (a [byte[]] such as [IO.File]::ReadAllBytes($path) or [Text.Encoding]::UTF8.GetBytes('text'))"),
            _ => ToText(field, value, validateBlank),
        };
        if (field.Type == FieldType.Integer && converted is long l && (l < int.MinValue || l > int.MaxValue))
            throw new ValidationException("ValueOutOfRange", $"Field '{field}': {l} does not fit an Integer field (use BigInteger).", value);
        // Choices are checked on what is written (validateBlank), not on filter values; '' passes when the field may be blank (as Django).
        if (validateBlank && field.Choices is { } choices && !(converted is "" && field.Blank) && !choices.Any(c => Equals(c.Key, converted)))
            throw new ValidationException("InvalidChoice", $"Field '{field}': '{value}' is not one of the choices: {field.ChoiceList}.", value);
        return converted;
    }

    private static object ToText(FieldDefinition field, object value, bool validateBlank)
    {
        var s = value switch
        {
            string str => str,
            // A list or a hashtable would be stored as its type name ("System.Object[]").
            System.Collections.IEnumerable => throw Invalid(field, value, "one text value, not a list or a hashtable"),
            _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        if (value is not string && s == value.GetType().ToString())
            throw Invalid(field, value, "text (this object has no text form of its own)");
        CheckUtf16(field, s, value);
        if (field.MaxLength is int max && s.Length > max)
            throw new ValidationException("ValueTooLong", $"Field '{field}' takes at most {max} characters; the value has {s.Length}.", value);
        if (validateBlank && s.Length == 0 && !field.Blank)
            throw new ValidationException("BlankNotAllowed", $"Field '{field}' cannot be blank.", value);
        // Email, Url and IPAddress values are validated as they are written (validateBlank), as Django's validators.
        if (validateBlank && field.Type is FieldType.Email or FieldType.Url or FieldType.IPAddress) s = TextValidators.Validate(field, s);
        return s;
    }

    /// <summary>
    /// Refuses text that is not well-formed UTF-16 (a lone surrogate): SQLite stores UTF-8, which cannot
    /// hold one, so it would come back as U+FFFD. Refusing keeps "what you write is what you read back".
    /// </summary>
    private static void CheckUtf16(FieldDefinition field, string s, object value)
    {
        var i = s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0) return;
        for (; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i]))
                throw new ValidationException("InvalidText",
                    $"Field '{field}': the text has a lone surrogate (U+{(int)s[i]:X4}) at position {i}, which is not a character; the database stores UTF-8 and would read it back as U+FFFD. Pass well-formed text.", value);
        }
    }

    /// <summary>
    /// A Float: numbers as they are; text in the invariant form only ('1.5', '1e3'): '1,5' is refused,
    /// not read as 15. NaN is refused (SQLite has none); infinities are kept.
    /// </summary>
    private static double ToDouble(FieldDefinition field, object value)
    {
        var d = value switch
        {
            double x => x,
            float f => f,
            string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw Invalid(field, value, "a number written with '.' as the decimal point and no thousands separator ('1.5', '1e3')"),
            _ => Convert(field, value, v => System.Convert.ToDouble(v, CultureInfo.InvariantCulture)),
        };
        if (double.IsNaN(d))
            throw new ValidationException("InvalidValue", $"Field '{field}' cannot store NaN (not a number): the database has no NaN. Use $null for a missing value.", value);
        return d;
    }

    /// <summary>
    /// A Duration: a TimeSpan, or text in the invariant form ('01:30:00', '2.03:04:05.5', '-00:00:01').
    /// Stored as microseconds, so a value with a finer part (100-nanosecond ticks) is refused, not rounded.
    /// </summary>
    private static TimeSpan ToDuration(FieldDefinition field, object value)
    {
        var t = value switch
        {
            TimeSpan ts => ts,
            string s when TimeSpan.TryParse(s.Trim(), CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw Invalid(field, value, "a duration: a TimeSpan or text such as '01:30:00' or '2.03:04:05.5' (days.hours:minutes:seconds)"),
        };
        if (t.Ticks % TicksPerMicrosecond != 0)
            throw new ValidationException("DurationNotExact",
                $"Field '{field}' keeps a duration to the microsecond; '{t.ToString("c", CultureInfo.InvariantCulture)}' has a finer part, so it is refused rather than rounded.", value);
        return t;
    }

    private const long TicksPerMicrosecond = 10;

    /// <summary>A duration from the microseconds the database stores.</summary>
    public static TimeSpan FromMicroseconds(long microseconds) => TimeSpan.FromTicks(microseconds * TicksPerMicrosecond);

    private static long ToInt64(FieldDefinition field, object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        string str when long.TryParse(str, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        double d when Math.Floor(d) == d && d >= long.MinValue && d <= long.MaxValue => (long)d,
        decimal m when decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue => (long)m,
        uint or ulong or ushort or sbyte => Convert(field, value, v => System.Convert.ToInt64(v, CultureInfo.InvariantCulture)),
        _ => throw Invalid(field, value, "a whole number"),
    };

    private static decimal ToDecimal(FieldDefinition field, object value)
    {
        var d = value switch
        {
            decimal m => m,
            // Float, not Number: '1,5' is refused, not read as 15.
            string s when decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            double or float or int or long or short or byte => Convert(field, value, v => System.Convert.ToDecimal(v, CultureInfo.InvariantCulture)),
            _ => throw Invalid(field, value, "a decimal number"),
        };
        var places = field.DecimalPlaces ?? 0;
        var scaled = decimal.Round(d, places);
        if (scaled != d)
            throw new ValidationException("TooManyDecimalPlaces", $"Field '{field}' takes at most {places} decimal places; '{d.ToString(CultureInfo.InvariantCulture)}' has more.", value);
        var integerDigits = decimal.Truncate(decimal.Abs(d)).ToString(CultureInfo.InvariantCulture).TrimStart('0').Length;
        if (integerDigits > (field.MaxDigits ?? 28) - places)
            throw new ValidationException("TooManyDigits", $"Field '{field}' takes at most {field.MaxDigits} digits ({places} after the point).", value);
        if (!KeptExactly(d, out var significant))
            throw new ValidationException("DecimalNotExact",
                $"Field '{field}': {d.ToString(CultureInfo.InvariantCulture)} has {significant} significant digits; the database keeps a Decimal exactly up to {ExactSignificantDigits} significant digits, or a whole number up to {long.MaxValue}, so it is refused rather than rounded.", value);
        return d;
    }

    /// <summary>The significant digits SQLite keeps of a Decimal it stores as REAL (its NUMERIC columns convert text to REAL).</summary>
    public const int ExactSignificantDigits = 15;

    /// <summary>
    /// Whether a NUMERIC column gives <paramref name="d"/> back exactly: a whole number within Int64 is
    /// stored as an INTEGER (see <see cref="ToDatabase"/>), anything else as a REAL, which keeps 15
    /// significant digits (a REAL read back is printed with the shortest form that round-trips, which
    /// for a value of at most 15 significant digits is that value).
    /// </summary>
    internal static bool KeptExactly(decimal d, out int significant)
    {
        var digits = decimal.Abs(d).ToString(CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal).Trim('0');
        significant = digits.Length;
        return significant <= ExactSignificantDigits || (decimal.Truncate(d) == d && d >= long.MinValue && d <= long.MaxValue);
    }

    private static bool ToBoolean(FieldDefinition field, object value) => value switch
    {
        bool b => b,
        long or int or short or byte => System.Convert.ToInt64(value, CultureInfo.InvariantCulture) switch
        {
            0 => false,
            1 => true,
            _ => throw Invalid(field, value, "$true or $false"),
        },
        string s when bool.TryParse(s, out var parsed) => parsed,
        _ => throw Invalid(field, value, "$true or $false"),
    };

    private static DateTime ToDateTime(FieldDefinition field, object value) => value switch
    {
        DateTime dt => dt,
        DateTimeOffset dto => dto.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) => parsed,
        _ => throw Invalid(field, value, field.Type == FieldType.Date ? "a date" : "a date and time"),
    };

    private static T Convert<T>(FieldDefinition field, object value, Func<object, T> convert)
    {
        try
        {
            return convert(value);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw Invalid(field, value, typeof(T).Name);
        }
    }

    private static ValidationException Invalid(FieldDefinition field, object value, string expected) =>
        new("InvalidValue", $"Field '{field}' takes {expected}; '{value}' ({value.GetType().Name}) is not one.", value);

    private const string TimeFormat = @"hh\:mm\:ss\.fffffff";

    /// <summary>A time of day as the stored text has it (<c>HH:mm:ss.fffffff</c>), from a TimeSpan, a DateTime or a text such as '12:30'.</summary>
    private static string TimeText(object value) => value switch
    {
        TimeSpan t => t.ToString(TimeFormat, CultureInfo.InvariantCulture),
        DateTime d => d.TimeOfDay.ToString(TimeFormat, CultureInfo.InvariantCulture),
        _ => TimeSpan.Parse(System.Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture).ToString(TimeFormat, CultureInfo.InvariantCulture),
    };

    /// <summary>The value as the database stores it (a normalized value in, a parameter value out).</summary>
    public static object? ToDatabase(FieldDefinition field, object? value) => value switch
    {
        null => null,
        _ when field.Type == FieldType.Json => JsonValues.Serialize(field, value),
        DateTime dt when field.Type == FieldType.Date => dt.ToString(DateFormat, CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString(DateTimeFormat, CultureInfo.InvariantCulture) + (dt.Kind == DateTimeKind.Utc ? "Z" : ""),
        bool b => b ? 1L : 0L,
        Guid g => g.ToString("D"),
        TimeSpan t => t.Ticks / TicksPerMicrosecond,
        // A whole number goes in as an INTEGER, exact to 19 digits; as text, the NUMERIC column would make
        // any value beyond 15 digits a REAL ("12345678901234567.00" reads back ...568.00).
        decimal m when decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue => (long)m,
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>Converts a value for a parameter compared with <paramref name="field"/> (filters).</summary>
    public static object? ToParameter(FieldDefinition field, object? value)
    {
        if (value is null) return null;
        if (field.Part == DatePart.Time) return TimeText(value);
        if (field.JsonPath is not null) return JsonValues.KeyParameter(field, value);
        if (field.IsText) return value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture);
        return ToDatabase(field, Normalize(field, value, validateBlank: false));
    }

    /// <summary>A reader for one column of <paramref name="field"/>'s type (chosen once per query, not per row).</summary>
    public static Func<DbDataReader, int, object?> Reader(FieldDefinition field) => field.Part == DatePart.Time
        ? static (r, i) => r.IsDBNull(i) ? null : TimeSpan.ParseExact(r.GetString(i), TimeFormat, CultureInfo.InvariantCulture)
        : field.Type switch
    {
        FieldType.AutoId or FieldType.Integer or FieldType.BigInteger or FieldType.ForeignKey or FieldType.OneToOne =>
            static (r, i) => r.IsDBNull(i) ? null : Boxes.Int64(r.GetInt64(i)),
        FieldType.Float => static (r, i) => r.IsDBNull(i) ? null : r.GetDouble(i),
        FieldType.Decimal => (r, i) => r.IsDBNull(i) ? null : ReadDecimal(r, i, field.DecimalPlaces ?? 0),
        FieldType.Boolean => static (r, i) => r.IsDBNull(i) ? null : Boxes.Boolean(r.GetInt64(i) != 0),
        FieldType.Date or FieldType.DateTime => static (r, i) => r.IsDBNull(i) ? null : ReadDateTime(r.GetString(i)),
        FieldType.Uuid => static (r, i) => r.IsDBNull(i) ? null : Guid.Parse(r.GetString(i)),
        FieldType.Duration => static (r, i) => r.IsDBNull(i) ? null : FromMicroseconds(r.GetInt64(i)),
        FieldType.Binary => static (r, i) => r.IsDBNull(i) ? null : (byte[])r.GetValue(i),
        FieldType.Json when field.JsonPath is not null => ReadAny,
        FieldType.Json => static (r, i) => r.IsDBNull(i) ? null : JsonValues.Parse(r.GetString(i)),
        _ => static (r, i) => r.IsDBNull(i) ? null : r.GetString(i),
    };

    /// <summary>
    /// A reader for a column the table declares NOT NULL (the schema check keeps the file in step):
    /// it skips <see cref="DbDataReader.IsDBNull"/>, which the provider's typed getters repeat anyway,
    /// so a value costs one type check instead of two. A NULL there makes the getter throw
    /// <see cref="InvalidOperationException"/>; <see cref="RowMaterializer"/> then reads the row with
    /// <see cref="Reader"/>.
    /// </summary>
    public static Func<DbDataReader, int, object?> NotNullReader(FieldDefinition field) => field.Type switch
    {
        FieldType.AutoId or FieldType.Integer or FieldType.BigInteger or FieldType.ForeignKey or FieldType.OneToOne =>
            static (r, i) => Boxes.Int64(r.GetInt64(i)),
        FieldType.Float => static (r, i) => r.GetDouble(i),
        FieldType.Boolean => static (r, i) => Boxes.Boolean(r.GetInt64(i) != 0),
        FieldType.Date or FieldType.DateTime => static (r, i) => ReadDateTime(r.GetString(i)),
        FieldType.Uuid => static (r, i) => Guid.Parse(r.GetString(i)),
        FieldType.Duration => static (r, i) => FromMicroseconds(r.GetInt64(i)),
        FieldType.Json => Reader(field),
        FieldType.Binary => static (r, i) => (byte[])r.GetValue(i),
        FieldType.Decimal => Reader(field),
        _ => static (r, i) => r.GetString(i),
    };

    /// <summary>
    /// Reads stored date/time text: the engine's own form (<c>yyyy-MM-dd HH:mm:ss.fffffff</c>, optional
    /// trailing Z) is parsed by hand instead of ParseExact over a list of formats (it is on every row
    /// of every query of a model with a date); anything else goes to <see cref="ParseDateTime"/>.
    /// </summary>
    private static DateTime ReadDateTime(string s)
    {
        var utc = s.Length == 28 && s[27] == 'Z';
        if ((s.Length == 27 || utc) && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' && s[16] == ':' && s[19] == '.'
            && Digits(s, 0, 4, out var year) && Digits(s, 5, 2, out var month) && Digits(s, 8, 2, out var day)
            && Digits(s, 11, 2, out var hour) && Digits(s, 14, 2, out var minute) && Digits(s, 17, 2, out var second)
            && Digits(s, 20, 7, out var fraction)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(1, year), month)
            && hour < 24 && minute < 60 && second < 60 && year >= 1)
        {
            var ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
            return new DateTime(ticks, utc ? DateTimeKind.Utc : DateTimeKind.Unspecified);
        }
        return ParseDateTime(s);
    }

    private static bool Digits(string s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    private static decimal ReadDecimal(DbDataReader r, int i, int places)
    {
        var raw = r.GetValue(i);
        var d = raw switch
        {
            long l => l,
            double dbl => decimal.Parse(dbl.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
            string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => System.Convert.ToDecimal(raw, CultureInfo.InvariantCulture),
        };
        // NUMERIC affinity may store 12.10 as 12.1: restore the field's scale.
        return decimal.Round(d, places) + new decimal(0, 0, 0, false, (byte)places);
    }

    /// <summary>Reads a stored date/time text; a trailing Z marks a UTC value.</summary>
    public static DateTime ParseDateTime(string s) =>
        s.EndsWith('Z')
            ? DateTime.SpecifyKind(DateTime.ParseExact(s[..^1], [DateTimeFormat, "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc)
            : DateTime.ParseExact(s, [DateTimeFormat, "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", DateFormat], CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>A value read from an expression column of unknown type (aggregates, annotations).</summary>
    public static object? ReadAny(DbDataReader r, int i)
    {
        // Integers (counts above all) through GetInt64: a small one then costs no box of its own.
        if (r.IsDBNull(i)) return null;
        return r.GetFieldType(i) == typeof(long) ? Boxes.Int64(r.GetInt64(i)) : r.GetValue(i);
    }
}
