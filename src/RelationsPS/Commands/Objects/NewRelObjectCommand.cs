using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Objects;

/// <summary>
/// New-RelObject: creates a row of any model, from a hashtable of field values or the properties of piped
/// objects, and returns it with its Id. <c>Import-Csv servers.csv | New-RelObject Server</c> creates a row per CSV
/// line. All piped objects are one transaction; a failing one is reported and leaves nothing behind, and the rest go on.
/// </summary>
[Cmdlet(VerbsCommon.New, "RelObject", SupportsShouldProcess = true)]
[OutputType("RelationsPS.RelObject")]
public sealed class NewRelObjectCommand : RelCmdlet
{
    /// <summary>The model to create.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(Completion.ModelNameCompleter))]
    public string Model { get; set; } = "";

    /// <summary>
    /// Field values: a hashtable, or any object whose properties are named like the fields (Import-Csv rows,
    /// ConvertFrom-Json objects, from the pipeline or as the value). Relations take objects, ids or names; to-many
    /// relations take lists (in a CSV cell, separated by ',' or ';'). Text is converted to each field's type, an
    /// empty CSV cell of a field that is not text is $null (or the field's default), and a property that is not a field is an
    /// InvalidArgument error listing the fields.
    /// </summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [PropertyValuesTransformation]
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
        var values = ValueBinder.Bind(Db, model, ValueBinder.FromRecord(model, Property));
        if (!ShouldProcess($"{model.Name} {ValueBinder.Describe(values)}", "Create")) return;
        WriteObject(RelObjectAdapter.ToPSObject(Write(() => Db.Create(model, values))));
    }, Property);
}
