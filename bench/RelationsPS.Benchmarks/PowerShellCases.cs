using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using Microsoft.Data.Sqlite;

namespace RelationsPS.Benchmarks;

/// <summary>
/// One side of a PowerShell case. <see cref="Setup"/> (untimed) prepares a run and returns the
/// script's variables; <see cref="Script"/> is what is timed; <see cref="Check"/> (untimed) says
/// what the run produced, compared with the other side.
/// </summary>
internal sealed record PsSide(
    string Name,
    string Script,
    Func<int, IReadOnlyDictionary<string, object?>> Setup,
    Func<int, Outcome> Check);

/// <summary>
/// A PowerShell case of PRODUCT §6: the cmdlet way and the hand-written way in the same engine.
/// The ratio is <c>First / Second</c> of the medians, compared with the target.
/// </summary>
internal sealed record PsCase(string Id, string Title, int Runs, PsSide First, PsSide Second, string RatioText, string Target, Func<double, bool>? Met);

/// <summary>What the report needs of a case once it ran.</summary>
internal sealed record PsResult(string Id, string Title, int Runs, string RatioText, string Target, Func<double, bool>? Met);

/// <summary>
/// Runs the PowerShell cases (issue 6): <c>Get-Post -Tag python</c> vs a SqliteDataReader loop,
/// <c>-Filter</c> pushdown vs <c>Where-Object</c> at 1% selectivity, <c>Add-PostTag</c> for 10,000
/// links from the pipeline and rows piped into <c>New-Post</c>, each against hand-written PowerShell
/// over Microsoft.Data.Sqlite. Write cases start every run from a fresh copy of a template file, one
/// file per side, so the module's SQLite and this process's never write to the same file.
/// </summary>
internal sealed class PowerShellCases(string dir, string shared, Workload w, Func<int, int> reps, bool warmUp, List<string> failures)
{
    private readonly List<(PsResult Case, Measurement First, Measurement Second)> results = [];
    private PowerShellHost? host;
    private SqliteConnection? reader;

    public static readonly string[] Ids = ["ps-tag", "ps-filter", "ps-addtag", "ps-newpost"];

    /// <summary>Views above this value: 1% of the posts (the pushdown case's selectivity).</summary>
    private long OnePercentViews => w.Posts.Select(p => p.Views).OrderDescending().ElementAt(Math.Max(0, w.Posts.Count / 100));

    public void Run(Func<string, bool> selected)
    {
        if (!Ids.Any(selected)) return;
        var sw = Stopwatch.StartNew();
        host = new PowerShellHost();
        Console.WriteLine($"PowerShell {host.Invoke("$PSVersionTable.PSVersion.ToString()").Single()} hosted, RelationsPS imported in {sw.ElapsedMilliseconds} ms");
        reader = Open(shared);
        var cases = Cases().Where(c => selected(c.Id)).ToList();
        Console.WriteLine($"PowerShell worker: managed heap {GC.GetTotalMemory(true) / 1048576.0:F0} MB before the cases");
        host.Invoke("Connect-RelDatabase -Path $path", Vars(("path", shared)));
        try
        {
            // Each case's inputs are built just before it runs (New-Post's 100,000 rows are not alive
            // while the read cases run) and collected after it.
            foreach (var c in cases)
            {
                RunCase(c.Make());
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
            }
        }
        finally
        {
            host.Invoke("Disconnect-RelDatabase");
            reader.Dispose();
            host.Dispose();
        }
    }

    private List<(string Id, Func<PsCase> Make)> Cases()
    {
        var views = OnePercentViews;
        const string handPosts = """
            & {
                $cmd = $conn.CreateCommand()
                $cmd.CommandText = $sql
                $null = $cmd.Parameters.AddWithValue('@tag', 'python')
                $r = $cmd.ExecuteReader()
                try {
                    while ($r.Read()) {
                        [pscustomobject]@{
                            Id = $r.GetInt64(0); Title = $r.GetString(1); Body = $r.GetString(2); Views = $r.GetInt64(3)
                            Created = $r.GetDateTime(4); AuthorId = if ($r.IsDBNull(5)) { $null } else { $r.GetInt64(5) }
                        }
                    }
                } finally { $r.Dispose(); $cmd.Dispose() }
            }
            """;
        var readVars = Vars(("conn", reader), ("sql", Sql.TaggedPython));
        return
        [
            ("ps-tag", () => Read("ps-tag", "`Get-Post -Tag python | Out-Null` vs a hand-written SqliteDataReader loop emitting objects", reps(7),
                "Get-Post -Tag python", handPosts, readVars, "cmdlet / hand loop", "≤ 3× (PRODUCT §6)", r => r <= 3)),
            ("ps-filter", () => Read("ps-filter", $"`Get-Post | Where-Object {{ $_.Views -gt {views} }}` vs `Get-Post -Filter {{ $_.Views -gt {views} }}` (1% of posts)", reps(5),
                $"Get-Post | Where-Object {{ $_.Views -gt {views} }}", $"Get-Post -Filter {{ $_.Views -gt {views} }}", readVars,
                "Where-Object / -Filter", "≥ 50× (PRODUCT §6)", r => r >= 50)),
            ("ps-addtag", AddTag),
            ("ps-newpost", NewPost),
        ];
    }

    /// <summary>A read case: both sides stream to Out-Null when timed; the check counts the ids they emit.</summary>
    private PsCase Read(string id, string title, int runs, string first, string second, IReadOnlyDictionary<string, object?> vars,
        string ratio, string target, Func<double, bool> met)
    {
        PsSide Side(string name, string producer) => new(name, producer + " | Out-Null", _ => vars,
            _ => IdsOutcome(host!.Invoke("$n = 0; $s = 0; " + producer + " | ForEach-Object { $n++; $s += $_.Id }; $n; $s", vars)));
        var firstName = id == "ps-filter" ? "Where-Object" : "Get-Post";
        var secondName = id == "ps-filter" ? "-Filter" : "hand-written";
        return new PsCase(id, title, runs, Side(firstName, first), Side(secondName, second), ratio, target, met);
    }

    private static Outcome IdsOutcome(IReadOnlyList<PSObject> output) =>
        new(Convert.ToInt64(output[0].BaseObject, CultureInfo.InvariantCulture), Convert.ToInt64(output[1].BaseObject, CultureInfo.InvariantCulture));

    /// <summary>
    /// 10,000 posts (as objects) piped into Add-PostTag with one tag name, vs a ForEach-Object loop of a
    /// prepared INSERT in one transaction. The tag is the least used one; the posts are the first
    /// that do not carry it.
    /// </summary>
    private PsCase AddTag()
    {
        var tagIndex = w.Tags.Count - 1;
        var tag = w.Tags[tagIndex].Name;
        var ids = Enumerable.Range(0, w.Posts.Count).Where(i => !w.Posts[i].TagIndexes.Contains(tagIndex))
            .Take(w.NewLinks.Count).Select(i => (long)i + 1).ToArray();
        var template = Path.Combine(dir, "ps-addtag-template.db");
        var count = ids.Length.ToString("N0", CultureInfo.InvariantCulture);
        string RunFile(string side) => Path.Combine(dir, $"ps-addtag-{side}.db");
        const string check = "SELECT COUNT(*), COALESCE(SUM(pt.post_id), 0), (SELECT COUNT(*) FROM post_tags) FROM post_tags pt JOIN tag t ON t.id = pt.tag_id WHERE t.name = @a";

        var cmdlet = new PsSide("Add-PostTag", "$posts | Add-PostTag -Tag $tag",
            _ =>
            {
                Fresh(template, RunFile("cmdlet"), () => CopyDatabase(shared, template));
                host!.Invoke("Disconnect-RelDatabase; Connect-RelDatabase -Path $path; $posts = @(Get-Post -Id $ids)", Vars(("path", RunFile("cmdlet")), ("ids", ids)));
                return Vars(("tag", tag));
            },
            _ =>
            {
                host!.Invoke("Disconnect-RelDatabase; Connect-RelDatabase -Path $path; $posts = $null", Vars(("path", shared)));
                return FileOutcome(RunFile("cmdlet"), check, tag);
            });
        SqliteConnection? hand = null;
        var handSide = new PsSide("hand-written", """
            $tx = $conn.BeginTransaction()
            $cmd = $conn.CreateCommand()
            $cmd.Transaction = $tx
            $cmd.CommandText = 'INSERT OR IGNORE INTO post_tags (post_id, tag_id) SELECT @post, id FROM tag WHERE name = @tag'
            $post = $cmd.Parameters.AddWithValue('@post', 0)
            $null = $cmd.Parameters.AddWithValue('@tag', $tag)
            $posts | ForEach-Object { $post.Value = $_.Id; $null = $cmd.ExecuteNonQuery() }
            $tx.Commit()
            $cmd.Dispose()
            """,
            _ =>
            {
                Fresh(template, RunFile("hand"), () => CopyDatabase(shared, template));
                hand = Open(RunFile("hand"));
                // The same post objects as the cmdlet gets (their ids are all the loop reads), from the shared file.
                host!.Invoke("$posts = @(Get-Post -Id $ids)", Vars(("ids", ids)));
                return Vars(("conn", hand), ("tag", tag));
            },
            _ =>
            {
                hand?.Dispose();
                host!.Invoke("$posts = $null");
                return FileOutcome(RunFile("hand"), check, tag);
            });
        return new PsCase("ps-addtag", $"{count} posts piped into `Add-PostTag -Tag {tag}` vs a hand-written prepared INSERT loop (one transaction)",
            reps(3), cmdlet, handSide, "cmdlet / hand loop", "none in §6 (reported)", null);
    }

    /// <summary>
    /// Every workload post as a row (Title, Body, Views, Tag names) piped into New-Post, vs a hand-written
    /// loop: INSERT ... RETURNING id, then one INSERT per tag link, tag ids from a hashtable, one transaction.
    /// The files start with the tags only.
    /// </summary>
    private PsCase NewPost()
    {
        var template = Path.Combine(dir, "ps-newpost-template.db");
        var rows = w.Posts.Select(p =>
        {
            var row = new PSObject();
            row.Properties.Add(new PSNoteProperty("Title", p.Title));
            row.Properties.Add(new PSNoteProperty("Body", p.Body));
            row.Properties.Add(new PSNoteProperty("Views", (int)p.Views));
            row.Properties.Add(new PSNoteProperty("Tag", p.TagIndexes.Select(t => w.Tags[t].Name).ToArray()));
            return row;
        }).ToArray();
        string RunFile(string side) => Path.Combine(dir, $"ps-newpost-{side}.db");
        const string check = "SELECT COUNT(*), COALESCE(SUM(views), 0) + COALESCE(SUM(length(title) + length(body)), 0) * 1000003, " +
                             "(SELECT COUNT(*) * 1000003 + COALESCE(SUM(tag_id), 0) FROM post_tags) FROM post WHERE @a IS NOT NULL";
        void MakeTemplate()
        {
            Bench.CreateDatabase(template);
            using var c = Open(template);
            using var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = Sql.InsertTag;
            var name = cmd.Parameters.Add("@name", SqliteType.Text);
            var slug = cmd.Parameters.Add("@slug", SqliteType.Text);
            foreach (var t in w.Tags)
            {
                name.Value = t.Name;
                slug.Value = t.Slug;
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }

        var cmdlet = new PsSide("New-Post", "$rows | New-Post | Out-Null",
            _ =>
            {
                Fresh(template, RunFile("cmdlet"), MakeTemplate);
                host!.Invoke("Disconnect-RelDatabase; Connect-RelDatabase -Path $path", Vars(("path", RunFile("cmdlet"))));
                return Vars(("rows", rows));
            },
            _ =>
            {
                host!.Invoke("Disconnect-RelDatabase; Connect-RelDatabase -Path $path", Vars(("path", shared)));
                return FileOutcome(RunFile("cmdlet"), check, "x");
            });
        SqliteConnection? hand = null;
        var handSide = new PsSide("hand-written", """
            $tx = $conn.BeginTransaction()
            $tagIds = @{}
            $q = $conn.CreateCommand()
            $q.Transaction = $tx
            $q.CommandText = 'SELECT id, name FROM tag'
            $r = $q.ExecuteReader()
            while ($r.Read()) { $tagIds[$r.GetString(1)] = $r.GetInt64(0) }
            $r.Dispose()
            $post = $conn.CreateCommand()
            $post.Transaction = $tx
            $post.CommandText = 'INSERT INTO post (title, body, views, created) VALUES (@title, @body, @views, @created) RETURNING id'
            $title = $post.Parameters.AddWithValue('@title', '')
            $body = $post.Parameters.AddWithValue('@body', '')
            $views = $post.Parameters.AddWithValue('@views', 0)
            $created = $post.Parameters.AddWithValue('@created', '')
            $link = $conn.CreateCommand()
            $link.Transaction = $tx
            $link.CommandText = 'INSERT INTO post_tags (post_id, tag_id) VALUES (@post, @tag)'
            $linkPost = $link.Parameters.AddWithValue('@post', 0)
            $linkTag = $link.Parameters.AddWithValue('@tag', 0)
            $rows | ForEach-Object {
                $title.Value = $_.Title; $body.Value = $_.Body; $views.Value = $_.Views
                $created.Value = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm:ss.fffffff') + 'Z'
                $linkPost.Value = $post.ExecuteScalar()
                foreach ($name in $_.Tag) { $linkTag.Value = $tagIds[$name]; $null = $link.ExecuteNonQuery() }
            }
            $tx.Commit()
            """,
            _ =>
            {
                Fresh(template, RunFile("hand"), MakeTemplate);
                hand = Open(RunFile("hand"));
                return Vars(("conn", hand), ("rows", rows));
            },
            _ =>
            {
                hand?.Dispose();
                return FileOutcome(RunFile("hand"), check, "x");
            });
        return new PsCase("ps-newpost", $"{rows.Length:N0} rows (Title, Body, Views, Tag names) piped into `New-Post` vs a hand-written INSERT loop (one transaction)",
            reps(2), cmdlet, handSide, "cmdlet / hand loop", "none in §6 (reported)", null);
    }

    private void RunCase(PsCase c)
    {
        Console.WriteLine($"[{c.Id}] {c.Title}");
        var first = new Measurement(c.First.Name);
        var second = new Measurement(c.Second.Name);
        // Each side's runs are a block after its own warm-up run: a run right after the other side's
        // (Where-Object's 100,000 objects, New-Post's writes) was measured up to half again slower.
        foreach (var (side, m) in new[] { (c.First, first), (c.Second, second) })
        {
            if (warmUp) Once(c, side, null, -1);
            for (var r = 0; r < c.Runs; r++) Once(c, side, m, r);
        }
        if (first.Outcome is not null && second.Outcome is not null && first.Outcome.Key != second.Outcome.Key)
            failures.Add($"{c.Id}: {first.Contender} and {second.Contender} disagree: {first.Outcome.Key} vs {second.Outcome.Key}");
        // Not the case itself: its sides' closures hold the case's inputs (New-Post's rows).
        results.Add((new PsResult(c.Id, c.Title, c.Runs, c.RatioText, c.Target, c.Met), first, second));
    }

    /// <summary>One run of one side; the check runs after the first timed run (and after every write run, whose file it reads).</summary>
    private void Once(PsCase c, PsSide side, Measurement? m, int run)
    {
        if (m?.Error is not null) return;
        try
        {
            var vars = side.Setup(run);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var sw = Stopwatch.StartNew();
            host!.Invoke(side.Script, vars);
            var ms = sw.Elapsed.TotalMilliseconds;
            var isWrite = c.Id is "ps-addtag" or "ps-newpost";
            var outcome = isWrite || run == 0 ? side.Check(run) : null;
            if (m is null) return;
            m.Ms.Add(ms);
            if (outcome is not null)
            {
                if (m.Outcome is null) m.Outcome = outcome;
                else if (m.Outcome.Key != outcome.Key) failures.Add($"{c.Id}: {m.Contender} gave different results on repeated runs: {m.Outcome.Key} vs {outcome.Key}");
            }
            Console.WriteLine($"    {side.Name,-14} {ms,10:F1} ms{(outcome is null ? "" : "  " + outcome.Key)}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var name = m?.Contender ?? side.Name + " (warm-up)";
            if (m is not null) m.Error = e.GetType().Name + ": " + e.Message;
            failures.Add($"{c.Id}: {name} failed: {e}");
            Console.WriteLine($"    {name} FAILED: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The markdown section: medians, the ratio of each case and its target.</summary>
    public void Markdown(System.Text.StringBuilder sb)
    {
        if (results.Count == 0) return;
        sb.AppendLine("## PowerShell cases (hosted PowerShell 7 engine, one runspace)").AppendLine();
        sb.AppendLine("| Case | first | median ms | second | median ms | ratio | value | target | met |");
        sb.AppendLine("|---|---|---:|---|---:|---|---:|---|:---:|");
        foreach (var (c, first, second) in results)
        {
            var ratio = first.Median / second.Median;
            var value = double.IsNaN(ratio) || first.Error is not null || second.Error is not null ? "–" : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
            var met = c.Met is null ? "–" : value == "–" ? "**not met**" : c.Met(ratio) ? "met" : "**not met**";
            sb.AppendLine($"| {c.Id} | {first.Contender} | {Bench.F(first.Median)} | {second.Contender} | {Bench.F(second.Median)} | {c.RatioText} | {value} | {c.Target} | {met} |");
        }
        sb.AppendLine();
        foreach (var (c, first, second) in results)
            sb.AppendLine($"- {c.Id}: {c.Title}; {c.Runs} timed run(s) per side; result (checked equal on both sides): `{first.Outcome?.Key ?? "–"}`.");
        sb.AppendLine();
    }

    private static IReadOnlyDictionary<string, object?> Vars(params (string Name, object? Value)[] pairs) => pairs.ToDictionary(p => p.Name, p => p.Value);

    // Files the cases read and write are opened as every contender's connection is.
    private static SqliteConnection Open(string path) => Connections.Open(path);

    /// <summary>A fresh copy of the template (made on first use) for one run.</summary>
    private static void Fresh(string template, string target, Action makeTemplate)
    {
        if (!File.Exists(template)) makeTemplate();
        Bench.DeleteDatabase(target);
        File.Copy(template, target);
    }

    /// <summary>A consistent single-file copy (VACUUM INTO folds the WAL in).</summary>
    private static void CopyDatabase(string from, string to)
    {
        using var c = Open(from);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "VACUUM INTO @to";
        cmd.Parameters.AddWithValue("@to", to);
        cmd.ExecuteNonQuery();
    }

    private static Outcome FileOutcome(string path, string sql, string arg)
    {
        using var c = Open(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("@a", arg);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new Outcome(r.GetInt64(0), r.GetInt64(1), "links=" + r.GetInt64(2).ToString(CultureInfo.InvariantCulture));
    }
}
