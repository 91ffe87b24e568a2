using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RelationsPS.Benchmarks;

/// <summary>The outcomes every contender computes the same way from what it read.</summary>
internal static class Checks
{
    /// <summary>Ordered (post id, views, created) rows: count and an order-sensitive checksum (dates as UTC ticks).</summary>
    public static Outcome Posts(IEnumerable<(long Id, long Views, DateTime Created)> rows)
    {
        long n = 0, sum = 0;
        foreach (var (id, views, created) in rows)
        {
            n++;
            var utc = created.Kind == DateTimeKind.Local ? created.ToUniversalTime() : created;
            sum = Sum.Mix(Sum.Mix(sum, id * 7 + views), utc.Ticks);
        }
        return new Outcome(n, sum);
    }

    /// <summary>Ordered (id, title, views) rows: count and an order-sensitive checksum.</summary>
    public static Outcome Projection(IEnumerable<(long Id, string Title, long Views)> rows)
    {
        long n = 0, sum = 0;
        foreach (var (id, title, views) in rows)
        {
            n++;
            sum = Sum.Mix(Sum.Mix(sum, id * 7 + views), title.Length);
        }
        return new Outcome(n, sum);
    }

    /// <summary>Users with their profiles, in any order: count and an order-independent checksum of both rows.</summary>
    public static Outcome UsersWithProfiles(IEnumerable<(long UserId, string UserName, long ProfileId, long ProfileUserId, string Bio, string Website)> rows)
    {
        long n = 0, sum = 0;
        foreach (var r in rows)
        {
            n++;
            if (r.ProfileUserId != r.UserId) throw new InvalidOperationException($"user {r.UserId} came with the profile of user {r.ProfileUserId}");
            sum += Sum.Mix(Sum.Mix(r.UserId * 31 + r.UserName.Length, r.ProfileId), r.Bio.Length * 7L + r.Website.Length);
        }
        return new Outcome(n, sum);
    }

    /// <summary>Ordered posts with a count each.</summary>
    public static Outcome PostsWithCounts(IEnumerable<(long Id, long Views, DateTime Created, long Count)> rows)
    {
        long n = 0, sum = 0, total = 0;
        foreach (var (id, views, created, count) in rows)
        {
            n++;
            total += count;
            var utc = created.Kind == DateTimeKind.Local ? created.ToUniversalTime() : created;
            sum = Sum.Mix(Sum.Mix(Sum.Mix(sum, id * 7 + views), utc.Ticks), count);
        }
        return new Outcome(n, sum, $"tags={total}");
    }

    /// <summary>Every post once, in any order.</summary>
    public static long Unordered(long sum, long id, long views) => unchecked(sum + Sum.Mix(id, views));

    public static Outcome Groups(IEnumerable<(string Name, long Count)> rows)
    {
        long n = 0, sum = 0, total = 0;
        foreach (var (name, count) in rows)
        {
            n++;
            total += count;
            sum = Sum.Mix(sum, name.Length * 100_003L + count);
        }
        return new Outcome(n, sum, $"links={total}");
    }

    public static Outcome ManyTags(IEnumerable<(long Id, long Count)> rows, double avgViews)
    {
        long n = 0, sum = 0;
        foreach (var (id, count) in rows)
        {
            n++;
            sum = Sum.Mix(sum, id * 10 + count);
        }
        return new Outcome(n, sum, "avgViews=" + avgViews.ToString("F3", CultureInfo.InvariantCulture));
    }

    /// <summary>(post, tag) pairs: order-independent (Include does not order a collection in EF Core).</summary>
    public static Outcome Links(int posts, IEnumerable<(long Post, long Tag)> links)
    {
        long n = 0, sum = 0;
        foreach (var (p, t) in links)
        {
            n++;
            sum += p * 1_000_003 + t * t;
        }
        return new Outcome(n, sum, $"posts={posts}");
    }

    public static Outcome Users(IEnumerable<long> ids)
    {
        long n = 0, sum = 0;
        foreach (var id in ids)
        {
            n++;
            sum = Sum.Mix(sum, id);
        }
        return new Outcome(n, sum);
    }

    /// <summary>What a bulk insert wrote, independent of the ids each contender's insert order gave.</summary>
    public static Outcome BulkContent(string path)
    {
        using var c = Connections.Open(path);
        long Scalar(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            var v = cmd.ExecuteScalar();
            return v is DBNull or null ? 0 : Convert.ToInt64(v, CultureInfo.InvariantCulture);
        }
        var counts = new[] { "tag", "\"user\"", "profile", "post", "post_tags" }.Select(t => Scalar($"SELECT COUNT(*) FROM {t}")).ToArray();
        var parts = new[]
        {
            Scalar("SELECT SUM(views) FROM post"),
            Scalar("SELECT SUM(length(title) * 3 + length(body)) FROM post"),
            Scalar("SELECT SUM((p.views % 1009 + 1) * (unicode(t.name) * 31 + length(t.name) + CAST(substr(t.name, -3) AS INTEGER))) FROM post_tags pt JOIN post p ON p.id = pt.post_id JOIN tag t ON t.id = pt.tag_id"),
            Scalar("SELECT SUM(CAST(substr(u.user_name, 5) AS INTEGER) * (p.views % 101 + 1)) FROM post p JOIN \"user\" u ON u.id = p.author_id"),
            Scalar("SELECT SUM(CAST(substr(u.user_name, 5) AS INTEGER) * length(pr.bio)) FROM profile pr JOIN \"user\" u ON u.id = pr.user_id"),
            Scalar("SELECT COUNT(*) FROM post WHERE substr(created, 1, 4) IN ('2020', '2021', '2022')"),
        };
        long sum = 0;
        foreach (var p in parts) sum = Sum.Mix(sum, p);
        return new Outcome(counts.Sum(), sum, "tables=" + string.Join("/", counts));
    }
}
