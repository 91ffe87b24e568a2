using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Objects;

/// <summary>Get-RelObject: rows of any model, filtered, ordered, sliced and annotated in one SQL statement.</summary>
/// <remarks>
/// -Filter and -Exclude take a scriptblock translated to SQL or a hashtable of Django lookups; -OrderBy, -First,
/// -Skip, -Distinct, -Include and -Annotate add to the same query. Rows stream as they are read. A query from
/// -AsQuery or the pipeline can be extended with the same parameters.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "RelObject", DefaultParameterSetName = ModelSet)]
// A row of the model in -Model (not PSObject, whose members completion would offer as the rows'); -AsQuery gives a QueryHandle.
[OutputType("RelationsPS.RelObject")]
public sealed class GetRelObjectCommand : QueryCmdlet
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

    protected override void ProcessRecord() => Run(() =>
    {
        var query = InputObject?.QuerySet ?? Db.Objects(Model);
        query = ApplyQueryParameters(query);
        if (Distinct) query = query.Distinct();
        Emit(query);
    }, Model);
}
