using System.Management.Automation;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Commands.Support;

/// <summary>Deleting one row the way every Remove-* cmdlet does: plan, say what the cascade takes, then delete.</summary>
internal static class Removal
{
    public static void Remove(RelCmdlet cmdlet, RelDatabase db, RelObject row, bool dependantsAreHighImpact = false)
    {
        TargetResolver.RequireLocal(db, row);
        var plan = db.PlanDelete(row);
        var description = Describe(row.Model, plan, Label(row));
        if (!(dependantsAreHighImpact ? Confirm(cmdlet, row.Model, description) : cmdlet.ShouldProcess(description, "Remove"))) return;
        var done = cmdlet.Write(() => db.Delete(row));
        cmdlet.WriteVerbose($"Removed {Label(row)}{Suffix(row.Model, done)}.");
    }

    /// <summary>
    /// ShouldProcess for Remove-RelObject, declared Medium: removing rows of a model that others depend
    /// on (rows that point at it, or links) asks as a High-impact cmdlet would (Remove-User and
    /// Remove-Tag are declared High), as dbatools declares its deletes: with the default $ConfirmPreference (High) it asks
    /// before removing, unless -Confirm:$false or $ConfirmPreference = 'None'. -WhatIf only describes.
    /// </summary>
    public static bool Confirm(RelCmdlet cmdlet, ModelDefinition model, string description)
    {
        if (!cmdlet.ShouldProcess(description, "Remove")) return false;
        if (!HasDependants(model) || AlreadyAsked(cmdlet)) return true;
        return cmdlet.ShouldContinue($"Remove {description}?", "Removing rows that other rows depend on");
    }

    private static bool HasDependants(ModelDefinition model) => model.Relations.Values.Any(r => r.IsReverse || r.IsManyToMany);

    /// <summary>Whether ShouldProcess already asked, or asking is switched off (-Confirm either way, a High cmdlet, $ConfirmPreference below High or None).</summary>
    private static bool AlreadyAsked(RelCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
        var declared = cmdlet.GetType().GetCustomAttributes(typeof(CmdletAttribute), false).OfType<CmdletAttribute>().FirstOrDefault()?.ConfirmImpact ?? ConfirmImpact.Medium;
        if (declared == ConfirmImpact.High) return true;
        var preference = cmdlet.GetVariableValue("ConfirmPreference", ConfirmImpact.High) is ConfirmImpact p ? p : ConfirmImpact.High;
        return preference != ConfirmImpact.High;
    }

    /// <summary>What is removed and what goes with it; <c>selected</c> rows of the model were chosen (1 for a row, the count for a query).</summary>
    public static string Describe(ModelDefinition model, DeleteResult plan, string what, long selected = 1) => what + Suffix(model, plan, selected);

    /// <summary>" (also removes 1 profile and 37 tag links; unlinks 2 posts)": deletions, then rows whose key is set to null.</summary>
    private static string Suffix(ModelDefinition model, DeleteResult plan, long selected = 1)
    {
        var removed = new List<string>();
        var extra = plan.CountOf(model.Name) - selected;
        if (extra > 0) removed.Add(Naming.Quantity("more " + Naming.Noun(model.Name), extra));
        removed.AddRange(plan.Counts.Where(c => c.Count > 0 && !c.IsUpdate && c.Label != model.Name).Select(c => Naming.Quantity(c.Noun, c.Count)));
        var unlinked = plan.Counts.Where(c => c.Count > 0 && c.IsUpdate).Select(c => Naming.Quantity(c.Noun, c.Count)).ToList();
        var parts = new List<string>();
        if (removed.Count > 0) parts.Add("also removes " + List(removed));
        if (unlinked.Count > 0) parts.Add("unlinks " + List(unlinked));
        return parts.Count == 0 ? "" : " (" + string.Join("; ", parts) + ")";
    }

    private static string List(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    public static string Label(RelObject row)
    {
        var key = TargetResolver.NaturalKey(row.Model);
        return key is null ? row.ToString() : $"{row.Model.Name} '{row.GetValue(key)}' (Id {row.Id})";
    }
}
