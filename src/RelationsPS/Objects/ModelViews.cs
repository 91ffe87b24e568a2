using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Text;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Objects;

/// <summary>
/// A table view for every model of a schema of your own (Server, Role...), made from its fields when you connect:
/// the Id, the natural key, then the other fields that fit in 80 columns (short text, numbers right-aligned and
/// wide enough for their values, Booleans, dates as stored, foreign-key ids). Long text and to-many relations
/// are left to Format-List. The views are written to a format file and loaded with Update-FormatData; a model
/// that already has a view of the same shape in this session is not loaded again.
/// </summary>
internal static class ModelViews
{
    /// <summary>Usable width: Out-String -Width 80 and an 80-column console keep the last column free.</summary>
    private const int Width = 79;

    private static readonly HashSet<string> Loaded = new(StringComparer.Ordinal);
    private static readonly object Gate = new();

    /// <summary>The blog's models have hand-made views in module/RelationsPS.Format.ps1xml.</summary>
    private static bool HasStaticView(ModelDefinition model) =>
        BlogSchema.Models.Find(model.Name) is { } blog && blog.Fields.Select(f => f.Name).SequenceEqual(model.Fields.Select(f => f.Name));

    public static void Ensure(PSCmdlet cmdlet, ModelSet models)
    {
        var views = models.Models.Where(m => !HasStaticView(m)).Select(View).ToList();
        if (views.Count == 0) return;
        var xml = Document(views);
        var key = cmdlet.Host.InstanceId + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(xml)))[..16];
        lock (Gate)
            if (!Loaded.Add(key)) return;
        if (cmdlet.InvokeCommand.GetCommand("Update-FormatData", CommandTypes.Cmdlet) is null) return;   // a host without the Utility cmdlets
        var folder = Path.Combine(Path.GetTempPath(), "RelationsPS-views");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..] + ".Format.ps1xml");
        if (!File.Exists(file)) File.WriteAllText(file, xml);
        cmdlet.InvokeCommand.InvokeScript("param($f) Update-FormatData -PrependPath $f", false, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, file);
    }

    private sealed record Column(string Label, int Width, bool Right, string Item);

    private static (ModelDefinition Model, List<Column> Columns) View(ModelDefinition model)
    {
        var columns = new List<Column> { new("Id", 7, true, Property("Id")) };
        var used = columns[0].Width;
        var key = model.FindField("Name") is { IsText: true } n ? n : model.ConcreteFields.FirstOrDefault(f => f.IsText && f.Unique);
        var candidates = model.ConcreteFields.Where(f => !f.IsPrimaryKey && f != key && f.Type != FieldType.Text)
            .OrderBy(f => Rank(f)).ToList();
        if (key is not null) candidates.Insert(0, key);
        foreach (var f in candidates)
        {
            var c = ColumnFor(f);
            if (used + 1 + c.Width > Width) continue;
            columns.Add(c);
            used += 1 + c.Width;
        }
        // Space left over goes to the first text column, so names are cut as little as possible.
        var firstText = columns.FindIndex(c => !c.Right && c.Label != "Id");
        if (firstText >= 0 && Width - used > 0)
            columns[firstText] = columns[firstText] with { Width = Math.Min(columns[firstText].Width + Width - used, 40) };
        return (model, columns);
    }

    /// <summary>Short text first, then numbers, Booleans, dates, relations.</summary>
    private static int Rank(FieldDefinition f) => f.Type switch
    {
        FieldType.Char or FieldType.Slug or FieldType.Email or FieldType.Url => 0,
        FieldType.Integer or FieldType.BigInteger or FieldType.Float or FieldType.Decimal => 1,
        FieldType.Boolean => 2,
        FieldType.Date or FieldType.DateTime => 3,
        _ => 4,
    };

    private static Column ColumnFor(FieldDefinition f)
    {
        var label = f.IsToOne ? f.IdAttribute! : f.Name;
        int Wide(int w) => Math.Max(w, label.Length);
        return f.Type switch
        {
            FieldType.Char or FieldType.Slug or FieldType.Email or FieldType.Url or FieldType.IPAddress => new(label, Wide(Math.Min(f.MaxLength ?? 20, 16)), false, Property(label)),
            // Integer holds 32-bit values (-2147483648: 11 characters); BigInteger 64-bit.
            FieldType.Integer => new(label, Wide(11), true, Property(label)),
            FieldType.BigInteger => new(label, Wide(20), true, Property(label)),
            FieldType.Float => new(label, Wide(12), true, Property(label)),
            FieldType.Decimal => new(label, Wide(Math.Min((f.MaxDigits ?? 10) + 2, 20)), true, Property(label)),
            FieldType.Boolean => new(label, Wide(5), false, Property(label)),
            FieldType.Date => new(label, Wide(10), false, Script($"[RelationsPS.Objects.Display]::Date($_.'{label}')")),
            FieldType.DateTime => new(label, Wide(16), false, Script($"[RelationsPS.Objects.Display]::Date($_.'{label}')")),
            FieldType.Uuid => new(label, Wide(36), false, Property(label)),
            FieldType.Duration => new(label, Wide(16), true, Property(label)),
            FieldType.Json => new(label, Wide(20), false, Script($"if ($null -ne $_.'{label}') {{ ConvertTo-Json -InputObject $_.'{label}' -Compress -Depth 10 }}")),
            FieldType.Binary => new(label, Wide(12), true, Script($"if ($null -ne $_.'{label}') {{ '' + $_.'{label}'.Length + ' bytes' }}")),
            _ => new(label, Wide(7), true, Property(label)),   // a foreign-key id
        };
    }

    private static string Property(string name) => $"<PropertyName>{SecurityElement.Escape(name)}</PropertyName>";

    private static string Script(string code) => $"<ScriptBlock>{SecurityElement.Escape(code)}</ScriptBlock>";

    private static string Document(IEnumerable<(ModelDefinition Model, List<Column> Columns)> views)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- Made by RelationsPS from a schema's models when connecting. -->\n<Configuration><ViewDefinitions>\n");
        foreach (var (model, columns) in views)
        {
            var type = SecurityElement.Escape(RelObjectAdapter.TypeNamePrefix + model.Name);
            sb.Append(CultureInfo.InvariantCulture, $"<View><Name>{type}</Name><ViewSelectedBy><TypeName>{type}</TypeName></ViewSelectedBy><TableControl><TableHeaders>\n");
            foreach (var c in columns)
                sb.Append(CultureInfo.InvariantCulture, $"<TableColumnHeader><Label>{SecurityElement.Escape(c.Label)}</Label><Width>{c.Width}</Width>{(c.Right ? "<Alignment>Right</Alignment>" : "")}</TableColumnHeader>\n");
            sb.Append("</TableHeaders><TableRowEntries><TableRowEntry><TableColumnItems>\n");
            foreach (var c in columns) sb.Append(CultureInfo.InvariantCulture, $"<TableColumnItem>{c.Item}</TableColumnItem>\n");
            sb.Append("</TableColumnItems></TableRowEntry></TableRowEntries></TableControl></View>\n");
        }
        return sb.Append("</ViewDefinitions></Configuration>\n").ToString();
    }
}
