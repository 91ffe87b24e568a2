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
    public SqlStatement Group(IReadOnlyList<(string Name, string Path)> by, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates)
    {
        var baseSql = BaseCte();
        if (aggregates.Select(a => MultiValuedChain(a.Aggregate)).Where(c => c is not null).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)
            return ctx.Statement(baseSql + SeparateGroups(by, aggregates));
        var scope = new JoinScope(ctx, Model);
        var keys = by.Select(b => BaseOrPath(b.Path, scope)).ToList();
        var aggs = aggregates.Select(a => AggregateOverBase(a.Aggregate, scope)).ToList();
        var groupBy = string.Join(", ", keys);
        return ctx.Statement($"{baseSql} SELECT {string.Join(", ", keys.Concat(aggs))} FROM base b JOIN {ctx.Q(Model.Table)} {scope.RootAlias} ON {scope.RootId} = b.id{scope.Joins} GROUP BY {groupBy} ORDER BY {groupBy}");
    }

    /// <summary>The relations of an aggregate's path up to its last multi-valued step (<c>Authors</c> for <c>Sum(Authors.Age)</c>), or null.</summary>
    private string? MultiValuedChain(Aggregate agg)
    {
        if (FindAnnotation(agg.Path) is not null && Model.FindAttribute(agg.Path, out _) is null) return null;
        var relations = ResolvedPath.Resolve(Model, agg.Path).Relations;
        var last = -1;
        for (var i = 0; i < relations.Count; i++) if (relations[i].IsMultiValued) last = i;
        return last < 0 ? null : string.Join(".", relations.Take(last + 1).Select(r => r.Name));
    }

    /// <summary>
    /// <c>, g0 AS (keys, agg0 GROUP BY keys), g1 AS (...) SELECT keys, g0.v, g1.v FROM g0 LEFT JOIN g1 ON keys</c>.
    /// Every gi has the same groups (its joins are LEFT JOINs over the same base rows), so g0 drives;
    /// keys are matched with IS so NULL groups meet.
    /// </summary>
    private string SeparateGroups(IReadOnlyList<(string Name, string Path)> by, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates)
    {
        var ctes = new List<string>();
        for (var i = 0; i < aggregates.Count; i++)
        {
            var scope = new JoinScope(ctx, Model);
            var keys = by.Select(b => BaseOrPath(b.Path, scope)).ToList();
            var agg = AggregateOverBase(aggregates[i].Aggregate, scope);
            var columns = keys.Select((k, n) => $"{k} AS {ctx.Q("k" + n)}").Append($"{agg} AS {ctx.Q("v")}");
            ctes.Add($"{ctx.Q("g" + i)} AS (SELECT {string.Join(", ", columns)} FROM base b JOIN {ctx.Q(Model.Table)} {scope.RootAlias} ON {scope.RootId} = b.id{scope.Joins} GROUP BY {string.Join(", ", keys)})");
        }
        string Key(int g, int n) => $"{ctx.Q("g" + g)}.{ctx.Q("k" + n)}";
        var select = Enumerable.Range(0, by.Count).Select(n => Key(0, n))
            .Concat(Enumerable.Range(0, aggregates.Count).Select(i => $"{ctx.Q("g" + i)}.{ctx.Q("v")}"));
        var from = ctx.Q("g0") + string.Concat(Enumerable.Range(1, aggregates.Count - 1).Select(i =>
            $" LEFT JOIN {ctx.Q("g" + i)} ON {string.Join(" AND ", Enumerable.Range(0, by.Count).Select(n => $"{Key(i, n)} IS {Key(0, n)}"))}"));
        var order = string.Join(", ", Enumerable.Range(0, by.Count).Select(n => Key(0, n)));
        return $", {string.Join(", ", ctes)} SELECT {string.Join(", ", select)} FROM {from} ORDER BY {order}";
    }
}
