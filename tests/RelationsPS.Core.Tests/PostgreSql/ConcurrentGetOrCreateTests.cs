using System.Collections.Concurrent;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.PostgreSql;

/// <summary>
/// Writers a database server invites (issue 13): two connections to one PostgreSQL database, on two
/// threads, each creating posts with a tag picked from 20 new names (the tag found or created by an
/// upsert on its unique name, as <c>New-Post -Tag x</c> does), and linking the same tags to one shared
/// post at the same moment. Every post is saved, each tag exists once, no call fails.
/// Models: the blog schema (Post, Tag, post_tags).
/// </summary>
public sealed class ConcurrentGetOrCreateTests
{
    private const int Writers = 2;
    private const int PostsEach = 300;
    private const int TagNames = 20;

    [Fact]
    public void Two_connections_creating_posts_with_the_same_new_tags_create_each_tag_once()
    {
        var connectionString = TestDatabases.Postgres.NewSchema();
        using (RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, BlogSchema.Models, new OpenOptions())) { }
        var errors = new ConcurrentBag<Exception>();
        using var start = new Barrier(Writers);
        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            try
            {
                using var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, BlogSchema.Models, new OpenOptions());
                var random = new Random(w);
                start.SignalAndWait();
                for (var i = 0; i < PostsEach; i++)
                {
                    var name = "tag" + random.Next(TagNames);
                    db.InTransaction(() =>
                    {
                        var tag = db.Upsert("Tag", new Dictionary<string, object?> { ["Name"] = name, ["Slug"] = name }, IfExists.Get, ["Name"]).Object;
                        db.Create("Post", new Dictionary<string, object?> { ["Title"] = $"w{w} p{i}", ["Tags"] = new[] { tag.Id } });
                    });
                }
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        using var check = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, BlogSchema.Models, new OpenOptions());
        Assert.Equal(Writers * PostsEach, check.Objects("Post").Count());
        var tags = check.Objects("Tag").Values("Name").Select(r => (string)r["Name"]!).ToList();
        Assert.Equal(tags.Distinct().Count(), tags.Count);
        Assert.True(tags.Count <= TagNames);
        // Every post has its one tag.
        Assert.Equal(Writers * PostsEach, check.Objects("Post").Filter("Tags__isnull", false).Count());
    }

    [Fact]
    public void Two_connections_linking_the_same_tags_to_one_post_both_succeed_and_each_link_is_stored_once()
    {
        var connectionString = TestDatabases.Postgres.NewSchema();
        long postId;
        List<long> tagIds;
        using (var setup = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, BlogSchema.Models, new OpenOptions()))
        {
            postId = setup.Create("Post", new Dictionary<string, object?> { ["Title"] = "shared" }).Id!.Value;
            tagIds = Enumerable.Range(0, 50).Select(i => setup.Create("Tag", new Dictionary<string, object?> { ["Name"] = "t" + i, ["Slug"] = "t" + i }).Id!.Value).ToList();
        }
        var errors = new ConcurrentBag<Exception>();
        using var start = new Barrier(Writers);
        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            try
            {
                using var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, BlogSchema.Models, new OpenOptions());
                var post = db.Objects("Post").Get(Q.Keyword("Id", postId));
                start.SignalAndWait();
                // One link per transaction, each writer in its own order: both add every pair.
                foreach (var id in w == 0 ? tagIds : Enumerable.Reverse(tagIds)) post.Manager("Tags").Add(id);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        using var check = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, BlogSchema.Models, new OpenOptions());
        Assert.Equal(50, check.Objects("Post").Get(Q.Keyword("Id", postId)).Manager("Tags").Count());
        Assert.Equal(50, check.Objects("Tag").Filter("Posts", postId).Count());
    }
}
