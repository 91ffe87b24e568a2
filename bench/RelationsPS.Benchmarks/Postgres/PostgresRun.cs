using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RelationsPS.Benchmarks.Ef;
using RelationsPS.Testing;

namespace RelationsPS.Benchmarks.Postgres;

/// <summary>
/// --postgres: the engine cases on PostgreSQL, raw Npgsql vs EF Core with Npgsql vs the engine, on a
/// throwaway cluster this run starts (a temp folder, a free loopback port) and stops. The workload,
/// cases, checks and run order are the SQLite run's; the bulk case writes a fresh database per run.
/// </summary>
internal sealed class PostgresRun(Options o)
{
    /// <summary>Durability off: a commit's disk flush is the machine's cost, not a contender's.</summary>
    public static readonly string[] ServerSettings = ["fsync=off"];

    public const string Raw = "Raw Npgsql";
    public const string Ef = "EF Core (Npgsql)";
    public const string Engine = "RelationsPS";

    private readonly List<(CaseDef Case, List<Measurement> Results, string Check)> report = [];
    private readonly List<string> failures = [];
    private PostgresCluster? cluster;
    private string serverInfo = "";
    private string? sharedCs;

    private int Reps(int full) => o.CheckOnly ? 1 : o.Quick ? Math.Max(2, full / 2) : full;

    private int Warmups => o.CheckOnly ? 0 : 3;

    private bool Selected(string id)
    {
        if (o.Only is null) return true;
        var only = o.Only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return only.Contains(id, StringComparer.OrdinalIgnoreCase) || only.Contains("engine", StringComparer.OrdinalIgnoreCase);
    }

    private List<CaseDef> Cases() =>
    [
        new("bulk", "Bulk insert of the whole workload (one transaction, fresh database)", (c, w) => c.BulkInsert(w), Reps(2), Bulk: true),
        new("python", "Posts tagged `python`, every row materialised", (c, w) => c.TaggedPython(w), Reps(7)),
        new("top100", "Tagged `python` AND (title ILIKE 'A%' OR views > 90,000), ORDER BY views DESC, first 100", (c, w) => c.TaggedFilteredTop100(w), Reps(11)),
        new("pertag", "Count of posts per tag (every tag with its count, ordered by name)", (c, w) => c.CountPerTag(w), Reps(11)),
        new("having", "Posts with more than 3 tags with their tag count (HAVING), and their average views", (c, w) => c.ManyTags(w), Reps(7)),
        new("naive", "Tags of the first 2,000 posts, naive (N+1 queries)", (c, w) => c.TagsNaive(w), Reps(9)),
        new("prefetch", "Tags of the first 2,000 posts, prefetched (Include)", (c, w) => c.TagsPrefetched(w), Reps(11)),
        new("bio", "Users whose profile bio contains a word (OneToOne join)", (c, w) => c.ProfileBio(w), Reps(11)),
        new("fieldcmp", "Field-to-field comparison: views > id * 2 (F expression), every row materialised", (c, w) => c.FieldCompare(w), Reps(7)),
        new("links", "10,000 tag links added then removed (RelatedManager Add/Remove vs INSERT ... ON CONFLICT DO NOTHING/DELETE), one transaction each", (c, w) => c.LinkAddRemove(w), Reps(5),
            Setup: (c, w) =>
            {
                // The previous run's 10,000 dead link rows are vacuumed away first, so no run pays for
                // another's garbage (or for autovacuum starting in the middle of it).
                PgConnections.Execute(sharedCs!, "VACUUM post_tags");
                c.PrepareLinks(w);
            }),
        new("stream", "Streaming every post (peak managed-heap growth reported)", (c, w) => c.StreamAll(w), Reps(3), Memory: true),
    ];

    private IContender[] Contenders() =>
    [
        new NpgsqlContender(),
        new EfContender(Ef, PgConnections.Open, c => new DbContextOptionsBuilder<BlogContext>().UseNpgsql(c).Options),
        new EngineContender(PgEngine.Connect),
    ];

    /// <summary>Runs the PostgreSQL cases; exit code 1 when contenders disagree, 2 when PostgreSQL is not installed.</summary>
    public int Run()
    {
        if (!PostgresCluster.IsAvailable)
        {
            Console.Error.WriteLine("PostgreSQL binaries not found (/usr/lib/postgresql/N/bin or $RELATIONSPS_PG_BIN): the PostgreSQL run needs initdb and pg_ctl.");
            return 2;
        }
        var total = Stopwatch.StartNew();
        var loadStart = LoadAverage();
        var sw = Stopwatch.StartNew();
        using (cluster = PostgresCluster.Start(ServerSettings))
        {
            Console.WriteLine($"PostgreSQL benchmarks: scale {o.Scale.ToString(CultureInfo.InvariantCulture)}{(o.Quick ? " (quick)" : "")}{(o.CheckOnly ? " (check-only)" : "")}; cluster on 127.0.0.1:{cluster.Port} started in {sw.ElapsedMilliseconds} ms");
            var w = Workload.Generate(o.Scale);
            var warm = Workload.Generate(0.005, seed: 7);
            var cases = Cases().Where(c => Selected(c.Id)).ToList();
            var contenders = Contenders();
            try
            {
                foreach (var c in cases.Where(c => c.Bulk)) RunBulk(c, contenders, w, warm);

                cluster.CreateDatabase("blog");
                sharedCs = cluster.ConnectionString("blog");
                sw.Restart();
                PgEngine.CreateSchema(sharedCs);
                using (var loader = new NpgsqlContender())
                {
                    loader.BeginBulk(sharedCs);
                    loader.BulkInsert(w);
                    loader.EndBulk();
                }
                // The planner's statistics, as autovacuum would gather them after a load this size.
                PgConnections.Execute(sharedCs, "VACUUM ANALYZE");
                using (var c = PgConnections.Open(sharedCs))
                {
                    serverInfo = ServerInfo(c);
                    Console.WriteLine($"shared database blog: {Convert.ToInt64(PgConnections.Scalar(c, "SELECT pg_database_size('blog')"), CultureInfo.InvariantCulture) / 1048576.0:F1} MB, loaded (COPY) and analysed in {sw.ElapsedMilliseconds} ms");
                }
                if (o.Profile)
                {
                    PgProfiler.Run(sharedCs, w);
                    return 0;
                }
                foreach (var c in contenders) c.Open(sharedCs);
                foreach (var c in cases.Where(c => !c.Bulk)) RunCase(c, contenders, w);
            }
            finally
            {
                foreach (var c in contenders) c.Dispose();
                NpgsqlConnection.ClearAllPools();
            }
        }
        var md = Markdown(total.Elapsed, loadStart, LoadAverage());
        Console.WriteLine();
        Console.WriteLine(md);
        if (o.Out is not null)
        {
            File.WriteAllText(o.Out, md);
            Console.WriteLine($"wrote {o.Out}");
        }
        if (failures.Count > 0)
        {
            Console.Error.WriteLine("RESULT MISMATCH (PostgreSQL):");
            foreach (var f in failures) Console.Error.WriteLine("  " + f);
            return 1;
        }
        return 0;
    }

    private void RunBulk(CaseDef c, IContender[] contenders, Workload w, Workload warm)
    {
        Console.WriteLine($"[{c.Id}] {c.Title}");
        var results = contenders.Select(x => new Measurement(x.Name)).ToList();
        var n = 0;
        Outcome Once(IContender x, Workload load, Measurement? m)
        {
            var name = $"bulk_{n++}";
            cluster!.CreateDatabase(name);
            try
            {
                var cs = cluster.ConnectionString(name);
                PgEngine.CreateSchema(cs);
                x.BeginBulk(cs);
                Collect();
                var sw = Stopwatch.StartNew();
                x.BulkInsert(load);
                var ms = sw.Elapsed.TotalMilliseconds;
                x.EndBulk();
                var outcome = PgChecks.BulkContent(cs);
                if (m is not null)
                {
                    m.Ms.Add(ms);
                    Console.WriteLine($"    {x.Name,-16} {ms,10:F1} ms  {outcome.Key}");
                }
                return outcome;
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                cluster.DropDatabase(name);
            }
        }
        for (var i = 0; i < Warmups; i++)
            foreach (var x in contenders) Once(x, warm, null);
        for (var r = 0; r < c.Runs; r++)
            for (var k = 0; k < contenders.Length; k++)
                Record(c, results[k], () => Once(contenders[k], w, results[k]));
        Finish(c, results);
    }

    /// <summary>The SQLite run's order: raw and engine interleaved, rotating; EF Core's runs after them as a block.</summary>
    private void RunCase(CaseDef c, IContender[] contenders, Workload w)
    {
        Console.WriteLine($"[{c.Id}] {c.Title}");
        var results = contenders.Select(x => new Measurement(x.Name)).ToList();
        var interleaved = Enumerable.Range(0, contenders.Length).Where(k => contenders[k] is not EfContender).ToList();
        var last = Enumerable.Range(0, contenders.Length).Where(k => contenders[k] is EfContender).ToList();
        for (var i = 0; i < Warmups; i++)
            foreach (var k in interleaved) WarmUp(c, contenders[k], w);
        for (var r = 0; r < c.Runs; r++)
            for (var j = 0; j < interleaved.Count; j++)
            {
                var k = interleaved[(j + r) % interleaved.Count];
                Timed(c, contenders[k], results[k], w);
            }
        foreach (var k in last)
        {
            for (var i = 0; i < Warmups; i++) WarmUp(c, contenders[k], w);
            for (var r = 0; r < c.Runs; r++) Timed(c, contenders[k], results[k], w);
        }
        Finish(c, results);
    }

    private static void WarmUp(CaseDef c, IContender x, Workload w)
    {
        try { c.Setup?.Invoke(x, w); c.Run(x, w); } catch (Exception e) when (e is not OutOfMemoryException) { /* reported by the timed runs */ }
    }

    private void Timed(CaseDef c, IContender x, Measurement m, Workload w) => Record(c, m, () =>
    {
        c.Setup?.Invoke(x, w);
        Collect();
        var sw = Stopwatch.StartNew();
        var outcome = c.Run(x, w);
        var ms = sw.Elapsed.TotalMilliseconds;
        m.Ms.Add(ms);
        m.MemoryGrowth = Math.Max(m.MemoryGrowth, outcome.MemoryGrowth);
        Console.WriteLine($"    {x.Name,-16} {ms,10:F1} ms  {outcome.Key}{(c.Memory ? $"  heap growth {outcome.MemoryGrowth / 1048576.0:F1} MB" : "")}");
        return outcome;
    });

    private void Record(CaseDef c, Measurement m, Func<Outcome> run)
    {
        if (m.Error is not null) return;
        try
        {
            var outcome = run();
            if (m.Outcome is null) m.Outcome = outcome;
            else if (m.Outcome.Key != outcome.Key)
                failures.Add($"{c.Id}: {m.Contender} gave different results on repeated runs: {m.Outcome.Key} vs {outcome.Key}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            m.Error = e.GetType().Name + ": " + e.Message;
            failures.Add($"{c.Id}: {m.Contender} failed: {e}");
            Console.WriteLine($"    {m.Contender} FAILED: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Finish(CaseDef c, List<Measurement> results)
    {
        var reference = results[0].Outcome;
        var check = reference?.Key ?? "(no reference)";
        foreach (var m in results.Skip(1))
            if (m.Outcome is not null && reference is not null && m.Outcome.Key != reference.Key)
                failures.Add($"{c.Id}: {m.Contender} disagrees with {results[0].Contender}: {m.Outcome.Key} vs {reference.Key}");
        report.Add((c, results, check));
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string ServerInfo(NpgsqlConnection c)
    {
        var version = (string)PgConnections.Scalar(c, "SHOW server_version")!;
        var settings = new[] { "fsync", "synchronous_commit", "shared_buffers", "work_mem", "jit", "max_parallel_workers_per_gather" }
            .Select(s => $"{s}={PgConnections.Scalar(c, "SHOW " + s)}");
        return $"PostgreSQL {version} ({string.Join(", ", settings)}; every other setting initdb's default)";
    }

    private static string F(double ms) => Bench.F(ms);

    private static string Ratio(double x, double baseline) =>
        double.IsNaN(x) || double.IsNaN(baseline) || baseline <= 0 ? "–" : (x / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private string Markdown(TimeSpan elapsed, string loadStart, string loadEnd)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RelationsPS benchmark results: PostgreSQL").AppendLine();
        sb.AppendLine($"- Scale {o.Scale.ToString(CultureInfo.InvariantCulture)}{(o.Quick ? " (--quick)" : "")}{(o.CheckOnly ? " (--check-only: one run each, timings not meaningful)" : "")}; finished {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC in {elapsed.TotalMinutes:F1} min");
        sb.AppendLine($"- Server: {serverInfo}; a throwaway cluster on 127.0.0.1 (TCP), client and server sharing the machine's {Environment.ProcessorCount} cores");
        sb.AppendLine($"- Client: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; Npgsql 10.0.3, Npgsql.EntityFrameworkCore.PostgreSQL 10.0.3");
        sb.AppendLine($"- Load average (1/5/15 min) at start: {loadStart}; at end: {loadEnd}");
        sb.AppendLine($"- Times in ms (wall clock, Stopwatch), after {Warmups} warm-up run(s) per contender; ratios are of medians.").AppendLine();
        foreach (var (c, results, check) in report)
        {
            var raw = results.First(r => r.Contender == Raw).Median;
            var ef = results.First(r => r.Contender == Ef).Median;
            sb.AppendLine($"## {c.Title}").AppendLine();
            sb.AppendLine($"Result (checked equal for every contender): `{check}`; {c.Runs} timed run(s).").AppendLine();
            sb.AppendLine(c.Memory ? "| Contender | min | median | max | × raw Npgsql | × EF Core | peak heap growth |" : "| Contender | min | median | max | × raw Npgsql | × EF Core |");
            sb.AppendLine(c.Memory ? "|---|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|");
            foreach (var m in results)
            {
                var row = m.Error is not null
                    ? $"| {m.Contender} | failed | | | | |"
                    : $"| {m.Contender} | {F(m.Ms.DefaultIfEmpty(double.NaN).Min())} | {F(m.Median)} | {F(m.Ms.DefaultIfEmpty(double.NaN).Max())} | {Ratio(m.Median, raw)} | {Ratio(m.Median, ef)} |";
                if (c.Memory) row += $" {m.MemoryGrowth / 1048576.0:F1} MB |";
                sb.AppendLine(row);
            }
            sb.AppendLine();
        }
        if (report.Count > 0 && report[0].Results.Any(r => r.Contender == Engine))
        {
            sb.AppendLine("## Engine targets on PostgreSQL").AppendLine();
            sb.AppendLine("| Case | RelationsPS median | raw Npgsql | × raw | within 1.3× of raw | EF Core (Npgsql) | × EF Core |");
            sb.AppendLine("|---|---:|---:|---:|:---:|---:|---:|");
            var within = 0;
            foreach (var (c, results, _) in report)
            {
                var eng = results.First(r => r.Contender == Engine).Median;
                var raw = results.First(r => r.Contender == Raw).Median;
                var ef = results.First(r => r.Contender == Ef).Median;
                var met = eng <= raw * 1.3;
                if (met) within++;
                sb.AppendLine($"| {c.Id} | {F(eng)} | {F(raw)} | {Ratio(eng, raw)} | {(met ? "met" : "**not met**")} | {F(ef)} | {Ratio(eng, ef)} |");
            }
            sb.AppendLine();
            sb.AppendLine($"- Within 1.3× of raw Npgsql on every case: **{(within == report.Count ? "met" : "not met")}** ({within} of {report.Count} cases).");
        }
        if (failures.Count > 0)
        {
            sb.AppendLine().AppendLine("## Result mismatches (the run failed)").AppendLine();
            foreach (var f in failures) sb.AppendLine("- " + f.Split('\n')[0]);
        }
        return sb.ToString();
    }

    private static string LoadAverage()
    {
        try { return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }
}
