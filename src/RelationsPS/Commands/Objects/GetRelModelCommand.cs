using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Commands.Objects;

/// <summary>Get-RelModel: the models of the database, with their fields, relations and tables.</summary>
/// <remarks>
/// Each model shows its table, its fields (with their types and options) and its relations, reverse relations by
/// their related names. Names take wildcards; without -Name, every model.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "RelModel")]
[OutputType("RelationsPS.Model")]
public sealed class GetRelModelCommand : RelCmdlet
{
    /// <summary>Model names (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(Completion.ModelNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var patterns = (Name ?? ["*"]).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        foreach (var m in Db.Models.Models.Where(m => patterns.Any(p => p.IsMatch(m.Name))))
            WriteObject(Describe(m));
        foreach (var n in (Name ?? []).Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && Db.Models.Find(n) is null))
            WriteRelError(new Core.Errors.UnknownNameException("UnknownModel",
                $"Unknown model '{n}'. Choices are: {string.Join(", ", Db.Models.Models.Select(x => x.Name))}.", n), n);
    }, null);

    private static PSObject Describe(ModelDefinition m)
    {
        var o = new PSObject();
        o.TypeNames.Insert(0, "RelationsPS.Model");
        o.Properties.Add(new PSNoteProperty("Name", m.Name));
        o.Properties.Add(new PSNoteProperty("Table", m.Table));
        o.Properties.Add(new PSNoteProperty("Fields", m.Fields.Select(Field).ToArray()));
        o.Properties.Add(new PSNoteProperty("Relations", m.Relations.Values.Select(Relation).ToArray()));
        o.Properties.Add(new PSNoteProperty("Ordering", m.Ordering.ToArray()));
        return o;
    }

    private static PSObject Field(FieldDefinition f)
    {
        var o = new PSObject();
        o.TypeNames.Insert(0, "RelationsPS.Field");
        o.Properties.Add(new PSNoteProperty("Name", f.Name));
        o.Properties.Add(new PSNoteProperty("Type", f.Type.ToString()));
        o.Properties.Add(new PSNoteProperty("Column", f.Column));
        o.Properties.Add(new PSNoteProperty("Null", f.Null));
        o.Properties.Add(new PSNoteProperty("Unique", f.Unique));
        o.Properties.Add(new PSNoteProperty("To", f.Target?.Name));
        return o;
    }

    private static PSObject Relation(Relation r)
    {
        var o = new PSObject();
        o.TypeNames.Insert(0, "RelationsPS.Relation");
        o.Properties.Add(new PSNoteProperty("Name", r.Name));
        o.Properties.Add(new PSNoteProperty("Kind", (r.IsReverse ? "Reverse" : "") + r.Kind));
        o.Properties.Add(new PSNoteProperty("To", r.To.Name));
        o.Properties.Add(new PSNoteProperty("Many", r.IsMultiValued));
        o.Properties.Add(new PSNoteProperty("JoinTable", r.JoinTable));
        o.Properties.Add(new PSNoteProperty("Through", r.Through?.Name));
        return o;
    }
}
