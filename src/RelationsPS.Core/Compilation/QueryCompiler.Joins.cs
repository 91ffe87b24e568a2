using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

/// <summary>
/// Join promotion (Django's rules): inside an <c>id IN (subquery)</c> a join may be INNER when the
/// condition can only be true if the joined row exists, and the subquery may start at the first
/// relation's join table (or child table) when every path goes through it. Both give the same
/// ids; they let SQLite start from the selective side (the tag's unique name) instead of scanning
/// every owner row and probing its links.
/// </summary>
internal sealed partial class QueryCompiler
{
    /// <summary>
    /// The join keys (<see cref="JoinScope.Keys"/>) a condition requires: when one of those rows is
    /// missing its columns are NULL and the condition is not true. AND requires what any part requires,
    /// OR only what every branch requires; NOT, isnull=True and <c>= NULL</c> require nothing.
    /// </summary>
    private HashSet<string> RequiredJoins(Q q, ModelDefinition root)
    {
        switch (q)
        {
            case AndQ a:
                var all = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var item in a.Items) all.UnionWith(RequiredJoins(item, root));
                return all;
            case OrQ o when o.Items.Count > 0:
                var common = RequiredJoins(o.Items[0], root);
                foreach (var item in o.Items.Skip(1)) common.IntersectWith(RequiredJoins(item, root));
                return common;
            case KeyQ k:
                return RequiredJoins(Normalize(k, root), root);
            case LookupQ l when root == Model && HavingTerm(l) is not null && IsJoinedAggregate(FindAnnotation(((F)l.Left).Path)!):
                // An owner without related rows has no row in the grouped table, and fails the comparison anyway.
                return new HashSet<string>(StringComparer.OrdinalIgnoreCase) { AggregateJoinKey(FindAnnotation(((F)l.Left).Path)!) };
            case LookupQ l when RejectsNull(l) && PropagatesNull(l.Left) && (l.Value is not Expr v || PropagatesNull(v)):
                var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                // Paths inside these expressions propagate NULL (arithmetic, ||, lower, replace, comparisons).
                foreach (var path in ExprPaths(l.Left, root).Concat(l.Value is Expr e ? ExprPaths(e, root) : []))
                    keys.UnionWith(JoinScope.Keys(path));
                return keys;
            default:
                return new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>False for the lookups that are true on NULL (isnull=True, exact $null).</summary>
    private static bool RejectsNull(LookupQ l) => l.Lookup switch
    {
        Lookup.IsNull => l.Value is false,
        Lookup.Exact or Lookup.IExact => l.Value is not null,
        _ => true,
    };

    /// <summary>
    /// The relation a grouped condition may start at: the first step of every path, multi-valued,
    /// required by the condition, and no root column, annotation or member-of test in it.
    /// </summary>
    private Relation? StartRelation(Q q, ModelDefinition root, HashSet<string> required)
    {
        if (root != Model || HasRootOnlyParts(q, root)) return null;
        Relation? first = null;
        foreach (var path in Paths(q, root))
        {
            if (path.Relations.Count == 0) return null;
            if (first is null) first = path.Relations[0];
            else if (path.Relations[0] != first) return null;
        }
        if (first is null || !first.IsMultiValued || !required.Contains(JoinScope.FirstKey(first))) return null;
        return first;
    }

    /// <summary>Parts that need the root row itself: member-of tests and annotations (they may read any root column).</summary>
    private bool HasRootOnlyParts(Q q, ModelDefinition root) => q switch
    {
        AndQ a => a.Items.Any(i => HasRootOnlyParts(i, root)),
        OrQ o => o.Items.Any(i => HasRootOnlyParts(i, root)),
        NotQ n => HasRootOnlyParts(n.Inner, root),
        SharedQ s => HasRootOnlyParts(s.Inner, root),
        KeyQ k => HasRootOnlyParts(Normalize(k, root), root),
        MemberOfQ => true,
        LookupQ l => ReadsAnnotation(l.Left) || (l.Value is Expr e && ReadsAnnotation(e)),
        _ => false,
    };

    private bool ReadsAnnotation(Expr e) => e switch
    {
        F f => FindAnnotation(f.Path) is not null && Model.FindAttribute(f.Path, out _) is null,
        Arith a => ReadsAnnotation(a.Left) || ReadsAnnotation(a.Right),
        Concat c => ReadsAnnotation(c.Left) || ReadsAnnotation(c.Right),
        LikeEscape le => ReadsAnnotation(le.Inner),
        Lower lo => ReadsAnnotation(lo.Inner),
        Function fn => fn.Arguments.Any(ReadsAnnotation),
        Cast c => ReadsAnnotation(c.Inner),
        Case or Expressions.Condition or Expressions.Exists or OuterRef => true,
        Expressions.Aggregate => true,
        _ => false,
    };

    /// <summary>
    /// Rows of a nullable foreign key column that hold NULL belong to no owner; a subquery started at
    /// the child table drops them so its id list never holds NULL (IN would then give NULL, not false).
    /// </summary>
    private string StartFilter(JoinScope sub)
    {
        var r = sub.RootedAt;
        if (r is null) return "";
        var nullable = r.IsManyToMany ? r.ThroughFromField?.Null == true : r.Field.Null;
        return nullable ? $" AND {sub.RootId} IS NOT NULL" : "";
    }

    /// <summary>
    /// A scope for an aggregate over a multi-valued relation that starts at the relation itself
    /// (<c>SELECT COUNT(j.tag_id) FROM post_tags j WHERE j.post_id = t0.id</c>): the owner is never
    /// re-joined. Not when a filter before the annotation restricts that relation (it shares the joins).
    /// </summary>
    private bool AggregatesFromRelation(ResolvedPath path, int filtersBefore)
    {
        var first = path.Relations.Count > 0 ? path.Relations[0] : null;
        if (first is null || !first.IsMultiValued) return false;
        return !state.Filters.Take(filtersBefore).Any(c => c.Mode != FilterMode.Exclude && Touches(c.Condition, Model, first));
    }

    /// <summary>
    /// A filter on an aggregate annotation as <c>id IN (SELECT j.post_id FROM post_tags j GROUP BY
    /// j.post_id HAVING COUNT(j.tag_id) &gt; ?)</c>: one grouped pass over the relation instead of the
    /// correlated aggregate per row.
    /// </summary>
    private string? HavingForm(LookupQ l, JoinScope scope)
    {
        if (scope.Root != Model || HavingTerm(l) is not { } t || IsJoinedAggregate(FindAnnotation(((F)l.Left).Path)!)) return null;
        var sub = JoinScope.StartingAt(ctx, Model, t.Path.Relations[0]);
        var call = RootedAggregateCall(t.Aggregate, sub, t.Path);
        return $"{scope.RootId} IN (SELECT {sub.RootId}{sub.From}{StartWhere(sub)} GROUP BY {sub.RootId} HAVING {call} {t.Op} {ctx.Param(Convert(null, l.Value), l, static v => Convert(null, v))})";
    }

    private sealed record Having(Expressions.Aggregate Aggregate, ResolvedPath Path, string Op);

    /// <summary>
    /// A comparison of an aggregate annotation over a multi-valued relation with a constant, that
    /// owners without related rows cannot satisfy: the aggregate of no rows (0 for Count, NULL for
    /// the others) fails it. Only those may be grouped on the relation, which has no such owners.
    /// </summary>
    private Having? HavingTerm(LookupQ l)
    {
        if (l.Left is not F f || Model.FindAttribute(f.Path, out _) is not null) return null;
        if (FindAnnotation(f.Path) is not { Expression: Expressions.Aggregate { IsPlain: true } agg } a) return null;
        if (l.Value is null or Expr or Query.QuerySet || !RejectsNull(l)) return null;
        var op = l.Lookup switch
        {
            Lookup.Exact => "=",
            Lookup.Gt => ">",
            Lookup.Gte => ">=",
            Lookup.Lt => "<",
            Lookup.Lte => "<=",
            _ => null,
        };
        if (op is null) return null;
        if (agg.Func == AggregateFunc.Count)
        {
            if (!double.TryParse(System.Convert.ToString(l.Value, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)) return null;
            var matchesEmpty = l.Lookup switch
            {
                Lookup.Exact => v == 0,
                Lookup.Gt => 0 > v,
                Lookup.Gte => 0 >= v,
                Lookup.Lt => 0 < v,
                _ => 0 <= v,
            };
            if (matchesEmpty) return null;
        }
        if (FindAnnotation(agg.Path) is not null && Model.FindAttribute(agg.Path, out _) is null) return null;
        var path = ResolvedPath.Resolve(Model, agg.Path);
        return AggregatesFromRelation(path, a.FiltersBefore) ? new Having(agg, path, op) : null;
    }

    private string StartWhere(JoinScope sub)
    {
        var notNull = StartFilter(sub);
        return notNull.Length == 0 ? "" : " WHERE" + notNull[" AND".Length..];
    }

    /// <summary>
    /// The whole query as one grouped pass over a relation, when every row it returns is decided by
    /// aggregates over that relation: <c>SELECT j.post_id, COUNT(j.tag_id) FROM post_tags j GROUP BY
    /// j.post_id HAVING COUNT(j.tag_id) &gt; ? ORDER BY j.post_id</c>. Conditions: every filter is such
    /// a comparison (at least one, so owners without related rows are out anyway), every annotation
    /// aggregates one step of that same relation, and the owner's own columns are not needed beyond
    /// its id (the join table's foreign key guarantees the owner row exists). <paramref name="columns"/>
    /// maps what to select: the id (null) or an annotation index. Null when the query does not qualify.
    /// </summary>
    private string? GroupedOnRelation(IReadOnlyList<(int? Annotation, string? Alias)> columns, bool ordered)
    {
        if (state.Distinct || state.Filters.Count == 0 || state.Annotations.Count == 0) return null;
        Relation? first = null;
        foreach (var a in state.Annotations)
        {
            if (a.Expression is not Expressions.Aggregate { IsPlain: true } agg || (FindAnnotation(agg.Path) is not null && Model.FindAttribute(agg.Path, out _) is null)) return null;
            var path = ResolvedPath.Resolve(Model, agg.Path);
            // One step only: a second multi-valued step in the same GROUP BY would multiply the first's rows.
            if (path.Relations.Count != 1 || !AggregatesFromRelation(path, a.FiltersBefore)) return null;
            if (first is null) first = path.Relations[0];
            else if (first != path.Relations[0]) return null;
        }
        var terms = new List<(Having Term, LookupQ Leaf)>();
        foreach (var clause in state.Filters)
        {
            if (clause.Mode == FilterMode.Exclude) return null;
            var leaves = clause.Condition is AndQ and ? and.Items : [clause.Condition];
            foreach (var leaf in leaves)
            {
                if (leaf is not LookupQ l || HavingTerm(l) is not { } t || t.Path.Relations[0] != first) return null;
                terms.Add((t, l));
            }
        }
        // Only the id order (the default) is the join table's GROUP BY order.
        if (ordered && EffectiveOrdering().Any(o => o.Descending || o.Expression is not F { Path: var p } || Model.FindAttribute(p, out _) is not { IsPrimaryKey: true })) return null;
        var sub = JoinScope.StartingAt(ctx, Model, first!);
        var select = columns.Select(c =>
        {
            var sql = c.Annotation is int i ? RootedAggregateCall((Expressions.Aggregate)state.Annotations[i].Expression, sub, ResolvedPath.Resolve(Model, ((Expressions.Aggregate)state.Annotations[i].Expression).Path)) : sub.RootId;
            return c.Alias is null ? sql : $"{sql} AS {c.Alias}";
        }).ToList();
        var having = string.Join(" AND ", terms.Select(t => $"{RootedAggregateCall(t.Term.Aggregate, sub, t.Term.Path)} {t.Term.Op} {ctx.Param(Convert(null, t.Leaf.Value), t.Leaf, static v => Convert(null, v))}"));
        var tail = (ordered && !state.Unordered) || state.IsSliced ? $" ORDER BY {sub.RootId}{Limit()}" : "";
        return $"SELECT {string.Join(", ", select)}{sub.From}{StartWhere(sub)} GROUP BY {sub.RootId} HAVING {having}{tail}";
    }
}
