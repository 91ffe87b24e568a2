using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using RelationsPS.Benchmarks;
using RelationsPS.Benchmarks.Ef;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// --postgres: the engine cases on a throwaway PostgreSQL cluster instead of SQLite (Postgres/PostgresRun.cs).
var postgres = args.Contains("--postgres");
var replica = args.Contains("--replica");
var options = Options.Parse([.. args.Where(a => a is not ("--postgres" or "--replica"))]);
if (options is null) return 2;
if (replica) return new RelationsPS.Benchmarks.Postgres.ReplicaProbe(options).Run();
if (postgres) return new RelationsPS.Benchmarks.Postgres.PostgresRun(options).Run();
var exit = new Bench(options).Run();
// CI's smoke run checks the PostgreSQL contenders too, wherever PostgreSQL is installed.
if (options.CheckOnly && options.PsWorker is null && !options.QueryApi && !options.Profile && RelationsPS.Testing.PostgresCluster.IsAvailable)
    exit = Math.Max(exit, new RelationsPS.Benchmarks.Postgres.PostgresRun(options with { Out = null }).Run());
return exit;

internal sealed record Options(double Scale, bool Quick, bool CheckOnly, string? Out, string? Only, bool Profile = false, string? PsWorker = null, bool QueryApi = false, bool NoEf = false, double Runs = 1.0)
{
    public static Options? Parse(string[] args)
    {
        double scale = 1.0;
        bool quick = false, checkOnly = false, scaleSet = false, profile = false, queryApi = false, noEf = false;
        double runs = 1.0;
        string? output = null, only = null, psWorker = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--scale" when i + 1 < args.Length:
                    scale = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    scaleSet = true;
                    break;
                case "--quick": quick = true; break;
                case "--check-only": checkOnly = true; break;
                case "--profile": profile = true; break;
                case "--query-api": queryApi = true; break;
                case "--no-ef": noEf = true; break;
                case "--runs" when i + 1 < args.Length: runs = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                case "--only" when i + 1 < args.Length: only = args[++i]; break;
                case "--ps-worker" when i + 1 < args.Length: psWorker = args[++i]; break;
                case "-h" or "--help":
                    Console.WriteLine("""
                        RelationsPS.Benchmarks [--scale <f>] [--quick] [--check-only] [--out <file.md>] [--only <case,...>]
                          --scale f      workload size; 1.0 = 1,000 tags, 100,000 posts, ~300,000 tag links, 20,000 users, 15,000 profiles (default 1.0)
                          --quick        scale 0.02 (unless --scale is given) and fewer repetitions
                          --check-only   results checked with minimal repetitions (CI smoke mode; timings not meaningful)
                          --out file     writes the markdown report there
                          --only ids     runs only these cases (comma-separated ids, e.g. python,naive,ps-tag; "engine" or "ps" for a group)
                          --profile      instead of the cases: the engine's SQL, query plans and where its time goes
                          --query-api    instead of the cases: bulk insert, bulk update and upsert vs raw ADO.NET (10,000 rows x scale)
                          --no-ef        leaves EF Core out (its bulk insert alone takes minutes at scale 3); with --postgres too
                          --runs f       multiplies every case's number of timed pairs (e.g. 0.5 for a large scale)
                          --postgres     the engine cases on PostgreSQL (a throwaway cluster): raw Npgsql vs EF Core (Npgsql) vs the engine;
                                         with --profile, the engine's SQL next to the hand SQL under EXPLAIN ANALYZE. --check-only runs it too
                                         after the SQLite cases when PostgreSQL is installed
                          --replica      a primary and a streaming standby on loopback: stale reads after a write, replay lag,
                                         synchronous_commit=remote_apply's cost, Npgsql's Target Session Attributes (docs/SCALING.md)
                          --ps-worker db (internal) runs the PowerShell cases against a loaded database; --out gets their section
                        Exit code 1 when contenders disagree on a result.
                        """);
                    return null;
                default:
                    Console.Error.WriteLine($"Unknown argument '{args[i]}' (try --help).");
                    return null;
            }
        }
        if ((quick || checkOnly) && !scaleSet) scale = 0.02;
        return new Options(scale, quick, checkOnly, output, only, profile, psWorker, queryApi, noEf, runs);
    }
}

/// <summary>A case; <paramref name="Setup"/> runs before each run of a contender, untimed.</summary>
internal sealed record CaseDef(string Id, string Title, Func<IContender, Workload, Outcome> Run, int Runs, bool Bulk = false, bool Memory = false,
    Action<IContender, Workload>? Setup = null);

internal sealed class Measurement(string contender)
{
    public string Contender { get; } = contender;
    public List<double> Ms { get; } = [];
    /// <summary>Bytes allocated on the calling thread by each timed call (GC.GetAllocatedBytesForCurrentThread around it).</summary>
    public List<long> Bytes { get; } = [];
    /// <summary>Allocated bytes per row of the result (median call), or NaN without rows.</summary>
    public double BytesPerRow => Outcome is { Rows: > 0 } o && Bytes.Count > 0 ? Stats.Median(Bytes.Select(b => (double)b).ToList()) / o.Rows : double.NaN;
    public Outcome? Outcome { get; set; }
    public long MemoryGrowth { get; set; }
    public string? Error { get; set; }
    public double Median => Stats.Median(Ms);
}

internal static class Stats
{
    /// <summary>The q-quantile (0..1) by linear interpolation between the sorted values.</summary>
    public static double Quantile(List<double> xs, double q)
    {
        if (xs.Count == 0) return double.NaN;
        var s = xs.Order().ToList();
        var pos = q * (s.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, s.Count - 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    public static double Median(List<double> xs)
    {
        if (xs.Count == 0) return double.NaN;
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}

internal sealed class Bench(Options o)
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"relationsps-bench-{Environment.ProcessId}");
    private readonly PairedRuns runs = new(o.CheckOnly ? 0 : 3, 12, x => x is AdoContender);

    private string? powerShellSection;

    private List<(CaseDef Case, List<Measurement> Results, string Check, List<double> Ratios)> report => runs.Report;

    private List<string> failures => runs.Failures;

    /// <summary>--only: case ids, "ps" for every PowerShell case, "engine" for every engine case.</summary>
    private bool Selected(string id)
    {
        if (o.Only is null) return true;
        var only = o.Only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var group = id.StartsWith("ps-", StringComparison.Ordinal) ? "ps" : "engine";
        return only.Contains(id, StringComparer.OrdinalIgnoreCase) || only.Contains(group, StringComparer.OrdinalIgnoreCase);
    }

    private int Reps(int full) => o.CheckOnly ? 1 : o.Quick ? Math.Max(2, full / 2) : Math.Max(2, (int)Math.Round(full * o.Runs));

    private int Warmups => runs.Warmups;

    /// <summary>--query-api: <see cref="QueryApiBench"/>; exit code 1 when the contenders disagree.</summary>
    private int RunQueryApi()
    {
        Directory.CreateDirectory(dir);
        var report = new QueryApiBench(dir, (int)Math.Max(100, 10_000 * o.Scale), o.CheckOnly ? 1 : o.Quick ? 3 : 7).Run();
        Console.WriteLine(report);
        if (o.Out is not null) File.WriteAllText(o.Out, report);
        return report.Contains("agreed: yes", StringComparison.Ordinal) ? 0 : 1;
    }

    public int Run()
    {
        if (o.PsWorker is not null) return RunPowerShellWorker(o.PsWorker);
        if (o.QueryApi) return RunQueryApi();
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(dir);
        var loadStart = LoadAverage();
        try
        {
            Console.WriteLine($"RelationsPS benchmarks: scale {o.Scale.ToString(CultureInfo.InvariantCulture)}{(o.Quick ? " (quick)" : "")}{(o.CheckOnly ? " (check-only)" : "")}, {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores");
            var sw = Stopwatch.StartNew();
            var w = Workload.Generate(o.Scale);
            var warm = Workload.Generate(0.005, seed: 7);
            Console.WriteLine($"workload: {w.Tags.Count:N0} tags, {w.Posts.Count:N0} posts, {w.LinkCount:N0} tag links ({w.Posts.Count(p => p.TagIndexes.Contains(0)):N0} posts tagged python), {w.Users.Count:N0} users, {w.Profiles.Count:N0} profiles; generated in {sw.ElapsedMilliseconds} ms");

            IContender[] contenders = o.NoEf
                ? [new AdoContender(), new DapperContender(), new EngineContender()]
                : [new AdoContender(), new DapperContender(), new EfContender(), new EngineContender()];
            var cases = Cases();
            var selected = cases.Where(c => Selected(c.Id)).ToList();

            if (!o.Profile)
                foreach (var c in selected.Where(c => c.Bulk)) RunBulk(c, contenders, w, warm);

            var shared = sharedPath = Path.Combine(dir, "blog.db");
            sw.Restart();
            CreateDatabase(shared);
            using (var loader = new AdoContender())
            {
                loader.BeginBulk(shared);
                loader.BulkInsert(w);
                loader.EndBulk();
            }
            Console.WriteLine($"shared database {shared}: {new FileInfo(shared).Length / 1048576.0:F1} MB, loaded in {sw.ElapsedMilliseconds} ms");
            if (Environment.GetEnvironmentVariable("RELPS_BENCH_KEEP_DB") is { Length: > 0 } keep)
            {
                // For experiments with the sqlite3 shell on the same data (development only).
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                    if (File.Exists(shared + suffix)) File.Copy(shared + suffix, keep + suffix, overwrite: true);
            }
            if (o.Profile)
            {
                Profiler.Run(shared, w);
                return 0;
            }
            foreach (var c in contenders) c.Open(shared);
            foreach (var c in selected.Where(c => !c.Bulk)) RunCase(c, contenders, w);
            foreach (var c in contenders) c.Dispose();

            if (PowerShellCases.Ids.Any(Selected))
            {
                w = null!;
                warm = null!;
                Collect();
                powerShellSection = PowerShellProcess.Run(o, shared, dir, failures);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
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
            Console.Error.WriteLine("RESULT MISMATCH:");
            foreach (var f in failures) Console.Error.WriteLine("  " + f);
            return 1;
        }
        return 0;
    }

    private List<CaseDef> Cases() =>
    [
        // Two pairs at scale 1 and above (a run is seconds); below it a run is a fraction of a second and two
        // pairs made the median a coin toss (0.89x and 1.36x in two quiet runs at scale 0.1).
        new("bulk", "Bulk insert of the whole workload (one transaction, fresh file)", (c, w) => c.BulkInsert(w), Reps(o.Scale < 1 ? 7 : 2), Bulk: true),
        new("python", "Posts tagged `python`, every row materialised", (c, w) => c.TaggedPython(w), Reps(15)),
        new("top100", "Tagged `python` AND (title LIKE 'A%' OR views > 90,000), ORDER BY views DESC, first 100", (c, w) => c.TaggedFilteredTop100(w), Reps(21)),
        new("pertag", "Count of posts per tag (every tag with its count, ordered by name)", (c, w) => c.CountPerTag(w), Reps(21)),
        new("having", "Posts with more than 3 tags with their tag count (HAVING), and their average views", (c, w) => c.ManyTags(w), Reps(15)),
        new("naive", "Tags of the first 2,000 posts, naive (N+1 queries)", (c, w) => c.TagsNaive(w), Reps(15)),
        new("prefetch", "Tags of the first 2,000 posts, prefetched (Include)", (c, w) => c.TagsPrefetched(w), Reps(21)),
        new("bio", "Users whose profile bio contains a word (OneToOne join)", (c, w) => c.ProfileBio(w), Reps(21)),
        new("fieldcmp", "Field-to-field comparison: views > id * 2 (F expression), every row materialised", (c, w) => c.FieldCompare(w), Reps(15)),
        new("links", "10,000 tag links added then removed (RelatedManager Add/Remove vs INSERT/DELETE), one transaction each", (c, w) => c.LinkAddRemove(w), Reps(9),
            Setup: (c, w) =>
            {
                // The writes of the previous contender's run are folded into the file first: otherwise the
                // WAL's automatic checkpoint lands in whichever run's commit crosses its threshold.
                Checkpoint(sharedPath!);
                c.PrepareLinks(w);
            }),
        new("stream", "Streaming every post, unordered (peak managed-heap growth reported)", (c, w) => c.StreamAll(w), Reps(7), Memory: true),
        new("projpython", "(id, title, views) of the posts tagged `python`, in id order (Values vs a three-field class)", (c, w) => c.PythonProjection(w), Reps(21)),
        new("projfieldcmp", "(id, title, views) of the posts with views > id * 2, in id order", (c, w) => c.FieldCompareProjection(w), Reps(15)),
        new("bioprofile", "Users whose profile bio contains a word, with their profile (Include Profile: one statement), unordered", (c, w) => c.ProfileBioWithProfile(w), Reps(21)),
        new("havingobj", "Posts with more than 3 tags with their tag count, as objects (annotate + filter on it)", (c, w) => c.ManyTagsObjects(w), Reps(15)),
        new("havinglist", "`having` with the (id, count) pairs as typed tuples (the engine's ValuesList, Django's values_list)", (c, w) => c.ManyTagsTuples(w), Reps(15)),
        new("projpythonlist", "`projpython` as typed tuples (ValuesList<long, string, long> vs a three-field class)", (c, w) => c.PythonProjectionTuples(w), Reps(21)),
        new("projfieldcmplist", "`projfieldcmp` as typed tuples (ValuesList<long, string, long>)", (c, w) => c.FieldCompareProjectionTuples(w), Reps(15)),
    ];

    private string? sharedPath;

    private static void Checkpoint(string path)
    {
        using var c = Connections.Open(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        cmd.ExecuteNonQuery();
    }

    internal static void CreateDatabase(string path)
    {
        // The schema is the engine's: RelDatabase.Open creates the tables, indexes and pragmas.
        RelDatabase.Open(path, BlogSchema.Models).Dispose();
    }

    internal static void DeleteDatabase(string path)
    {
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }

    private static void Collect() => PairedRuns.Collect();

    private void RunBulk(CaseDef c, IContender[] contenders, Workload w, Workload warm)
    {
        var n = 0;
        runs.RunBulk(c, contenders, w, warm,
            create: () =>
            {
                var path = Path.Combine(dir, $"bulk-{n++}.db");
                CreateDatabase(path);
                return path;
            },
            check: path =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                return Checks.BulkContent(path);
            },
            drop: DeleteDatabase);
    }

    private void RunCase(CaseDef c, IContender[] contenders, Workload w) => runs.RunCase(c, contenders, w);

    private void Finish(CaseDef c, List<Measurement> results, List<double>? ratios = null) => runs.Finish(c, results, ratios);

    internal static string F(double ms) => double.IsNaN(ms) ? "–" : ms >= 100 ? ms.ToString("N0", CultureInfo.InvariantCulture) : ms.ToString("N1", CultureInfo.InvariantCulture);

    private static string Ratio(double x, double baseline) => double.IsNaN(x) || double.IsNaN(baseline) || baseline <= 0 ? "–" : (x / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private static string Bytes(double perRow) => double.IsNaN(perRow) ? "–" : perRow.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The judged ratio's line at this scale: 1.2× at scale 1, 1.3× at the other scales (issue 15).</summary>
    private double Line => Math.Abs(o.Scale - 1.0) < 1e-9 ? 1.2 : 1.3;

    private string Markdown(TimeSpan elapsed, string loadStart, string loadEnd)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RelationsPS benchmark results").AppendLine();
        sb.AppendLine($"- Scale {o.Scale.ToString(CultureInfo.InvariantCulture)}{(o.Quick ? " (--quick)" : "")}{(o.CheckOnly ? " (--check-only: one run each, timings not meaningful)" : "")}; finished {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC in {elapsed.TotalMinutes:F1} min");
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} cores, {CpuModel()}, {MemoryGb()} RAM, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        sb.AppendLine($"- Load average (1/5/15 min) at start: {loadStart}; at end: {loadEnd}");
        sb.AppendLine($"- Times in ms (wall clock, Stopwatch), after {Warmups} warm-up run(s) per contender; raw ADO.NET and RelationsPS timed in pairs (ABBA order, a full GC before every call); " +
                      "paired ratio = median of the per-pair ratios RelationsPS / raw ADO.NET, spread = their min–max and interquartile range; B/row = bytes allocated by the call (median call) / rows of its result.").AppendLine();
        foreach (var (c, results, check, _) in report)
        {
            var baseline = results.First(r => r.Contender == "Raw ADO.NET").Median;
            sb.AppendLine($"## {c.Id}: {c.Title}").AppendLine();
            sb.AppendLine($"Result (checked equal for every contender): `{check}`; {c.Runs} timed run(s) each.").AppendLine();
            sb.AppendLine(c.Memory ? "| Contender | min | median | max | median × raw | B/row | peak heap growth |" : "| Contender | min | median | max | median × raw | B/row |");
            sb.AppendLine(c.Memory ? "|---|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|");
            foreach (var m in results)
            {
                var row = m.Error is not null
                    ? $"| {m.Contender} | failed | | | | |"
                    : $"| {m.Contender} | {F(m.Ms.DefaultIfEmpty(double.NaN).Min())} | {F(m.Median)} | {F(m.Ms.DefaultIfEmpty(double.NaN).Max())} | {Ratio(m.Median, baseline)} | {Bytes(m.BytesPerRow)} |";
                if (c.Memory) row += $" {m.MemoryGrowth / 1048576.0:F1} MB |";
                sb.AppendLine(row);
            }
            sb.AppendLine();
        }
        if (report.Count > 0)
        {
            var hasEf = report.Any(r => r.Results.Any(m => m.Contender == "EF Core"));
            sb.AppendLine("## Engine targets (issue 15: paired median within " + Line.ToString("0.0", CultureInfo.InvariantCulture) + "× of raw ADO.NET at this scale)").AppendLine();
            sb.AppendLine("| Case | RelationsPS median | raw ADO.NET median | paired ratio | min–max | IQR | pairs | B/row RelationsPS | B/row raw | alloc × | within " + Line.ToString("0.0", CultureInfo.InvariantCulture) + "× |" + (hasEf ? " EF Core | ahead of EF Core |" : ""));
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|" + (hasEf ? "---:|:---:|" : ""));
            int within = 0, ahead = 0;
            foreach (var (c, results, _, ratios) in report)
            {
                var eng = results.First(r => r.Contender == "RelationsPS");
                var ado = results.First(r => r.Contender == "Raw ADO.NET");
                var ef = results.FirstOrDefault(r => r.Contender == "EF Core");
                var paired = Stats.Median(ratios);
                var ok = paired <= Line;
                var a = ef is not null && eng.Median < ef.Median;
                if (ok) within++;
                if (a) ahead++;
                string R(double x) => double.IsNaN(x) ? "–" : x.ToString("0.00", CultureInfo.InvariantCulture);
                sb.AppendLine($"| {c.Id} | {F(eng.Median)} | {F(ado.Median)} | {R(paired)}× | {R(ratios.DefaultIfEmpty(double.NaN).Min())}–{R(ratios.DefaultIfEmpty(double.NaN).Max())} | {R(Stats.Quantile(ratios, 0.25))}–{R(Stats.Quantile(ratios, 0.75))} | {ratios.Count} | {Bytes(eng.BytesPerRow)} | {Bytes(ado.BytesPerRow)} | {R(eng.BytesPerRow / ado.BytesPerRow)}× | {(ok ? "met" : "**not met**")} |"
                    + (hasEf ? $" {F(ef?.Median ?? double.NaN)} | {(a ? "met" : "**not met**")} |" : ""));
            }
            sb.AppendLine();
            sb.AppendLine($"- Within {Line.ToString("0.0", CultureInfo.InvariantCulture)}× of raw ADO.NET (paired median) on every case: **{(within == report.Count ? "met" : "not met")}** ({within} of {report.Count} cases).");
            if (hasEf) sb.AppendLine($"- Ahead of EF Core on every case: **{(ahead == report.Count ? "met" : "not met")}** ({ahead} of {report.Count} cases).");
        }
        sb.AppendLine();
        if (powerShellSection is not null) sb.Append(powerShellSection);
        if (failures.Count > 0)
        {
            sb.AppendLine().AppendLine("## Result mismatches (the run failed)").AppendLine();
            foreach (var f in failures) sb.AppendLine("- " + f.Split('\n')[0]);
        }
        return sb.ToString();
    }

    /// <summary>
    /// --ps-worker: the PowerShell cases, in a process of their own (see <see cref="PowerShellProcess"/>);
    /// the markdown section goes to --out, mismatches to stderr and the exit code.
    /// </summary>
    private int RunPowerShellWorker(string shared)
    {
        Directory.CreateDirectory(dir);
        try
        {
            var cases = new PowerShellCases(dir, shared, Workload.Generate(o.Scale), Reps, Warmups > 0, failures);
            cases.Run(Selected);
            var sb = new StringBuilder();
            cases.Markdown(sb);
            if (o.Out is not null) File.WriteAllText(o.Out, sb.ToString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        foreach (var f in failures) Console.Error.WriteLine(PowerShellProcess.FailurePrefix + f.Replace('\n', ' '));
        return failures.Count > 0 ? 1 : 0;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { return RuntimeInformation.ProcessArchitecture.ToString(); }
    }

    private static string MemoryGb()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return $"{kb / 1048576.0:F1} GB";
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException) { return "? GB"; }
    }

    private static string LoadAverage()
    {
        try { return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }
}
