using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Benchmarks;

/// <summary>
/// --profile: where the engine's time goes on the read cases. For each query the engine runs, it
/// times the engine end to end, then the engine's own SQL run by hand (rows stepped only; every
/// column read), and the hand-written SQL, and prints the query plans.
/// </summary>
internal static class Profiler
{
    public static void Run(string path, Workload w)
    {
        using var db = RelDatabase.Open(path, BlogSchema.Models);
        using var c = Connections.Open(path);
        var posts = db.Objects("Post");
        var queries = new (string Name, Func<QuerySet> Query, string HandSql, object[] HandParams)[]
        {
            ("python", () => posts.Filter("Tags__Name", Workload.PythonTag), Sql.TaggedPython, [Workload.PythonTag]),
            ("top100", () => posts.Filter("Tags__Name", Workload.PythonTag)
                .Filter(Q.Keyword("Title__istartswith", Workload.TitlePrefix) | Q.Where("Views", Lookup.Gt, Workload.ViewsThreshold))
                .OrderBy("-Views").Take(100), Sql.TaggedFilteredTop100, [Workload.PythonTag, Workload.TitlePrefix + "%", Workload.ViewsThreshold]),
            ("having(rows)", () => posts.Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Gt, 3)), Sql.ManyTagsRows, []),
            ("fieldcmp", () => posts.Filter(Q.Where(new F("Views"), Lookup.Gt, new F("Id") * Workload.FieldFactor)), Sql.FieldCompare, [Workload.FieldFactor]),
            ("stream", () => posts, Sql.AllPosts, []),
            ("first2000", () => posts.Take(w.FirstPosts), Sql.FirstPosts, [w.FirstPosts]),
        };
        foreach (var (name, make, handSql, handParams) in queries)
        {
            var qs = make();
            var st = qs.Statement;
            Console.WriteLine($"== {name}\n   engine SQL: {st.Text}");
            Plan(c, st.Text, st.Parameters);
            Console.WriteLine($"   hand SQL:   {handSql}");
            Plan(c, handSql, HandNames(handSql, handParams));
            var engine = Time(() => qs.ToList().Count);
            var engineSqlStep = Time(() => Step(c, st.Text, st.Parameters, read: false));
            var engineSqlRead = Time(() => Step(c, st.Text, st.Parameters, read: true));
            var handStep = Time(() => Step(c, handSql, HandNames(handSql, handParams), read: false));
            var handRead = Time(() => Step(c, handSql, HandNames(handSql, handParams), read: true));
            Console.WriteLine($"   engine end-to-end {engine:F2} ms | engine SQL stepped {engineSqlStep:F2} ms, + GetValue per column {engineSqlRead:F2} ms | hand SQL stepped {handStep:F2} ms, read {handRead:F2} ms");
        }

        // The per-row cost of materialising (readers + RelObject) vs plain typed reads.
        var ms = Time(() => posts.Count(p => p.Id > 0));
        Console.WriteLine($"== materialise all posts via QuerySet: {ms:F2} ms");

        // Group and aggregate statements.
        Console.WriteLine("== Post-side Group by Tags.Name (values(tags__name).annotate(Count(id)): a NULL group for untagged posts) SQL and plan");
        db.Log.Clear();
        _ = posts.Group([("Tag", "Tags.Name")], [("Posts", Aggregate.Parse("Count(Id)"))]).ToList();
        foreach (var e in db.Log.Entries)
        {
            Console.WriteLine("   " + e.Sql);
            Plan(c, e.Sql, e.Parameters);
            Console.WriteLine($"   stepped by hand: {Time(() => Step(c, e.Sql, e.Parameters, read: false)):F2} ms; hand SQL (tags joined, grouped) {Time(() => Step(c, Sql.CountPerTagJoined, [], false)):F2} ms");
        }
        Console.WriteLine("== having Aggregate SQL and plan");
        db.Log.Clear();
        _ = posts.Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Gt, 3)).Aggregate(("AvgViews", "Avg(Views)"));
        foreach (var e in db.Log.Entries)
        {
            Console.WriteLine("   " + e.Sql);
            Plan(c, e.Sql, e.Parameters);
            Console.WriteLine($"   stepped by hand: {Time(() => Step(c, e.Sql, e.Parameters, read: false)):F2} ms; hand SQL {Time(() => Step(c, Sql.ManyTagsAvg, [], false)):F2} ms");
        }
        Console.WriteLine("== statements of one RelatedManager.Add / Remove in a transaction, and of Create(Post with 3 tags)");
        var post = posts.First();
        try { db.InTransaction(() =>
        {
            db.Log.Clear();
            post.Manager("Tags").Add((long)w.NewLinks[0].Tag + 1);
            post.Manager("Tags").Remove((long)w.NewLinks[0].Tag + 1);
            foreach (var e in db.Log.Entries) Console.WriteLine("   " + e.Sql);
            db.Log.Clear();
            var n = 2000;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++) post.Manager("Tags").Add((long)w.NewLinks[0].Tag + 1);
            Console.WriteLine($"   Add of an existing link: {sw.Elapsed.TotalMilliseconds * 1000 / n:F1} µs each; {db.Log.Count / (double)n:F1} logged statements each (savepoints not logged)");
            post.Manager("Tags").Remove((long)w.NewLinks[0].Tag + 1);
            var tags = db.Objects("Tag").Take(3).ToList();
            db.Log.Clear();
            sw.Restart();
            for (var i = 0; i < n; i++)
                db.Create("Post", new Dictionary<string, object?> { ["Title"] = "x", ["Body"] = "y", ["Views"] = 1L, ["Created"] = DateTime.UtcNow, ["AuthorId"] = 1L, ["Tags"] = tags });
            Console.WriteLine($"   Create(Post, 3 tags): {sw.Elapsed.TotalMilliseconds * 1000 / n:F1} µs each; {db.Log.Count / (double)n:F1} logged statements each");
            throw new OperationCanceledException("rollback");
        }); } catch (OperationCanceledException) { }
        Alternatives(c);
        Overheads(db, c);
    }

    /// <summary>SQL shapes the compiler could emit instead, timed on the same data (proposals in BENCHMARKS.md).</summary>
    private static void Alternatives(SqliteConnection c)
    {
        Console.WriteLine("== alternative SQL shapes (rows stepped)");
        var cols = "t0.\"id\", t0.\"title\", t0.\"body\", t0.\"views\", t0.\"created\", t0.\"author_id\"";
        var alts = new (string Name, string Sql, object?[] Ps)[]
        {
            ("python: engine (LEFT JOINs in the IN subquery)", $"SELECT {cols} FROM post t0 WHERE t0.id IN (SELECT t1.id FROM post t1 LEFT JOIN post_tags j2 ON j2.post_id = t1.id LEFT JOIN tag j3 ON j3.id = j2.tag_id WHERE j3.name = @p0) ORDER BY t0.id", [Workload.PythonTag]),
            ("python: INNER JOINs in the subquery", $"SELECT {cols} FROM post t0 WHERE t0.id IN (SELECT t1.id FROM post t1 JOIN post_tags j2 ON j2.post_id = t1.id JOIN tag j3 ON j3.id = j2.tag_id WHERE j3.name = @p0) ORDER BY t0.id", [Workload.PythonTag]),
            ("python: subquery from the join table", $"SELECT {cols} FROM post t0 WHERE t0.id IN (SELECT j2.post_id FROM post_tags j2 JOIN tag j3 ON j3.id = j2.tag_id WHERE j3.name = @p0) ORDER BY t0.id", [Workload.PythonTag]),
            ("having: engine (correlated COUNT twice, re-joining post)", $"SELECT t0.id, (SELECT COUNT(j2.tag_id) FROM post t1 LEFT JOIN post_tags j2 ON j2.post_id = t1.id WHERE t1.id = t0.id) FROM post t0 WHERE (SELECT COUNT(j4.tag_id) FROM post t3 LEFT JOIN post_tags j4 ON j4.post_id = t3.id WHERE t3.id = t0.id) > @p0 ORDER BY t0.id", [3L]),
            ("having: correlated COUNT on the join table only", "SELECT t0.id, (SELECT COUNT(*) FROM post_tags j WHERE j.post_id = t0.id) FROM post t0 WHERE (SELECT COUNT(*) FROM post_tags j WHERE j.post_id = t0.id) > @p0 ORDER BY t0.id", [3L]),
            ("having: LEFT JOIN a grouped derived table", "SELECT t0.id, IFNULL(a0.v, 0) FROM post t0 LEFT JOIN (SELECT post_id AS k, COUNT(tag_id) AS v FROM post_tags GROUP BY post_id) a0 ON a0.k = t0.id WHERE IFNULL(a0.v, 0) > @p0 ORDER BY t0.id", [3L]),
            ("pertag: engine (base CTE, re-join post, LEFT JOINs, GROUP BY name)", "WITH base AS (SELECT t0.id AS id FROM post t0) SELECT j3.name, COUNT(t1.id) FROM base b JOIN post t1 ON t1.id = b.id LEFT JOIN post_tags j2 ON j2.post_id = t1.id LEFT JOIN tag j3 ON j3.id = j2.tag_id GROUP BY j3.name ORDER BY j3.name", []),
            ("pertag: no CTE (no filters), LEFT JOINs, GROUP BY name", "SELECT j3.name, COUNT(t1.id) FROM post t1 LEFT JOIN post_tags j2 ON j2.post_id = t1.id LEFT JOIN tag j3 ON j3.id = j2.tag_id GROUP BY j3.name ORDER BY j3.name", []),
            ("pertag: group by the join table's key, then the name", "SELECT j3.name, COUNT(*) FROM post_tags j2 JOIN tag j3 ON j3.id = j2.tag_id GROUP BY j2.tag_id ORDER BY j3.name", []),
        };
        foreach (var (name, sql, ps) in alts)
            Console.WriteLine($"   {Time(() => Step(c, sql, ps, read: false)),8:F2} ms  {name}  ({Step(c, sql, ps, false)} rows)");
    }

    /// <summary>Fixed costs the engine adds per statement and per transaction level.</summary>
    private static void Overheads(RelDatabase db, SqliteConnection c)
    {
        Console.WriteLine("== fixed costs");
        const int n = 5000;
        using (var tx = c.BeginTransaction())
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                using (var cmd = c.CreateCommand()) { cmd.Transaction = tx; cmd.CommandText = "SAVEPOINT rel_sp1"; cmd.ExecuteNonQuery(); }
                using (var cmd = c.CreateCommand()) { cmd.Transaction = tx; cmd.CommandText = "RELEASE SAVEPOINT rel_sp1"; cmd.ExecuteNonQuery(); }
            }
            Console.WriteLine($"   SAVEPOINT + RELEASE, a new command each (RelDatabase.RawExecute): {sw.Elapsed.TotalMilliseconds * 1000 / n:F2} µs per level");
            using var s1 = c.CreateCommand(); s1.Transaction = tx; s1.CommandText = "SAVEPOINT rel_sp1";
            using var s2 = c.CreateCommand(); s2.Transaction = tx; s2.CommandText = "RELEASE SAVEPOINT rel_sp1";
            sw.Restart();
            for (var i = 0; i < n; i++) { s1.ExecuteNonQuery(); s2.ExecuteNonQuery(); }
            Console.WriteLine($"   SAVEPOINT + RELEASE, cached commands: {sw.Elapsed.TotalMilliseconds * 1000 / n:F2} µs per level");
            // The link statement of a one-target Add and the unlink of its Remove, as raw ADO.NET runs them
            // (a prepared command reused); compare with the engine's Add/Remove below.
            using var link = c.CreateCommand(); link.Transaction = tx;
            link.CommandText = "INSERT OR IGNORE INTO \"post_tags\" (\"post_id\", \"tag_id\") SELECT @p0, \"id\" FROM \"tag\" WHERE \"id\" = @p1";
            using var unlink = c.CreateCommand(); unlink.Transaction = tx;
            unlink.CommandText = "DELETE FROM \"post_tags\" WHERE \"post_id\" = @p0 AND \"tag_id\" = @p1";
            foreach (var cmd in new[] { link, unlink }) { cmd.Parameters.AddWithValue("@p0", 1L); cmd.Parameters.AddWithValue("@p1", 1L); }
            var tagId = Convert.ToInt64(new SqliteCommand("SELECT MAX(id) FROM tag", c, tx).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            link.Parameters[1].Value = unlink.Parameters[1].Value = tagId;
            sw.Restart();
            for (var i = 0; i < n; i++)
            {
                link.Parameters[0].Value = unlink.Parameters[0].Value = 1L + i;
                link.ExecuteNonQuery();
                unlink.ExecuteNonQuery();
            }
            Console.WriteLine($"   link + unlink through reused SqliteCommands: {sw.Elapsed.TotalMilliseconds * 1000 / n:F2} µs per pair");
            tx.Rollback();
        }
        // Rolled back at the end: the Add/Remove loop may remove links the workload has.
        try { db.InTransaction(() =>
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++) db.InTransaction(() => { });
            Console.WriteLine($"   db.InTransaction nested (savepoint) empty: {sw.Elapsed.TotalMilliseconds * 1000 / n:F2} µs");
            var st = new SqlStatement("SELECT 1", []);
            sw.Restart();
            for (var i = 0; i < n; i++) db.Scalar(st);
            Console.WriteLine($"   db.Scalar(SELECT 1) (cached command + log): {sw.Elapsed.TotalMilliseconds * 1000 / n:F2} µs");
            var owners = db.Objects("Post").Take(n).ToList();
            var target = db.Objects("Tag").OrderBy("-Id").First().Id!.Value;
            sw.Restart();
            foreach (var o in owners)
            {
                o.Manager("Tags").Add(target);
                o.Manager("Tags").Remove(target);
            }
            Console.WriteLine($"   RelatedManager Add + Remove of one id (native prepared statements, statuses, log): {sw.Elapsed.TotalMilliseconds * 1000 / n:F2} µs per pair");
            using var one = c.CreateCommand(); one.CommandText = "SELECT 1";
            sw.Restart();
            for (var i = 0; i < n; i++) one.ExecuteScalar();
            Console.WriteLine($"   raw ExecuteScalar(SELECT 1): {sw.Elapsed.TotalMilliseconds * 1000 / n:F2} µs");
            var post = db.Objects("Post").First();
            sw.Restart();
            for (var i = 0; i < n; i++) _ = post.Manager("Tags").Query().Statement;
            Console.WriteLine($"   RelatedManager.Query() build + compile (no execution): {sw.Elapsed.TotalMilliseconds * 1000 / n:F2} µs");
            sw.Restart();
            for (var i = 0; i < n; i++) foreach (var _ in post.Manager("Tags")) { }
            Console.WriteLine($"   enumerate post.Tags (3 rows): {sw.Elapsed.TotalMilliseconds * 1000 / n:F2} µs");
            throw new OperationCanceledException("rollback");
        }); } catch (OperationCanceledException) { }
    }

    private static double Time(Func<int> f)
    {
        f();
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            f();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    private static IReadOnlyList<object?> HandNames(string sql, object[] values) => values;

    private static SqliteCommand Command(SqliteConnection c, string sql, IReadOnlyList<object?> ps)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var names = System.Text.RegularExpressions.Regex.Matches(sql, @"@\w+").Select(m => m.Value).Distinct().ToList();
        for (var i = 0; i < names.Count; i++) cmd.Parameters.AddWithValue(names[i], ps[i] ?? DBNull.Value);
        return cmd;
    }

    private static int Step(SqliteConnection c, string sql, IReadOnlyList<object?> ps, bool read)
    {
        using var cmd = Command(c, sql, ps);
        using var r = cmd.ExecuteReader();
        var n = 0;
        while (r.Read())
        {
            n++;
            if (read) for (var i = 0; i < r.FieldCount; i++) _ = r.GetValue(i);
        }
        return n;
    }

    private static void Plan(SqliteConnection c, string sql, IReadOnlyList<object?> ps)
    {
        using var cmd = Command(c, "EXPLAIN QUERY PLAN " + sql, ps);
        using var r = cmd.ExecuteReader();
        while (r.Read()) Console.WriteLine("      plan: " + r.GetString(3));
    }
}
