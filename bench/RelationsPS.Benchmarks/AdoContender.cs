using Microsoft.Data.Sqlite;

namespace RelationsPS.Benchmarks;

/// <summary>Opens connections with the engine's pragmas (RelDatabase.Pragmas), so every contender runs on equal terms.</summary>
internal static class Connections
{
    public static SqliteConnection Open(string path)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        var c = new SqliteConnection(cs);
        c.Open();
        foreach (var pragma in RelationsPS.Core.Execution.RelDatabase.Pragmas)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA " + pragma;
            cmd.ExecuteNonQuery();
        }
        return c;
    }
}

/// <summary>Raw ADO.NET: Microsoft.Data.Sqlite, hand-written SQL, commands prepared once and reused (the practical limit).</summary>
internal sealed class AdoContender : IContender
{
    private SqliteConnection? conn;
    private SqliteConnection? bulk;
    private readonly Dictionary<string, SqliteCommand> commands = [];

    public string Name => "Raw ADO.NET";

    public void Open(string path) => conn = Connections.Open(path);

    private SqliteCommand Cmd(string sql, params string[] parameters)
    {
        if (!commands.TryGetValue(sql, out var cmd))
        {
            cmd = conn!.CreateCommand();
            cmd.CommandText = sql;
            foreach (var p in parameters) cmd.Parameters.Add(new SqliteParameter(p, null));
            cmd.Prepare();
            commands[sql] = cmd;
        }
        cmd.Transaction = null;
        return cmd;
    }

    private static PostRow ReadPost(SqliteDataReader r, int o = 0) => new()
    {
        Id = r.GetInt64(o),
        Title = r.GetString(o + 1),
        Body = r.GetString(o + 2),
        Views = r.GetInt64(o + 3),
        Created = r.GetDateTime(o + 4),
        AuthorId = r.IsDBNull(o + 5) ? null : r.GetInt64(o + 5),
    };

    private static List<PostRow> Posts(SqliteCommand cmd)
    {
        var list = new List<PostRow>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(ReadPost(r));
        return list;
    }

    private static Outcome PostsOutcome(List<PostRow> posts) => Checks.Posts(posts.Select(p => (p.Id, p.Views, p.Created)));

    public void BeginBulk(string path) => bulk = Connections.Open(path);

    public Outcome BulkInsert(Workload w)
    {
        var c = bulk!;
        using var tx = c.BeginTransaction();
        SqliteCommand Make(string sql, bool returning, params string[] ps)
        {
            var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql + (returning ? " RETURNING id" : "");
            foreach (var p in ps) cmd.Parameters.Add(new SqliteParameter(p, null));
            cmd.Prepare();
            return cmd;
        }
        using var tag = Make(Sql.InsertTag, true, "@name", "@slug");
        using var user = Make(Sql.InsertUser, true, "@userName");
        using var profile = Make(Sql.InsertProfile, false, "@userId", "@bio", "@website");
        using var post = Make(Sql.InsertPost, true, "@title", "@body", "@views", "@created", "@authorId");
        using var link = Make(Sql.InsertPostTag, false, "@postId", "@tagId");
        var tagIds = new long[w.Tags.Count];
        for (var i = 0; i < w.Tags.Count; i++)
        {
            tag.Parameters[0].Value = w.Tags[i].Name;
            tag.Parameters[1].Value = w.Tags[i].Slug;
            tagIds[i] = (long)tag.ExecuteScalar()!;
        }
        var userIds = new long[w.Users.Count];
        for (var i = 0; i < w.Users.Count; i++)
        {
            user.Parameters[0].Value = w.Users[i].UserName;
            userIds[i] = (long)user.ExecuteScalar()!;
        }
        foreach (var p in w.Profiles)
        {
            profile.Parameters[0].Value = userIds[p.UserIndex];
            profile.Parameters[1].Value = p.Bio;
            profile.Parameters[2].Value = p.Website;
            profile.ExecuteNonQuery();
        }
        long rows = 0;
        foreach (var p in w.Posts)
        {
            post.Parameters[0].Value = p.Title;
            post.Parameters[1].Value = p.Body;
            post.Parameters[2].Value = p.Views;
            post.Parameters[3].Value = Workload.DbDate(p.Created);
            post.Parameters[4].Value = p.AuthorIndex is int a ? userIds[a] : DBNull.Value;
            var id = (long)post.ExecuteScalar()!;
            foreach (var t in p.TagIndexes)
            {
                link.Parameters[0].Value = id;
                link.Parameters[1].Value = tagIds[t];
                rows += link.ExecuteNonQuery();
            }
        }
        tx.Commit();
        return new Outcome(rows, 0);
    }

    public void EndBulk()
    {
        bulk?.Dispose();
        bulk = null;
    }

    public Outcome TaggedPython(Workload w)
    {
        var cmd = Cmd(Sql.TaggedPython, "@tag");
        cmd.Parameters[0].Value = Workload.PythonTag;
        return PostsOutcome(Posts(cmd));
    }

    public Outcome TaggedFilteredTop100(Workload w)
    {
        var cmd = Cmd(Sql.TaggedFilteredTop100, "@tag", "@prefix", "@views");
        cmd.Parameters[0].Value = Workload.PythonTag;
        cmd.Parameters[1].Value = Workload.TitlePrefix + "%";
        cmd.Parameters[2].Value = Workload.ViewsThreshold;
        return PostsOutcome(Posts(cmd));
    }

    public Outcome CountPerTag(Workload w)
    {
        var cmd = Cmd(Sql.CountPerTag);
        var rows = new List<TagCountDto>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows.Add(new TagCountDto { Id = r.GetInt64(0), Name = r.GetString(1), Slug = r.GetString(2), PostCount = r.GetInt64(3) });
        return Checks.Groups(rows.Select(t => (t.Name, t.PostCount)));
    }

    public Outcome ManyTags(Workload w)
    {
        var cmd = Cmd(Sql.ManyTagsRows);
        var rows = new List<(long, long)>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows.Add((r.GetInt64(0), r.GetInt64(1)));
        var avg = Convert.ToDouble(Cmd(Sql.ManyTagsAvg).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        return Checks.ManyTags(rows, avg);
    }

    public Outcome TagsNaive(Workload w)
    {
        var first = Cmd(Sql.FirstPosts, "@n");
        first.Parameters[0].Value = w.FirstPosts;
        var posts = Posts(first);
        var tagsCmd = Cmd(Sql.TagsOfPost, "@post");
        var links = new List<(long, long)>();
        foreach (var p in posts)
        {
            tagsCmd.Parameters[0].Value = p.Id;
            var tags = new List<TagRowDto>();
            using var r = tagsCmd.ExecuteReader();
            while (r.Read()) tags.Add(new TagRowDto { Id = r.GetInt64(0), Name = r.GetString(1), Slug = r.GetString(2) });
            foreach (var t in tags) links.Add((p.Id, t.Id));
        }
        return Checks.Links(posts.Count, links);
    }

    public Outcome TagsPrefetched(Workload w)
    {
        var first = Cmd(Sql.FirstPosts, "@n");
        first.Parameters[0].Value = w.FirstPosts;
        var posts = Posts(first);
        var cmd = Cmd(Sql.TagsOfFirstPosts, "@n");
        cmd.Parameters[0].Value = w.FirstPosts;
        var byPost = new Dictionary<long, List<TagRowDto>>();
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var postId = r.GetInt64(0);
                if (!byPost.TryGetValue(postId, out var list)) byPost[postId] = list = [];
                list.Add(new TagRowDto { Id = r.GetInt64(1), Name = r.GetString(2), Slug = r.GetString(3) });
            }
        var links = new List<(long, long)>();
        foreach (var p in posts)
            if (byPost.TryGetValue(p.Id, out var tags))
                foreach (var t in tags) links.Add((p.Id, t.Id));
        return Checks.Links(posts.Count, links);
    }

    public Outcome ProfileBio(Workload w)
    {
        var cmd = Cmd(Sql.ProfileBio, "@pattern");
        cmd.Parameters[0].Value = "%" + Workload.BioWord + "%";
        var users = new List<UserRowDto>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) users.Add(new UserRowDto { Id = r.GetInt64(0), UserName = r.GetString(1) });
        return Checks.Users(users.Select(u => u.Id));
    }

    public Outcome FieldCompare(Workload w)
    {
        var cmd = Cmd(Sql.FieldCompare, "@k");
        cmd.Parameters[0].Value = Workload.FieldFactor;
        return PostsOutcome(Posts(cmd));
    }

    public void PrepareLinks(Workload w)
    {
        // The post ids are known (1..n): nothing to load.
    }

    public Outcome LinkAddRemove(Workload w)
    {
        long added = 0, removed = 0;
        foreach (var (sql, isAdd) in new[] { (Sql.AddLink, true), (Sql.RemoveLink, false) })
        {
            using var tx = conn!.BeginTransaction();
            var cmd = Cmd(sql, "@post", "@tag");
            cmd.Transaction = tx;
            foreach (var (p, t) in w.NewLinks)
            {
                cmd.Parameters[0].Value = (long)p + 1;
                cmd.Parameters[1].Value = (long)t + 1;
                var n = cmd.ExecuteNonQuery();
                if (isAdd) added += n; else removed += n;
            }
            tx.Commit();
            cmd.Transaction = null;
        }
        return new Outcome(added, removed);
    }

    public Outcome StreamAll(Workload w)
    {
        var mem = new MemorySampler();
        var cmd = Cmd(Sql.AllPosts);
        long n = 0, sum = 0;
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var p = ReadPost(r);
                sum = Checks.Unordered(sum, p.Id, p.Views);
                mem.Sample(++n);
            }
        return new Outcome(n, sum) { MemoryGrowth = mem.Growth };
    }

    private static List<PostSummary> Summaries(SqliteCommand cmd)
    {
        var list = new List<PostSummary>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(new PostSummary { Id = r.GetInt64(0), Title = r.GetString(1), Views = r.GetInt64(2) });
        return list;
    }

    public Outcome PythonProjection(Workload w)
    {
        var cmd = Cmd(Sql.PythonProjection, "@tag");
        cmd.Parameters[0].Value = Workload.PythonTag;
        return Checks.Projection(Summaries(cmd).Select(p => (p.Id, p.Title, p.Views)));
    }

    public Outcome FieldCompareProjection(Workload w)
    {
        var cmd = Cmd(Sql.FieldCompareProjection, "@k");
        cmd.Parameters[0].Value = Workload.FieldFactor;
        return Checks.Projection(Summaries(cmd).Select(p => (p.Id, p.Title, p.Views)));
    }

    public Outcome ProfileBioWithProfile(Workload w)
    {
        var cmd = Cmd(Sql.ProfileBioWithProfile, "@pattern");
        cmd.Parameters[0].Value = "%" + Workload.BioWord + "%";
        var users = new List<UserRowDto>();
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                users.Add(new UserRowDto
                {
                    Id = r.GetInt64(0),
                    UserName = r.GetString(1),
                    Profile = new ProfileRowDto { Id = r.GetInt64(2), UserId = r.GetInt64(3), Bio = r.GetString(4), Website = r.GetString(5) },
                });
        return Checks.UsersWithProfiles(users.Select(u => (u.Id, u.UserName, u.Profile!.Id, u.Profile.UserId, u.Profile.Bio, u.Profile.Website)));
    }

    public Outcome ManyTagsObjects(Workload w)
    {
        var cmd = Cmd(Sql.ManyTagsObjects);
        var rows = new List<(PostRow Post, long Count)>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows.Add((ReadPost(r), r.GetInt64(6)));
        return Checks.PostsWithCounts(rows.Select(x => (x.Post.Id, x.Post.Views, x.Post.Created, x.Count)));
    }

    public void Dispose()
    {
        foreach (var c in commands.Values) c.Dispose();
        commands.Clear();
        conn?.Dispose();
        bulk?.Dispose();
    }
}
