using System.Data.Common;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Query;

/// <summary>
/// Include of to-one relations as Django's select_related: a path whose every step is to-one
/// (ForeignKey forward, OneToOne either way, chains of them) is joined into the query's own
/// statement and its row read from the same result row; to-many paths stay prefetches
/// (<see cref="Prefetcher"/>). The related objects are what a prefetch gives: each row's relation
/// holds its object, or null when there is none, and reading it runs no query.
/// </summary>
internal static class SelectRelated
{
    /// <summary>
    /// The to-one chains of the includes, each prefix once and parents first (<c>Author.Profile</c>
    /// joins <c>Author</c> too), and the includes left to prefetch.
    /// </summary>
    public static (IReadOnlyList<IReadOnlyList<Relation>> Joined, IReadOnlyList<string> Prefetched) Split(ModelDefinition model, IReadOnlyList<string> includes)
    {
        if (includes.Count == 0) return ([], []);
        // A query splits its includes when compiled and again when run; scripts run the same shapes over and over.
        var key = includes.Count == 1 ? includes[0] : string.Join("\n", includes);
        var known = Splits.GetValue(model, static _ => new(StringComparer.Ordinal));
        if (known.TryGetValue(key, out var split)) return split;
        split = SplitOnce(model, includes);
        if (known.Count < 1024) known.TryAdd(key, split);
        return split;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ModelDefinition,
        System.Collections.Concurrent.ConcurrentDictionary<string, (IReadOnlyList<IReadOnlyList<Relation>>, IReadOnlyList<string>)>> Splits = new();

    private static (IReadOnlyList<IReadOnlyList<Relation>> Joined, IReadOnlyList<string> Prefetched) SplitOnce(ModelDefinition model, IReadOnlyList<string> includes)
    {
        var joined = new List<IReadOnlyList<Relation>>();
        var prefetched = new List<string>();
        foreach (var include in includes)
        {
            var chain = new List<Relation>();
            var m = model;
            foreach (var name in ResolvedPath.Split(include))
            {
                var r = m.FindRelation(name)!;
                chain.Add(r);
                m = r.To;
            }
            if (chain.Any(r => r.IsMultiValued))
            {
                prefetched.Add(include);
                continue;
            }
            for (var n = 1; n <= chain.Count; n++)
                if (!joined.Any(j => j.Count == n && j.SequenceEqual(chain.Take(n)))) joined.Add(chain.Take(n).ToList());
        }
        joined.Sort((a, b) => a.Count.CompareTo(b.Count));
        return (joined, prefetched);
    }

    private static int IndexOf(IReadOnlyList<IReadOnlyList<Relation>> joined, List<Relation> chain)
    {
        for (var i = 0; i < joined.Count; i++)
            if (joined[i].SequenceEqual(chain)) return i;
        return -1;
    }

    /// <summary>
    /// Reads a row of <see cref="Compilation.QueryCompiler.Select(IReadOnlyList{IReadOnlyList{Relation}})"/>: the model's
    /// object, then each joined chain's object from its columns (none when its id is NULL), set on its parent.
    /// </summary>
    public static Func<DbDataReader, RelObject> Reader(RowMaterializer root, ModelDefinition model, int annotations, RelDatabase db, IReadOnlyList<IReadOnlyList<Relation>> joined)
    {
        var firsts = new int[joined.Count];
        var parents = new int[joined.Count];
        var readers = new RowMaterializer[joined.Count];
        var column = model.ConcreteFields.Count + annotations;
        for (var i = 0; i < joined.Count; i++)
        {
            var chain = joined[i];
            firsts[i] = column;
            // A joined row may own a longer chain's next row, or a prefetch after the join (Include('Author.Posts')).
            readers[i] = db.MaterializerOf(chain[^1].To, column, holdsPrefetched: true);
            column += chain[^1].To.ConcreteFields.Count;
            parents[i] = chain.Count == 1 ? -1 : IndexOf(joined, chain.Take(chain.Count - 1).ToList());
        }
        var names = joined.Select(j => j[^1].Name).ToArray();
        // The joined objects of the row being read; a query's rows are read one at a time.
        var objects = new RelObject?[readers.Length];
        return r =>
        {
            var obj = root.Read(r);
            for (var i = 0; i < readers.Length; i++)
            {
                var parent = parents[i] < 0 ? obj : objects[parents[i]];
                // The two keys the join matched cost one box at most: the foreign key's (an id is a long, FieldRows).
                var related = parent is null || r.IsDBNull(firsts[i]) ? null : readers[i].Read(r);
                parent?.SetPrefetched(names[i], related);
                objects[i] = related;
            }
            return obj;
        };
    }
}
