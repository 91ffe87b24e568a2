using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Objects;

/// <summary>Remove-RelObject: deletes rows or a whole query, with what OnDelete takes along (spelled out for -WhatIf).</summary>
/// <remarks>
/// Rows come from the pipeline or a query (-InputObject); one query is one DELETE. What depends on them follows its
/// OnDelete rule (Cascade, Protect, Restrict, SetNull, SetDefault, DoNothing), and -WhatIf says what a cascade would
/// take along (also removes 37 tag links).
/// </remarks>
[Cmdlet(VerbsCommon.Remove, "RelObject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveRelObjectCommand : RelCmdlet
{
    protected override object? InputRows => InputObject;

    /// <summary>Rows (from the pipeline) or a query.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var unwrapped = InputObject is PSObject { BaseObject: QueryHandle h } ? h : InputObject;
        if (unwrapped is QueryHandle q)
        {
            var plan = q.QuerySet.PlanDelete();
            var model = q.QuerySet.Model;
            var selected = q.QuerySet.Count();
            if (!Removal.Confirm(this, model, Removal.Describe(model, plan, Core.Metadata.Naming.Quantity(Core.Metadata.Naming.Noun(model.Name), selected), selected))) return;
            var done = q.QuerySet.Delete();
            WriteVerbose($"Removed {Removal.Describe(model, done, Core.Metadata.Naming.Quantity(Core.Metadata.Naming.Noun(model.Name), selected), selected)}.");
            return;
        }
        var row = RelObjectAdapter.AsRelObject(InputObject) ?? throw new PSArgumentException("Remove-RelObject takes RelationsPS objects or a query (-AsQuery).");
        Removal.Remove(this, Db, row, dependantsAreHighImpact: true);
    }, InputObject);
}
