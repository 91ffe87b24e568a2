using System.Diagnostics;
using RelationsPS.Benchmarks.Ef;

namespace RelationsPS.Benchmarks;

/// <summary>
/// The run order the SQLite and the PostgreSQL runs share; each rule came from a measured distortion
/// on this machine (BENCHMARKS.md): warm-up runs first; the raw contender and the engine timed in
/// pairs, raw first in even pairs and the engine first in odd ones (ABBA), each pair one ratio, a case
/// judged on the median of its ratios; a full collection before every call; the other contenders
/// (Dapper) after each pair; EF Core's runs after all of them, as a block. Results are checked: a
/// contender that disagrees with itself or with the first contender is a failure.
/// </summary>
internal sealed class PairedRuns(int warmups, int nameWidth, Func<IContender, bool> isRaw)
{
    public List<(CaseDef Case, List<Measurement> Results, string Check, List<double> Ratios)> Report { get; } = [];

    public List<string> Failures { get; } = [];

    public int Warmups => warmups;

    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    public void RunCase(CaseDef c, IContender[] contenders, Workload w)
    {
        Console.WriteLine($"[{c.Id}] {c.Title}");
        var results = contenders.Select(x => new Measurement(x.Name)).ToList();
        var raw = Array.FindIndex(contenders, x => isRaw(x));
        var engine = Array.FindIndex(contenders, x => x is EngineContender);
        var others = Enumerable.Range(0, contenders.Length).Where(k => k != raw && k != engine && contenders[k] is not EfContender).ToList();
        var last = Enumerable.Range(0, contenders.Length).Where(k => contenders[k] is EfContender).ToList();
        var ratios = new List<double>();
        for (var i = 0; i < warmups; i++)
            foreach (var k in new[] { raw, engine }.Concat(others)) WarmUp(c, contenders[k], w);
        for (var r = 0; r < c.Runs; r++)
        {
            var (first, second) = r % 2 == 0 ? (raw, engine) : (engine, raw);
            var a = Timed(c, contenders[first], results[first], w);
            var b = Timed(c, contenders[second], results[second], w);
            if (a is double ta && b is double tb)
                ratios.Add(first == engine ? ta / tb : tb / ta);
            foreach (var k in others) Timed(c, contenders[k], results[k], w);
        }
        foreach (var k in last)
        {
            for (var i = 0; i < warmups; i++) WarmUp(c, contenders[k], w);
            for (var r = 0; r < c.Runs; r++) Timed(c, contenders[k], results[k], w);
        }
        Finish(c, results, ratios);
    }

    /// <summary>
    /// The bulk insert: each call writes a fresh database that <paramref name="create"/> makes (its path or
    /// connection string), <paramref name="check"/> reads back and <paramref name="drop"/> removes; the
    /// contenders rotate in ABBA order too (the raw contender and the engine swap places).
    /// </summary>
    public void RunBulk(CaseDef c, IContender[] contenders, Workload w, Workload warm, Func<string> create, Func<string, Outcome> check, Action<string> drop)
    {
        Console.WriteLine($"[{c.Id}] {c.Title}");
        var results = contenders.Select(x => new Measurement(x.Name)).ToList();
        Outcome Once(IContender x, Workload load, Measurement? m)
        {
            var target = create();
            try
            {
                x.BeginBulk(target);
                Collect();
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                x.BulkInsert(load);
                var ms = sw.Elapsed.TotalMilliseconds;
                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                x.EndBulk();
                var outcome = check(target);
                if (m is not null)
                {
                    m.Ms.Add(ms);
                    m.Bytes.Add(allocated);
                    Console.WriteLine($"    {x.Name.PadRight(nameWidth)} {ms,10:F1} ms  {outcome.Key}");
                }
                return outcome;
            }
            finally
            {
                drop(target);
            }
        }
        for (var i = 0; i < warmups; i++)
            foreach (var x in contenders) Once(x, warm, null);
        var raw = Array.FindIndex(contenders, x => isRaw(x));
        var engine = Array.FindIndex(contenders, x => x is EngineContender);
        var ratios = new List<double>();
        for (var r = 0; r < c.Runs; r++)
        {
            var order = Enumerable.Range(0, contenders.Length).ToList();
            if (r % 2 == 1) (order[order.IndexOf(raw)], order[order.IndexOf(engine)]) = (engine, raw);
            foreach (var k in order) Record(c, results[k], () => Once(contenders[k], w, results[k]));
            if (results[raw].Ms.Count == r + 1 && results[engine].Ms.Count == r + 1) ratios.Add(results[engine].Ms[r] / results[raw].Ms[r]);
        }
        Finish(c, results, ratios);
    }

    private static void WarmUp(CaseDef c, IContender x, Workload w)
    {
        try { c.Setup?.Invoke(x, w); c.Run(x, w); } catch (Exception e) when (e is not OutOfMemoryException) { /* reported by the timed runs */ }
    }

    /// <summary>One timed call; its milliseconds, or null when it failed.</summary>
    private double? Timed(CaseDef c, IContender x, Measurement m, Workload w)
    {
        double? time = null;
        Record(c, m, () =>
        {
            c.Setup?.Invoke(x, w);
            Collect();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            var outcome = c.Run(x, w);
            var ms = sw.Elapsed.TotalMilliseconds;
            m.Bytes.Add(GC.GetAllocatedBytesForCurrentThread() - allocated);
            m.Ms.Add(ms);
            m.MemoryGrowth = Math.Max(m.MemoryGrowth, outcome.MemoryGrowth);
            time = ms;
            Console.WriteLine($"    {x.Name.PadRight(nameWidth)} {ms,10:F1} ms  {m.Bytes[^1] / 1048576.0,8:F2} MiB  {outcome.Key}{(c.Memory ? $"  heap growth {outcome.MemoryGrowth / 1048576.0:F1} MB" : "")}");
            return outcome;
        });
        return time;
    }

    private void Record(CaseDef c, Measurement m, Func<Outcome> run)
    {
        if (m.Error is not null) return;
        try
        {
            var outcome = run();
            if (m.Outcome is null) m.Outcome = outcome;
            else if (m.Outcome.Key != outcome.Key)
                Failures.Add($"{c.Id}: {m.Contender} gave different results on repeated runs: {m.Outcome.Key} vs {outcome.Key}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            m.Error = e.GetType().Name + ": " + e.Message;
            Failures.Add($"{c.Id}: {m.Contender} failed: {e}");
            Console.WriteLine($"    {m.Contender} FAILED: {e.GetType().Name}: {e.Message}");
        }
    }

    public void Finish(CaseDef c, List<Measurement> results, List<double>? ratios = null)
    {
        var reference = results[0].Outcome;
        var check = reference?.Key ?? "(no reference)";
        foreach (var m in results.Skip(1))
            if (m.Outcome is not null && reference is not null && m.Outcome.Key != reference.Key)
                Failures.Add($"{c.Id}: {m.Contender} disagrees with {results[0].Contender}: {m.Outcome.Key} vs {reference.Key}");
        Report.Add((c, results, check, ratios ?? []));
    }
}
