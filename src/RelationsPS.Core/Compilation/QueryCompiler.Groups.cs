using RelationsPS.Core.Expressions;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

internal sealed partial class QueryCompiler
{
    /// <summary>
    /// One row per distinct combination of the group paths (Django's values(...).annotate(...)).
    /// Aggregates over one multi-valued relation share the join, as in Django; when they reach two
    /// different multi-valued relations, joining both would multiply each by the other (a book with
    /// 3 authors in 2 stores would count 6 and 6), so each such aggregate is grouped on its own.
    /// </summary>
    public SqlStatement Group(IReadOnlyList<(string Name, string Path)> by, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates, IReadOnlyList<OrderTerm>? ordering = null)
    {
        if (ordering is { Count: > 0 }) return OrderedGroup(by, aggregates, ordering);
        if (IsWholeTable && LinkCountGroup(by, aggregates) is { } counted) return ctx.Statement(counted);
        var baseSql = IsWholeTable ? "" : BaseCte();
        if (aggregates.Select(a => MultiValuedChain(a.Aggregate)).Where(c => c is not null).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)
            return ctx.Statement(SeparateGroups(baseSql, by, aggregates));
        var scope = new JoinScope(ctx, Model);
        var keys = by.Select(b => BaseOrPath(b.Path, scope)).ToList();
        var aggs = aggregates.Select(a => AggregateOverBase(a.Aggregate, scope)).ToList();
        var groupBy = string.Join(", ", keys);
        return ctx.Statement($"{baseSql}SELECT {string.Join(", ", keys.Concat(aggs))} {RowsOfBase(scope)} GROUP BY {groupBy} ORDER BY {string.Join(", ", keys.Select(k => ctx.Dialect.Order(k, false, NullsOrder.Default)))}");
    }

    /// <summary>
    /// Groups ordered by their names: <c>WITH grp(c0, c1, ...) AS (the groups) SELECT * FROM grp ORDER BY c1 DESC, c0</c>
    /// (the columns named by the schema-free aliases c0.., so no name a user wrote enters the text).
    /// </summary>
    private SqlStatement OrderedGroup(IReadOnlyList<(string Name, string Path)> by, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates, IReadOnlyList<OrderTerm> ordering)
    {
        var names = by.Select(b => b.Name).Concat(aggregates.Select(a => a.Name)).ToList();
        var inner = Group(by, aggregates);
        var terms = new List<string>();
        foreach (var term in ordering)
        {
            var index = term.Expression is F f ? names.FindIndex(n => n.Equals(f.Path, StringComparison.OrdinalIgnoreCase)) : -1;
            if (index < 0)
                throw new Errors.UnknownNameException("UnknownField",
                    $"Cannot order groups by '{(term.Expression is F g ? g.Path : term.Expression.ToString())}'. Choices are: {string.Join(", ", names)}.", term.Expression.ToString());
            terms.Add(ctx.Dialect.Order(ctx.Q("c" + index), term.Descending, term.Nulls));
        }
        // The group keys break ties, so the order is always defined.
        terms.AddRange(Enumerable.Range(0, by.Count).Select(i => ctx.Dialect.Order(ctx.Q("c" + i), false, NullsOrder.Default)));
        var columns = string.Join(", ", Enumerable.Range(0, names.Count).Select(i => ctx.Q("c" + i)));
        return new SqlStatement($"WITH {ctx.Q("grp")}({columns}) AS ({inner.Text}) SELECT * FROM {ctx.Q("grp")} ORDER BY {string.Join(", ", terms)}", inner.Parameters);
    }

    /// <summary>True when the query is every row of the model: no base CTE is needed, the table is the base.</summary>
    private bool IsWholeTable => state.Filters.Count == 0 && state.Annotations.Count == 0 && !state.IsSliced && !state.Distinct;

    /// <summary><c>FROM base b JOIN model t ON t.id = b.id LEFT JOIN ...</c>, or <c>FROM model t LEFT JOIN ...</c> for the whole table.</summary>
    private string RowsOfBase(JoinScope scope) => IsWholeTable
        ? scope.From.TrimStart()
        : $"FROM base b JOIN {ctx.Q(Model.Table)} {scope.RootAlias} ON {scope.RootId} = b.id{scope.Joins}";

    /// <summary>
    /// Counting rows per related row of a ManyToMany over the whole table (posts per tag): the join
    /// table holds every link, so it is grouped by its key (an integer, in index order) and the
    /// target joined for the label, instead of joining every row to its links and sorting by text.
    /// The NULL group of rows without any link (the LEFT JOIN's) is the model's row count minus the
    /// linked owners (the foreign keys of the join table keep every link pointing at a row).
    /// Only for one group path ending on the target's id or a unique non-null field (so groups by it
    /// are groups by the target) and Count of the model's own id.
    /// </summary>
    private string? LinkCountGroup(IReadOnlyList<(string Name, string Path)> by, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates)
    {
        if (by.Count != 1 || aggregates.Count == 0 || FindAnnotation(by[0].Path) is not null) return null;
        var path = ResolvedPath.Resolve(Model, by[0].Path);
        if (path.Relations.Count != 1 || !path.Relations[0].IsManyToMany || path.Relations[0].Through is not null) return null;
        if (!path.Field.IsPrimaryKey && !(path.Field.Unique && !path.Field.Null)) return null;
        foreach (var (_, agg) in aggregates)
        {
            if (agg.Func != AggregateFunc.Count || !agg.IsPlain || FindAnnotation(agg.Path) is not null) return null;
            var counted = ResolvedPath.Resolve(Model, agg.Path);
            if (counted.Relations.Count != 0 || !counted.Field.IsPrimaryKey) return null;
        }
        var r = path.Relations[0];
        var j = ctx.NewAlias("j");
        var from = $"{ctx.Q(r.JoinTable!)} {j}";
        var key = $"{j}.{ctx.Q(r.JoinToColumn!)}";
        var label = key;
        if (!path.Field.IsPrimaryKey)
        {
            var t = ctx.NewAlias("j");
            from += $" JOIN {ctx.Q(r.To.Table)} {t} ON {t}.{ctx.Q(r.To.IdColumn)} = {key}";
            label = $"{t}.{ctx.Q(path.Field.Column!)}";
        }
        // Each link row is one owner (its column is NOT NULL and UNIQUE(from, to) holds), so COUNT(*)
        // is both Count and Count-distinct, and it reads the key's index alone (COUNT(column) reads every row).
        var counts = string.Join(", ", aggregates.Select(_ => "COUNT(*)"));
        // MATERIALIZED: the unlinked count is read twice below and must be computed once.
        var unlinked = $"WITH {ctx.Q("u")}(n) AS MATERIALIZED (SELECT (SELECT COUNT(*) FROM {ctx.Q(Model.Table)}) - (SELECT COUNT(DISTINCT {ctx.Q(r.JoinFromColumn!)}) FROM {ctx.Q(r.JoinTable!)})) ";
        var nullRow = string.Join(", ", aggregates.Select(_ => "n"));
        var groupBy = label == key || !ctx.Dialect.GroupsByEverySelectedColumn ? key : $"{key}, {label}";
        return $"{unlinked}SELECT {label}, {counts} FROM {from} GROUP BY {groupBy}" +
               $" UNION ALL SELECT NULL, {nullRow} FROM {ctx.Q("u")} WHERE n > 0 ORDER BY {ctx.Dialect.Order("1", false, NullsOrder.Default)}";
    }

    /// <summary>The relations of an aggregate's path up to its last multi-valued step (<c>Authors</c> for <c>Sum(Authors.Age)</c>), or null.</summary>
    private string? MultiValuedChain(Aggregate agg)
    {
        if (!agg.IsPlain)
            return ExprPaths(agg.Argument ?? new F(agg.Path), Model).Concat(agg.Where is null ? [] : Paths(agg.Where, Model))
                .Select(p => MultiValuedChain(p.Relations)).FirstOrDefault(c => c is not null);
        if (FindAnnotation(agg.Path) is not null && Model.FindAttribute(agg.Path, out _) is null) return null;
        return MultiValuedChain(ResolvedPath.Resolve(Model, agg.Path).Relations);
    }

    private static string? MultiValuedChain(IReadOnlyList<Metadata.Relation> relations)
    {
        var last = -1;
        for (var i = 0; i < relations.Count; i++) if (relations[i].IsMultiValued) last = i;
        return last < 0 ? null : string.Join(".", relations.Take(last + 1).Select(r => r.Name));
    }

    /// <summary>
    /// <c>, g0 AS (keys, agg0 GROUP BY keys), g1 AS (...) SELECT keys, g0.v, g1.v FROM g0 LEFT JOIN g1 ON keys</c>.
    /// Every gi has the same groups (its joins are LEFT JOINs over the same base rows), so g0 drives;
    /// keys are matched with IS so NULL groups meet.
    /// </summary>
    private string SeparateGroups(string baseSql, IReadOnlyList<(string Name, string Path)> by, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates)
    {
        var ctes = new List<string>();
        for (var i = 0; i < aggregates.Count; i++)
        {
            var scope = new JoinScope(ctx, Model);
            var keys = by.Select(b => BaseOrPath(b.Path, scope)).ToList();
            var agg = AggregateOverBase(aggregates[i].Aggregate, scope);
            var columns = keys.Select((k, n) => $"{k} AS {ctx.Q("k" + n)}").Append($"{agg} AS {ctx.Q("v")}");
            ctes.Add($"{ctx.Q("g" + i)} AS (SELECT {string.Join(", ", columns)} {RowsOfBase(scope)} GROUP BY {string.Join(", ", keys)})");
        }
        string Key(int g, int n) => $"{ctx.Q("g" + g)}.{ctx.Q("k" + n)}";
        var select = Enumerable.Range(0, by.Count).Select(n => Key(0, n))
            .Concat(Enumerable.Range(0, aggregates.Count).Select(i => $"{ctx.Q("g" + i)}.{ctx.Q("v")}"));
        var from = ctx.Q("g0") + string.Concat(Enumerable.Range(1, aggregates.Count - 1).Select(i =>
            $" LEFT JOIN {ctx.Q("g" + i)} ON {string.Join(" AND ", Enumerable.Range(0, by.Count).Select(n => ctx.Dialect.NullSafeEquals(Key(i, n), Key(0, n))))}"));
        var order = string.Join(", ", Enumerable.Range(0, by.Count).Select(n => ctx.Dialect.Order(Key(0, n), false, NullsOrder.Default)));
        // After the base CTE (WITH base AS (...) ) the groups continue its WITH list; without it they start one.
        var with = baseSql.Length == 0 ? "WITH " : baseSql.TrimEnd() + ", ";
        return $"{with}{string.Join(", ", ctes)} SELECT {string.Join(", ", select)} FROM {from} ORDER BY {order}";
    }
}
