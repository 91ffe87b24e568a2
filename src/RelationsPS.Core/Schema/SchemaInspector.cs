using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Schema;

/// <summary>
/// Models read from the tables of a database RelationsPS did not create, as Django's inspectdb does:
/// a table is a model (<c>Meta.DbTable</c> when its name is not the model's snake_case), a column a field
/// (<c>DbColumn</c> when needed), a single integer primary key <c>Meta.IdColumn</c> (else SQLite's
/// <c>rowid</c>), a foreign key a ForeignKey (a OneToOne when the column is unique alone). A table of
/// exactly two foreign keys whose pair is unique (or the primary key) is also a ManyToMany between its
/// targets, with the table as <c>Through</c>.
/// </summary>
public static partial class SchemaInspector
{
    public static ModelSet Inspect(ExistingSchema existing) => SchemaReader.Read(ToSchema(existing));

    /// <summary>The schema (the dictionary form <see cref="SchemaReader"/> reads) of the database's tables.</summary>
    public static IDictionary ToSchema(ExistingSchema existing)
    {
        var tables = existing.Tables.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();
        var modelOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tables)
        {
            var name = Pascal(t);
            while (modelOf.Values.Contains(name, StringComparer.OrdinalIgnoreCase)) name += "Table";
            modelOf[t] = name;
        }
        var schema = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        var reverseNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tables)
        {
            var model = modelOf[t];
            var columns = existing.Tables[t];
            var fks = existing.ForeignKeys.TryGetValue(t, out var f) ? f : new Dictionary<string, string>();
            var unique = existing.UniqueSets.TryGetValue(t, out var u) ? u : [];
            var keys = columns.Where(c => c.PrimaryKey).ToList();
            var fields = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            var meta = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            if (Naming.SnakeCase(model) != t) meta["DbTable"] = t;
            var integerKey = keys.Count == 1 && keys[0].DeclaredType.Contains("INT", StringComparison.OrdinalIgnoreCase) ? keys[0] : null;
            var idColumn = integerKey?.Name ?? "rowid";
            if (idColumn != "id") meta["IdColumn"] = idColumn;
            var fieldOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in columns.Where(c => c != integerKey))
            {
                var isFk = fks.TryGetValue(c.Name, out var target) && modelOf.ContainsKey(target);
                var name = FieldName(c.Name, isFk);
                while (fields.Contains(name) || name is "Meta" || name.Equals(model, StringComparison.OrdinalIgnoreCase)) name += "Field";
                fieldOf[c.Name] = name;
                var singleUnique = unique.Any(s => s.Count == 1 && s[0].Equals(c.Name, StringComparison.OrdinalIgnoreCase));
                var o = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                if (isFk)
                {
                    o["Type"] = singleUnique ? "OneToOne" : "ForeignKey";
                    o["To"] = target!.Equals(t, StringComparison.OrdinalIgnoreCase) ? "self" : modelOf[target];
                    o["OnDelete"] = "DoNothing";
                    // A second relation from one model to the same target would take the same reverse name.
                    var reverse = singleUnique ? model : Naming.Plural(model);
                    if (!reverseNames.Add($"{target}.{reverse}")) o["RelatedName"] = reverse + "By" + name;
                }
                else
                {
                    foreach (var (k, v) in TypeOf(c.DeclaredType)) o[k] = v;
                    if (singleUnique) o["Unique"] = true;
                }
                if (!c.NotNull) o["Null"] = true;
                if (!isFk && (string)o["Type"]! is "Char" or "Text") o["Blank"] = true;
                var defaultColumn = Naming.SnakeCase(name) + (isFk ? "_id" : "");
                if (!c.Name.Equals(defaultColumn, StringComparison.Ordinal)) o["DbColumn"] = c.Name;
                fields[name] = o;
            }
            var together = unique.Where(s => s.Count > 1 && s.All(fieldOf.ContainsKey)).Select(s => (object)s.Select(c => fieldOf[c]).ToArray()).ToArray();
            if (together.Length > 0) meta["UniqueTogether"] = together;
            if (meta.Count > 0) fields["Meta"] = meta;
            schema[model] = fields;
        }
        AddManyToMany(existing, tables, modelOf, schema);
        return schema;
    }

    /// <summary>A join table (two foreign keys, their pair unique, nothing else) becomes a ManyToMany on the first target, Through the table's model.</summary>
    private static void AddManyToMany(ExistingSchema existing, List<string> tables, Dictionary<string, string> modelOf, OrderedDictionary schema)
    {
        foreach (var t in tables)
        {
            // In the order of the table's columns (SQLite lists foreign keys last declared first): the first key's model gets the field.
            var position = existing.Tables[t].Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.OrdinalIgnoreCase);
            var fks = existing.ForeignKeys.TryGetValue(t, out var f) ? f.Where(x => modelOf.ContainsKey(x.Value)).OrderBy(x => position.GetValueOrDefault(x.Key)).ToList() : [];
            if (fks.Count != 2) continue;
            var others = existing.Tables[t].Where(c => !fks.Any(k => k.Key.Equals(c.Name, StringComparison.OrdinalIgnoreCase)) && !(c.PrimaryKey && c.Name.Equals("id", StringComparison.OrdinalIgnoreCase)));
            if (others.Any()) continue;
            var pair = fks.Select(k => k.Key.ToLowerInvariant()).Order().ToList();
            var sets = existing.UniqueSets.TryGetValue(t, out var u) ? u : [];
            if (!sets.Any(s => s.Select(c => c.ToLowerInvariant()).Order().SequenceEqual(pair))) continue;
            var (from, to) = (modelOf[fks[0].Value], modelOf[fks[1].Value]);
            if (from.Equals(to, StringComparison.OrdinalIgnoreCase)) continue;
            var fields = (OrderedDictionary)schema[from]!;
            var name = Naming.Plural(to);
            while (fields.Contains(name)) name += "Set";
            var m2m = new OrderedDictionary(StringComparer.OrdinalIgnoreCase) { ["Type"] = "ManyToMany", ["To"] = to, ["Through"] = modelOf[t] };
            var meta = fields.Contains("Meta") ? (OrderedDictionary)fields["Meta"]! : null;
            if (meta is not null) fields.Remove("Meta");
            fields[name] = m2m;
            if (meta is not null) fields["Meta"] = meta;
        }
    }

    private static IEnumerable<(string, object)> TypeOf(string declared)
    {
        var t = declared.Trim().ToUpperInvariant();
        if (Sized().Match(t) is { Success: true } m && (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal)))
            return [("Type", "Char"), ("MaxLength", int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        if (Decimal().Match(t) is { Success: true } d)
            return [("Type", "Decimal"), ("MaxDigits", int.Parse(d.Groups[2].Value, CultureInfo.InvariantCulture)), ("DecimalPlaces", d.Groups[3].Success ? int.Parse(d.Groups[3].Value, CultureInfo.InvariantCulture) : 0)];
        if (t.StartsWith("BIGINT", StringComparison.Ordinal)) return [("Type", "BigInteger")];
        if (t.Contains("INT", StringComparison.Ordinal)) return [("Type", "Integer")];
        if (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal)) return [("Type", "Text")];
        // A column declared BLOB holds bytes (Django's inspectdb: BinaryField); the declared type is the Binary column's own.
        if (t == "BLOB") return [("Type", "Binary")];
        // PostgreSQL's own types (format_type's spelling): bytes, uuids and jsonb keep their kinds. (A column
        // declared json stays Text: SQLite files declare it for text that need not be valid JSON.)
        if (t == "BYTEA") return [("Type", "Binary")];
        if (t == "UUID") return [("Type", "Uuid")];
        if (t == "JSONB") return [("Type", "Json")];
        if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal)) return [("Type", "Float")];
        if (t.StartsWith("BOOL", StringComparison.Ordinal)) return [("Type", "Boolean")];
        if (t.StartsWith("DATETIME", StringComparison.Ordinal) || t.StartsWith("TIMESTAMP", StringComparison.Ordinal)) return [("Type", "DateTime")];
        if (t.StartsWith("DATE", StringComparison.Ordinal)) return [("Type", "Date")];
        if (t.StartsWith("NUMERIC", StringComparison.Ordinal) || t.StartsWith("DECIMAL", StringComparison.Ordinal)) return [("Type", "Decimal"), ("MaxDigits", 20), ("DecimalPlaces", 10)];
        return [("Type", "Text")];
    }

    [GeneratedRegex(@"^[A-Z ]*\(\s*(\d+)\s*\)$")]
    private static partial Regex Sized();

    [GeneratedRegex(@"^(NUMERIC|DECIMAL)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$")]
    private static partial Regex Decimal();

    /// <summary>A column's field name: PascalCase; a foreign key loses its <c>Id</c>/<c>_id</c> ending (ArtistId -> Artist).</summary>
    private static string FieldName(string column, bool foreignKey)
    {
        var name = Pascal(column);
        if (foreignKey && name.Length > 2 && name.EndsWith("Id", StringComparison.Ordinal)) name = name[..^2];
        return name.Equals("Id", StringComparison.OrdinalIgnoreCase) || name.Equals("Pk", StringComparison.OrdinalIgnoreCase) ? name + "Field" : name;
    }

    /// <summary>An identifier made of the letters and digits of <paramref name="name"/>: 'invoice_line' -> InvoiceLine, 'MediaType' stays.</summary>
    private static string Pascal(string name)
    {
        var sb = new StringBuilder();
        var upper = true;
        foreach (var ch in name)
        {
            if (!char.IsLetterOrDigit(ch))
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
            upper = false;
        }
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, 'T');
        return sb.ToString();
    }
}
