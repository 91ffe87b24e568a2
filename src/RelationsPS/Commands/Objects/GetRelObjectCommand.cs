using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Objects;

/// <summary>Get-RelObject: rows of any model, filtered, ordered, sliced and annotated in one SQL statement.</summary>
/// <remarks>
/// -Filter and -Exclude take a scriptblock translated to SQL or a hashtable of Django lookups; -OrderBy, -First,
/// -Skip, -Distinct, -Include and -Annotate add to the same query. Rows stream as they are read. A query from
/// -AsQuery or the pipeline can be extended with the same parameters. With -Property (Django's values()), only
/// those fields, paths and annotations are read (paths across to-one relations join; a to-many path gives a row per
/// related row) and each row is a plain object with one property per name as written. The model's fields are also
/// parameters of their own, each an exact filter (<c>Get-RelObject Server -Role db</c>; several values: any of them),
/// whose values Tab completes from the field's Choices.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "RelObject", DefaultParameterSetName = ModelSet)]
// A row of the model in -Model (not PSObject, whose members completion would offer as the rows'); -AsQuery gives a QueryHandle.
[OutputType("RelationsPS.RelObject")]
public sealed class GetRelObjectCommand : QueryCmdlet, IDynamicParameters
{
    private const string ModelSet = "Model";
    private const string QuerySetName = "Query";

    /// <summary>The model to read.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ModelSet)]
    [ArgumentCompleter(typeof(Completion.ModelNameCompleter))]
    public string Model { get; set; } = "";

    /// <summary>A query to extend (from -AsQuery or the pipeline).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = QuerySetName)]
    public QueryHandle? InputObject { get; set; }

    /// <summary>Only distinct rows.</summary>
    [Parameter]
    public SwitchParameter Distinct { get; set; }

    /// <summary>Read only these fields, paths ('Author.UserName') or annotations, as plain rows; @{ Name = 'Path' } names one.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.FieldNameCompleter))]
    public object[]? Property { get; set; }

    private RuntimeDefinedParameterDictionary? fields;

    /// <summary>The fields as exact filters (see <see cref="FieldParameters"/>), of -Model or of the query's model.</summary>
    public object? GetDynamicParameters() =>
        FieldParameters.Models(this, Database, Model, InputObject) is { } models
            ? fields = FieldParameters.Define(GetType(), models, toMany: false, ParameterAttribute.AllParameterSets, filters: true)
            : null;

    protected override void ProcessRecord() => Run(() =>
    {
        var query = InputObject?.QuerySet ?? Db.Objects(Model);
        query = ApplyQueryParameters(query, FieldParameters.AsFilter(fields));
        if (Distinct) query = query.Distinct();
        if (Property is null)
        {
            Emit(query);
            return;
        }
        if (AsQuery) throw new PSArgumentException("-Property reads rows now; it cannot be combined with -AsQuery (pipe the query to Get-RelObject -Property instead).");
        var named = Projection.Names(Property);
        foreach (var row in query.Values([.. named.Select(n => n.Path)])) WriteObject(Projection.Row(named, row));
    }, Model);
}
