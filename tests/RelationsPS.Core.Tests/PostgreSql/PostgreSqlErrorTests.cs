using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.PostgreSql;

/// <summary>
/// PostgreSQL's errors as the engine's: the same ErrorIds and categories as on SQLite (unique, foreign
/// key, not null, read-only, a stopped statement), and what Connect shows of the database.
/// Models: the blog schema.
/// </summary>
public sealed class PostgreSqlErrorTests
{
    private static RelDatabase Blog() => TestDatabases.Postgres.Fresh(BlogSchema.Models);

    [Fact]
    public void Interrupt_stops_a_running_statement_with_StatementInterrupted()
    {
        using var db = Blog();
        var endless = new SqlStatement("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n", []);
        var stopper = new Thread(() =>
        {
            Thread.Sleep(300);
            db.Interrupt();
        });
        stopper.Start();
        var e = Assert.Throws<RelationsException>(() => db.Scalar(endless));
        stopper.Join();
        Assert.Equal("StatementInterrupted", e.ErrorId);
        Assert.Equal(ErrorKind.OperationStopped, e.Kind);
        db.Interrupt();
        Assert.Equal(0, db.Objects("Post").Count());
    }

    [Fact]
    public void Constraint_violations_have_the_ids_they_have_on_SQLite()
    {
        using var db = Blog();
        db.Create("Tag", new Dictionary<string, object?> { ["Name"] = "python", ["Slug"] = "python" });
        var unique = Assert.Throws<DuplicateException>(() => db.Create("Tag", new Dictionary<string, object?> { ["Name"] = "python", ["Slug"] = "python2" }));
        Assert.Equal("UniqueViolation", unique.ErrorId);
        Assert.Equal(ErrorKind.ResourceExists, unique.Kind);
        Assert.Equal("An object with the same value already exists (tag.name must be unique).", unique.Message);
        var foreignKey = Assert.Throws<RelationsException>(() => db.Create("Post", new Dictionary<string, object?> { ["Title"] = "t", ["AuthorId"] = 999L }));
        Assert.Equal("ForeignKeyViolation", foreignKey.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, foreignKey.Kind);
        var notNull = Assert.Throws<ValidationException>(() => db.SqlExecute("INSERT INTO tag (name, slug) VALUES (NULL, 'x')"));
        Assert.Equal("NullNotAllowed", notNull.ErrorId);
        Assert.Equal("NOT NULL constraint failed: tag.name", notNull.Message);
        // After the errors (each in its own transaction) the connection goes on.
        Assert.Equal(1, db.Objects("Tag").Count());
    }

    [Fact]
    public void A_failed_statement_inside_a_transaction_undoes_only_its_savepoint()
    {
        using var db = Blog();
        db.InTransaction(() =>
        {
            db.Create("Tag", new Dictionary<string, object?> { ["Name"] = "a", ["Slug"] = "a" });
            Assert.Throws<DuplicateException>(() => db.InTransaction(() => db.Create("Tag", new Dictionary<string, object?> { ["Name"] = "a", ["Slug"] = "a2" })));
            db.Create("Tag", new Dictionary<string, object?> { ["Name"] = "b", ["Slug"] = "b" });
        });
        Assert.Equal(["a", "b"], db.Objects("Tag").OrderBy("Name").Names());
    }

    [Fact]
    public void A_read_only_connection_refuses_writes_with_DatabaseReadOnly()
    {
        var connectionString = TestDatabases.Postgres.NewSchema();
        using (var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, BlogSchema.Models, new OpenOptions()))
            db.Create("Tag", new Dictionary<string, object?> { ["Name"] = "a", ["Slug"] = "a" });
        using var ro = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, null, new OpenOptions { ReadOnly = true });
        Assert.True(ro.IsReadOnly);
        Assert.Equal(["a"], ro.Objects("Tag").Names());
        Assert.Equal("DatabaseReadOnly", Assert.Throws<RelationsException>(() => ro.Create("Tag", new Dictionary<string, object?> { ["Name"] = "b", ["Slug"] = "b" })).ErrorId);
        Assert.Equal("DatabaseReadOnly", Assert.Throws<RelationsException>(() => ro.SqlExecute("DELETE FROM tag")).ErrorId);
    }

    [Fact]
    public void The_display_name_shows_user_host_port_and_database_never_the_password()
    {
        var cluster = TestDatabases.Postgres.Cluster;
        var connectionString = TestDatabases.Postgres.NewSchema() + ";Password=secret";
        using var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, BlogSchema.Models, new OpenOptions());
        Assert.Equal(DatabaseProvider.PostgreSQL, db.Provider);
        Assert.Equal($"postgresql://postgres@127.0.0.1:{cluster.Port}/specs", db.DisplayName);
        Assert.Equal(db.DisplayName, db.ToString());
        Assert.Null(db.Path);
        Assert.False(db.IsInMemory);
    }

    [Fact]
    public void A_server_that_does_not_answer_is_DatabaseUnavailable()
    {
        var e = Assert.Throws<RelationsException>(() => RelDatabase.Connect(DatabaseProvider.PostgreSQL, "Host=127.0.0.1;Port=1;Username=postgres;Database=x;Timeout=2", BlogSchema.Models, new OpenOptions()));
        Assert.Equal("DatabaseUnavailable", e.ErrorId);
        Assert.Equal(ErrorKind.ResourceUnavailable, e.Kind);
        Assert.StartsWith("Cannot open the database 'postgresql://postgres@127.0.0.1:1/x'", e.Message);
    }
}
