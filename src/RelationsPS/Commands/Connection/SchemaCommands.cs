using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Schema;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Connection;

/// <summary>The -Schema and -Rename parameters Compare-RelSchema and Update-RelSchema share.</summary>
public abstract class SchemaChangeCmdlet : RelCmdlet
{
    /// <summary>The models the database should hold: a hashtable, or the path of a .psd1 file holding one.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public object? Schema { get; set; }

    /// <summary>Fields renamed, each key the old 'Model.Field' and its value the new one: @{ 'Server.Name' = 'Server.Host' }; a model renamed: @{ 'Server' = 'Host' } (its table renamed, rows and relations to it kept). Renames are never guessed.</summary>
    [Parameter]
    public Hashtable? Rename { get; set; }

    private protected Dictionary<string, string> Renames()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Rename is null) return result;
        foreach (DictionaryEntry e in Rename)
            result[LanguagePrimitives.ConvertTo<string>(RelObjectAdapter.Unwrap(e.Key))] = LanguagePrimitives.ConvertTo<string>(RelObjectAdapter.Unwrap(e.Value));
        return result;
    }
}

/// <summary>Compare-RelSchema: each difference between models and the database, with the statements applying it would run. Nothing is written.</summary>
/// <remarks>
/// -Schema is a hashtable or the path of a .psd1 file, as Connect-RelDatabase takes it. Each difference is an object
/// with the model, the field, its kind (AddModel, AddField, RemoveField, AlterField, AddRelation, RemoveRelation,
/// RenameField, RenameModel, RenameCandidate), what would be lost with row counts, and the DDL. A likely rename is
/// only a RenameCandidate: say it with -Rename @{ 'Model.Old' = 'Model.New' }. Update-RelSchema applies the list.
/// </remarks>
[Cmdlet(VerbsData.Compare, "RelSchema")]
[OutputType(typeof(SchemaDifference))]
public sealed class CompareRelSchemaCommand : SchemaChangeCmdlet
{
    protected override void EndProcessing()
    {
        Run(() =>
        {
            var models = SchemaInput.Read(this, Schema);
            foreach (var d in Db.CompareSchema(models, Renames()).Differences) WriteObject(d);
        }, Schema);
        base.EndProcessing();
    }
}

/// <summary>
/// Update-RelSchema: changes the database to the models, in one transaction, and makes them the
/// connection's models. Changes that lose data need -Force; -WhatIf lists every change and what it would lose.
/// </summary>
[Cmdlet(VerbsData.Update, "RelSchema", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SchemaDifference))]
public sealed class UpdateRelSchemaCommand : SchemaChangeCmdlet
{
    /// <summary>Apply changes that lose data (a removed field or model, a narrowed type, NULL made NOT NULL without a default).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Values for fields of every existing row, set in the same transaction: @{ 'Server.Fqdn' = { $_.Name + '.corp' } } (one UPDATE, as Set-RelObject).</summary>
    [Parameter]
    public Hashtable? Transform { get; set; }

    /// <summary>Return the applied differences.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        Run(() =>
        {
            Db.EnsureWritable();
            var models = SchemaInput.Read(this, Schema);
            var renames = Renames();
            var plan = Db.CompareSchema(models, renames);
            var transforms = Transforms(models);
            var applied = plan.Differences.Where(d => d.Kind != ChangeKind.RenameCandidate).ToList();
            foreach (var c in plan.Differences.Where(d => d.Kind == ChangeKind.RenameCandidate)) WriteWarning(c.Description);
            if (applied.Count == 0 && transforms.Count == 0)
            {
                WriteVerbose($"The database {Db} already matches the schema.");
                Db.MigrateSchema(models, renames, Force);
                return;
            }
            var lines = applied.Select(d => d + (d.LosesData ? $" [loses data: {d.Loss}{(Force ? "" : "; needs -Force")}]" : ""))
                .Concat(transforms.SelectMany(t => t.Value.Keys.Select(f => $"Transform {t.Key}.{f}")));
            if (!ShouldProcess(Db.ToString(), "Update the schema:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", lines))) return;
            var done = Db.MigrateSchema(models, renames, Force, transforms);
            WriteVerbose($"Applied {done.Statements.Count} statements to {Db}.");
            if (PassThru) foreach (var d in done.Differences.Where(d => d.Kind != ChangeKind.RenameCandidate)) WriteObject(d);
        }, Schema);
        base.EndProcessing();
    }

    private Dictionary<string, IReadOnlyDictionary<string, object?>> Transforms(ModelSet models)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.OrdinalIgnoreCase);
        if (Transform is null) return result;
        foreach (DictionaryEntry e in Transform)
        {
            var key = LanguagePrimitives.ConvertTo<string>(RelObjectAdapter.Unwrap(e.Key));
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0) throw new PSArgumentException($"-Transform keys are 'Model.Field'; '{key}' names no field.");
            var model = models.Get(key[..dot]);
            var values = ValueBinder.Bind(Db, model, new Hashtable { [key[(dot + 1)..]] = e.Value }, this);
            if (!result.TryGetValue(model.Name, out var existing)) result[model.Name] = existing = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (f, v) in values) ((Dictionary<string, object?>)existing)[f] = v;
        }
        return result;
    }
}

/// <summary>Get-RelSchemaHistory: the schema changes applied to the database (relationsps_migrations), oldest first.</summary>
/// <remarks>
/// Each entry says when a change was applied by Update-RelSchema, what it did and the hash of the schema it
/// applied. A database whose tables were only ever created by connecting has no history yet.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "RelSchemaHistory")]
[OutputType(typeof(MigrationRecord))]
public sealed class GetRelSchemaHistoryCommand : RelCmdlet
{
    protected override void EndProcessing()
    {
        Run(() =>
        {
            foreach (var r in Db.SchemaHistory()) WriteObject(r);
        }, null);
        base.EndProcessing();
    }
}

/// <summary>
/// Export-RelSchema: the connection's models as a schema: a hashtable, or with -Path a .psd1 file that
/// Connect-RelDatabase -Schema reads. A database opened -ReadOnly without -Schema has the models read from its tables.
/// </summary>
[Cmdlet(VerbsData.Export, "RelSchema", SupportsShouldProcess = true)]
[OutputType(typeof(Hashtable), typeof(FileInfo))]
public sealed class ExportRelSchemaCommand : RelCmdlet
{
    /// <summary>The .psd1 file to write; without it, the schema is returned as a hashtable.</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    /// <summary>With -Path, return the file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        Run(() =>
        {
            if (Path is null)
            {
                WriteObject(SchemaInput.PlainDictionary(SchemaWriter.ToDictionary(Db.Models)));
                return;
            }
            var full = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(full, "Write the schema of " + Db)) return;
            File.WriteAllText(full, SchemaWriter.ToPsd1(Db.Models, $"RelationsPS schema exported from {Db} on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            if (PassThru) WriteObject(new FileInfo(full));
        }, Path);
        base.EndProcessing();
    }
}
