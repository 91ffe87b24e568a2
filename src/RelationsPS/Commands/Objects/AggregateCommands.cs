using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Query;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Objects;

/// <summary>
/// The input both aggregate cmdlets take: a model, a query from the pipeline, or rows from the pipeline; filtered
/// by -Filter and by the model's fields as parameters of their own (exact filters, as Get-RelObject's).
/// </summary>
public abstract class AggregateCmdlet : RelCmdlet, IDynamicParameters
{
    protected const string ModelSet = "Model";
    protected const string InputSet = "Input";

    private readonly List<long> pipedIds = [];
    private QuerySet? pipedQuery;

    /// <summary>The model to aggregate over.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ModelSet)]
    [ArgumentCompleter(typeof(Completion.ModelNameCompleter))]
    public string Model { get; set; } = "";

    /// <summary>A query (kept as one SQL statement) or rows.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
    public object? InputObject { get; set; }

    /// <summary>A scriptblock or hashtable filter applied first; the model's fields are parameters too, exact filters whose values Tab completes from a field's Choices (<c>-Role db</c>).</summary>
    [Parameter]
    public object? Filter { get; set; }

    /// <summary>
    /// Name = 'Func(Path)', 'Func(Path, Distinct)' or 'Func(expression)' ('Sum(Price * Pages)'), Func one of Count Sum Avg Min Max
    /// StdDev Variance ('StdDev(Views, Sample)' for a sample); or @{ Aggregate = 'Count(Tags)'; Where = { ... } } for an aggregate with its own filter.
    /// Group-RelObject without it returns the distinct values of -By.
    /// </summary>
    [Parameter]
    public IDictionary Aggregate { get; set; } = new Hashtable();

    private RuntimeDefinedParameterDictionary? fields;

    /// <summary>The fields as exact filters (see <see cref="FieldParameters"/>), of -Model or of the piped query's or rows' model.</summary>
    public object? GetDynamicParameters() =>
        FieldParameters.Models(this, Database, Model, InputObject) is { } models
            ? fields = FieldParameters.Define(GetType(), models, toMany: false, ParameterAttribute.AllParameterSets, filters: true)
            : null;

    protected override void ProcessRecord() => Run(() =>
    {
        if (ParameterSetName != InputSet) return;
        var value = InputObject is PSObject { BaseObject: QueryHandle h } ? h : InputObject;
        if (value is QueryHandle q)
        {
            if (pipedQuery is not null || pipedIds.Count > 0) throw new PSArgumentException("Pipe one query, or rows of one model.");
            pipedQuery = q.QuerySet;
            return;
        }
        var row = RelObjectAdapter.AsRelObject(value) ?? throw new PSArgumentException("Pipe a query (-AsQuery) or RelationsPS objects.");
        pipedQuery ??= Db.Objects(row.Model);
        if (row.Model != pipedQuery.Model) throw new PSArgumentException("All piped objects must be of one model.");
        pipedIds.Add(row.Id!.Value);
    }, InputObject);

    protected override void EndProcessing() => Run(() =>
    {
        var query = ParameterSetName == ModelSet ? Db.Objects(Model) : pipedQuery;
        if (query is null) return;
        if (pipedIds.Count > 0) query = query.Filter(new LookupQ(new F("Id"), Lookup.In, pipedIds.ToArray()));
        query = FilterBuilder.Apply(this, query, Filter, exclude: false);
        query = FilterBuilder.Apply(this, query, FieldParameters.AsFilter(fields), exclude: false);
        Produce(query, Aggregates(query));
        base.EndProcessing();
    }, null);

    protected abstract void Produce(QuerySet query, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates);

    /// <summary>Aggregates in the order written (ordered hashtables) or by name.</summary>
    private List<(string, Aggregate)> Aggregates(QuerySet query)
    {
        var entries = Aggregate.Cast<DictionaryEntry>().ToList();
        if (Aggregate is not OrderedDictionary) entries = entries.OrderBy(e => e.Key.ToString(), StringComparer.OrdinalIgnoreCase).ToList();
        return entries.Select(e => (LanguagePrimitives.ConvertTo<string>(e.Key), FilterBuilder.Aggregate(this, query, e.Value))).ToList();
    }

    protected static PSObject Record(string typeName, IEnumerable<KeyValuePair<string, object?>> values)
    {
        var o = new PSObject();
        o.TypeNames.Insert(0, typeName);
        foreach (var (k, v) in values) o.Properties.Add(new PSNoteProperty(k, v));
        return o;
    }
}

/// <summary>Measure-RelObject: aggregates over a whole query, as one object (Django's aggregate()).</summary>
/// <remarks>
/// -Aggregate takes @{ Name = 'Func(Path)' } with Count, Sum, Avg, Min or Max, optionally 'Func(Path, Distinct)'.
/// The rows are those of -Model with -Filter, or of a query from the pipeline; aggregates over several to-many
/// relations give the true numbers.
/// </remarks>
[Cmdlet(VerbsDiagnostic.Measure, "RelObject", DefaultParameterSetName = ModelSet)]
[OutputType("RelationsPS.Aggregate")]
public sealed class MeasureRelObjectCommand : AggregateCmdlet
{
    protected override void Produce(QuerySet query, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates)
    {
        var values = query.Aggregate(aggregates);
        WriteObject(Record("RelationsPS.Aggregate", aggregates.Select(a => new KeyValuePair<string, object?>(a.Name, values[a.Name]))));
    }
}

/// <summary>
/// Group-RelObject: one object per group of paths with its aggregates (Django's values(...).annotate(...));
/// without -Aggregate, the distinct values of the paths (values(...).distinct()).
/// </summary>
/// <remarks>
/// -By takes field names and relation paths (Tags.Name, Created.Year); each group object has one property per path,
/// named as written or as in -By @{ Tag = 'Tags.Name' }, plus one per aggregate. The whole grouping is one SQL
/// statement.
/// </remarks>
[Cmdlet(VerbsData.Group, "RelObject", DefaultParameterSetName = ModelSet)]
[OutputType("RelationsPS.Group")]
public sealed class GroupRelObjectCommand : AggregateCmdlet
{
    /// <summary>Paths to group by ('Tags.Name'), or @{ Name = 'Path' } to name them.</summary>
    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(Completion.RelationPathCompleter))]
    public object[] By { get; set; } = [];

    /// <summary>Group or aggregate names to order the groups by ('-N' descends; ':NullsFirst' / ':NullsLast'); ties by the groups.</summary>
    [Parameter]
    public string[]? OrderBy { get; set; }

    protected override void Produce(QuerySet query, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates)
    {
        var by = new List<(string Name, string Path)>();
        foreach (var item in By.Select(RelObjectAdapter.Unwrap))
        {
            if (item is IDictionary d)
                foreach (DictionaryEntry e in d) by.Add((LanguagePrimitives.ConvertTo<string>(e.Key), LanguagePrimitives.ConvertTo<string>(e.Value)));
            else
            {
                var path = LanguagePrimitives.ConvertTo<string>(item);
                by.Add((path, path));
            }
        }
        var ordering = OrderBy is { Length: > 0 } ? OrderTerms.Parse(OrderBy) : null;
        if (aggregates.Count == 0)
        {
            // Django's values(...).distinct(): each combination once, ordered by the paths, in one statement.
            foreach (var row in query.OrderBy([.. by.Select(b => b.Path)]).Distinct().Values([.. by.Select(b => b.Path)]))
                WriteObject(Record("RelationsPS.Group", by.Select(b => new KeyValuePair<string, object?>(b.Name, row[b.Path]))));
            return;
        }
        foreach (var row in query.Group(by, aggregates, ordering))
            WriteObject(Record("RelationsPS.Group", by.Select(b => b.Name).Concat(aggregates.Select(a => a.Name)).Select(n => new KeyValuePair<string, object?>(n, row[n]))));
    }
}
