using System.Text;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

internal sealed partial class QueryCompiler
{
    /// <summary>The WHERE conditions of every filter clause, in order.</summary>
    private string Where(JoinScope scope)
    {
        if (state.Filters.Count == 0) return "";
        return " WHERE " + string.Join(" AND ", state.Filters.Select((c, i) => MembersByJoin(c, scope) ?? PinnedByJoin(c, scope, i) ?? Clause(c, scope)));
    }

    private IReadOnlyList<OrderTerm> EffectiveOrdering()
    {
        if (state.Ordering is not null) return state.Ordering;
        return Model.Ordering.Count > 0 ? ParseOrdering(Model.Ordering) : [];
    }

    /// <summary>
    /// <c>'Name'</c>, <c>'-Name'</c> (descending), <c>'?'</c> (random, as Django), an expression
    /// (<c>'Length(Title)'</c>, <c>'-Sum(Price * Pages)'</c>), each optionally followed by
    /// <c>':NullsFirst'</c> or <c>':NullsLast'</c> (Django's <c>nulls_first</c>/<c>nulls_last</c>).
    /// </summary>
    public static IReadOnlyList<OrderTerm> ParseOrdering(IEnumerable<string> terms) =>
        terms.Select(t => string.IsNullOrWhiteSpace(t)
                 ? throw new RelationsException("EmptyOrdering", ErrorKind.InvalidArgument, "An ordering term is empty; name a field, e.g. 'Name' or '-Views'.", t)
                 : ParseTerm(t.Trim()))
             .ToList();

    private static OrderTerm ParseTerm(string t)
    {
        if (t == "?") return new OrderTerm(RandomOrder.Instance, false);
        var nulls = NullsOrder.Default;
        var colon = t.LastIndexOf(':');
        if (colon > 0)
        {
            var suffix = t[(colon + 1)..].Trim();
            nulls = suffix.ToUpperInvariant() switch
            {
                "NULLSFIRST" => NullsOrder.First,
                "NULLSLAST" => NullsOrder.Last,
                _ => throw new RelationsException("InvalidOrdering", ErrorKind.InvalidArgument,
                    $"'{t}': after ':' write NullsFirst or NullsLast (e.g. 'Views:NullsLast', '-Views:NullsFirst').", t),
            };
            t = t[..colon].Trim();
        }
        var descending = t.StartsWith('-');
        var body = descending ? t[1..] : t.TrimStart('+');
        Expr e = ExpressionParser.IsExpression(body) ? ExpressionParser.Parse(body) : new F(body);
        return new OrderTerm(e, descending) { Nulls = nulls };
    }

    private string OrderBy(JoinScope scope)
    {
        if (state.Unordered) return "";
        var parts = new List<string>();
        var byId = false;
        foreach (var term in EffectiveOrdering())
        {
            var sql = Expression(term.Expression, scope, out var field);
            if (field is { IsPrimaryKey: true } && field.Model == Model && term.Expression is F { Path: var p } && !p.Contains('.')) byId = true;
            parts.Add(ctx.Dialect.Order(sql, term.Descending, term.Nulls));
        }
        // Id breaks ties, so the order of rows is always defined (and is Id order without any ordering).
        if (!byId) parts.Add(scope.RootId);
        return " ORDER BY " + string.Join(", ", parts);
    }

    private string Limit()
    {
        if (!state.IsSliced) return "";
        var limit = state.Limit is null ? ctx.Param(ctx.Dialect.NoLimit) : ctx.Param(state.Limit.Value, offset: false);
        return state.Offset is null ? $" LIMIT {limit}" : $" LIMIT {limit} OFFSET {ctx.Param(state.Offset.Value, offset: true)}";
    }

    /// <summary>The full rows: every stored column in field order, then the annotations.</summary>
    public SqlStatement Select() => Select([]);

    /// <summary>
    /// The full rows, then for each chain of to-one relations (parents before their children) every
    /// stored column of the row at its end, joined in the same statement (Django's select_related).
    /// </summary>
    public SqlStatement Select(IReadOnlyList<IReadOnlyList<Relation>> toOne)
    {
        var scope = new JoinScope(ctx, Model);
        var columns = Model.ConcreteFields.Select(f => scope.RootColumn(f.Column!)).ToList();
        columns.AddRange(state.Annotations.Select(a => AnnotationColumn(a, scope)));
        foreach (var chain in toOne)
        {
            var alias = scope.ToOneAlias(chain);
            columns.AddRange(chain[^1].To.ConcreteFields.Select(f => $"{alias}.{ctx.Q(f.Column!)}"));
        }
        var where = Where(scope);
        var order = OrderBy(scope);
        var limit = Limit();
        var from = scope.From;
        if (DistinctInOrder(columns, from + where, order, limit) is { } ordered) return ctx.Statement(ordered);
        var distinct = state.Distinct ? "DISTINCT " : "";
        return ctx.Statement($"SELECT {distinct}{string.Join(", ", columns)}{from}{where}{order}{limit}");
    }

    /// <summary><c>SELECT t.id FROM ... WHERE ...</c>, for IN subqueries, deletes and updates.</summary>
    public string IdsBody(bool keepOrderAndSlice)
    {
        var scope = new JoinScope(ctx, Model);
        var where = Where(scope);
        if (!keepOrderAndSlice) return $"SELECT {scope.RootId}{scope.From}{where}";
        var order = OrderBy(scope);
        var limit = Limit();
        return $"SELECT {scope.RootId}{scope.From}{where}{order}{limit}";
    }

    /// <summary>The ids in query order (QuerySet.Ids promises the order; deletes and links do not mind it).</summary>
    public SqlStatement Ids() => ctx.Statement(IdsBody(keepOrderAndSlice: true));

    public SqlStatement Count()
    {
        // Ordering by a to-many path repeats rows; Count counts what enumeration returns, so it keeps them.
        if (!state.IsSliced && !state.Distinct && state.Annotations.Count == 0 && !OrderingRepeatsRows())
        {
            var scope = new JoinScope(ctx, Model);
            var where = Where(scope);
            return ctx.Statement($"SELECT COUNT(*){scope.From}{where}");
        }
        var inner = Select();
        return new SqlStatement($"SELECT COUNT(*) FROM ({inner.Text}) c", inner.Parameters);
    }

    private bool OrderingRepeatsRows() =>
        EffectiveOrdering().Any(t => ExprPaths(t.Expression, Model).Any(p => p.IsMultiValued));

    /// <summary><c>SELECT 1 FROM ... WHERE ...</c>: the body of an EXISTS (a subquery's OuterRefs read the outer scope).</summary>
    public string ExistsBody()
    {
        var scope = new JoinScope(ctx, Model);
        var where = Where(scope);
        var limit = Limit();
        return $"SELECT 1{scope.From}{where}{(state.IsSliced ? " ORDER BY " + scope.RootId : "")}{limit}";
    }

    public SqlStatement Exists()
    {
        var scope = new JoinScope(ctx, Model);
        var where = Where(scope);
        var limit = Limit();
        return ctx.Statement($"SELECT EXISTS (SELECT 1{scope.From}{where}{(state.IsSliced ? " ORDER BY " + scope.RootId : "")}{limit})");
    }

    /// <summary>
    /// <c>WITH base AS (the filtered ids and annotations) SELECT (agg1), (agg2)</c>: each aggregate is
    /// its own scalar subquery over the base rows, so aggregates over different multi-valued
    /// relations give true numbers.
    /// </summary>
    public SqlStatement Aggregate(IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates)
    {
        var baseSql = BaseCte();
        var parts = aggregates.Select(a => "(" + AggregateOverBase(a.Aggregate, groupScope: null) + ")").ToList();
        return ctx.Statement($"{baseSql}SELECT {string.Join(", ", parts)}");
    }

    private string BaseCte()
    {
        // The base rows decided by aggregates over one relation: one grouped pass, no per-row correlated aggregate.
        var grouped = GroupedOnRelation([(null, "id"), .. state.Annotations.Select((_, i) => ((int?)i, (string?)ctx.Q("a" + i)))], ordered: state.IsSliced);
        if (grouped is not null) return $"WITH base AS ({grouped}) ";
        var scope = new JoinScope(ctx, Model);
        var columns = new List<string> { $"{scope.RootId} AS id" };
        for (var i = 0; i < state.Annotations.Count; i++)
            columns.Add($"({AnnotationSql(state.Annotations[i], scope)}) AS {ctx.Q("a" + i)}");
        var where = Where(scope);
        var tail = state.IsSliced ? OrderBy(scope) + Limit() : "";
        return $"WITH base AS (SELECT {(state.Distinct ? "DISTINCT " : "")}{string.Join(", ", columns)}{scope.From}{where}{tail}) ";
    }

    private string BaseOrPath(string path, JoinScope scope)
    {
        var index = state.Annotations.FindIndex(a => a.Name.Equals(path, StringComparison.OrdinalIgnoreCase));
        if (index >= 0 && Model.FindAttribute(path, out _) is null) return "b." + ctx.Q("a" + index);
        return scope.Column(ResolvedPath.Resolve(Model, path));
    }

    private string AggregateOverBase(Aggregate agg, JoinScope? groupScope)
    {
        if (!agg.IsPlain) return ExpressionAggregateOverBase(agg, groupScope);
        var index = state.Annotations.FindIndex(a => a.Name.Equals(agg.Path, StringComparison.OrdinalIgnoreCase));
        var onAnnotation = index >= 0 && Model.FindAttribute(agg.Path, out _) is null;
        if (groupScope is not null)
        {
            var col = onAnnotation ? "b." + ctx.Q("a" + index) : groupScope.Column(ResolvedPath.Resolve(Model, agg.Path));
            return AggregateCall(agg, col);
        }
        if (onAnnotation) return $"SELECT {AggregateCall(agg, "b." + ctx.Q("a" + index))} FROM base b";
        var scope = new JoinScope(ctx, Model);
        var column = scope.Column(ResolvedPath.Resolve(Model, agg.Path));
        return $"SELECT {AggregateCall(agg, column)} FROM base b JOIN {ctx.Q(Model.Table)} {scope.RootAlias} ON {scope.RootId} = b.id{scope.Joins}";
    }

    /// <summary>
    /// An aggregate of an expression or with its own filter over the base rows. In a group its filter is
    /// <c>CASE WHEN filter THEN value END</c> (it must not drop the group's other rows); alone, a WHERE.
    /// </summary>
    private string ExpressionAggregateOverBase(Aggregate agg, JoinScope? groupScope)
    {
        var argument = agg.Argument ?? new F(agg.Path);
        if (groupScope is not null)
        {
            var value = Expression(argument, groupScope, out _);
            if (agg.Where is not null) value = $"CASE WHEN {Condition(agg.Where, groupScope, sharedJoins: true)} THEN {value} END";
            return AggregateCall(agg, value);
        }
        var scope = new JoinScope(ctx, Model);
        var column = Expression(argument, scope, out _);
        var where = agg.Where is null ? "" : " WHERE " + Condition(agg.Where, scope, sharedJoins: true);
        return $"SELECT {AggregateCall(agg, column)} FROM base b JOIN {ctx.Q(Model.Table)} {scope.RootAlias} ON {scope.RootId} = b.id{scope.Joins}{where}";
    }

    /// <summary><c>SELECT path1, path2 ...</c>: selected values as rows (Django's values()).</summary>
    public SqlStatement Values(IReadOnlyList<string> paths)
    {
        // Only ids and aggregates over one relation, filtered on those aggregates: one grouped pass (the HAVING case).
        if (ValueColumns(paths) is { } selected && GroupedOnRelation(selected, ordered: true) is { } grouped) return ctx.Statement(grouped);
        var scope = new JoinScope(ctx, Model);
        var columns = paths.Select(p => BaseOrPathInScope(p, scope)).ToList();
        var where = Where(scope);
        var order = OrderBy(scope);
        var limit = Limit();
        var from = scope.From;
        if (DistinctInOrder(columns, from + where, order, limit) is { } ordered) return ctx.Statement(ordered);
        return ctx.Statement($"SELECT {(state.Distinct ? "DISTINCT " : "")}{string.Join(", ", columns)}{from}{where}{order}{limit}");
    }

    /// <summary>
    /// Distinct rows in the query's order on a database that orders DISTINCT rows by selected columns only
    /// (PostgreSQL): each distinct row once, where it first comes in that order
    /// (<c>SELECT v0, v1 FROM (SELECT ..., ROW_NUMBER() OVER (ORDER BY ...) rn ...) GROUP BY v0, v1 ORDER BY MIN(rn)</c>),
    /// the rows SQLite's DISTINCT gives. Null when the plain DISTINCT does.
    /// </summary>
    private string? DistinctInOrder(IReadOnlyList<string> columns, string fromWhere, string order, string limit)
    {
        if (!state.Distinct || order.Length == 0 || !ctx.Dialect.DistinctOrdersBySelectedColumnsOnly) return null;
        var names = columns.Select((_, i) => ctx.Q("v" + i)).ToList();
        var named = string.Join(", ", columns.Select((c, i) => $"{c} AS {names[i]}"));
        var keys = string.Join(", ", names);
        return $"SELECT {keys} FROM (SELECT {named}, ROW_NUMBER() OVER ({order.Trim()}) AS {ctx.Q("rn")}{fromWhere}) AS {ctx.Q("d")} GROUP BY {keys} ORDER BY MIN({ctx.Q("rn")}){limit}";
    }

    /// <summary>The values as the id (null) or annotation indexes, when they are nothing else.</summary>
    private List<(int? Annotation, string? Alias)>? ValueColumns(IReadOnlyList<string> paths)
    {
        var columns = new List<(int?, string?)>();
        foreach (var p in paths)
        {
            var index = state.Annotations.FindIndex(a => a.Name.Equals(p, StringComparison.OrdinalIgnoreCase));
            if (index >= 0 && Model.FindAttribute(p, out _) is null) columns.Add((index, null));
            else if (Model.FindAttribute(p, out _) is { IsPrimaryKey: true }) columns.Add((null, null));
            else return null;
        }
        return columns;
    }

    private string BaseOrPathInScope(string path, JoinScope scope) => Expression(new F(path), scope, out _);

    /// <summary>One UPDATE for the whole query; values may be expressions of the row's own fields.</summary>
    public SqlStatement Update(IReadOnlyList<(FieldDefinition Field, object? Value)> assignments)
    {
        var bare = new JoinScope(ctx, Model, ctx.Q(Model.Table)) { Bare = true };
        var sets = new List<string>();
        foreach (var (field, value) in assignments)
        {
            var sql = value is Expr e ? Expression(e, bare, out _) : ctx.Param(Materialization.FieldCodec.ToDatabase(field, value));
            // A value is checked when it is normalized; an expression's result only when it is computed.
            if (value is Expr && field.Type is FieldType.Integer or FieldType.BigInteger && !ctx.Dialect.IntegerColumnsCheckRange)
                sql = ctx.Dialect.CheckedInteger(sql,
                    ctx.Param(field.Type == FieldType.Integer ? int.MinValue : long.MinValue),
                    ctx.Param(field.Type == FieldType.Integer ? int.MaxValue : long.MaxValue),
                    ctx.Param($"{field} ({field.Type})"));
            sets.Add($"{ctx.Q(field.Column!)} = {sql}");
        }
        var ids = IdsBody(state.IsSliced);
        return ctx.Statement($"UPDATE {ctx.Q(Model.Table)} SET {string.Join(", ", sets)} WHERE {ctx.Q(Model.IdColumn)} IN ({ids})");
    }
}
