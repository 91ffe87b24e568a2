using System.Globalization;
using System.Text.Json;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Execution;

/// <summary>How many rows and links of each model a data export or import carried.</summary>
public sealed record DataTransferCount(string Model, long Rows, long Links);

/// <summary>
/// Django's dumpdata / loaddata: every row of the chosen models with its id and foreign-key ids, and the
/// rows of their automatic ManyToMany join tables, as JSON; loaded back in one transaction with the same
/// ids, so every link still points where it pointed. A Through model is a model like the others (its rows
/// are the links). Values are typed: DateTime as <c>yyyy-MM-ddTHH:mm:ss.fffffff</c> (<c>Z</c> when UTC),
/// Date as <c>yyyy-MM-dd</c>, Decimal as text (every digit kept), Boolean, numbers, text and null, so a
/// file round-trips exactly between databases.
/// </summary>
/// <remarks>
/// The file: <c>{ "format": "RelationsPS.Data/1", "models": [ { "model": "Post", "rows": [ { "Id": 1, "Title": ..., "AuthorId": 2 } ] } ],
/// "links": [ { "relation": "Post.Tags", "pairs": [ [1, 2] ] } ] }</c>. A row whose id exists already is
/// overwritten (loaddata's rule); foreign keys are checked when the transaction commits, so the order of
/// the models in the file does not matter.
/// </remarks>
public static class DataTransfer
{
    public const string Format = "RelationsPS.Data/1";

    /// <summary>Writes the rows of <paramref name="models"/> (all models when null) and their join tables.</summary>
    public static IReadOnlyList<DataTransferCount> Export(RelDatabase db, Stream output, IEnumerable<ModelDefinition>? models = null)
    {
        var chosen = (models ?? db.Models.Models).Distinct().ToList();
        var counts = new List<DataTransferCount>();
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteStartArray("models");
        var linkCounts = new Dictionary<ModelDefinition, long>();
        foreach (var m in chosen)
        {
            w.WriteStartObject();
            w.WriteString("model", m.Name);
            w.WriteStartArray("rows");
            long n = 0;
            foreach (var row in db.Objects(m).OrderBy("Id"))
            {
                w.WriteStartObject();
                foreach (var f in m.ConcreteFields)
                {
                    w.WritePropertyName(f.IsToOne ? f.IdAttribute! : f.Name);
                    WriteValue(w, f, row.GetValue(f));
                }
                w.WriteEndObject();
                n++;
            }
            w.WriteEndArray();
            w.WriteEndObject();
            counts.Add(new DataTransferCount(m.Name, n, 0));
        }
        w.WriteEndArray();
        w.WriteStartArray("links");
        foreach (var r in JoinRelations(db, chosen))
        {
            w.WriteStartObject();
            w.WriteString("relation", $"{r.From.Name}.{r.Name}");
            w.WriteStartArray("pairs");
            long n = 0;
            var sql = $"SELECT {db.Dialect.Quote(r.JoinFromColumn!)}, {db.Dialect.Quote(r.JoinToColumn!)} FROM {db.Dialect.Quote(r.JoinTable!)} ORDER BY {db.Dialect.Quote("id")}";
            foreach (var (from, to) in db.Query(new SqlStatement(sql, []), x => (x.GetInt64(0), x.GetInt64(1))))
            {
                w.WriteStartArray();
                w.WriteNumberValue(from);
                w.WriteNumberValue(to);
                w.WriteEndArray();
                n++;
            }
            w.WriteEndArray();
            w.WriteEndObject();
            linkCounts[r.From] = linkCounts.GetValueOrDefault(r.From) + n;
        }
        w.WriteEndArray();
        w.WriteEndObject();
        return [.. counts.Select(c => c with { Links = linkCounts.GetValueOrDefault(db.Models.Get(c.Model)) })];
    }

    /// <summary>The automatic join tables of the chosen models' forward ManyToMany relations (both ends chosen).</summary>
    private static IEnumerable<Relation> JoinRelations(RelDatabase db, List<ModelDefinition> chosen) =>
        db.Models.AutoJoinRelations.Where(r => chosen.Contains(r.From) && chosen.Contains(r.To));

    private static void WriteValue(Utf8JsonWriter w, FieldDefinition f, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case RelObject o:
                w.WriteNumberValue(o.Id!.Value);
                break;
            case byte[] bytes:
                w.WriteBase64StringValue(bytes);
                break;
            case var _ when f.Type == FieldType.Json:
                using (var json = JsonDocument.Parse(JsonValues.Serialize(f, value))) json.RootElement.WriteTo(w);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case DateTime dt when f.Type == FieldType.Date:
                w.WriteStringValue(dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTime dt:
                w.WriteStringValue(dt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + (dt.Kind == DateTimeKind.Utc ? "Z" : ""));
                break;
            case decimal m:
                w.WriteStringValue(m.ToString(CultureInfo.InvariantCulture));
                break;
            case double d when double.IsFinite(d):
                w.WriteNumberValue(d);
                break;
            case double d:
                // JSON has no infinity: the invariant text, which double.Parse reads back.
                w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case float fl:
                w.WriteNumberValue(fl);
                break;
            case long or int or short or byte:
                w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case Guid g:
                w.WriteStringValue(g.ToString("D"));
                break;
            default:
                w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>
    /// Loads a file written by <see cref="Export"/> in one transaction: rows with their ids (a row whose id
    /// exists is overwritten), then the join-table links (a link already there is kept once). A model or
    /// field the database does not have is <c>DataUnknownModel</c> / <c>UnknownField</c>, and nothing is loaded.
    /// </summary>
    public static IReadOnlyList<DataTransferCount> Import(RelDatabase db, Stream input)
    {
        using var doc = JsonDocument.Parse(input);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var fmt) || fmt.GetString() != Format)
            throw new RelationsException("DataFormat", ErrorKind.InvalidData, $"This is not a RelationsPS data file (its \"format\" is not \"{Format}\"); write one with Export-RelData.");
        return db.InTransaction(() =>
        {
            db.SqlExecute(db.Dialect.DeferForeignKeys);
            var counts = new List<DataTransferCount>();
            foreach (var block in root.GetProperty("models").EnumerateArray())
            {
                var name = block.GetProperty("model").GetString()!;
                var m = db.Models.Find(name) ?? throw new RelationsException("DataUnknownModel", ErrorKind.InvalidData,
                    $"The file has rows of '{name}', which this database has no model for. Models: {string.Join(", ", db.Models.Models.Select(x => x.Name))}.", name);
                long n = 0;
                foreach (var row in block.GetProperty("rows").EnumerateArray())
                {
                    ImportRow(db, m, row);
                    n++;
                }
                counts.Add(new DataTransferCount(m.Name, n, 0));
            }
            var links = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("links", out var linkBlocks))
                foreach (var block in linkBlocks.EnumerateArray())
                {
                    var path = block.GetProperty("relation").GetString()!;
                    var dot = path.IndexOf('.', StringComparison.Ordinal);
                    var r = dot < 0 ? null : db.Models.Find(path[..dot])?.FindRelation(path[(dot + 1)..]);
                    if (r?.JoinTable is null || r.IsReverse)
                        throw new RelationsException("DataUnknownRelation", ErrorKind.InvalidData, $"The file has links of '{path}', which is no ManyToMany relation with a join table here.", path);
                    var d = db.Dialect;
                    var sql = d.InsertIgnoringDuplicates(d.Quote(r.JoinTable), $"{d.Quote(r.JoinFromColumn!)}, {d.Quote(r.JoinToColumn!)}", $"VALUES ({d.Parameter(0)}, {d.Parameter(1)})");
                    long n = 0;
                    foreach (var pair in block.GetProperty("pairs").EnumerateArray())
                    {
                        db.Execute(new SqlStatement(sql, [pair[0].GetInt64(), pair[1].GetInt64()]));
                        n++;
                    }
                    links[r.From.Name] = links.GetValueOrDefault(r.From.Name) + n;
                }
            return (IReadOnlyList<DataTransferCount>)[.. counts.Select(c => c with { Links = links.GetValueOrDefault(c.Model) })];
        });
    }

    private static void ImportRow(RelDatabase db, ModelDefinition m, JsonElement row)
    {
        var fields = m.ConcreteFields;
        var values = new object?[fields.Count];
        foreach (var p in row.EnumerateObject())
        {
            var f = m.FindAttribute(p.Name, out _);
            if (f is null || !f.IsConcrete)
                throw new UnknownNameException("UnknownField", $"The file's '{m.Name}' rows have '{p.Name}', which is not a field of '{m.Name}'. Choices are: {string.Join(", ", fields.Select(x => x.IsToOne ? x.IdAttribute : x.Name))}.", p.Name);
            var i = fields.ToList().IndexOf(f);
            values[i] = i == 0 ? p.Value.GetInt64() : FieldCodec.ToDatabase(f, FieldCodec.Normalize(f, f.IsToOne ? RelObject.RelatedId(f, ReadValue(f, p.Value)) : ReadValue(f, p.Value)));
        }
        if (values[0] is null) throw new RelationsException("DataMissingId", ErrorKind.InvalidData, $"A '{m.Name}' row in the file has no Id.", m.Name);
        var d = db.Dialect;
        var cols = fields.Select(f => d.Quote(f.Column!)).ToList();
        var sets = fields.Skip(1).Select(f => $"{d.Quote(f.Column!)} = excluded.{d.Quote(f.Column!)}").ToList();
        var sql = $"INSERT INTO {d.Quote(m.Table)} ({string.Join(", ", cols)}) VALUES ({string.Join(", ", Enumerable.Range(0, cols.Count).Select(d.Parameter))})" +
                  (sets.Count == 0 ? " ON CONFLICT DO NOTHING" : $" ON CONFLICT ({d.Quote("id")}) DO UPDATE SET {string.Join(", ", sets)}");
        db.Execute(new SqlStatement(sql, values));
    }

    private static object? ReadValue(FieldDefinition f, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null => null,
        _ when f.Type == FieldType.Json => JsonValues.Read(v),
        JsonValueKind.String when f.Type == FieldType.Binary => v.GetBytesFromBase64(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when f.Type == FieldType.Float => v.GetDouble(),
        JsonValueKind.Number when v.TryGetInt64(out var l) => l,
        JsonValueKind.Number => v.GetDecimal(),
        JsonValueKind.String when f.Type == FieldType.Decimal => decimal.Parse(v.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String when f.Type == FieldType.DateTime => DateTime.Parse(v.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        JsonValueKind.String when f.Type == FieldType.Date => DateTime.ParseExact(v.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        JsonValueKind.String when f.Type == FieldType.Float => double.Parse(v.GetString()!, CultureInfo.InvariantCulture),
        JsonValueKind.String => v.GetString(),
        _ => throw new ValidationException("DataValue", $"'{f}' cannot take the value {v.GetRawText()} from the file.", f.Name),
    };
}
