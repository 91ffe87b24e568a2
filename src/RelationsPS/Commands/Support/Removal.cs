using System.Management.Automation;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Commands.Support;

/// <summary>Deleting one row the way every Remove-* cmdlet does: plan, say what the cascade takes, then delete.</summary>
internal static class Removal
{
    public static void Remove(PSCmdlet cmdlet, RelDatabase db, RelObject row)
    {
        var plan = db.PlanDelete(row);
        if (!cmdlet.ShouldProcess(Describe(row.Model, plan, Label(row)), "Remove")) return;
        var done = db.Delete(row);
        cmdlet.WriteVerbose($"Removed {Label(row)}{Suffix(row.Model, done)}.");
    }

    public static string Describe(ModelDefinition model, DeleteResult plan, string what) => what + Suffix(model, plan);

    private static string Suffix(ModelDefinition model, DeleteResult plan)
    {
        var cascade = plan.DescribeCascade(model);
        var extra = plan.CountOf(model.Name) - 1;
        var also = extra > 0 ? Naming.Quantity("more " + model.Name.ToLowerInvariant(), extra) : "";
        var parts = new[] { also, cascade }.Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? "" : " (also removes " + string.Join(" and ", parts) + ")";
    }

    public static string Label(RelObject row)
    {
        var key = TargetResolver.NaturalKey(row.Model);
        return key is null ? row.ToString() : $"{row.Model.Name} '{row.GetValue(key)}' (Id {row.Id})";
    }
}
