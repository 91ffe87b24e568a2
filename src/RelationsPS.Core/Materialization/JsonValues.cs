using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// The values of a Json field (Django's JSONField): dictionaries, lists, text, numbers, Booleans and null,
/// stored as compact JSON text (System.Text.Json) and read back as PowerShell-friendly values: an object is
/// an <see cref="OrderedDictionary"/> (keys in the stored order, compared ignoring case as PowerShell's
/// <c>[ordered]</c>), an array is an <c>object[]</c>, a whole number a long, another number a double.
/// </summary>
public static partial class JsonValues
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const int MaxDepth = 64;

    /// <summary>The JSON text of <paramref name="value"/>, or a ValidationException naming what cannot be JSON.</summary>
    public static string Serialize(FieldDefinition field, object? value)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
            Write(field, w, value, 0);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(FieldDefinition field, Utf8JsonWriter w, object? value, int depth)
    {
        if (depth > MaxDepth)
            throw new ValidationException("InvalidValue", $"Field '{field}' takes JSON nested at most {MaxDepth} levels deep.", value);
        switch (value)
        {
            case null or DBNull:
                w.WriteNullValue();
                break;
            case string s:
                if (s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0 && !WellFormed(s))
                    throw new ValidationException("InvalidText", $"Field '{field}': the text '{s}' has a lone surrogate, which JSON cannot hold.", value);
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case long or int or short or byte or sbyte or ushort or uint:
                w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong ul:
                w.WriteNumberValue(ul);
                break;
            case double d when double.IsFinite(d):
                w.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                w.WriteNumberValue((double)f);
                break;
            case decimal m:
                w.WriteNumberValue(m);
                break;
            case double or float:
                throw new ValidationException("InvalidValue", $"Field '{field}': JSON has no NaN or infinity ('{value}').", value);
            case char c:
                w.WriteStringValue(c.ToString());
                break;
            case IDictionary d:
                w.WriteStartObject();
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry e in d)
                {
                    var key = e.Key as string ?? Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "";
                    if (!seen.Add(key))
                        throw new ValidationException("InvalidValue", $"Field '{field}': the keys '{key}' differ only in case; a Json object's keys are read back ignoring case.", value);
                    w.WritePropertyName(key);
                    Write(field, w, e.Value, depth + 1);
                }
                w.WriteEndObject();
                break;
            case byte[]:
                throw Invalid(field, value);
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) Write(field, w, item, depth + 1);
                w.WriteEndArray();
                break;
            default:
                throw Invalid(field, value);
        }
    }

    private static bool WellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }

    private static ValidationException Invalid(FieldDefinition field, object value) =>
        new("InvalidValue",
            $"Field '{field}' takes JSON values (hashtables, lists, text, numbers, $true/$false, $null); '{value}' ({value.GetType().Name}) is not one. Convert it first (a date to text, for example).",
            value);

    /// <summary>Reads stored JSON text into the values <see cref="JsonValues"/> describes.</summary>
    public static object? Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        return Read(doc.RootElement);
    }

    /// <summary>A JSON element as the values <see cref="JsonValues"/> describes.</summary>
    public static object? Read(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => ReadObject(e),
        JsonValueKind.Array => e.EnumerateArray().Select(Read).ToArray(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static OrderedDictionary ReadObject(JsonElement e)
    {
        var d = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (var p in e.EnumerateObject()) d[p.Name] = Read(p.Value);
        return d;
    }

    /// <summary>
    /// The JSON path (<c>$.owner.tags[0]</c>) of the keys after a Json field in a lookup (<c>Data__owner__tags__0</c>).
    /// Keys must be identifiers (letters, digits, '_', not starting with a digit) or array indexes; the path is
    /// passed to the database as a parameter, never written into the statement.
    /// </summary>
    public static string? Path(IEnumerable<string> keys)
    {
        var sb = new StringBuilder("$");
        foreach (var key in keys)
        {
            if (IndexKey().IsMatch(key)) sb.Append('[').Append(key).Append(']');
            else if (NameKey().IsMatch(key)) sb.Append('.').Append(key);
            else return null;
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"^[0-9]{1,9}$")]
    private static partial Regex IndexKey();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NameKey();

    /// <summary>A parameter compared with a key of a Json field (what json_extract gives: scalars as they are, objects and arrays as JSON text).</summary>
    public static object? KeyParameter(FieldDefinition field, object? value) => value switch
    {
        null => null,
        bool b => b ? 1L : 0L,
        string or long or int or short or byte or double or float or decimal => value,
        _ => Serialize(field, value),
    };
}
