using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Benchmarks;

/// <summary>
/// --query-api (issue 14): bulk insert, bulk update and upsert through the engine next to raw ADO.NET
/// (Microsoft.Data.Sqlite, hand-written SQL, commands prepared once and reused), each on a fresh file
/// made by <see cref="RelDatabase.Open(string, ModelSet)"/>, one transaction per run, results checked.
/// Rows: posts as the blog workload makes them (title, body, views, created; no author, no tags).
/// </summary>
internal sealed class QueryApiBench(string dir, int rows, int runs)
{
    private readonly List<(string Case, string Contender, double Median, double Min, double Max, string Check)> results = [];
    private int fileNo;

    private string NewFile()
    {
        var path = Path.Combine(dir, $"qapi-{Environment.ProcessId}-{fileNo++}.db");
        using (RelDatabase.Open(path, BlogSchema.Models)) { }
        return path;
    }

    private static void Drop(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) if (File.Exists(f)) File.Delete(f);
    }

    private List<IReadOnlyDictionary<string, object?>> PostValues(int n, int offset = 0) =>
        [.. Enumerable.Range(offset, n).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["Title"] = "Post " + i, ["Body"] = "Body of post " + i, ["Views"] = (long)(i % 1000), ["Created"] = new DateTime(2024, 1, 1).AddMinutes(i),
        })];

    /// <summary>
    /// Runs <paramref name="timed"/> on a fresh setup per run (3 warm-ups first): the file is made and opened
    /// untimed (<paramref name="open"/>: the engine's open compares the schema), the work is timed, and
    /// <paramref name="check"/> reads the result afterwards, untimed. Records min/median/max ms.
    /// </summary>
    private void Measure<T>(string caseId, string contender, Func<string> setup, Func<string, T> open, Func<T, string?> timed, Func<string, string> check, bool record = true)
        where T : IDisposable
    {
        var times = new List<double>();
        string result = "";
        for (var r = -3; r < runs; r++)
        {
            var path = setup();
            string? extra;
            using (var handle = open(path))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var sw = Stopwatch.StartNew();
                extra = timed(handle);
                sw.Stop();
                if (r >= 0) times.Add(sw.Elapsed.TotalMilliseconds);
            }
            result = (extra is null ? "" : extra + ", ") + check(path);
            Drop(path);
        }
        times.Sort();
        if (!record) return;
        results.Add((caseId, contender, times[times.Count / 2], times[0], times[^1], result));
        Console.WriteLine($"  {caseId,-8} {contender,-46} median {times[times.Count / 2],8:F1} ms  ({result})");
    }

    private static RelDatabase Engine(string path) => RelDatabase.Open(path, BlogSchema.Models);

    private static string PostsChecked(string path) => Check(path, PostCheck);

    private static string TagsChecked(string path) => Check(path, TagCheck);

    private static string Check(string path, string sql)
    {
        using var c = Connections.Open(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }

    private const string PostCheck = "SELECT count(*) || ' rows, sum ' || total(views) || ', ' || sum(length(title)) FROM post";
    private const string TagCheck = "SELECT count(*) || ' tags, ' || sum(length(slug)) || ' slug chars' FROM tag";

    public string Run()
    {
        var values = PostValues(rows);
        Console.WriteLine($"query API: {rows:N0} rows, {runs} runs each");

        // ---- bulk insert -------------------------------------------------------------------
        // Whatever case ran first measured up to 4x slower than the same work later in the run (file
        // system and JIT settling on this shared machine): one unrecorded pass over both sides first.
        Measure("warm-up", "engine", NewFile, Engine, db => { db.BulkCreate("Post", values); return null; }, PostsChecked, record: false);
        Measure("warm-up", "ado", NewFile, Connections.Open, c => { using var cmd = c.CreateCommand(); cmd.CommandText = "SELECT count(*) FROM post"; cmd.ExecuteScalar(); return null; }, PostsChecked, record: false);
        Measure("insert", "RelationsPS BulkCreate (5 per statement, default)", NewFile, Engine, db =>
        {
            db.BulkCreate("Post", values);
            return null;
        }, PostsChecked);
        foreach (var per in new[] { 1, 20, 50 })
            Measure("insert", $"RelationsPS BulkCreate ({per} per statement)", NewFile, Engine, db =>
            {
                db.BulkRowsPerStatement = per;
                db.BulkCreate("Post", values);
                return null;
            }, PostsChecked);
        Measure("insert", "RelationsPS CreateMany (row by row)", NewFile, Engine, db =>
        {
            db.CreateMany(db.Models.Get("Post"), values);
            return null;
        }, PostsChecked);
        Measure("insert", "raw ADO.NET (prepared, row by row)", NewFile, Connections.Open, c =>
        {
            using var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO post (title, body, views, created, author_id) VALUES (@t, @b, @v, @c, NULL)";
            var t = cmd.Parameters.Add("@t", SqliteType.Text); var b = cmd.Parameters.Add("@b", SqliteType.Text);
            var v = cmd.Parameters.Add("@v", SqliteType.Integer); var cr = cmd.Parameters.Add("@c", SqliteType.Text);
            cmd.Prepare();
            foreach (var row in values)
            {
                t.Value = row["Title"]; b.Value = row["Body"]; v.Value = row["Views"];
                cr.Value = ((DateTime)row["Created"]!).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            return null;
        }, PostsChecked);
        Measure("insert", "raw ADO.NET (multi-row, 199 per statement)", NewFile, Connections.Open, c =>
        {
            using var tx = c.BeginTransaction();
            const int per = 199;
            SqliteCommand? full = null;
            for (var start = 0; start < values.Count; start += per)
            {
                var n = Math.Min(per, values.Count - start);
                var cmd = n == per && full is not null ? full : MultiRow(c, n);
                for (var i = 0; i < n; i++)
                {
                    var row = values[start + i];
                    cmd.Parameters[i * 4].Value = row["Title"]; cmd.Parameters[i * 4 + 1].Value = row["Body"];
                    cmd.Parameters[i * 4 + 2].Value = row["Views"];
                    cmd.Parameters[i * 4 + 3].Value = ((DateTime)row["Created"]!).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
                }
                cmd.ExecuteNonQuery();
                if (n == per) full = cmd; else cmd.Dispose();
            }
            full?.Dispose();
            tx.Commit();
            return null;
        }, PostsChecked);

        // ---- bulk update (every post's views + 1, every column written as the ORM writes it) -----
        string Loaded()
        {
            var path = NewFile();
            using var db = RelDatabase.Open(path, BlogSchema.Models);
            db.BulkCreate("Post", values);
            return path;
        }
        Measure("update", "RelationsPS BulkUpdate (5 per statement, default)", Loaded, Engine, db =>
        {
            var posts = db.Objects("Post").ToList(); // loaded as the objects a script changes; inside the timing, as Get | Set would
            foreach (var p in posts) p["Views"] = (long)p["Views"]! + 1;
            db.BulkUpdate(posts);
            return null;
        }, PostsChecked);
        foreach (var per in new[] { 1, 20, 50 })
            Measure("update", $"RelationsPS BulkUpdate ({per} per statement)", Loaded, Engine, db =>
            {
                db.BulkRowsPerStatement = per;
                var posts = db.Objects("Post").ToList();
                foreach (var p in posts) p["Views"] = (long)p["Views"]! + 1;
                db.BulkUpdate(posts);
                return null;
            }, PostsChecked);
        Measure("update", "RelationsPS Save per object", Loaded, Engine, db =>
        {
            var posts = db.Objects("Post").ToList();
            foreach (var p in posts) p["Views"] = (long)p["Views"]! + 1;
            db.InTransaction(() => { foreach (var p in posts) db.Save(p); });
            return null;
        }, PostsChecked);
        Measure("update", "raw ADO.NET (read, prepared UPDATE per row)", Loaded, Connections.Open, c =>
        {
            var read = new List<(long Id, string Title, string Body, long Views, string Created)>();
            using (var q = c.CreateCommand())
            {
                q.CommandText = "SELECT id, title, body, views, created FROM post ORDER BY id";
                using var r = q.ExecuteReader();
                while (r.Read()) read.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4)));
            }
            using var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE post SET title = @t, body = @b, views = @v, created = @c, author_id = NULL WHERE id = @id";
            var t = cmd.Parameters.Add("@t", SqliteType.Text); var b = cmd.Parameters.Add("@b", SqliteType.Text);
            var v = cmd.Parameters.Add("@v", SqliteType.Integer); var cr = cmd.Parameters.Add("@c", SqliteType.Text);
            var id = cmd.Parameters.Add("@id", SqliteType.Integer);
            cmd.Prepare();
            foreach (var p in read)
            {
                t.Value = p.Title; b.Value = p.Body; v.Value = p.Views + 1; cr.Value = p.Created; id.Value = p.Id;
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            return null;
        }, PostsChecked);

        // ---- upsert: 10,000 tags by name, half of them there already with another slug ------------
        string HalfTags()
        {
            var path = NewFile();
            using var db = RelDatabase.Open(path, BlogSchema.Models);
            db.BulkCreate("Tag", [.. Enumerable.Range(0, rows).Where(i => i % 2 == 0).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["Name"] = "t" + i, ["Slug"] = "old-" + i })]);
            return path;
        }
        var tags = Enumerable.Range(0, rows).Select(i => (Name: "t" + i, Slug: "slug-" + i)).ToList();
        Measure("upsert", "RelationsPS Upsert (ON CONFLICT, per row)", HalfTags, Engine, db =>
        {
            var tag = db.Models.Get("Tag");
            var created = 0;
            db.InTransaction(() =>
            {
                foreach (var (name, slug) in tags)
                    if (db.Upsert(tag, new Dictionary<string, object?> { ["Name"] = name, ["Slug"] = slug }, IfExists.Update).Created) created++;
            });
            return $"{created} created";
        }, TagsChecked);
        Measure("upsert", "raw ADO.NET (ON CONFLICT, prepared)", HalfTags, Connections.Open, c =>
        {
            using var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO tag (name, slug) VALUES (@n, @s) ON CONFLICT (name) DO UPDATE SET slug = excluded.slug RETURNING id";
            var n = cmd.Parameters.Add("@n", SqliteType.Text); var s = cmd.Parameters.Add("@s", SqliteType.Text);
            cmd.Prepare();
            long before;
            using (var q = c.CreateCommand()) { q.CommandText = "SELECT count(*) FROM tag"; before = (long)q.ExecuteScalar()!; }
            foreach (var (name, slug) in tags)
            {
                n.Value = name; s.Value = slug;
                cmd.ExecuteScalar();
            }
            tx.Commit();
            using var q2 = c.CreateCommand();
            q2.CommandText = "SELECT count(*) FROM tag";
            return $"{(long)q2.ExecuteScalar()! - before} created";
        }, TagsChecked);

        var failures = results.GroupBy(r => r.Case).Where(g => g.Select(r => r.Check).Distinct().Count() > 1).Select(g => g.Key).ToList();
        if (failures.Count > 0) Console.Error.WriteLine($"query API: contenders disagree on {string.Join(", ", failures)}");
        return Markdown(failures.Count == 0);
    }

    private static SqliteCommand MultiRow(SqliteConnection c, int n)
    {
        var cmd = c.CreateCommand();
        var sb = new StringBuilder("INSERT INTO post (title, body, views, created, author_id) VALUES ");
        for (var i = 0; i < n; i++)
        {
            sb.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@p{i * 4}, @p{i * 4 + 1}, @p{i * 4 + 2}, @p{i * 4 + 3}, NULL)");
            for (var k = 0; k < 4; k++) cmd.Parameters.Add(new SqliteParameter($"@p{i * 4 + k}", null));
        }
        cmd.CommandText = sb.ToString();
        return cmd;
    }

    private string Markdown(bool agreed)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Query API cases: {rows:N0} rows, {runs} runs (after 3 warm-ups), fresh file per run; all contenders agreed: {(agreed ? "yes" : "NO")}.");
        sb.AppendLine();
        sb.AppendLine("| case | contender | median ms | min | max | vs raw ADO.NET (best) | checked |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var g in results.GroupBy(r => r.Case))
        {
            var ado = g.Where(r => r.Contender.StartsWith("raw", StringComparison.Ordinal)).Min(r => r.Median);
            foreach (var r in g)
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Case} | {r.Contender} | {r.Median:F1} | {r.Min:F1} | {r.Max:F1} | {r.Median / ado:F2}× | {r.Check} |");
        }
        return sb.ToString();
    }
}
