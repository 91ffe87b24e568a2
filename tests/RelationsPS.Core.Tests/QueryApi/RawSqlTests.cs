using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Tests.Queries;

namespace RelationsPS.Core.Tests.QueryApi;

/// <summary>
/// Raw SQL (Django's raw() and cursor()): one statement, named parameters only, logged. Models: the
/// blog schema. Data: users alice, bob; posts P1 (alice, views 10), P2 (bob, 20), P3 (no author, 30).
/// </summary>
public class RawSqlTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Blog();

    public RawSqlTests()
    {
        var alice = db.Add("User", ("UserName", "alice"));
        var bob = db.Add("User", ("UserName", "bob"));
        db.Add("Post", ("Title", "P1"), ("Views", 10), ("Author", alice));
        db.Add("Post", ("Title", "P2"), ("Views", 20), ("Author", bob));
        db.Add("Post", ("Title", "P3"), ("Views", 30));
    }

    public void Dispose() => db.Dispose();

    [Fact]
    public void A_query_returns_rows_by_column_name_with_its_parameters_logged()
    {
        db.Log.Clear();
        var rows = db.SqlQuery("SELECT title, views FROM post WHERE views > @min ORDER BY id", new Dictionary<string, object?> { ["min"] = 15 }).ToList();
        Assert.Equal(["P2:20", "P3:30"], rows.Select(r => $"{r["title"]}:{r["views"]}"));
        var entry = Assert.Single(db.Log.Entries);
        Assert.Equal("SELECT title, views FROM post WHERE views > @min ORDER BY id", entry.Sql);
        Assert.Equal([15], entry.Parameters);
        Assert.Equal(2, entry.Rows);
    }

    [Fact]
    public void With_a_model_rows_are_model_objects_and_extra_columns_annotations()
    {
        var posts = db.SqlQuery(db.Models.Get("Post"), "SELECT p.*, u.user_name AS Writer FROM post p JOIN \"user\" u ON u.id = p.author_id ORDER BY p.id").ToList();
        Assert.Equal(["P1 alice", "P2 bob"], posts.Select(p => $"{p["Title"]} {p.Annotations["Writer"]}"));
        Assert.Equal("alice", posts[0].RelatedObject("Author")!["UserName"]);
        var e = Assert.Throws<RelationsException>(() => db.SqlQuery(db.Models.Get("Post"), "SELECT id, title FROM post").ToList());
        Assert.Equal("RawSqlMissingColumns", e.ErrorId);
        Assert.Contains("body", e.Message);
    }

    [Fact]
    public void A_write_returns_rows_changed_and_is_known_to_write()
    {
        Assert.True(db.IsReadOnlySql("SELECT 1"));
        Assert.False(db.IsReadOnlySql("UPDATE post SET views = views + 1"));
        Assert.Equal(2, db.SqlExecute("UPDATE post SET views = views + @n WHERE author_id IS NOT NULL", new Dictionary<string, object?> { ["@n"] = 5 }));
        Assert.Equal([15L, 25L, 30L], db.Objects("Post").OrderBy("Id").Select(p => Convert.ToInt64(p["Views"])));
    }

    [Fact]
    public void Values_go_in_as_the_engine_stores_them()
    {
        var created = (DateTime)db.Objects("Post").First()["Created"]!;
        var n = db.SqlQuery("SELECT count(*) AS n FROM post WHERE created = @c", new Dictionary<string, object?> { ["c"] = created }).Single()["n"];
        Assert.Equal(1L, n);
    }

    [Fact]
    public void Bad_text_two_statements_and_missing_parameters_are_errors_with_ids()
    {
        Assert.Equal("RawSqlFailed", Assert.Throws<RelationsException>(() => db.SqlQuery("SELEC 1").ToList()).ErrorId);
        // SQLite prepares the text to judge it; PostgreSQL's verdict is read from the text, so bad syntax fails when it runs.
        if (!Support.TestDatabases.OnPostgreSql) Assert.Equal("RawSqlFailed", Assert.Throws<RelationsException>(() => db.IsReadOnlySql("SELEC 1")).ErrorId);
        Assert.Equal("RawSqlMultipleStatements", Assert.Throws<RelationsException>(() => db.IsReadOnlySql("SELECT 1; DELETE FROM post")).ErrorId);
        Assert.True(db.IsReadOnlySql("SELECT 1;  "));
        Assert.False(db.IsReadOnlySql("DELETE FROM post"));
        // Npgsql sends a parameter without a value as text the server cannot read.
        Assert.Equal(Support.TestDatabases.OnPostgreSql ? "RawSqlFailed" : "RawSqlParameterMissing", Assert.Throws<RelationsException>(() => db.SqlQuery("SELECT @x").ToList()).ErrorId);
        Assert.Equal("UniqueViolation", Assert.Throws<DuplicateException>(() => db.SqlExecute("INSERT INTO \"user\" (user_name) VALUES (@n)", new Dictionary<string, object?> { ["n"] = "alice" })).ErrorId);
    }
}
