using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

/// <summary>
/// A filter clause across a multi-valued relation that pins one related row by a unique column
/// (<c>Filter("Tags__Name", "python")</c> with a unique <c>Tag.Name</c>) is joined into the query
/// itself: <c>JOIN post_tags j ON j.post_id = t0.id JOIN tag t ON t.id = j.tag_id WHERE t.name = ?</c>.
/// Each owner has at most one such related row (one tag of that name, one link per pair in an automatic
/// join table; one child row holding that unique value), so the join returns every row once, as the
/// <c>id IN (SELECT ...)</c> form does, without making the ids unique first (PostgreSQL plans that
/// as a hash aggregate of the link rows). The joins are the clause's own (as the subquery's were):
/// another clause, an ordering or a values path over the same relation never shares them.
/// </summary>
internal sealed partial class QueryCompiler
{
    private string? PinnedByJoin(FilterClause clause, JoinScope scope, int index)
    {
        if (clause.Mode != FilterMode.Shared || scope.RootedAt is not null || scope.Bare || scope.Root != Model) return null;
        var q = clause.Condition is KeyQ k ? Normalize(k, Model) : clause.Condition;
        var leaves = q is AndQ and ? and.Items : [q];
        Relation? touched = null;
        var pinned = false;
        foreach (var item in leaves)
        {
            var leaf = item is KeyQ key ? Normalize(key, Model) : item;
            if (leaf is not LookupQ l || ReadsAnnotation(l.Left) || (l.Value is Expr e && ReadsAnnotation(e))) return null;
            foreach (var path in Paths(l, Model))
            {
                if (!path.IsMultiValued) continue;
                var first = path.Relations[0];
                // A second multi-valued step (Tags__Posts__...) or another multi-valued relation would multiply rows.
                if (!first.IsMultiValued || path.Relations.Skip(1).Any(r => r.IsMultiValued)) return null;
                if (touched is not null && touched != first) return null;
                touched = first;
            }
            pinned |= Pins(l);
        }
        if (!pinned || touched is null) return null;
        var own = scope.OwnJoins($"#pin{index}:");
        var sql = Condition(q, own, sharedJoins: true);
        own.Require(RequiredJoins(q, Model));
        return sql;
    }

    /// <summary>
    /// <c>relation__field = value</c> where the relation's rows of one owner hold each value of the field
    /// at most once: a unique field (or the key) of a ManyToMany's target through an automatic join table
    /// (its pairs are unique), or of a reverse ForeignKey's child rows.
    /// </summary>
    private bool Pins(LookupQ l)
    {
        if (l.Lookup != Lookup.Exact || l.Value is null or Expr or QuerySet || l.Left is not F f) return false;
        if (l.Value is System.Collections.IEnumerable and not string) return false;
        var path = ResolvedPath.Resolve(Model, f.Path);
        if (path.Relations.Count != 1 || path.Field.JsonPath is not null) return false;
        var r = path.Relations[0];
        var uniqueRows = (r.IsManyToMany && r.Through is null) || (!r.IsManyToMany && r.IsReverse && r.IsMultiValued);
        return uniqueRows && path.Field.Model == r.To && (path.Field.IsPrimaryKey || path.Field.Unique);
    }
}
