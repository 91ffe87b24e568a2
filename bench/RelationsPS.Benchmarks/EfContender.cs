using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace RelationsPS.Benchmarks.Ef;

public sealed class Tag
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public List<Post> Posts { get; set; } = [];
}

public sealed class Post
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public long Views { get; set; }
    public DateTime Created { get; set; }
    public long? AuthorId { get; set; }
    public User? Author { get; set; }
    public List<Tag> Tags { get; set; } = [];
}

public sealed class User
{
    public long Id { get; set; }
    public string UserName { get; set; } = "";
    public Profile? Profile { get; set; }
    public List<Post> Posts { get; set; } = [];
}

public sealed class Profile
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User User { get; set; } = null!;
    public string Bio { get; set; } = "";
    public string Website { get; set; } = "";
}

/// <summary>The blog mapped onto the tables RelationsPS created (no migrations, no EnsureCreated).</summary>
public sealed class BlogContext(DbContextOptions<BlogContext> options) : DbContext(options)
{
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Profile> Profiles => Set<Profile>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Tag>(e =>
        {
            e.ToTable("tag");
            e.Property(t => t.Id).HasColumnName("id");
            e.Property(t => t.Name).HasColumnName("name");
            e.Property(t => t.Slug).HasColumnName("slug");
        });
        b.Entity<User>(e =>
        {
            e.ToTable("user");
            e.Property(u => u.Id).HasColumnName("id");
            e.Property(u => u.UserName).HasColumnName("user_name");
        });
        b.Entity<Profile>(e =>
        {
            e.ToTable("profile");
            e.Property(p => p.Id).HasColumnName("id");
            e.Property(p => p.UserId).HasColumnName("user_id");
            e.Property(p => p.Bio).HasColumnName("bio");
            e.Property(p => p.Website).HasColumnName("website");
            e.HasOne(p => p.User).WithOne(u => u.Profile).HasForeignKey<Profile>(p => p.UserId);
        });
        b.Entity<Post>(e =>
        {
            e.ToTable("post");
            e.Property(p => p.Id).HasColumnName("id");
            e.Property(p => p.Title).HasColumnName("title");
            e.Property(p => p.Body).HasColumnName("body");
            e.Property(p => p.Views).HasColumnName("views");
            e.Property(p => p.Created).HasColumnName("created");
            e.Property(p => p.AuthorId).HasColumnName("author_id");
            e.HasOne(p => p.Author).WithMany(u => u.Posts).HasForeignKey(p => p.AuthorId);
            e.HasMany(p => p.Tags).WithMany(t => t.Posts).UsingEntity<Dictionary<string, object>>(
                "post_tags",
                r => r.HasOne<Tag>().WithMany().HasForeignKey("tag_id"),
                l => l.HasOne<Post>().WithMany().HasForeignKey("post_id"),
                j =>
                {
                    j.ToTable("post_tags");
                    j.HasKey("post_id", "tag_id");
                });
        });
    }
}

/// <summary>EF Core 10 as an EF user writes it: entities with navigations, LINQ, Include, AsNoTracking; a context per unit of work.</summary>
internal sealed class EfContender : IContender
{
    private readonly Func<string, DbConnection> open;
    private readonly Func<DbConnection, DbContextOptions<BlogContext>> configure;
    private DbConnection? conn;
    private DbConnection? bulk;
    private DbContextOptions<BlogContext>? options;

    /// <summary>On SQLite, with the engine's pragmas on the connection.</summary>
    public EfContender()
        : this("EF Core", Connections.Open, c => new DbContextOptionsBuilder<BlogContext>().UseSqlite(c).Options)
    {
    }

    /// <summary>The same entities and LINQ on another provider (the PostgreSQL run's EF Core with Npgsql).</summary>
    public EfContender(string name, Func<string, DbConnection> open, Func<DbConnection, DbContextOptions<BlogContext>> configure)
    {
        Name = name;
        this.open = open;
        this.configure = configure;
    }

    public string Name { get; }

    private DbContextOptions<BlogContext> Options(DbConnection c) => configure(c);

    private BlogContext Ctx() => new(options!);

    public void Open(string path)
    {
        conn = open(path);
        options = Options(conn);
    }

    public void BeginBulk(string path) => bulk = open(path);

    public Outcome BulkInsert(Workload w)
    {
        using var ctx = new BlogContext(Options(bulk!));
        var tags = w.Tags.Select(t => new Tag { Name = t.Name, Slug = t.Slug }).ToList();
        var users = w.Users.Select(u => new User { UserName = u.UserName }).ToList();
        ctx.Tags.AddRange(tags);
        ctx.Users.AddRange(users);
        ctx.Profiles.AddRange(w.Profiles.Select(p => new Profile { User = users[p.UserIndex], Bio = p.Bio, Website = p.Website }));
        ctx.Posts.AddRange(w.Posts.Select(p => new Post
        {
            Title = p.Title,
            Body = p.Body,
            Views = p.Views,
            Created = p.Created,
            Author = p.AuthorIndex is int a ? users[a] : null,
            Tags = p.TagIndexes.Select(t => tags[t]).ToList(),
        }));
        ctx.SaveChanges();
        return new Outcome(w.LinkCount, 0);
    }

    public void EndBulk()
    {
        bulk?.Dispose();
        bulk = null;
    }

    private static Outcome PostsOutcome(IEnumerable<Post> posts) => Checks.Posts(posts.Select(p => (p.Id, p.Views, p.Created)));

    public Outcome TaggedPython(Workload w)
    {
        using var ctx = Ctx();
        var tag = Workload.PythonTag;
        return PostsOutcome(ctx.Posts.AsNoTracking().Where(p => p.Tags.Any(t => t.Name == tag)).OrderBy(p => p.Id).ToList());
    }

    public Outcome TaggedFilteredTop100(Workload w)
    {
        using var ctx = Ctx();
        var tag = Workload.PythonTag;
        var prefix = Workload.TitlePrefix;
        var views = Workload.ViewsThreshold;
        return PostsOutcome(ctx.Posts.AsNoTracking()
            .Where(p => p.Tags.Any(t => t.Name == tag) && (p.Title.StartsWith(prefix) || p.Views > views))
            .OrderByDescending(p => p.Views).ThenBy(p => p.Id)
            .Take(100)
            .ToList());
    }

    public Outcome CountPerTag(Workload w)
    {
        using var ctx = Ctx();
        return Checks.Groups(ctx.Tags.AsNoTracking()
            .OrderBy(t => t.Name)
            .Select(t => new { t.Name, Count = t.Posts.Count() })
            .AsEnumerable()
            .Select(g => (g.Name, (long)g.Count))
            .ToList());
    }

    public Outcome ManyTags(Workload w)
    {
        using var ctx = Ctx();
        var many = ctx.Posts.Where(p => p.Tags.Count > 3);
        var rows = many.OrderBy(p => p.Id).Select(p => new { p.Id, TagCount = p.Tags.Count }).AsEnumerable().Select(r => (r.Id, (long)r.TagCount)).ToList();
        var avg = many.Average(p => (double)p.Views);
        return Checks.ManyTags(rows, avg);
    }

    public Outcome TagsNaive(Workload w)
    {
        using var ctx = Ctx();
        var posts = ctx.Posts.AsNoTracking().OrderBy(p => p.Id).Take(w.FirstPosts).ToList();
        var links = new List<(long, long)>();
        foreach (var post in posts)
        {
            var id = post.Id;
            foreach (var tag in ctx.Tags.AsNoTracking().Where(t => t.Posts.Any(p => p.Id == id)).OrderBy(t => t.Id).ToList())
                links.Add((post.Id, tag.Id));
        }
        return Checks.Links(posts.Count, links);
    }

    public Outcome TagsPrefetched(Workload w)
    {
        using var ctx = Ctx();
        var posts = ctx.Posts.AsNoTracking().OrderBy(p => p.Id).Take(w.FirstPosts).Include(p => p.Tags).ToList();
        var links = new List<(long, long)>();
        foreach (var post in posts)
            foreach (var tag in post.Tags)
                links.Add((post.Id, tag.Id));
        return Checks.Links(posts.Count, links);
    }

    public Outcome ProfileBio(Workload w)
    {
        using var ctx = Ctx();
        var word = Workload.BioWord;
        return Checks.Users(ctx.Users.AsNoTracking().Where(u => u.Profile != null && u.Profile.Bio.Contains(word)).OrderBy(u => u.Id).ToList().Select(u => u.Id));
    }

    public Outcome FieldCompare(Workload w)
    {
        using var ctx = Ctx();
        var k = Workload.FieldFactor;
        return PostsOutcome(ctx.Posts.AsNoTracking().Where(p => p.Views > p.Id * k).OrderBy(p => p.Id).ToList());
    }

    private (BlogContext Ctx, List<Post> Posts, Dictionary<long, Tag> Tags)? linkState;

    public void PrepareLinks(Workload w)
    {
        linkState?.Ctx.Dispose();
        var ctx = Ctx();
        var posts = ctx.Posts.OrderBy(p => p.Id).Take(w.NewLinks.Count).Include(p => p.Tags).ToList();
        linkState = (ctx, posts, ctx.Tags.ToDictionary(t => t.Id));
    }

    public Outcome LinkAddRemove(Workload w)
    {
        var (ctx, posts, tags) = linkState ?? throw new InvalidOperationException("PrepareLinks first.");
        linkState = null;
        using var _ = ctx;
        foreach (var (p, t) in w.NewLinks) posts[p].Tags.Add(tags[t + 1]);
        long added = ctx.SaveChanges();
        foreach (var (p, t) in w.NewLinks) posts[p].Tags.Remove(tags[t + 1]);
        long removed = ctx.SaveChanges();
        return new Outcome(added, removed);
    }

    public Outcome StreamAll(Workload w)
    {
        using var ctx = Ctx();
        var mem = new MemorySampler();
        long n = 0, sum = 0;
        foreach (var p in ctx.Posts.AsNoTracking().AsEnumerable())
        {
            sum = Checks.Unordered(sum, p.Id, p.Views);
            mem.Sample(++n);
        }
        return new Outcome(n, sum) { MemoryGrowth = mem.Growth };
    }

    public Outcome PythonProjection(Workload w)
    {
        using var ctx = Ctx();
        var tag = Workload.PythonTag;
        return Checks.Projection(ctx.Posts.AsNoTracking().Where(p => p.Tags.Any(t => t.Name == tag)).OrderBy(p => p.Id)
            .Select(p => new PostSummary { Id = p.Id, Title = p.Title, Views = p.Views }).ToList().Select(p => (p.Id, p.Title, p.Views)));
    }

    public Outcome FieldCompareProjection(Workload w)
    {
        using var ctx = Ctx();
        var k = Workload.FieldFactor;
        return Checks.Projection(ctx.Posts.AsNoTracking().Where(p => p.Views > p.Id * k).OrderBy(p => p.Id)
            .Select(p => new PostSummary { Id = p.Id, Title = p.Title, Views = p.Views }).ToList().Select(p => (p.Id, p.Title, p.Views)));
    }

    public Outcome ProfileBioWithProfile(Workload w)
    {
        using var ctx = Ctx();
        var pattern = "%" + Workload.BioWord + "%";
        return Checks.UsersWithProfiles(ctx.Users.AsNoTracking().Include(u => u.Profile).Where(u => u.Profile != null && EF.Functions.Like(u.Profile.Bio, pattern)).ToList()
            .Select(u => (u.Id, u.UserName, u.Profile!.Id, u.Profile.UserId, u.Profile.Bio, u.Profile.Website)));
    }

    public Outcome ManyTagsObjects(Workload w)
    {
        using var ctx = Ctx();
        return Checks.PostsWithCounts(ctx.Posts.AsNoTracking().Where(p => p.Tags.Count > 3).OrderBy(p => p.Id).Select(p => new { Post = p, Count = p.Tags.Count }).ToList()
            .Select(x => (x.Post.Id, x.Post.Views, x.Post.Created, (long)x.Count)));
    }

    public void Dispose()
    {
        conn?.Dispose();
        bulk?.Dispose();
    }
}
