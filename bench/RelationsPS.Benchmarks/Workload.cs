using System.Globalization;
using System.Text;

namespace RelationsPS.Benchmarks;

/// <summary>A tiny deterministic generator (SplitMix64), so the data is the same on every runtime.</summary>
internal sealed class Rng(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public int Next(int maxExclusive) => (int)(Next() % (ulong)maxExclusive);
}

internal sealed record TagRow(string Name, string Slug);
internal sealed record UserRow(string UserName);
internal sealed record ProfileRow(int UserIndex, string Bio, string Website);
internal sealed record PostSpec(string Title, string Body, long Views, DateTime Created, int? AuthorIndex, int[] TagIndexes);

/// <summary>
/// The blog workload of PRODUCT §6 at a scale factor: 1.0 = 1,000 tags, 100,000 posts (1-5 tags each,
/// ~300,000 links; `python` on ~10% of posts, the other tags Zipf-distributed), 20,000 users,
/// 15,000 profiles. Indexes are 0-based; rows inserted in order get ids index + 1.
/// </summary>
internal sealed class Workload
{
    public const string PythonTag = "python";
    public const string BioWord = "photography";
    public const string TitlePrefix = "A";
    public const long ViewsThreshold = 90_000;
    public const long FieldFactor = 2;   // views > id * 2

    public required double Scale { get; init; }
    public required List<TagRow> Tags { get; init; }
    public required List<UserRow> Users { get; init; }
    public required List<ProfileRow> Profiles { get; init; }
    public required List<PostSpec> Posts { get; init; }
    public long LinkCount => Posts.Sum(p => (long)p.TagIndexes.Length);

    /// <summary>Posts whose tags are read (first N by id).</summary>
    public int FirstPosts => Math.Min(2000, Posts.Count);

    /// <summary>The (post index, tag index) pairs added then removed: not linked before.</summary>
    public required List<(int Post, int Tag)> NewLinks { get; init; }

    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "an", "bel", "cor", "dun", "el", "fa", "gri", "hu", "is", "jo", "lum", "mar", "nor", "os", "pel", "qui", "ras", "sol", "tur", "ul", "ven", "wy", "ar", "al", "bo", "ce", "di"];

    private static readonly string[] KnownTags =
        ["python", "csharp", "sql", "sqlite", "powershell", "django", "dotnet", "linux", "rust", "go", "javascript", "web", "testing", "devops", "security", "databases", "performance", "tutorial", "news", "opinion"];

    private static string Word(Rng r)
    {
        var n = 2 + r.Next(2);
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++) sb.Append(Syllables[r.Next(Syllables.Length)]);
        return sb.ToString();
    }

    private static string Words(Rng r, int count, bool capitalize)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(' ');
            var w = Word(r);
            sb.Append(capitalize ? char.ToUpperInvariant(w[0]) + w[1..] : w);
        }
        return sb.ToString();
    }

    public static Workload Generate(double scale, ulong seed = 20240601)
    {
        var r = new Rng(seed);
        var nTags = Math.Max(20, (int)Math.Round(1000 * scale));
        var nPosts = Math.Max(50, (int)Math.Round(100_000 * scale));
        var nUsers = Math.Max(20, (int)Math.Round(20_000 * scale));
        var nProfiles = Math.Min(nUsers, Math.Max(15, (int)Math.Round(15_000 * scale)));

        var tags = new List<TagRow>(nTags);
        for (var i = 0; i < nTags; i++)
        {
            var name = i < KnownTags.Length ? KnownTags[i] : string.Create(CultureInfo.InvariantCulture, $"topic-{i:D4}");
            tags.Add(new TagRow(name, name));
        }

        var users = new List<UserRow>(nUsers);
        for (var i = 0; i < nUsers; i++) users.Add(new UserRow(string.Create(CultureInfo.InvariantCulture, $"user{i:D6}")));

        // Which users have a profile: a shuffled pick, in user order.
        var order = Enumerable.Range(0, nUsers).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = r.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var profiles = new List<ProfileRow>(nProfiles);
        foreach (var u in order.Take(nProfiles).Order())
        {
            var words = Words(r, 5 + r.Next(15), capitalize: false).Split(' ').ToList();
            if (r.NextDouble() < 0.10) words.Insert(r.Next(words.Count + 1), BioWord);
            profiles.Add(new ProfileRow(u, string.Join(' ', words), string.Create(CultureInfo.InvariantCulture, $"https://example.com/u/{u}")));
        }

        // Zipf(0.8) over tags 1..n-1 (python, tag 0, is drawn separately at 10%).
        var cumulative = new double[nTags - 1];
        double total = 0;
        for (var k = 0; k < cumulative.Length; k++) cumulative[k] = total += 1.0 / Math.Pow(k + 1, 0.8);
        int Zipf()
        {
            var x = r.NextDouble() * total;
            var idx = Array.BinarySearch(cumulative, x);
            if (idx < 0) idx = ~idx;
            return 1 + Math.Min(idx, cumulative.Length - 1);
        }

        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var posts = new List<PostSpec>(nPosts);
        for (var i = 0; i < nPosts; i++)
        {
            var count = 1 + r.Next(5);
            var set = new List<int>(count);
            if (r.NextDouble() < 0.10) set.Add(0);
            while (set.Count < count)
            {
                var t = Zipf();
                if (!set.Contains(t)) set.Add(t);
            }
            var u = r.NextDouble();
            var views = (long)(u * u * u * 100_000);
            int? author = r.NextDouble() < 0.02 ? null : r.Next(nUsers);
            posts.Add(new PostSpec(Words(r, 3 + r.Next(5), capitalize: true), Words(r, 20 + r.Next(40), capitalize: false),
                views, start.AddSeconds(i * 613L + r.Next(600)), author, [.. set]));
        }

        var nLinks = Math.Min(nPosts, Math.Max(100, (int)Math.Round(10_000 * scale)));
        var newLinks = new List<(int, int)>(nLinks);
        for (var p = 0; p < nLinks; p++)
        {
            var t = nTags - 1 - (p % 7);
            while (posts[p].TagIndexes.Contains(t)) t--;
            newLinks.Add((p, t));
        }

        return new Workload { Scale = scale, Tags = tags, Users = users, Profiles = profiles, Posts = posts, NewLinks = newLinks };
    }

    /// <summary>The engine's stored form of a DateTime (FieldCodec.ToDatabase), so every contender writes the same text.</summary>
    public static string DbDate(DateTime dt) => dt.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "Z";
}
