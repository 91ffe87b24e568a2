using System.Collections;
using System.Collections.Immutable;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Query;

/// <summary>
/// A lazy, immutable query over one model (Django's QuerySet). Every method returns a new QuerySet;
/// nothing runs until it is enumerated, counted, tested, indexed or aggregated, and each
/// enumeration runs it again, streaming rows as they are read.
/// </summary>
public sealed partial class QuerySet : IEnumerable<RelObject>
{
    internal QuerySet(RelDatabase database, QueryState state)
    {
        Database = database;
        State = state;
    }

    public RelDatabase Database { get; }
    public QueryState State { get; }
    public ModelDefinition Model => State.Model;

    private QuerySet With(QueryState state) => new(Database, state);

    private QuerySet Unsliced(string operation) => State.IsSliced
        ? throw new InvalidOperationRelException("SlicedQuery", $"Cannot {operation} a query once a slice has been taken.")
        : this;

    // ---- building ----------------------------------------------------------------------------

    /// <summary>Conditions of one Django filter() call (they share joins on multi-valued relations).</summary>
    public QuerySet Filter(Q condition) => AddFilter(condition, FilterMode.Shared);

    public QuerySet Filter(string key, object? value) => Filter(Q.Keyword(key, value));

    /// <summary>A hashtable of Django lookups, one filter() call.</summary>
    public QuerySet Filter(IDictionary lookups) => Filter(FromDictionary(lookups));

    /// <summary>Each condition on a to-many path stands on its own (the scriptblock form).</summary>
    public QuerySet FilterEach(Q condition) => AddFilter(condition, FilterMode.EachCondition);

    public QuerySet Exclude(Q condition) => AddFilter(condition, FilterMode.Exclude);

    public QuerySet Exclude(string key, object? value) => Exclude(Q.Keyword(key, value));

    public QuerySet Exclude(IDictionary lookups) => Exclude(FromDictionary(lookups));

    public static Q FromDictionary(IDictionary lookups)
    {
        // Through IDictionaryEnumerator: a generic Dictionary enumerates KeyValuePairs, not DictionaryEntries.
        var items = new List<Q>();
        var e = lookups.GetEnumerator();
        while (e.MoveNext())
            items.Add(new KeyQ(System.Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)!, e.Value));
        return new AndQ(items);
    }

    private QuerySet AddFilter(Q condition, FilterMode mode)
    {
        Unsliced("filter");
        var normalized = QueryValidator.Normalize(condition, State);
        return With(State with { Filters = State.Filters.Add(new FilterClause(normalized, mode)) });
    }

    /// <summary>Adds a named value per row; an aggregate is computed over the related rows.</summary>
    public QuerySet Annotate(string name, Expr expression)
    {
        Unsliced("annotate");
        if (Model.FindAttribute(name, out _) is not null || Model.FindRelation(name) is not null)
            throw new RelationsException("AnnotationClash", ErrorKind.InvalidArgument, $"The annotation '{name}' conflicts with a field of '{Model.Name}'.", name);
        if (State.Annotations.Any(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw new RelationsException("AnnotationClash", ErrorKind.InvalidArgument, $"The annotation '{name}' is already defined.", name);
        var state = State with { Annotations = State.Annotations.Add(new Annotation(name, expression, State.Filters.Count)) };
        QueryValidator.CheckExpression(expression, state, forAnnotation: true);
        return With(state);
    }

    /// <summary>An annotation in the string form: <c>'Count(Tags)'</c>, <c>'Lower(Title)'</c>, <c>'Views * 2 + Id'</c>, <c>'Coalesce(Bio, Website)'</c>.</summary>
    public QuerySet Annotate(string name, string expression) =>
        Annotate(name, ExpressionParser.IsExpression(expression) ? ExpressionParser.Parse(expression) : new F(expression));

    // ---- sets --------------------------------------------------------------------------------

    /// <summary>
    /// Rows in this query or in <paramref name="other"/>, each once (Django's <c>union()</c>). The sets
    /// are compared by id, so the result is an ordinary query of the model: it may be filtered, ordered,
    /// annotated, counted and sliced further. Annotations of the two queries are not carried over.
    /// </summary>
    public QuerySet Union(QuerySet other) => Combine(other, (a, b) => a | b);

    /// <summary>Rows in both queries (Django's <c>intersection()</c>); see <see cref="Union"/>.</summary>
    public QuerySet Intersection(QuerySet other) => Combine(other, (a, b) => a & b);

    /// <summary>Rows in this query but not in <paramref name="other"/> (Django's <c>difference()</c>); see <see cref="Union"/>.</summary>
    public QuerySet Difference(QuerySet other) => Combine(other, (a, b) => a & !b);

    private QuerySet Combine(QuerySet other, Func<Q, Q, Q> op)
    {
        if (other.Model != Model)
            throw new RelationsException("SetOfDifferentModels", ErrorKind.InvalidArgument,
                $"Union, intersection and difference combine queries of one model; '{Model.Name}' and '{other.Model.Name}' differ.", other);
        var fresh = With(new QueryState(Model) { Ordering = State.Ordering, Unordered = State.Unordered });
        return fresh.Filter(op(Members(this), Members(other)));
    }

    /// <summary>The rows of a query as a condition on the id (an unfiltered query is every row).</summary>
    private static Q Members(QuerySet q) =>
        q.State.Filters.Count == 0 && !q.State.IsSliced ? Q.True : Q.Where(new F("Id"), Lookup.In, q);

    /// <summary>Orders by names or paths; <c>-Name</c> descends.</summary>
    public QuerySet OrderBy(params string[] terms)
    {
        var ordering = QueryCompiler.ParseOrdering(terms);
        foreach (var t in ordering) QueryValidator.CheckExpression(t.Expression, State, forAnnotation: false);
        return With(State with { Ordering = [.. ordering], Unordered = false });
    }

    /// <summary>
    /// Drops every ordering, the default one and the id tie-break included (Django's <c>order_by()</c>
    /// with no fields): the statement has no ORDER BY, so the database may read rows in the order its
    /// plan finds cheapest. For results whose order nobody looks at; a later <see cref="OrderBy"/> orders again.
    /// </summary>
    public QuerySet Unordered() => With(State with { Ordering = [], Unordered = true });

    public QuerySet Distinct() => With(State with { Distinct = true });

    /// <summary>
    /// Loads related rows with the query's own: a path of to-one relations (ForeignKey, OneToOne, chains
    /// of them) is joined into the same statement (Django's select_related); a path with a to-many step
    /// is prefetched, one query per relation per chunk of rows (prefetch_related).
    /// </summary>
    public QuerySet Include(params string[] relations)
    {
        foreach (var path in relations) Prefetcher.Check(Model, path);
        return With(State with { Includes = State.Includes.AddRange(relations) });
    }

    /// <summary>Rows [offset, offset + limit): LIMIT/OFFSET. Slicing a slice narrows it.</summary>
    public QuerySet Slice(long offset, long? limit)
    {
        if (offset < 0 || limit < 0) throw new RelationsException("NegativeSlice", ErrorKind.InvalidArgument, "Negative indexing is not supported.", offset);
        var start = (State.Offset ?? 0) + offset;
        long? newLimit = limit;
        if (State.Limit is long current) newLimit = Math.Max(0, Math.Min(current - offset, limit ?? long.MaxValue));
        return With(State with { Offset = start == 0 ? null : start, Limit = newLimit });
    }

    public QuerySet Skip(long count) => Slice(count, null);

    public QuerySet Take(long count) => Slice(0, count);

    /// <summary>The row at <paramref name="index"/> (<c>LIMIT 1 OFFSET index</c>).</summary>
    public RelObject this[long index] =>
        Slice(index, 1).FirstOrDefault() ?? throw new NotFoundException($"There is no {Model.Name} at index {index}.", index);

    // ---- SQL ---------------------------------------------------------------------------------

    private QueryCompiler Compiler() => new(new SqlContext(Database.Dialect), State);

    /// <summary>A statement of this query from the database's <see cref="StatementCache"/> (compiled by <paramref name="compile"/> when not there).</summary>
    private SqlStatement Cached(string kind, Func<QueryCompiler, SqlStatement> compile) =>
        Database.Statements.Get(kind, State, ctx => compile(new QueryCompiler(ctx, State)), Database.Dialect);

    /// <summary>The SELECT this query runs (to-one includes joined in it).</summary>
    public SqlStatement Statement => Cached("select", c => c.Select(SelectRelated.Split(Model, State.Includes).Joined));

    public string Sql => Statement.Text;

    public IReadOnlyList<object?> Parameters => Statement.Parameters;

    public override string ToString() => Sql;
}
