using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.PostgreSql;

/// <summary>
/// The schema on PostgreSQL, read from its catalog: a second connection finds what the first created and
/// creates nothing; a contradicting schema is refused; a foreign database is refused; schema evolution
/// applies new tables and indexes and refuses (changing nothing) what would need SQLite's table rebuild.
/// Models: Shelf (Name), then Shelf with Label (a changed column) or with a new model Book -> Shelf.
/// </summary>
public sealed class PostgreSqlSchemaTests
{
    private static ModelSet Shelf() => new ModelSetBuilder().Model("Shelf", m => m.Char("Name", 50)).Build();

    private static ModelSet ShelfAndBook() => new ModelSetBuilder()
        .Model("Shelf", m => m.Char("Name", 50))
        .Model("Book", m => m.Char("Title", 80).ForeignKey("Shelf", "Shelf", OnDeleteAction.Cascade))
        .Build();

    [Fact]
    public void A_second_connection_finds_the_tables_and_creates_nothing()
    {
        var cs = TestDatabases.Postgres.NewSchema();
        using (var first = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, BlogSchema.Models, new OpenOptions()))
            first.Create("Tag", new Dictionary<string, object?> { ["Name"] = "a", ["Slug"] = "a" });
        using var second = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, BlogSchema.Models, new OpenOptions());
        Assert.DoesNotContain(second.Log.Entries, e => e.Sql.StartsWith("CREATE", StringComparison.Ordinal));
        Assert.Equal(["a"], second.Objects("Tag").Names());
    }

    [Fact]
    public void A_contradicting_schema_is_refused_with_every_difference()
    {
        var cs = TestDatabases.Postgres.NewSchema();
        using (RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, Shelf(), new OpenOptions())) { }
        var other = new ModelSetBuilder().Model("Shelf", m => m.Char("Name", 80).Integer("Size")).Build();
        var e = Assert.Throws<SchemaException>(() => RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, other, new OpenOptions()));
        Assert.Equal("SchemaMismatch", e.ErrorId);
        Assert.Contains("column 'shelf.name' is character varying(50) in the database, the schema says character varying(80)", e.Message);
        Assert.Contains("table 'shelf' has no column 'size' (integer), which the schema declares", e.Message);
    }

    [Fact]
    public void A_database_with_tables_RelationsPS_did_not_create_is_refused_when_asked()
    {
        var cs = TestDatabases.Postgres.NewSchema();
        using (RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, Shelf(), new OpenOptions())) { }
        var e = Assert.Throws<SchemaException>(() => RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, BlogSchema.Models, new OpenOptions { RefuseForeignTables = true }));
        Assert.Equal("ForeignDatabase", e.ErrorId);
        Assert.Contains("(shelf:", e.Message);
    }

    [Fact]
    public void Schema_evolution_adds_a_model_and_keeps_its_history()
    {
        var cs = TestDatabases.Postgres.NewSchema();
        using var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, Shelf(), new OpenOptions());
        db.Create("Shelf", new Dictionary<string, object?> { ["Name"] = "top" });
        var plan = db.MigrateSchema(ShelfAndBook(), null, force: false);
        Assert.Contains(plan.Statements, s => s.Text.StartsWith("CREATE TABLE \"book\"", StringComparison.Ordinal));
        var shelf = db.Objects("Shelf").First();
        db.Create("Book", new Dictionary<string, object?> { ["Title"] = "Dune", ["Shelf"] = shelf });
        Assert.Equal(["Dune"], db.Objects("Book").Filter("Shelf__Name", "top").Select(b => (string)b["Title"]!));
        Assert.Single(db.SchemaHistory());
        Assert.Empty(db.CompareSchema(ShelfAndBook()).Differences);
    }

    [Fact]
    public void A_column_change_that_needs_a_table_rebuild_is_refused_and_changes_nothing()
    {
        var cs = TestDatabases.Postgres.NewSchema();
        using var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, Shelf(), new OpenOptions());
        db.Create("Shelf", new Dictionary<string, object?> { ["Name"] = "top" });
        var longer = new ModelSetBuilder().Model("Shelf", m => m.Char("Name", 80)).Build();
        var e = Assert.Throws<SchemaException>(() => db.MigrateSchema(longer, null, force: true));
        Assert.Equal("SchemaChangeUnsupported", e.ErrorId);
        Assert.Equal(["top"], db.Objects("Shelf").Names());
        Assert.Empty(db.SchemaHistory());
        Assert.NotEmpty(db.CompareSchema(longer).Differences);
    }

    [Fact]
    public void A_foreign_database_opened_read_only_without_models_is_read_as_models()
    {
        var cs = TestDatabases.Postgres.NewSchema();
        using (var conn = new Npgsql.NpgsqlConnection(cs))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "CREATE TABLE artist (artist_id integer PRIMARY KEY, name varchar(120) NOT NULL, photo bytea, tag uuid, info jsonb, price numeric(10,2), seen timestamp);" +
                              "INSERT INTO artist VALUES (1, 'AC/DC', NULL, NULL, NULL, 9.99, NULL)";
            cmd.ExecuteNonQuery();
        }
        using var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, null, new OpenOptions { ReadOnly = true });
        var artist = db.Models.Get("Artist");
        Assert.Equal("artist_id", artist.IdColumn);
        Assert.Equal(
            ["Name:Char:120", "Photo:Binary:", "Tag:Uuid:", "Info:Json:", "Price:Decimal:", "Seen:DateTime:"],
            artist.ConcreteFields.Where(f => !f.IsPrimaryKey).Select(f => $"{f.Name}:{f.Type}:{f.MaxLength}"));
        var row = db.Objects("Artist").First();
        Assert.Equal("AC/DC", row["Name"]);
        Assert.Equal(9.99m, row["Price"]);
    }
}
