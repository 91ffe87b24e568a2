using System.Management.Automation;
using RelationsPS.Core.Execution;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Support;

/// <summary>The -IfExists parameter of the New-* cmdlets: its values, and the object it writes.</summary>
internal static class Upserts
{
    /// <summary>The note property that says what an upsert did: Created, Updated or Unchanged.</summary>
    public const string OutcomeProperty = "Outcome";

    public static IfExists Parse(string? value) => value switch
    {
        null => IfExists.Error,
        _ when value.Equals("Get", StringComparison.OrdinalIgnoreCase) => IfExists.Get,
        _ when value.Equals("Update", StringComparison.OrdinalIgnoreCase) => IfExists.Update,
        _ => IfExists.Error,
    };

    /// <summary>The object as the database holds it now, with <c>Outcome</c> (a field of that name wins: the property is then left out).</summary>
    public static PSObject ToPSObject(UpsertResult result)
    {
        var pso = RelObjectAdapter.ToPSObject(result.Object);
        if (pso.Properties[OutcomeProperty] is null) pso.Properties.Add(new PSNoteProperty(OutcomeProperty, result.Outcome.ToString()));
        return pso;
    }
}
