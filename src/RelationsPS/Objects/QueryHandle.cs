using System.Collections;
using System.Management.Automation;
using RelationsPS.Core.Query;

namespace RelationsPS.Objects;

/// <summary>
/// A lazy query as PowerShell holds it (<c>-AsQuery</c>): nothing runs until it is enumerated,
/// counted or printed; <c>.Sql</c> and <c>.Parameters</c> show what it will run, fluent methods
/// return new queries, and RelationsPS cmdlets that receive it extend it instead of enumerating it.
/// </summary>
public sealed class QueryHandle : IEnumerable<PSObject>
{
    public QueryHandle(QuerySet query) => QuerySet = query;

    internal QuerySet QuerySet { get; }

    public string Model => QuerySet.Model.Name;

    public string Sql => QuerySet.Sql;

    public object?[] Parameters => QuerySet.Parameters.ToArray();

    /// <summary>PowerShell never disposes what it enumerates (a pipe, foreach, .Where()), so rows are read in pages with no reader left open.</summary>
    public IEnumerator<PSObject> GetEnumerator() => QuerySet.InPages().Select(RelObjectAdapter.ToPSObject).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public QueryHandle Filter(IDictionary lookups) => new(QuerySet.Filter(RelObjectAdapter.UnwrapDictionary(lookups)));

    public QueryHandle Exclude(IDictionary lookups) => new(QuerySet.Exclude(RelObjectAdapter.UnwrapDictionary(lookups)));

    public QueryHandle OrderBy(params string[] terms) => new(QuerySet.OrderBy(terms));

    /// <summary>No ORDER BY at all, not even the id (Django's <c>order_by()</c>): for a query handed to a cmdlet that does not look at the order.</summary>
    public QueryHandle Unordered() => new(QuerySet.Unordered());

    public QueryHandle Distinct() => new(QuerySet.Distinct());

    public QueryHandle Include(params string[] relations) => new(QuerySet.Include(relations));

    /// <summary>Annotations in the string form (<c>'Count(Tags)'</c>, <c>'Lower(Title)'</c>); scriptblocks need a cmdlet's <c>-Annotate</c>, which sees the caller's variables.</summary>
    public QueryHandle Annotate(IDictionary annotations)
    {
        var q = QuerySet;
        foreach (DictionaryEntry e in annotations)
        {
            var value = RelObjectAdapter.Unwrap(e.Value);
            if (value is ScriptBlock or IDictionary)
                throw new PSArgumentException("The .Annotate() method takes the string form ('Count(Tags)', 'Lower(Title)'); for scriptblocks and aggregates with a Where, use the -Annotate parameter (Get-RelObject ... -Annotate @{ ... } -AsQuery).");
            q = q.Annotate(LanguagePrimitives.ConvertTo<string>(e.Key), LanguagePrimitives.ConvertTo<string>(value));
        }
        return new QueryHandle(q);
    }

    /// <summary>Rows of this query or of <paramref name="other"/>, each once (Django's union()); still a query.</summary>
    public QueryHandle Union(QueryHandle other) => new(QuerySet.Union(other.QuerySet));

    /// <summary>Rows in both queries (Django's intersection()).</summary>
    public QueryHandle Intersection(QueryHandle other) => new(QuerySet.Intersection(other.QuerySet));

    /// <summary>Rows of this query that are not in <paramref name="other"/> (Django's difference()).</summary>
    public QueryHandle Difference(QueryHandle other) => new(QuerySet.Difference(other.QuerySet));

    public long Count() => QuerySet.Count();

    public bool Exists() => QuerySet.Exists();

    public PSObject? First() => QuerySet.FirstOrDefault() is { } o ? RelObjectAdapter.ToPSObject(o) : null;

    /// <summary><c>$q[i]</c>: <c>LIMIT 1 OFFSET i</c>.</summary>
    public PSObject this[int index] => RelObjectAdapter.ToPSObject(QuerySet[index]);

    /// <summary>Rows [start, start + count): LIMIT/OFFSET.</summary>
    public QueryHandle Slice(long start, long count) => new(QuerySet.Slice(start, count));

    public override string ToString() => Sql;
}
