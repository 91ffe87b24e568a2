using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Objects;

/// <summary>New-RelObject: creates a row of any model from a hashtable of field values and returns it with its Id.</summary>
[Cmdlet(VerbsCommon.New, "RelObject", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class NewRelObjectCommand : RelCmdlet
{
    /// <summary>The model to create.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(Completion.ModelNameCompleter))]
    public string Model { get; set; } = "";

    /// <summary>Field values; relations take objects, ids or names; to-many relations take lists.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(Completion.FieldNameCompleter))]
    public Hashtable Property { get; set; } = [];

    private ProgressReporter? progress;

    protected override void EndProcessing()
    {
        progress?.Complete();
        base.EndProcessing();
    }

    protected override void ProcessRecord() => Run(() =>
    {
        (progress ??= new ProgressReporter(this, $"Creating {Model} objects")).Item();
        var model = Db.Models.Get(Model);
        var values = ValueBinder.Bind(Db, model, Property);
        if (!ShouldProcess($"{model.Name} {ValueBinder.Describe(values)}", "Create")) return;
        WriteObject(RelObjectAdapter.ToPSObject(Write(() => Db.Create(model, values))));
    }, Property);
}
