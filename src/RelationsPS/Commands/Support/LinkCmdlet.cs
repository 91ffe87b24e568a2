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
    [ArgumentCompleter(typeof(Completion.RelationPathCompleter))]
    public string Relation { get; set; } = "";

    /// <summary>
    /// Return the object whose links changed, with a LinkChanges property saying what changed for each target
    /// (Added, AlreadyPresent, Removed, NotPresent), so it can be piped on.
    /// </summary>
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

    protected void Report(RelObject owner, IEnumerable<LinkChange> changes) => LinkReport.Write(this, owner, changes, PassThru, verbose: true);

    protected static Dictionary<string, object?>? Defaults(IDictionary? values) => values is null ? null : RelObjectAdapter.UnwrapDictionary(values);
}

/// <summary>
/// -PassThru output of the link cmdlets: the owner (the post, the group...), a row like any other that pipes on to
/// the next cmdlet, with a <c>LinkChanges</c> note property listing what happened to each target
/// (<c>RelationsPS.LinkChange</c>: Owner, Relation, TargetId, Target, Status). The *-RelLink cmdlets also say it with -Verbose.
/// </summary>
internal static class LinkReport
{
    public const string ChangesProperty = "LinkChanges";

    public static void Write(RelCmdlet cmdlet, RelObject owner, IEnumerable<LinkChange> changes, bool passThru, bool verbose)
    {
        var list = changes.ToList();
        if (verbose)
            foreach (var c in list) cmdlet.WriteVerbose($"{c.Owner}.{c.Relation} {c.TargetId}: {c.Status}");
        if (!passThru) return;
        var o = RelObjectAdapter.ToPSObject(owner);
        var report = list.Select(ToPSObject).ToArray();
        // PowerShell keeps a row's note properties with the row itself (every PSObject over it shares them), so a
        // second call on the same row replaces the first call's report.
        if (o.Properties[ChangesProperty] is PSNoteProperty existing) existing.Value = report;
        else o.Properties.Add(new PSNoteProperty(ChangesProperty, report));
        cmdlet.WriteObject(o);
    }

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
