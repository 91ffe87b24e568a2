using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;

namespace RelationsPS.Commands.Objects;

/// <summary>Add-RelLink: links targets through a to-many relation; a link already there is left as it is.</summary>
/// <remarks>
/// -Relation is a ManyToMany field or a reverse relation by its related name (Tags, Posts, Members). Targets are
/// objects, ids, names or a query. A Through model's extra fields take their values from -ThroughDefaults. With
/// -PassThru the owner is returned, its LinkChanges saying Added or AlreadyPresent for each target.
/// </remarks>
[Cmdlet(VerbsCommon.Add, "RelLink", SupportsShouldProcess = true)]
[OutputType("RelationsPS.RelObject")]
public sealed class AddRelLinkCommand : LinkCmdlet
{
    /// <summary>Objects, ids or names to link.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public object[] Target { get; set; } = [];

    /// <summary>Values for the extra fields of a Through model.</summary>
    [Parameter]
    public Hashtable? ThroughDefaults { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var owner = Owner();
        var manager = Manager(owner);
        var targets = Targets(manager, Target);
        if (!ShouldProcess($"{Removal.Label(owner)}.{manager.Relation.Name}", $"Link {targets.Count} {manager.Relation.To.Name}")) return;
        Report(owner, Write(() => manager.Add(targets, Defaults(ThroughDefaults)).ToList()));
    }, InputObject);
}

/// <summary>Remove-RelLink: unlinks targets; a target that is not linked is a no-op.</summary>
/// <remarks>
/// The targets themselves are kept. On the reverse side of a non-null ForeignKey removing is refused (the rows would
/// be orphaned), as in Django; on a nullable one the key is set to $null. With -PassThru the owner is returned, its
/// LinkChanges saying Removed or NotPresent for each target.
/// </remarks>
[Cmdlet(VerbsCommon.Remove, "RelLink", SupportsShouldProcess = true)]
[OutputType("RelationsPS.RelObject")]
public sealed class RemoveRelLinkCommand : LinkCmdlet
{
    /// <summary>Objects, ids or names to unlink.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public object[] Target { get; set; } = [];

    protected override void ProcessRecord() => Run(() =>
    {
        var owner = Owner();
        var manager = Manager(owner);
        var targets = Targets(manager, Target);
        if (!ShouldProcess($"{Removal.Label(owner)}.{manager.Relation.Name}", $"Unlink {targets.Count} {manager.Relation.To.Name}")) return;
        Report(owner, Write(() => manager.Remove(targets).ToList()));
    }, InputObject);
}

/// <summary>Set-RelLink: makes the links exactly the targets, writing only the difference (Django's set()).</summary>
/// <remarks>
/// Links not among the targets are removed and missing ones added; -Target @() removes them all. -WhatIf lists the
/// ids it would add and remove. New links of a Through model take -ThroughDefaults. With -PassThru the owner is
/// returned with its LinkChanges.
/// </remarks>
[Cmdlet(VerbsCommon.Set, "RelLink", SupportsShouldProcess = true)]
[OutputType("RelationsPS.RelObject")]
public sealed class SetRelLinkCommand : LinkCmdlet
{
    /// <summary>The complete set of objects, ids or names to be linked.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [AllowEmptyCollection]
    public object[] Target { get; set; } = [];

    /// <summary>Values for the extra fields of a Through model.</summary>
    [Parameter]
    public Hashtable? ThroughDefaults { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var owner = Owner();
        var manager = Manager(owner);
        var targets = Targets(manager, Target);
        var (add, remove) = manager.PlanSet(targets);
        var what = $"{Removal.Label(owner)}.{manager.Relation.Name}";
        if (!ShouldProcess(what, $"Set links: add {Ids(add)}; remove {Ids(remove)}")) return;
        Report(owner, Write(() => manager.Set(targets, Defaults(ThroughDefaults)).ToList()));
    }, InputObject);

    private static string Ids(IReadOnlyList<long> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);
}

/// <summary>Clear-RelLink: removes every link of a to-many relation.</summary>
/// <remarks>
/// The linked rows themselves are kept. On the reverse side of a non-null ForeignKey clearing is refused, as in
/// Django. With -PassThru the owner is returned, its LinkChanges listing each removed link.
/// </remarks>
[Cmdlet(VerbsCommon.Clear, "RelLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType("RelationsPS.RelObject")]
public sealed class ClearRelLinkCommand : LinkCmdlet
{
    protected override void ProcessRecord() => Run(() =>
    {
        var owner = Owner();
        var manager = Manager(owner);
        if (!ShouldProcess($"{Removal.Label(owner)}.{manager.Relation.Name}", $"Remove all {manager.Count} links")) return;
        Report(owner, Write(() => manager.Clear().ToList()));
    }, InputObject);
}
