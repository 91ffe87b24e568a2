using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using RelationsPS.Core.Execution;

namespace RelationsPS.Benchmarks.Postgres;

/// <summary>
/// --postgres --profile: per engine case, the statements the engine ran (from its query log) and the
/// hand-written ones, each under EXPLAIN (ANALYZE, BUFFERS), and both contenders timed end to end,
/// so a ratio over 1.3× can be told apart: a slower plan (the SQL) or a slower client (the engine).
/// </summary>
internal static partial class PgProfiler
{
    private const int Runs = 7;

    public static void Run(string connectionString, Workload w)
    {
        RelDatabase? engineDb = null;
        using var engine = new EngineContender(cs => engineDb = PgEngine.Connect(cs));
        using var raw = new NpgsqlContender();
        engine.Open(connectionString);
        raw.Open(connectionString);
        using var c = PgConnections.Open(connectionString);
        var cases = new (string Id, Func<IContender, Outcome> Run, (string Sql, object[] Params)[] Hand)[]
        {
            ("python", x => x.TaggedPython(w), [(PgSql.TaggedPython, [Workload.PythonTag])]),
            ("top100", x => x.TaggedFilteredTop100(w), [(PgSql.TaggedFilteredTop100, [Workload.PythonTag, Workload.TitlePrefix + "%", Workload.ViewsThreshold])]),
            ("pertag", x => x.CountPerTag(w), [(PgSql.CountPerTag, []), (PgSql.CountPerTagGrouped, [])]),
            ("having", x => x.ManyTags(w), [(PgSql.ManyTagsRows, []), (PgSql.ManyTagsAvg, [])]),
            ("naive", x => x.TagsNaive(w), [(PgSql.FirstPosts, [(long)w.FirstPosts]), (PgSql.TagsOfPost, [1L])]),
            ("prefetch", x => x.TagsPrefetched(w), [(PgSql.FirstPosts, [(long)w.FirstPosts]), (PgSql.TagsOfFirstPosts, [(long)w.FirstPosts])]),
            ("bio", x => x.ProfileBio(w), [(PgSql.ProfileBio, ["%" + Workload.BioWord + "%"])]),
            ("fieldcmp", x => x.FieldCompare(w), [(PgSql.FieldCompare, [Workload.FieldFactor])]),
            ("stream", x => x.StreamAll(w), [(PgSql.AllPosts, [])]),
        };
        foreach (var (id, run, hand) in cases)
        {
            var db = engineDb!;
            run(engine);
            db.Log.Clear();
            run(engine);
            var statements = db.Log.Entries.GroupBy(e => e.Sql).Select(g => (Entry: g.First(), Count: g.Count())).ToList();
            var ran = db.Log.Count;
            var engineMs = Median(() => run(engine));
            var rawMs = Median(() => run(raw));
            Console.WriteLine($"== {id}: engine {engineMs:F2} ms, raw Npgsql {rawMs:F2} ms ({engineMs / rawMs:F2}×); the engine ran {ran} statement(s)");
            foreach (var (entry, count) in statements)
            {
                Console.WriteLine($"   engine SQL{(count > 1 ? $" (×{count}, the first shown)" : "")}: {entry.Sql}");
                Explain(c, entry.Sql, entry.Parameters);
            }
            foreach (var (sql, ps) in hand)
            {
                Console.WriteLine($"   hand SQL: {sql}");
                Explain(c, sql, ps);
            }
        }
    }

    private static double Median(Func<Outcome> run)
    {
        var xs = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            run();
            xs.Add(sw.Elapsed.TotalMilliseconds);
        }
        return Stats.Median(xs);
    }

    [GeneratedRegex(@"@p\d+\b")]
    private static partial Regex NamedParameter();

    /// <summary>The plan with actual times; parameters bound by name (@p0...) or position ($1...), as the SQL has them.</summary>
    private static void Explain(NpgsqlConnection c, string sql, IReadOnlyList<object?> parameters)
    {
        using var cmd = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, c);
        var named = NamedParameter().IsMatch(sql);
        for (var i = 0; i < parameters.Count; i++)
            cmd.Parameters.Add(named ? new NpgsqlParameter("p" + i, parameters[i] ?? DBNull.Value) : new NpgsqlParameter { Value = parameters[i] ?? DBNull.Value });
        using var r = cmd.ExecuteReader();
        while (r.Read()) Console.WriteLine("      " + r.GetString(0));
    }
}
