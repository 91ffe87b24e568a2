using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Commands.Support;

/// <summary>Deleting one row the way every Remove-* cmdlet does: plan, say what the cascade takes, then delete.</summary>
internal static class Removal
{
    public static void Remove(RelCmdlet cmdlet, RelDatabase db, RelObject row)
    {
        var plan = db.PlanDelete(row);
        if (!cmdlet.ShouldProcess(Describe(row.Model, plan, Label(row)), "Remove")) return;
        var done = cmdlet.Write(() => db.Delete(row));
        cmdlet.WriteVerbose($"Removed {Label(row)}{Suffix(row.Model, done)}.");
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
