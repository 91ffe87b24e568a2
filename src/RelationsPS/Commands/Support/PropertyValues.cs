using System.Collections;
using System.Management.Automation;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Support;

/// <summary>
/// Field values read from an object's properties (<c>Import-Csv servers.csv | New-RelObject Server</c>,
/// <c>ConvertFrom-Json</c> objects), as opposed to a hashtable written for the purpose. The cmdlet knows
/// by this type that the values may be the text of a CSV cell (see <see cref="ValueBinder.FromRecord"/>).
/// </summary>
public sealed class RecordValues : Hashtable
{
    internal RecordValues() : base(StringComparer.OrdinalIgnoreCase) { }
}

/// <summary>
/// Lets a <c>-Property</c> hashtable parameter take any object that has properties: each property becomes
/// a field value, named as the property. Applied when binding from the command line and from the pipeline,
/// so a piped <c>PSCustomObject</c> binds where only a hashtable did before (it was <c>InputObjectNotBound</c>).
/// A RelationsPS row gives its fields and foreign-key ids (not its Id, which the database sets).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PropertyValuesTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        switch (RelObjectAdapter.AsRelObject(inputData) is { } read ? read : inputData)
        {
            case null:
            case IDictionary:
            case PSObject { BaseObject: IDictionary }:
                return inputData;
            case RelObject row:
                return FromRow(row);
            case PSObject { BaseObject: string or ValueType or IEnumerable }:
            case string or ValueType or IEnumerable:
                // Not an object with properties: left to the parameter's own conversion, which reports it.
                return inputData;
            case PSObject p:
                return FromProperties(p);
            default:
                return FromProperties(PSObject.AsPSObject(inputData));
        }
    }

    private static RecordValues FromProperties(PSObject p)
    {
        var values = new RecordValues();
        foreach (var property in p.Properties)
        {
            if (!property.IsGettable) continue;
            values[property.Name] = property.Value;
        }
        return values;
    }

    private static RecordValues FromRow(RelObject row)
    {
        var values = new RecordValues();
        foreach (var f in row.Model.ConcreteFields)
            if (!f.IsPrimaryKey) values[f.IsToOne ? f.IdAttribute! : f.Name] = row.GetValue(f);
        return values;
    }
}
