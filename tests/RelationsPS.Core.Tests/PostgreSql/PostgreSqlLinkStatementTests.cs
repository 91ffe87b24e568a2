using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.PostgreSql;

/// <summary>
/// On PostgreSQL a link or unlink of one target is one statement too, no-ops included: the link's INSERT
/// reads the target from a table expression and the statement returns both whether the target exists and
/// how many rows it changed, so nothing looks the target up afterwards (issue 15) and a missing target is
/// ObjectNotFound without an error that would abort the caller's transaction; the unlink is the DELETE of the pair.
/// </summary>
public sealed class PostgreSqlLinkStatementTests : IDisposable
{
    private readonly RelDatabase db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, TestDatabases.Postgres.NewSchema(), BlogSchema.Models, new OpenOptions());
    private readonly RelObject post;
    private readonly List<RelObject> tags;

    public PostgreSqlLinkStatementTests()
    {
        tags = Enumerable.Range(0, 3).Select(i => db.New("Tag", ("Name", $"t{i}"), ("Slug", $"t{i}"))).ToList();
        post = db.New("Post", ("Title", "p"));
    }

    public void Dispose() => db.Dispose();

    private List<string> Linked() => post.Manager("Tags").Names();

    [Fact]
    public void Each_link_and_unlink_is_one_logged_statement_no_ops_included()
    {
        db.Log.Clear();
        Assert.Equal(LinkStatus.Added, Assert.Single(post.Manager("Tags").Add(tags[2])).Status);
        Assert.Equal(LinkStatus.AlreadyPresent, Assert.Single(post.Manager("Tags").Add(tags[2])).Status);
        Assert.Equal(LinkStatus.Removed, Assert.Single(post.Manager("Tags").Remove(tags[2])).Status);
        Assert.Equal(LinkStatus.NotPresent, Assert.Single(post.Manager("Tags").Remove(tags[2])).Status);
        var entries = db.Log.Entries;
        Assert.Equal(4, entries.Count);
        Assert.All(entries.Take(2), e => Assert.Contains("INSERT INTO \"post_tags\"", e.Sql));
        Assert.All(entries.Skip(2), e => Assert.Contains("DELETE FROM \"post_tags\"", e.Sql));
        Assert.All(entries, e => Assert.Equal([post.Id, tags[2].Id], e.Parameters));
        Assert.Empty(Linked());
    }

    [Fact]
    public void A_missing_target_is_object_not_found_and_the_callers_transaction_goes_on()
    {
        post.Manager("Tags").Add(tags[0]);
        db.Log.Clear();
        Assert.Equal("Tag 999 does not exist.", Assert.Throws<NotFoundException>(() => post.Manager("Tags").Add(999L)).Message);
        // Removing a tag that does not exist removes nothing (Django's remove()), in its one DELETE.
        Assert.Equal(LinkStatus.NotPresent, Assert.Single(post.Manager("Tags").Remove(998L)).Status);
        Assert.Equal(2, db.Log.Entries.Count);
        Assert.Equal(["t0"], Linked());
        db.InTransaction(() =>
        {
            Assert.Throws<NotFoundException>(() => post.Manager("Tags").Add(999L));
            // No database error was raised, so the transaction is still usable.
            Assert.Equal(LinkStatus.Added, Assert.Single(post.Manager("Tags").Add(tags[1])).Status);
        });
        Assert.Equal(["t0", "t1"], Linked());
    }

    [Fact]
    public void Several_targets_with_one_missing_link_none_of_them()
    {
        var e = Assert.Throws<NotFoundException>(() => post.Manager("Tags").Add(new List<object> { tags[0], 997L, tags[1] }));
        Assert.Equal("Tag 997 does not exist.", e.Message);
        Assert.Empty(Linked());
    }
}
