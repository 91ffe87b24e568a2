using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;

namespace RelationsPS.Core.Metadata;

/// <summary>
/// Writes models back in the schema form <see cref="SchemaReader"/> reads (Export-RelSchema): a dictionary,
/// or the text of a .psd1 data file. Reading what it writes gives the same tables (the round trip is
/// what the specs check); options equal to their defaults are left out.
/// </summary>
public static class SchemaWriter
{
    public static IDictionary ToDictionary(ModelSet models)
    {
        var schema = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (var m in models.Models)
        {
            var fields = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var f in m.Fields.Where(f => !f.IsPrimaryKey && f.PartOf is null)) fields[f.Name] = Field(f);
            var meta = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            if (m.Ordering.Count > 0) meta["Ordering"] = m.Ordering.ToArray();
            if (m.Table != Naming.SnakeCase(m.Name)) meta["DbTable"] = m.Table;
            if (m.IdColumn != "id") meta["IdColumn"] = m.IdColumn;
            if (m.UniqueTogether.Count > 0) meta["UniqueTogether"] = m.UniqueTogether.Select(g => (object)g.ToArray()).ToArray();
            if (meta.Count > 0) fields["Meta"] = meta;
            schema[m.Name] = fields;
        }
        return schema;
    }

    private static OrderedDictionary Field(FieldDefinition f)
    {
        var o = new OrderedDictionary(StringComparer.OrdinalIgnoreCase) { ["Type"] = f.Type.ToString() };
        var defaultLength = f.Type switch { FieldType.Slug => 50, FieldType.Url => 200, FieldType.Email => 254, FieldType.IPAddress => 39, _ => (int?)null };
        if (f.MaxLength is { } max && max != defaultLength) o["MaxLength"] = max;
        if (f.MaxDigits is { } digits) o["MaxDigits"] = digits;
        if (f.DecimalPlaces is { } places) o["DecimalPlaces"] = places;
        if (f.Unique && f.Type != FieldType.OneToOne) o["Unique"] = true;
        if (f.Null) o["Null"] = true;
        if (f.Blank && !f.AutoNow && !f.AutoNowAdd) o["Blank"] = true;
        // A computed default (a scriptblock) cannot be written in a data file: it is left out.
        if (f.HasDefault && !f.HasComputedDefault) o["Default"] = f.Default;
        if (f.Index) o["Index"] = true;
        if (f.Column is { } column && column != Naming.SnakeCase(f.Name) + (f.IsToOne ? "_id" : "")) o["DbColumn"] = column;
        if (f.AutoNow) o["AutoNow"] = true;
        if (f.AutoNowAdd) o["AutoNowAdd"] = true;
        if (f.Choices is { } choices)
        {
            if (choices.All(c => Convert.ToString(c.Key, CultureInfo.InvariantCulture) == c.Value)) o["Choices"] = choices.Select(c => c.Key).ToArray();
            else
            {
                var labelled = new OrderedDictionary();
                foreach (var (value, label) in choices) labelled[value] = label;
                o["Choices"] = labelled;
            }
        }
        if (f.IsRelation)
        {
            o["To"] = f.Target is { } t && t == f.Model ? "self" : f.Target?.Name ?? f.To;
            if (f.RelatedName is { } rn) o["RelatedName"] = rn;
            // Always written: a OneToOne must say it (the reader refuses one without).
            if (f.IsToOne) o["OnDelete"] = f.OnDelete.ToString();
            if (f.Through is { } through) o["Through"] = through;
            if (f.ThroughFields is { } tf) o["ThroughFields"] = tf.ToArray();
            if (f.Symmetrical is { } sym) o["Symmetrical"] = sym;
            if (f.Type == FieldType.ManyToMany && f.Through is null && f.DbTable is { } table && table != f.Model.Table + "_" + Naming.SnakeCase(f.Name)) o["DbTable"] = table;
        }
        return o;
    }

    /// <summary>The schema as the text of a .psd1 data file.</summary>
    public static string ToPsd1(ModelSet models, string? comment = null)
    {
        var sb = new StringBuilder();
        if (comment is not null) foreach (var line in comment.Split('\n')) sb.Append("# ").AppendLine(line.TrimEnd('\r'));
        Write(sb, ToDictionary(models), 0);
        return sb.AppendLine().ToString();
    }

    private static void Write(StringBuilder sb, object? value, int indent)
    {
        switch (value)
        {
            case null:
                sb.Append("$null");
                break;
            case string s:
                sb.Append('\'').Append(s.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                break;
            case bool b:
                sb.Append(b ? "$true" : "$false");
                break;
            case DateTime dt:
                sb.Append('\'').Append(dt.ToString("o", CultureInfo.InvariantCulture)).Append('\'');
                break;
            case TimeSpan ts:
                sb.Append('\'').Append(ts.ToString("c", CultureInfo.InvariantCulture)).Append('\'');
                break;
            case IDictionary d when d.Values.Cast<object?>().All(v => v is not IDictionary):
                sb.Append("@{ ").Append(string.Join("; ", d.Keys.Cast<object>().Select(k => $"{k} = {Inline(d[k])}"))).Append(" }");
                break;
            case IDictionary d:
                sb.AppendLine("@{");
                foreach (DictionaryEntry e in d)
                {
                    sb.Append(' ', (indent + 1) * 4).Append(e.Key).Append(" = ");
                    Write(sb, e.Value, indent + 1);
                    sb.AppendLine();
                }
                sb.Append(' ', indent * 4).Append('}');
                break;
            case IEnumerable e:
                sb.Append("@(").Append(string.Join(", ", e.Cast<object?>().Select(Inline))).Append(')');
                break;
            case IFormattable f:
                sb.Append(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append('\'').Append(value.ToString()!.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                break;
        }
    }

    private static string Inline(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0);
        return sb.ToString();
    }
}
