using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

/// <summary>
/// An aggregate annotation that a filter or the ordering also reads is computed once per row: the
/// relation is grouped once in a derived table joined on the owner
/// (<c>JOIN (SELECT j.post_id AS k, COUNT(*) AS v FROM post_tags j GROUP BY j.post_id) g ON g.k = t0.id</c>),
/// and the select list, the WHERE and the ORDER BY all read <c>g.v</c>. Otherwise the select list's
/// correlated count and the filter's grouped pass each computed it. The join is LEFT (an owner
/// without related rows has no group: Count reads 0 there, the others NULL, as the correlated form
/// gives) unless a filter comparison rejects what no related rows give; then INNER, and the filter
/// on the column becomes the derived table's HAVING in the database's plan.
/// </summary>
internal sealed partial class QueryCompiler
{
    private Dictionary<Annotation, bool>? joinedAggregates;

    /// <summary>
    /// A plain aggregate over one step of a multi-valued relation, not restricted by earlier filters
    /// (<see cref="AggregatesFromRelation"/>), that a filter clause or the ordering reads.
    /// </summary>
    private bool IsJoinedAggregate(Annotation a)
    {
        joinedAggregates ??= [];
        if (joinedAggregates.TryGetValue(a, out var known)) return known;
        var joined = a.Expression is Aggregate { IsPlain: true } agg
            && !(FindAnnotation(agg.Path) is not null && Model.FindAttribute(agg.Path, out _) is null)
            && ResolvedPath.Resolve(Model, agg.Path) is { Relations.Count: 1 } path
            && AggregatesFromRelation(path, a.FiltersBefore)
            && (state.Filters.Any(c => Reads(c.Condition, a.Name)) || (!state.Unordered && EffectiveOrdering().Any(t => Reads(t.Expression, a.Name))));
        joinedAggregates[a] = joined;
        return joined;
    }

    private static string AggregateJoinKey(Annotation a) => "#aggregate:" + a.Name;

    private string AggregateJoinColumn(Annotation a, Aggregate agg, JoinScope scope)
    {
        var path = ResolvedPath.Resolve(Model, agg.Path);
        var sub = JoinScope.StartingAt(ctx, Model, path.Relations[0]);
        var call = RootedAggregateCall(agg, sub, path);
        string k = ctx.Q("k"), v = ctx.Q("v");
        var grouped = $"(SELECT {sub.RootId} AS {k}, {call} AS {v}{sub.From}{StartWhere(sub)} GROUP BY {sub.RootId})";
        var alias = scope.DerivedJoin(AggregateJoinKey(a), grouped, $"{{0}}.{k} = {scope.RootId}");
        // The count of no related rows is 0; the other aggregates of nothing are NULL, as the missing group reads.
        return agg.Func == AggregateFunc.Count ? $"COALESCE({alias}.{v}, 0)" : $"{alias}.{v}";
    }

    private static bool Reads(Q q, string name) => q switch
    {
        AndQ a => a.Items.Any(i => Reads(i, name)),
        OrQ o => o.Items.Any(i => Reads(i, name)),
        NotQ n => Reads(n.Inner, name),
        SharedQ s => Reads(s.Inner, name),
        KeyQ k => k.Key.Equals(name, StringComparison.OrdinalIgnoreCase) || k.Key.StartsWith(name + "__", StringComparison.OrdinalIgnoreCase),
        LookupQ l => Reads(l.Left, name) || (l.Value is Expr e && Reads(e, name)),
        _ => false,
    };

    private static bool Reads(Expr e, string name) => e switch
    {
        F f => f.Path.Equals(name, StringComparison.OrdinalIgnoreCase),
        Arith a => Reads(a.Left, name) || Reads(a.Right, name),
        Concat c => Reads(c.Left, name) || Reads(c.Right, name),
        LikeEscape le => Reads(le.Inner, name),
        Lower lo => Reads(lo.Inner, name),
        Function fn => fn.Arguments.Any(x => Reads(x, name)),
        Cast c => Reads(c.Inner, name),
        Case k => k.Whens.Any(w => Reads(w.Condition, name) || Reads(w.Then, name)) || (k.Else is not null && Reads(k.Else, name)),
        Expressions.Condition c => Reads(c.Inner, name),
        _ => false,
    };
}
