using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Query;

/// <summary>
/// Django's prefetch_related: for a chunk of objects, one query per relation fetches every related
/// row (ids passed as one JSON parameter read with json_each, which binds far faster than an IN
/// list of thousands of parameters), and the rows are stitched onto their owners in memory.
/// </summary>
internal static class Prefetcher
{
    public static void Check(ModelDefinition model, string path)
    {
        var m = model;
        foreach (var name in ResolvedPath.Split(path))
        {
            var rel = m.FindRelation(name) ?? throw new UnknownNameException("UnknownRelation",
                $"Cannot include '{name}' (in '{path}'): it is not a relation of '{m.Name}'. Choices are: {string.Join(", ", m.Relations.Keys)}.", path);
            m = rel.To;
        }
    }

    /// <summary>Reads rows in chunks and prefetches each chunk before handing its rows on: memory stays flat.</summary>
    public static IEnumerable<RelObject> Stream(RelDatabase db, IEnumerable<RelObject> rows, IReadOnlyList<string> includes, int chunkSize)
    {
        var chunk = new List<RelObject>(chunkSize);
        foreach (var row in rows)
        {
            chunk.Add(row);
            if (chunk.Count < chunkSize) continue;
            Fetch(db, chunk, includes);
            foreach (var o in chunk) yield return o;
            chunk.Clear();
        }
        if (chunk.Count == 0) yield break;
        Fetch(db, chunk, includes);
        foreach (var o in chunk) yield return o;
    }

    public static void Fetch(RelDatabase db, IReadOnlyList<RelObject> owners, IEnumerable<string> includes)
    {
        if (owners.Count == 0) return;
        foreach (var group in includes.Select(ResolvedPath.Split).GroupBy(p => p[0], StringComparer.OrdinalIgnoreCase))
        {
            var relation = owners[0].Model.FindRelation(group.Key)!;
            // A to-one relation the query joined (Include of Author and Author.Posts) is not read again.
            var related = !relation.IsMultiValued && owners.All(o => o.IsPrefetched(relation.Name))
                ? owners.Select(o => o.TryGetPrefetched(relation.Name, out var v) ? v as RelObject : null).OfType<RelObject>().ToList()
                : FetchRelation(db, owners, relation);
            var nested = group.Where(p => p.Count > 1).Select(p => string.Join('.', p.Skip(1))).ToList();
            if (nested.Count > 0) Fetch(db, related, nested);
        }
    }

    private static void SortById(List<RelObject> list)
    {
        for (var i = 1; i < list.Count; i++)
            if (list[i - 1].Id > list[i].Id)
            {
                list.Sort(static (a, b) => a.Id!.Value.CompareTo(b.Id!.Value));
                return;
            }
    }

    /// <summary>A Meta ordering term of the target: its column, or the date part it names (<c>At.Year</c>).</summary>
    private static string OrderColumn(Dialects.SqlDialect d, string alias, ModelDefinition model, OrderTerm term)
    {
        var field = ResolvedPath.Resolve(model, ((Expressions.F)term.Expression).Path).Field;
        return d.Read(field, $"{alias}.{d.Quote(field.Column!)}");
    }

    private static List<RelObject> FetchRelation(RelDatabase db, IReadOnlyList<RelObject> owners, Relation r)
    {
        var d = db.Dialect;
        var ctx = new SqlContext(d);
        var alias = "t";
        var columns = string.Join(", ", r.To.ConcreteFields.Select(f => $"{alias}.{d.Quote(f.Column!)}"));
        // Meta orderings by path (expressions, '?' are for queries; prefetched rows keep the id order there).
        var order = string.Join(", ", QueryCompiler.ParseOrdering(r.To.Ordering).Where(o => o.Expression is Expressions.F)
            .Select(o => d.Order(OrderColumn(d, alias, r.To, o), o.Descending, o.Nulls))
            .Append($"{alias}.{d.Quote(r.To.IdColumn)}"));
        string keyColumn, from, where;
        List<long> keys;
        if (!r.IsReverse && r.Field.IsToOne)
        {
            keys = owners.Select(o => o.GetValue(r.Field)).OfType<long>().Distinct().ToList();
            keyColumn = $"{alias}.{d.Quote(r.To.IdColumn)}";
            from = $"{d.Quote(r.To.Table)} {alias}";
            where = keyColumn;
        }
        else if (r.IsManyToMany)
        {
            keys = owners.Select(o => o.Id!.Value).ToList();
            keyColumn = $"j.{d.Quote(r.JoinFromColumn!)}";
            from = $"{d.Quote(r.JoinTable!)} j JOIN {d.Quote(r.To.Table)} {alias} ON {alias}.{d.Quote(r.To.IdColumn)} = j.{d.Quote(r.JoinToColumn!)}";
            where = keyColumn;
        }
        else
        {
            keys = owners.Select(o => o.Id!.Value).ToList();
            keyColumn = $"{alias}.{d.Quote(r.Field.Column!)}";
            from = $"{d.Quote(r.To.Table)} {alias}";
            where = keyColumn;
        }
        var byKey = new Dictionary<long, List<RelObject>>();
        var all = new List<RelObject>();
        if (keys.Count > 0)
        {
            // Members come in the target's ordering. Without a Meta ordering that is id order, which is
            // cheaper to restore per owner in memory (a few rows each) than to sort every row in SQL;
            // a to-one target has one row per key, so its order does not matter at all.
            var sqlOrder = r.IsMultiValued && r.To.Ordering.Count > 0 ? $" ORDER BY {order}" : "";
            var sql = $"SELECT {keyColumn}, {columns} FROM {from} WHERE {ctx.Dialect.InIds(where, ctx.Param(ctx.Dialect.IdsParameter(keys)))}{sqlOrder}";
            // The rows may own the next relation of a longer path (Include('Posts.Tags')).
            var materializer = db.MaterializerOf(r.To, firstColumn: 1, holdsPrefetched: true);
            foreach (var (key, obj) in db.Query(ctx.Statement(sql), rd => (rd.GetInt64(0), materializer.Read(rd))))
            {
                if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
                list.Add(obj);
                all.Add(obj);
            }
            if (r.IsMultiValued && sqlOrder.Length == 0)
                foreach (var list in byKey.Values) SortById(list);
        }
        foreach (var owner in owners)
        {
            var key = !r.IsReverse && r.Field.IsToOne ? owner.GetValue(r.Field) as long? : owner.Id;
            var found = key is long k && byKey.TryGetValue(k, out var list) ? list : [];
            owner.SetPrefetched(r.Name, r.IsMultiValued ? found : found.FirstOrDefault());
        }
        return all;
    }
}
