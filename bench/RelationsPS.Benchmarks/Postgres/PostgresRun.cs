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

    private readonly PairedRuns runs = new(o.CheckOnly ? 0 : 3, 16, x => x is NpgsqlContender);
    private PostgresCluster? cluster;
    private string serverInfo = "";
    private string? sharedCs;

    private int Reps(int full) => o.CheckOnly ? 1 : o.Quick ? Math.Max(2, full / 2) : Math.Max(2, (int)Math.Round(full * o.Runs));

    private int Warmups => runs.Warmups;

    private List<(CaseDef Case, List<Measurement> Results, string Check, List<double> Ratios)> report => runs.Report;

    private List<string> failures => runs.Failures;

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
        new("stream", "Streaming every post, unordered (peak managed-heap growth reported)", (c, w) => c.StreamAll(w), Reps(3), Memory: true),
        new("projpython", "(id, title, views) of the posts tagged `python`, in id order (Values vs a three-field class)", (c, w) => c.PythonProjection(w), Reps(11)),
        new("projfieldcmp", "(id, title, views) of the posts with views > id * 2, in id order", (c, w) => c.FieldCompareProjection(w), Reps(7)),
        new("bioprofile", "Users whose profile bio contains a word, with their profile (Include Profile: one statement), unordered", (c, w) => c.ProfileBioWithProfile(w), Reps(11)),
        new("havingobj", "Posts with more than 3 tags with their tag count, as objects (annotate + filter on it)", (c, w) => c.ManyTagsObjects(w), Reps(7)),
        new("havinglist", "`having` with the (id, count) pairs as typed tuples (the engine's ValuesList, Django's values_list)", (c, w) => c.ManyTagsTuples(w), Reps(7)),
        new("projpythonlist", "`projpython` as typed tuples (ValuesList<long, string, long> vs a three-field class)", (c, w) => c.PythonProjectionTuples(w), Reps(11)),
        new("projfieldcmplist", "`projfieldcmp` as typed tuples (ValuesList<long, string, long>)", (c, w) => c.FieldCompareProjectionTuples(w), Reps(7)),
    ];

    /// <summary>--no-ef leaves EF Core out, as in the SQLite run (its bulk insert alone is minutes at scale 1).</summary>
    private IContender[] Contenders() => o.NoEf
        ? [new NpgsqlContender(), new EngineContender(PgEngine.Connect)]
        : [new NpgsqlContender(), new EfContender(Ef, PgConnections.Open, c => new DbContextOptionsBuilder<BlogContext>().UseNpgsql(c).Options), new EngineContender(PgEngine.Connect)];

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
        var n = 0;
        string? name = null;
        runs.RunBulk(c, contenders, w, warm,
            create: () =>
            {
                name = $"bulk_{n++}";
                cluster!.CreateDatabase(name);
                var cs = cluster.ConnectionString(name);
                PgEngine.CreateSchema(cs);
                return cs;
            },
            check: PgChecks.BulkContent,
            drop: _ =>
            {
                NpgsqlConnection.ClearAllPools();
                cluster!.DropDatabase(name!);
            });
    }

    private void RunCase(CaseDef c, IContender[] contenders, Workload w) => runs.RunCase(c, contenders, w);

    private static string ServerInfo(NpgsqlConnection c)
    {
        var version = (string)PgConnections.Scalar(c, "SHOW server_version")!;
        var settings = new[] { "fsync", "synchronous_commit", "shared_buffers", "work_mem", "jit", "max_parallel_workers_per_gather" }
            .Select(s => $"{s}={PgConnections.Scalar(c, "SHOW " + s)}");
        return $"PostgreSQL {version} ({string.Join(", ", settings)}; every other setting initdb's default)";
    }

    private static string F(double ms) => Bench.F(ms);

    private static string Bytes(double perRow) => double.IsNaN(perRow) ? "–" : perRow.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double x, double baseline) =>
        double.IsNaN(x) || double.IsNaN(baseline) || baseline <= 0 ? "–" : (x / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private string Markdown(TimeSpan elapsed, string loadStart, string loadEnd)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RelationsPS benchmark results: PostgreSQL").AppendLine();
        sb.AppendLine($"- Scale {o.Scale.ToString(CultureInfo.InvariantCulture)}{(o.Quick ? " (--quick)" : "")}{(o.CheckOnly ? " (--check-only: one run each, timings not meaningful)" : "")}{(o.NoEf ? " (--no-ef: EF Core left out)" : "")}; finished {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC in {elapsed.TotalMinutes:F1} min");
        sb.AppendLine($"- Server: {serverInfo}; a throwaway cluster on 127.0.0.1 (TCP), client and server sharing the machine's {Environment.ProcessorCount} cores");
        sb.AppendLine($"- Client: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; Npgsql 10.0.3, Npgsql.EntityFrameworkCore.PostgreSQL 10.0.3");
        sb.AppendLine($"- Load average (1/5/15 min) at start: {loadStart}; at end: {loadEnd}");
        sb.AppendLine($"- Times in ms (wall clock, Stopwatch), after {Warmups} warm-up run(s) per contender; raw Npgsql and RelationsPS timed in pairs (ABBA order, a full GC before every call); " +
                      "paired ratio = median of the per-pair ratios RelationsPS / raw Npgsql, spread = their min–max and interquartile range; B/row = bytes allocated by the call (median call) / rows of its result; the other ratios are of medians.").AppendLine();
        foreach (var (c, results, check, _) in report)
        {
            var raw = results.First(r => r.Contender == Raw).Median;
            var ef = results.FirstOrDefault(r => r.Contender == Ef)?.Median ?? double.NaN;
            sb.AppendLine($"## {c.Id}: {c.Title}").AppendLine();
            sb.AppendLine($"Result (checked equal for every contender): `{check}`; {c.Runs} timed run(s).").AppendLine();
            sb.AppendLine(c.Memory ? "| Contender | min | median | max | × raw Npgsql | × EF Core | B/row | peak heap growth |" : "| Contender | min | median | max | × raw Npgsql | × EF Core | B/row |");
            sb.AppendLine(c.Memory ? "|---|---:|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|---:|");
            foreach (var m in results)
            {
                var row = m.Error is not null
                    ? $"| {m.Contender} | failed | | | | | |"
                    : $"| {m.Contender} | {F(m.Ms.DefaultIfEmpty(double.NaN).Min())} | {F(m.Median)} | {F(m.Ms.DefaultIfEmpty(double.NaN).Max())} | {Ratio(m.Median, raw)} | {Ratio(m.Median, ef)} | {Bytes(m.BytesPerRow)} |";
                if (c.Memory) row += $" {m.MemoryGrowth / 1048576.0:F1} MB |";
                sb.AppendLine(row);
            }
            sb.AppendLine();
        }
        if (report.Count > 0 && report[0].Results.Any(r => r.Contender == Engine))
        {
            sb.AppendLine("## Engine targets on PostgreSQL (issue 13: paired median within 1.3× of raw Npgsql)").AppendLine();
            sb.AppendLine("| Case | RelationsPS median | raw Npgsql median | paired ratio | min–max | IQR | pairs | B/row RelationsPS | B/row raw | alloc × | within 1.3× | EF Core (Npgsql) | × EF Core |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|");
            var within = 0;
            foreach (var (c, results, _, ratios) in report)
            {
                var eng = results.First(r => r.Contender == Engine);
                var raw = results.First(r => r.Contender == Raw);
                var ef = results.FirstOrDefault(r => r.Contender == Ef)?.Median ?? double.NaN;
                var paired = Stats.Median(ratios);
                var met = paired <= 1.3;
                if (met) within++;
                string R(double x) => double.IsNaN(x) ? "–" : x.ToString("0.00", CultureInfo.InvariantCulture);
                sb.AppendLine($"| {c.Id} | {F(eng.Median)} | {F(raw.Median)} | {R(paired)}× | {R(ratios.DefaultIfEmpty(double.NaN).Min())}–{R(ratios.DefaultIfEmpty(double.NaN).Max())} | {R(Stats.Quantile(ratios, 0.25))}–{R(Stats.Quantile(ratios, 0.75))} | {ratios.Count} | " +
                              $"{Bytes(eng.BytesPerRow)} | {Bytes(raw.BytesPerRow)} | {R(eng.BytesPerRow / raw.BytesPerRow)}× | {(met ? "met" : "**not met**")} | {F(ef)} | {Ratio(eng.Median, ef)} |");
            }
            sb.AppendLine();
            sb.AppendLine($"- Within 1.3× of raw Npgsql (paired median) on every case: **{(within == report.Count ? "met" : "not met")}** ({within} of {report.Count} cases).");
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
