using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace RelationsPS.Benchmarks.Postgres;

/// <summary>
/// Raw Npgsql: hand-written SQL (<see cref="PgSql"/>), commands with typed positional parameters,
/// prepared once on the connection and reused (the practical limit of ADO.NET on PostgreSQL); bulk
/// insert is binary COPY, PostgreSQL's fastest way in.
/// </summary>
internal sealed class NpgsqlContender : IContender
{
    private NpgsqlConnection? conn;
    private NpgsqlConnection? bulk;
    private readonly Dictionary<string, NpgsqlCommand> commands = [];

    public string Name => "Raw Npgsql";

    public void Open(string connectionString) => conn = PgConnections.Open(connectionString);

    private NpgsqlCommand Cmd(string sql, params NpgsqlDbType[] parameters)
    {
        if (!commands.TryGetValue(sql, out var cmd))
        {
            cmd = new NpgsqlCommand(sql, conn);
            foreach (var t in parameters) cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = t });
            cmd.Prepare();
            commands[sql] = cmd;
        }
        return cmd;
    }

    private static PostRow ReadPost(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Title = r.GetString(1),
        Body = r.GetString(2),
        Views = r.GetInt64(3),
        Created = r.GetDateTime(4),
        AuthorId = r.IsDBNull(5) ? null : r.GetInt64(5),
    };

    private static List<PostRow> Posts(NpgsqlCommand cmd)
    {
        var list = new List<PostRow>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(ReadPost(r));
        return list;
    }

    private static Outcome PostsOutcome(List<PostRow> posts) => Checks.Posts(posts.Select(p => (p.Id, p.Views, p.Created)));

    public void BeginBulk(string connectionString) => bulk = PgConnections.Open(connectionString);

    /// <summary>
    /// Binary COPY per table in one transaction. COPY returns no ids: tags and users are read back by
    /// their unique names, posts by id order (one COPY into a fresh table draws its identity values in
    /// row order; the content check joins links to posts and tags, so a wrong mapping would show).
    /// </summary>
    public Outcome BulkInsert(Workload w)
    {
        var c = bulk!;
        using var tx = c.BeginTransaction();
        var types = PgColumns.Read(c);

        using (var copy = c.BeginBinaryImport("COPY tag (name, slug) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var t in w.Tags)
            {
                copy.StartRow();
                copy.Write(t.Name, NpgsqlDbType.Varchar);
                copy.Write(t.Slug, NpgsqlDbType.Varchar);
            }
            copy.Complete();
        }
        var tagIdByName = IdsByKey(c, "SELECT name, id FROM tag");
        var tagIds = w.Tags.Select(t => tagIdByName[t.Name]).ToArray();

        using (var copy = c.BeginBinaryImport("COPY \"user\" (user_name) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var u in w.Users)
            {
                copy.StartRow();
                copy.Write(u.UserName, NpgsqlDbType.Varchar);
            }
            copy.Complete();
        }
        var userIdByName = IdsByKey(c, "SELECT user_name, id FROM \"user\"");
        var userIds = w.Users.Select(u => userIdByName[u.UserName]).ToArray();

        using (var copy = c.BeginBinaryImport("COPY profile (user_id, bio, website) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var p in w.Profiles)
            {
                copy.StartRow();
                types.WriteInteger(copy, "profile", "user_id", userIds[p.UserIndex]);
                copy.Write(p.Bio, NpgsqlDbType.Text);
                copy.Write(p.Website, NpgsqlDbType.Varchar);
            }
            copy.Complete();
        }

        using (var copy = c.BeginBinaryImport("COPY post (title, body, views, created, author_id) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var p in w.Posts)
            {
                copy.StartRow();
                copy.Write(p.Title, NpgsqlDbType.Varchar);
                copy.Write(p.Body, NpgsqlDbType.Text);
                types.WriteInteger(copy, "post", "views", p.Views);
                types.WriteDateTime(copy, "post", "created", p.Created);
                if (p.AuthorIndex is int a) types.WriteInteger(copy, "post", "author_id", userIds[a]);
                else copy.WriteNull();
            }
            copy.Complete();
        }
        var postIds = new List<long>(w.Posts.Count);
        using (var cmd = new NpgsqlCommand("SELECT id FROM post ORDER BY id", c, tx))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) postIds.Add(r.GetInt64(0));
        if (postIds.Count != w.Posts.Count) throw new InvalidOperationException($"COPY wrote {postIds.Count} posts, not {w.Posts.Count}.");

        ulong rows;
        using (var copy = c.BeginBinaryImport("COPY post_tags (post_id, tag_id) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < w.Posts.Count; i++)
                foreach (var t in w.Posts[i].TagIndexes)
                {
                    copy.StartRow();
                    types.WriteInteger(copy, "post_tags", "post_id", postIds[i]);
                    types.WriteInteger(copy, "post_tags", "tag_id", tagIds[t]);
                }
            rows = copy.Complete();
        }
        tx.Commit();
        return new Outcome((long)rows, 0);
    }

    private static Dictionary<string, long> IdsByKey(NpgsqlConnection c, string sql)
    {
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        using var cmd = new NpgsqlCommand(sql, c);
        using var r = cmd.ExecuteReader();
        while (r.Read()) map[r.GetString(0)] = r.GetInt64(1);
        return map;
    }

    public void EndBulk()
    {
        bulk?.Dispose();
        bulk = null;
    }

    public Outcome TaggedPython(Workload w)
    {
        var cmd = Cmd(PgSql.TaggedPython, NpgsqlDbType.Text);
        cmd.Parameters[0].Value = Workload.PythonTag;
        return PostsOutcome(Posts(cmd));
    }

    public Outcome TaggedFilteredTop100(Workload w)
    {
        var cmd = Cmd(PgSql.TaggedFilteredTop100, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint);
        cmd.Parameters[0].Value = Workload.PythonTag;
        cmd.Parameters[1].Value = Workload.TitlePrefix + "%";
        cmd.Parameters[2].Value = Workload.ViewsThreshold;
        return PostsOutcome(Posts(cmd));
    }

    public Outcome CountPerTag(Workload w)
    {
        var cmd = Cmd(PgSql.CountPerTag);
        var rows = new List<TagCountDto>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows.Add(new TagCountDto { Id = r.GetInt64(0), Name = r.GetString(1), Slug = r.GetString(2), PostCount = r.GetInt64(3) });
        return Checks.Groups(rows.Select(t => (t.Name, t.PostCount)));
    }

    public Outcome ManyTags(Workload w)
    {
        var cmd = Cmd(PgSql.ManyTagsRows);
        var rows = new List<(long, long)>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows.Add((r.GetInt64(0), r.GetInt64(1)));
        var avg = Convert.ToDouble(Cmd(PgSql.ManyTagsAvg).ExecuteScalar(), CultureInfo.InvariantCulture);
        return Checks.ManyTags(rows, avg);
    }

    public Outcome TagsNaive(Workload w)
    {
        var first = Cmd(PgSql.FirstPosts, NpgsqlDbType.Bigint);
        first.Parameters[0].Value = (long)w.FirstPosts;
        var posts = Posts(first);
        var tagsCmd = Cmd(PgSql.TagsOfPost, NpgsqlDbType.Bigint);
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
        var first = Cmd(PgSql.FirstPosts, NpgsqlDbType.Bigint);
        first.Parameters[0].Value = (long)w.FirstPosts;
        var posts = Posts(first);
        var cmd = Cmd(PgSql.TagsOfFirstPosts, NpgsqlDbType.Bigint);
        cmd.Parameters[0].Value = (long)w.FirstPosts;
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
        var cmd = Cmd(PgSql.ProfileBio, NpgsqlDbType.Text);
        cmd.Parameters[0].Value = "%" + Workload.BioWord + "%";
        var users = new List<UserRowDto>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) users.Add(new UserRowDto { Id = r.GetInt64(0), UserName = r.GetString(1) });
        return Checks.Users(users.Select(u => u.Id));
    }

    public Outcome FieldCompare(Workload w)
    {
        var cmd = Cmd(PgSql.FieldCompare, NpgsqlDbType.Bigint);
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
        foreach (var (sql, isAdd) in new[] { (PgSql.AddLink, true), (PgSql.RemoveLink, false) })
        {
            using var tx = conn!.BeginTransaction();
            var cmd = Cmd(sql, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint);
            foreach (var (p, t) in w.NewLinks)
            {
                cmd.Parameters[0].Value = (long)p + 1;
                cmd.Parameters[1].Value = (long)t + 1;
                var n = cmd.ExecuteNonQuery();
                if (isAdd) added += n; else removed += n;
            }
            tx.Commit();
        }
        return new Outcome(added, removed);
    }

    public Outcome StreamAll(Workload w)
    {
        var mem = new MemorySampler();
        var cmd = Cmd(PgSql.AllPosts);
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

    private static List<PostSummary> Summaries(NpgsqlCommand cmd)
    {
        var list = new List<PostSummary>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(new PostSummary { Id = r.GetInt64(0), Title = r.GetString(1), Views = r.GetInt64(2) });
        return list;
    }

    public Outcome PythonProjection(Workload w)
    {
        var cmd = Cmd(PgSql.PythonProjection, NpgsqlDbType.Text);
        cmd.Parameters[0].Value = Workload.PythonTag;
        return Checks.Projection(Summaries(cmd).Select(p => (p.Id, p.Title, p.Views)));
    }

    public Outcome FieldCompareProjection(Workload w)
    {
        var cmd = Cmd(PgSql.FieldCompareProjection, NpgsqlDbType.Bigint);
        cmd.Parameters[0].Value = Workload.FieldFactor;
        return Checks.Projection(Summaries(cmd).Select(p => (p.Id, p.Title, p.Views)));
    }

    public Outcome ProfileBioWithProfile(Workload w)
    {
        var cmd = Cmd(PgSql.ProfileBioWithProfile, NpgsqlDbType.Text);
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
        var cmd = Cmd(PgSql.ManyTagsObjects);
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
