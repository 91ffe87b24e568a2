using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Objects;

/// <summary>
/// New-RelObject: creates a row of any model, from a hashtable of field values or the properties of piped
/// objects, and returns it with its Id. <c>Import-Csv servers.csv | New-RelObject Server</c> creates a row per CSV
/// line. All piped objects are one transaction; a failing one is reported and leaves nothing behind, and the rest go on.
/// With -IfExists Get or Update it is Django's get_or_create or update_or_create: the row with the same
/// key (-Key, else the unique fields given) is returned as it is, or updated with the given values, in one
/// INSERT ... ON CONFLICT statement when the key is a unique constraint; the object then has an Outcome
/// property: Created, Updated or Unchanged. Piped rows (without -IfExists) go in as multi-row INSERTs in
/// batches (Django's bulk_create); a batch that fails is written again row by row, so only the bad row is
/// reported, and each object is written out once its batch is saved. The model's fields are also parameters of
/// their own (<c>New-RelObject Server -Name web-01 -Role db</c>), whose values Tab completes from the field's Choices.
/// </summary>
[Cmdlet(VerbsCommon.New, "RelObject", SupportsShouldProcess = true, DefaultParameterSetName = ValuesSet)]
[OutputType("RelationsPS.RelObject")]
public sealed class NewRelObjectCommand : RelCmdlet, IDynamicParameters
{
    private const string ValuesSet = "Values";
    private const string FieldsSet = "Fields";

    /// <summary>The model to create.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(Completion.ModelNameCompleter))]
    public string Model { get; set; } = "";

    /// <summary>
    /// Field values: a hashtable, or any object whose properties are named like the fields (Import-Csv rows,
    /// ConvertFrom-Json objects, from the pipeline or as the value). Relations take objects, ids or names; to-many
    /// relations take lists (in a CSV cell, separated by ',' or ';'). Text is converted to each field's type, an
    /// empty CSV cell of a field that is not text is $null (or the field's default), and a property that is not a field is an
    /// InvalidArgument error listing the fields. Instead of it, the fields may be given as parameters of their own
    /// (<c>-Name web-01 -Role db</c>), whose values Tab completes from a field's Choices.
    /// </summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = ValuesSet)]
    [PropertyValuesTransformation]
    [ArgumentCompleter(typeof(Completion.FieldNameCompleter))]
    public Hashtable Property { get; set; } = [];

    /// <summary>When an object with the same key exists: Error (the default: a ResourceExists error), Get (return it unchanged) or Update (write the given values onto it).</summary>
    [Parameter]
    [ValidateSet("Get", "Update", "Error")]
    public string? IfExists { get; set; }

    /// <summary>The fields that find an existing object for -IfExists; by default the unique fields among the values (a Unique field, or a whole UniqueTogether set).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.FieldNameCompleter))]
    public string[]? Key { get; set; }

    private RuntimeDefinedParameterDictionary? fields;

    /// <summary>
    /// The fields of the model in -Model as parameters (see <see cref="FieldParameters"/>), in a parameter set of their
    /// own: a call gives its values either as -Property (or piped objects) or as field parameters.
    /// </summary>
    /// <remarks>A call that gave -Property has chosen its parameter set; it is spared defining parameters it cannot use.</remarks>
    public object? GetDynamicParameters() =>
        Model.Length > 0 && !MyInvocation.BoundParameters.ContainsKey(nameof(Property)) && FieldParameters.Models(this, Database, Model, null) is { } models
            ? fields = FieldParameters.Define(GetType(), models, toMany: true, FieldsSet)
            : null;

    protected override void BeginProcessing()
    {
        if (ParameterSetName == FieldsSet) Property = FieldParameters.Given(fields);
        base.BeginProcessing();
    }

    private ProgressReporter? progress;
    private PipelineBatch<(Core.Metadata.ModelDefinition Model, IReadOnlyDictionary<string, object?> Values, Hashtable Input)>? batch;

    protected override void EndProcessing()
    {
        if (batch is not null) Run(batch.Flush, null);
        progress?.Complete();
        base.EndProcessing();
    }

    protected override void ProcessRecord() => Run(() =>
    {
        (progress ??= new ProgressReporter(this, $"Creating {Model} objects")).Item();
        var model = Db.Models.Get(Model);
        var values = ValueBinder.Bind(Db, model, ValueBinder.FromRecord(model, Property));
        var ifExists = Upserts.Parse(IfExists);
        if (!ShouldProcess($"{model.Name} {ValueBinder.Describe(values)}", ifExists switch
            {
                Core.Execution.IfExists.Get => "Create or get",
                Core.Execution.IfExists.Update => "Create or update",
                _ => "Create",
            })) return;
        if (IfExists is null && Key is null && MyInvocation.ExpectingInput)
        {
            // Piped rows: multi-row INSERTs in batches (bulk_create), each object written out once its batch is saved.
            batch ??= new(this,
                items => Db.BulkCreate(items[0].Model, [.. items.Select(i => i.Values)]),
                item => Db.Create(item.Model, item.Values),
                (_, saved) => WriteObject(RelObjectAdapter.ToPSObject(saved)),
                item => item.Input);
            batch.Add((model, values, Property));
        }
        else if (IfExists is null && Key is null) WriteObject(RelObjectAdapter.ToPSObject(Write(() => Db.Create(model, values))));
        else WriteObject(Upserts.ToPSObject(Write(() => Db.Upsert(model, values, ifExists, Key))));
    }, Property);
}
