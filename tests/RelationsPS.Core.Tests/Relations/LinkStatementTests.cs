using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// A ManyToMany link or unlink of one target is one statement prepared once on the connection; it is
/// part of the caller's transaction, logged, and a refusal by the database is a RelationsException
/// that leaves the statement usable and nothing linked.
/// </summary>
public sealed class LinkStatementTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Blog();
    private readonly RelObject post;
    private readonly List<RelObject> tags;

    public LinkStatementTests()
    {
        tags = Enumerable.Range(0, 3).Select(i => db.New("Tag", ("Name", $"t{i}"), ("Slug", $"t{i}"))).ToList();
        post = db.New("Post", ("Title", "p"));
    }

    public void Dispose() => db.Dispose();

    private List<string> Linked() => post.Manager("Tags").Names();

    [Fact]
    public void A_link_the_database_refuses_is_a_relations_error_and_links_nothing()
    {
        db.Execute(new SqlStatement(
            "CREATE TRIGGER no_t1 BEFORE INSERT ON post_tags WHEN NEW.tag_id = " + tags[1].Id + " BEGIN SELECT RAISE(ABORT, 'tag t1 is closed'); END", []));
        post.Manager("Tags").Add(tags[0]);
        var e = Assert.ThrowsAny<RelationsException>(() => post.Manager("Tags").Add(tags[1]));
        Assert.Equal("DatabaseError", e.ErrorId);
        Assert.Contains("tag t1 is closed", e.Message);
        Assert.Equal(["t0"], Linked());
        // The statement was reset: the next link goes through.
        Assert.Equal(LinkStatus.Added, Assert.Single(post.Manager("Tags").Add(tags[2])).Status);
        Assert.Equal(["t0", "t2"], Linked());
    }

    [Fact]
    public void Links_and_unlinks_belong_to_the_callers_transaction()
    {
        post.Manager("Tags").Add(tags[0]);
        Assert.Throws<InvalidOperationException>(() => db.InTransaction(() =>
        {
            post.Manager("Tags").Add(tags[1]);
            post.Manager("Tags").Remove(tags[0]);
            Assert.Equal(["t1"], Linked());
            throw new InvalidOperationException("undo");
        }));
        Assert.Equal(["t0"], Linked());
    }

    [Fact]
    public void Each_link_and_unlink_is_one_logged_statement_with_its_ids_and_rows_no_ops_included()
    {
        db.Log.Clear();
        post.Manager("Tags").Add(tags[2]);
        post.Manager("Tags").Add(tags[2]);
        post.Manager("Tags").Remove(tags[2]);
        post.Manager("Tags").Remove(tags[2]);
        var entries = db.Log.Entries;
        // The no-ops (already linked, not linked) are told from a missing tag by the statement itself.
        Assert.Equal(4, entries.Count);
        Assert.All(entries.Take(2), e => Assert.StartsWith("INSERT OR IGNORE", e.Sql));
        Assert.All(entries.Skip(2), e => Assert.StartsWith("DELETE", e.Sql));
        Assert.Equal([post.Id, tags[2].Id], entries[2].Parameters);
        Assert.Equal([1L, 0L, 1L, 0L], entries.Select(e => e.Rows));
        Assert.DoesNotContain(entries, e => e.Sql.StartsWith("SELECT", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_target_of_an_add_is_object_not_found_and_changes_nothing()
    {
        post.Manager("Tags").Add(tags[0]);
        db.Log.Clear();
        var add = Assert.Throws<NotFoundException>(() => post.Manager("Tags").Add(999L));
        Assert.Equal("ObjectNotFound", add.ErrorId);
        Assert.Equal("Tag 999 does not exist.", add.Message);
        // The failed statement is not logged; the add's refusal by a foreign key looked the tag up (to tell
        // a missing tag from a missing post).
        Assert.Equal(["SELECT 1 FROM \"tag\" WHERE \"id\" = @p0"], db.Log.Entries.Select(e => e.Sql));
        // Removing a tag that does not exist removes nothing, as Django's remove() (PRODUCT: a no-op), in its one DELETE.
        db.Log.Clear();
        Assert.Equal(LinkStatus.NotPresent, Assert.Single(post.Manager("Tags").Remove(998L)).Status);
        Assert.StartsWith("DELETE", Assert.Single(db.Log.Entries).Sql);
        Assert.Equal(["t0"], Linked());
        // The statements stay usable after the failure.
        Assert.Equal(LinkStatus.Added, Assert.Single(post.Manager("Tags").Add(tags[1])).Status);
        Assert.Equal(LinkStatus.Removed, Assert.Single(post.Manager("Tags").Remove(tags[0])).Status);
        Assert.Equal(["t1"], Linked());
    }

    [Fact]
    public void A_link_is_the_plain_insert_of_the_pair_and_a_missing_target_inside_a_transaction_is_taken_back()
    {
        db.Log.Clear();
        post.Manager("Tags").Add(tags[0]);
        Assert.Equal("INSERT OR IGNORE INTO \"post_tags\" (\"post_id\", \"tag_id\") VALUES (@p0, @p1)", Assert.Single(db.Log.Entries).Sql);
        var e = Assert.Throws<NotFoundException>(() => db.InTransaction(() =>
        {
            post.Manager("Tags").Add(tags[1]);
            // Inside a transaction SQLite only counts the missing tag until COMMIT: the row is taken back at once.
            Assert.Throws<NotFoundException>(() => post.Manager("Tags").Add(996L));
            Assert.Equal(["t0", "t1"], Linked());
            post.Manager("Tags").Add(995L);
        }));
        Assert.Equal("Tag 995 does not exist.", e.Message);
        Assert.Equal(["t0"], Linked());
        db.InTransaction(() =>
        {
            Assert.Throws<NotFoundException>(() => post.Manager("Tags").Add(996L));
            post.Manager("Tags").Add(tags[2]);
        });
        Assert.Equal(["t0", "t2"], Linked());
        Assert.Equal(0L, db.Scalar(new SqlStatement("SELECT COUNT(*) FROM post_tags WHERE tag_id NOT IN (SELECT id FROM tag)", [])));
    }

    [Fact]
    public void A_link_from_a_deleted_owner_is_object_not_found_for_the_owner()
    {
        var gone = db.New("Post", ("Title", "gone"));
        db.Execute(new SqlStatement("DELETE FROM post WHERE id = @p0", [gone.Id]));
        var e = Assert.Throws<NotFoundException>(() => gone.Manager("Tags").Add(tags[0]));
        Assert.Equal($"Post {gone.Id} does not exist.", e.Message);
        db.InTransaction(() => Assert.Throws<NotFoundException>(() => gone.Manager("Tags").Add(tags[0])));
        Assert.Equal(0L, db.Scalar(new SqlStatement("SELECT COUNT(*) FROM post_tags", [])));
    }

    [Fact]
    public void A_database_file_with_prepared_link_statements_closes_and_reopens()
    {
        var path = Path.Combine(Path.GetTempPath(), $"relps-links-{Guid.NewGuid():N}.db");
        try
        {
            using (var file = RelDatabase.Open(path, BlogSchema.Models))
            {
                var tag = file.New("Tag", ("Name", "a"), ("Slug", "a"));
                var p = file.New("Post", ("Title", "p"));
                p.Manager("Tags").Add(tag);
                p.Manager("Tags").Remove(tag);
                p.Manager("Tags").Add(tag);
            }
            using var again = RelDatabase.Open(path, BlogSchema.Models);
            Assert.Equal(["a"], again.Objects("Post").First().Manager("Tags").Names());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        }
    }
}
