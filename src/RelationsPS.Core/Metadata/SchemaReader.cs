using System.Collections;
using System.Globalization;
using RelationsPS.Core.Errors;

namespace RelationsPS.Core.Metadata;

/// <summary>
/// Reads the dictionary form of a schema (PRODUCT §3: model name -> field name -> options, <c>Meta</c>
/// for model options) into a <see cref="ModelSetBuilder"/>. Callers pass plain .NET values (the
/// cmdlet layer unwraps PowerShell objects first).
/// </summary>
public static class SchemaReader
{
    private static readonly string[] FieldOptions =
    [
        "Type", "MaxLength", "MaxDigits", "DecimalPlaces", "Unique", "Null", "Blank", "Default", "Index", "AutoNow", "AutoNowAdd",
        "To", "RelatedName", "OnDelete", "Through", "ThroughFields", "Symmetrical", "DbTable", "DbColumn", "Choices",
    ];

    private static readonly string[] MetaOptions = ["Ordering", "DbTable", "UniqueTogether", "IdColumn"];

    public static ModelSet Read(IDictionary schema) => ToBuilder(schema).Build();

    public static ModelSetBuilder ToBuilder(IDictionary schema)
    {
        var builder = new ModelSetBuilder();
        foreach (DictionaryEntry model in schema)
        {
            var modelName = Convert.ToString(model.Key, CultureInfo.InvariantCulture)!;
            if (model.Value is not IDictionary fields)
                throw new SchemaException("InvalidSchema", $"Model '{modelName}' must be a hashtable of fields.", modelName);
            var mb = builder.Model(modelName);
            foreach (DictionaryEntry field in fields)
            {
                var fieldName = Convert.ToString(field.Key, CultureInfo.InvariantCulture)!;
                if (string.Equals(fieldName, "Meta", StringComparison.OrdinalIgnoreCase))
                {
                    mb.Meta(ReadMeta(modelName, field.Value));
                    continue;
                }
                mb.Field(fieldName, ReadField($"{modelName}.{fieldName}", field.Value));
            }
        }
        return builder;
    }

    private static FieldSpec ReadField(string where, object? value)
    {
        if (value is string typeOnly) value = new Hashtable { ["Type"] = typeOnly };
        if (value is not IDictionary options)
            throw new SchemaException("InvalidSchema", $"Field '{where}' must be a hashtable of options such as @{{ Type = 'Char'; MaxLength = 50 }}.", where);
        CheckKeys(where, options, FieldOptions);
        var typeName = Get<string>(where, options, "Type")
            ?? throw new SchemaException("MissingType", $"Field '{where}' needs a Type. Types are: {string.Join(", ", DeclarableTypes)}.", where);
        if (!Enum.TryParse<FieldType>(typeName, ignoreCase: true, out var type) || type == FieldType.AutoId || int.TryParse(typeName, out _))
            throw new SchemaException("UnknownFieldType", $"Field '{where}' has unknown Type '{typeName}'. Types are: {string.Join(", ", DeclarableTypes)}.", where);
        return new FieldSpec(type)
        {
            MaxLength = Get<int?>(where, options, "MaxLength"),
            MaxDigits = Get<int?>(where, options, "MaxDigits"),
            DecimalPlaces = Get<int?>(where, options, "DecimalPlaces"),
            Unique = Get<bool?>(where, options, "Unique") ?? false,
            Null = Get<bool?>(where, options, "Null") ?? false,
            Blank = Get<bool?>(where, options, "Blank") ?? false,
            Index = Get<bool?>(where, options, "Index") ?? false,
            HasDefault = Has(options, "Default"),
            Default = Has(options, "Default") ? Lookup(options, "Default") : null,
            AutoNow = Get<bool?>(where, options, "AutoNow") ?? false,
            AutoNowAdd = Get<bool?>(where, options, "AutoNowAdd") ?? false,
            To = Get<string>(where, options, "To"),
            RelatedName = Get<string>(where, options, "RelatedName"),
            OnDelete = ReadOnDelete(where, Get<string>(where, options, "OnDelete")),
            Through = Get<string>(where, options, "Through"),
            ThroughFields = GetList(where, options, "ThroughFields"),
            Symmetrical = Get<bool?>(where, options, "Symmetrical"),
            DbTable = Get<string>(where, options, "DbTable"),
            DbColumn = Get<string>(where, options, "DbColumn"),
            Choices = ReadChoices(where, Lookup(options, "Choices")),
        };
    }

    /// <summary>Choices: a list of values (each its own label), or a hashtable value -> label.</summary>
    private static IReadOnlyList<KeyValuePair<object, string>>? ReadChoices(string where, object? value)
    {
        static string Text(object? v) => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
        return value switch
        {
            null => null,
            string s => [new(s, s)],
            IDictionary d => d.Cast<DictionaryEntry>().Select(e => new KeyValuePair<object, string>(e.Key, Text(e.Value))).ToArray(),
            IEnumerable e => e.Cast<object?>().Select(v => v is null
                ? throw new SchemaException("InvalidChoices", $"Field '{where}': a choice cannot be $null (use Null = $true).", where)
                : new KeyValuePair<object, string>(v, Text(v))).ToArray(),
            _ => [new(value, Text(value))],
        };
    }

    private static IEnumerable<string> DeclarableTypes =>
        Enum.GetNames<FieldType>().Where(n => n != nameof(FieldType.AutoId));

    private static OnDeleteAction? ReadOnDelete(string where, string? value)
    {
        if (value is null) return null;
        if (Enum.TryParse<OnDeleteAction>(value, ignoreCase: true, out var action) && !int.TryParse(value, out _)) return action;
        throw new SchemaException("InvalidOnDelete",
            $"Field '{where}' has OnDelete '{value}'. Choices are: {string.Join(", ", Enum.GetNames<OnDeleteAction>())}.", where);
    }

    private static ModelOptions ReadMeta(string model, object? value)
    {
        var where = $"{model}.Meta";
        if (value is not IDictionary meta)
            throw new SchemaException("InvalidSchema", $"'{where}' must be a hashtable of options ({string.Join(", ", MetaOptions)}).", where);
        CheckKeys(where, meta, MetaOptions);
        var unique = new List<IReadOnlyList<string>>();
        if (Lookup(meta, "UniqueTogether") is { } ut)
        {
            var items = ut is string s ? [s] : ((IEnumerable)ut).Cast<object?>().ToList();
            if (items.All(i => i is string)) unique.Add(items.Cast<string>().ToArray());
            else unique.AddRange(items.Select(i => (IReadOnlyList<string>)((IEnumerable)i!).Cast<object?>().Select(x => Convert.ToString(x, CultureInfo.InvariantCulture)!).ToArray()));
        }
        return new ModelOptions
        {
            Ordering = GetList(where, meta, "Ordering") ?? [],
            DbTable = Get<string>(where, meta, "DbTable"),
            IdColumn = Get<string>(where, meta, "IdColumn"),
            UniqueTogether = unique,
        };
    }

    private static void CheckKeys(string where, IDictionary options, string[] valid)
    {
        foreach (var key in options.Keys)
        {
            var k = Convert.ToString(key, CultureInfo.InvariantCulture);
            if (!valid.Contains(k, StringComparer.OrdinalIgnoreCase))
                throw new SchemaException("UnknownOption", $"'{where}' has unknown option '{k}'. Options are: {string.Join(", ", valid)}.", where);
        }
    }

    private static bool Has(IDictionary options, string key) =>
        options.Keys.Cast<object>().Any(k => string.Equals(Convert.ToString(k, CultureInfo.InvariantCulture), key, StringComparison.OrdinalIgnoreCase));

    private static object? Lookup(IDictionary options, string key)
    {
        foreach (DictionaryEntry e in options)
            if (string.Equals(Convert.ToString(e.Key, CultureInfo.InvariantCulture), key, StringComparison.OrdinalIgnoreCase)) return e.Value;
        return null;
    }

    private static T? Get<T>(string where, IDictionary options, string key)
    {
        var value = Lookup(options, key);
        if (value is null) return default;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new SchemaException("InvalidOption", $"'{where}': option {key} must be a {target.Name}, not '{value}'.", where);
        }
    }

    private static IReadOnlyList<string>? GetList(string where, IDictionary options, string key) =>
        Lookup(options, key) switch
        {
            null => null,
            string s => [s],
            IEnumerable e => e.Cast<object?>().Select(x => Convert.ToString(x, CultureInfo.InvariantCulture)!).ToArray(),
            var other => throw new SchemaException("InvalidOption", $"'{where}': option {key} must be a name or a list of names, not '{other}'.", where),
        };
}
