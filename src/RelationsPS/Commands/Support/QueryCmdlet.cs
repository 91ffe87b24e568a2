using System.Collections;
using System.Management.Automation;
using RelationsPS.Core.Query;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Support;

/// <summary>
/// The query parameters shared by Get-RelObject and the blog's Get-* cmdlets: each adds to one lazy
/// query, so the whole call (and a query received from the pipeline) is one SQL statement.
/// </summary>
public abstract class QueryCmdlet : RelCmdlet
{
    /// <summary>A scriptblock translated to SQL, or a hashtable of Django lookups.</summary>
    [Parameter]
    public object? Filter { get; set; }

    /// <summary>Rows to leave out: the same forms as -Filter.</summary>
    [Parameter]
    public object? Exclude { get; set; }

    /// <summary>Field names, paths, annotation names or expressions ('Length(Title)'); '-Name' descends, ':NullsFirst' / ':NullsLast' place NULLs, '?' is random.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.FieldNameCompleter))]
    public string[]? OrderBy { get; set; }

    /// <summary>At most this many rows (LIMIT).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int First { get; set; } = -1;

    /// <summary>Rows to skip first (OFFSET).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Skip { get; set; }

    /// <summary>Relations to prefetch with the rows (names or paths, such as Tags or Author.Profile).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.RelationPathCompleter))]
    public string[]? Include { get; set; }

    /// <summary>
    /// Named values per row: an aggregate or expression in the string form (@{ NumTags = 'Count(Tags)'; Name = 'Lower(Title)' }),
    /// a scriptblock translated to SQL (@{ Size = { if ($_.Views -gt 100) { 'big' } else { 'small' } } }), or an aggregate with
    /// its own filter (@{ P = @{ Aggregate = 'Count(Tags)'; Where = { $_.Tags.Name -like 'p*' } } }), or Case/When as a hashtable
    /// (@{ Size = @{ Case = @(@{ When = @{ Views__gt = 100 }; Then = 'big' }, @{ When = { $_.Views -gt 10 }; Then = 'medium' }); Else = 'small' } }).
    /// </summary>
    [Parameter]
    public Hashtable? Annotate { get; set; }

    /// <summary>Return the query instead of running it.</summary>
    [Parameter]
    public SwitchParameter AsQuery { get; set; }

    /// <summary>
    /// Applies the common parameters, in Django's order: annotations, then filters (with <paramref name="fieldFilter"/>,
    /// the field parameters of Get-RelObject), ordering, prefetch and slice.
    /// </summary>
    protected QuerySet ApplyQueryParameters(QuerySet query, IDictionary? fieldFilter = null)
    {
        if (Annotate is not null) query = FilterBuilder.Annotate(this, query, Annotate);
        query = FilterBuilder.Apply(this, query, Filter, exclude: false);
        query = FilterBuilder.Apply(this, query, Exclude, exclude: true);
        query = FilterBuilder.Apply(this, query, fieldFilter, exclude: false);
        if (OrderBy is { Length: > 0 }) query = query.OrderBy(OrderBy);
        if (Include is { Length: > 0 }) query = query.Include(Include);
        if (Skip > 0 || First >= 0) query = query.Slice(Skip, First >= 0 ? First : null);
        return query;
    }

    /// <summary>Writes the query itself (-AsQuery) or streams its rows as they are read.</summary>
    protected void Emit(QuerySet query)
    {
        if (AsQuery)
        {
            WriteObject(new QueryHandle(query));
            return;
        }
        foreach (var row in query) WriteObject(RelObjectAdapter.ToPSObject(row));
    }
}
