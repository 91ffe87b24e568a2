using System.Collections;
using System.Management.Automation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Query;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Support;

/// <summary>What Add-/Remove-/Set-/Clear-RelLink share: the owner, the relation, the targets and the -PassThru report.</summary>
public abstract class LinkCmdlet : RelCmdlet
{
    protected override object? InputRows => InputObject;

    /// <summary>The object whose relation changes.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    /// <summary>The to-many relation (a field name or a related name).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Relation { get; set; } = "";

    /// <summary>Say what changed (added, already present, removed).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected RelatedManager Manager(RelObject owner)
    {
        var relation = owner.Model.FindRelation(Relation);
        if (relation is not { IsMultiValued: true })
            throw new UnknownNameException("UnknownRelation",
                $"'{Relation}' is not a to-many relation of '{owner.Model.Name}'. Choices are: {string.Join(", ", owner.Model.Relations.Values.Where(r => r.IsMultiValued).Select(r => r.Name))}.", Relation);
        return owner.Manager(relation.Name);
    }

    protected RelObject Owner() => TargetResolver.RequireLocal(Db,
        RelObjectAdapter.AsRelObject(InputObject) ?? throw new PSArgumentException("-InputObject takes a RelationsPS object (e.g. from Get-RelObject)."));

    protected List<RelObject> Targets(RelatedManager manager, object? targets) =>
        TargetResolver.Resolve(Db, manager.Relation.To, targets).ToList();

    protected void Report(IEnumerable<LinkChange> changes)
    {
        foreach (var c in changes)
        {
            if (PassThru) WriteObject(LinkReport.ToPSObject(c));
            else WriteVerbose($"{c.Owner}.{c.Relation} {c.TargetId}: {c.Status}");
        }
    }

    protected static Dictionary<string, object?>? Defaults(IDictionary? values) => values is null ? null : RelObjectAdapter.UnwrapDictionary(values);
}

/// <summary>-PassThru output of the link cmdlets: owner, relation, target and what happened.</summary>
internal static class LinkReport
{
    public static PSObject ToPSObject(LinkChange change)
    {
        var o = new PSObject();
        o.TypeNames.Insert(0, "RelationsPS.LinkChange");
        o.Properties.Add(new PSNoteProperty("Owner", Removal.Label(change.Owner)));
        o.Properties.Add(new PSNoteProperty("Relation", change.Relation));
        o.Properties.Add(new PSNoteProperty("TargetId", change.TargetId));
        var target = change.Owner.Model.FindRelation(change.Relation)!.To;
        var key = TargetResolver.NaturalKey(target);
        var row = key is null ? null : change.Owner.Database!.Objects(target).FirstOrDefaultById(change.TargetId);
        o.Properties.Add(new PSNoteProperty("Target", row is null ? change.TargetId.ToString(System.Globalization.CultureInfo.InvariantCulture) : row.GetValue(key!)));
        o.Properties.Add(new PSNoteProperty("Status", change.Status.ToString()));
        return o;
    }
}
