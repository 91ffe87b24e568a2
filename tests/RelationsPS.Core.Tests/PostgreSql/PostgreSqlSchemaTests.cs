using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Schema;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.PostgreSql;

/// <summary>
/// The schema on PostgreSQL, read from its catalog: a second connection finds what the first created and
/// creates nothing; a contradicting schema is refused; a foreign database is refused; schema evolution
/// applies new tables and every column change in place (ALTER TABLE), the catalog then reading as a new
/// database's, and a migration failing at its last statement changes nothing (PostgreSQL's DDL is transactional).
/// Models: Shelf (Name), then Shelf with a new model Book -> Shelf; Room, Rack, Host before and after every
/// kind of column change (<see cref="Before"/>, <see cref="After"/>).
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

    // Every kind of column change at once. Before: Rack (Label, Code), Host (Name unique, Size integer NULL,
    // Notes NOT NULL, Old, Rack -> Rack, Spare -> Rack). After: Name no longer unique and 30 long, Size bigint
    // NOT NULL (default 1), Notes NULL, Old gone, Rack -> Room (retargeted), Spare no longer a relation
    // (an integer), Owner new NOT NULL (default 'ops'), Room a new OneToOne, (Name, Size) unique together;
    // Rack.Label renamed Serial, Rack.Code unique.
    private static ModelSet Before() => SchemaReader.Read(TestDb.Ht(
        ("Room", TestDb.Ht(("Floor", TestDb.Ht(("Type", "Integer"))))),
        ("Rack", TestDb.Ht(("Label", TestDb.Ht(("Type", "Char"), ("MaxLength", 20))), ("Code", TestDb.Ht(("Type", "Char"), ("MaxLength", 10), ("Null", true))))),
        ("Host", TestDb.Ht(
            ("Name", TestDb.Ht(("Type", "Char"), ("MaxLength", 50), ("Unique", true))),
            ("Size", TestDb.Ht(("Type", "Integer"), ("Null", true))),
            ("Notes", TestDb.Ht(("Type", "Text"))),
            ("Old", TestDb.Ht(("Type", "Char"), ("MaxLength", 5), ("Null", true))),
            ("Rack", TestDb.Ht(("Type", "ForeignKey"), ("To", "Rack"), ("OnDelete", "Cascade"), ("Null", true))),
            ("Spare", TestDb.Ht(("Type", "ForeignKey"), ("To", "Rack"), ("OnDelete", "SetNull"), ("Null", true), ("RelatedName", "Spares")))))));

    private static ModelSet After() => SchemaReader.Read(TestDb.Ht(
        ("Room", TestDb.Ht(("Floor", TestDb.Ht(("Type", "Integer"))))),
        ("Rack", TestDb.Ht(("Serial", TestDb.Ht(("Type", "Char"), ("MaxLength", 20))), ("Code", TestDb.Ht(("Type", "Char"), ("MaxLength", 10), ("Null", true), ("Unique", true))))),
        ("Host", TestDb.Ht(
            ("Name", TestDb.Ht(("Type", "Char"), ("MaxLength", 30))),
            ("Size", TestDb.Ht(("Type", "BigInteger"), ("Default", 1))),
            ("Notes", TestDb.Ht(("Type", "Text"), ("Null", true))),
            ("Rack", TestDb.Ht(("Type", "ForeignKey"), ("To", "Room"), ("OnDelete", "Cascade"), ("Null", true), ("DbColumn", "rack_id"))),
            ("Spare", TestDb.Ht(("Type", "Integer"), ("Null", true), ("DbColumn", "spare_id"))),
            ("Owner", TestDb.Ht(("Type", "Char"), ("MaxLength", 20), ("Default", "ops"))),
            ("Room", TestDb.Ht(("Type", "OneToOne"), ("To", "Room"), ("OnDelete", "SetNull"), ("Null", true))),
            ("Meta", TestDb.Ht(("UniqueTogether", new[] { "Name", "Size" })))))));

    private static readonly Dictionary<string, string> RackLabelToSerial = new() { ["Rack.Label"] = "Rack.Serial" };

    private static List<string> Catalog(RelDatabase db) => db.Query(new SqlStatement(PostgreSqlCatalog.Master, []), r => r.GetString(0)).ToList();

    private static RelDatabase Seeded(string cs)
    {
        var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, Before(), new OpenOptions());
        db.Create("Room", new Dictionary<string, object?> { ["Floor"] = 3L });
        var rack = db.Create("Rack", new Dictionary<string, object?> { ["Label"] = "R1", ["Code"] = "c1" });
        db.Create("Host", new Dictionary<string, object?> { ["Name"] = "web01-with-a-long-name-of-40-characters", ["Size"] = 4L, ["Notes"] = "front", ["Old"] = "x", ["Rack"] = rack, ["Spare"] = rack });
        db.Create("Host", new Dictionary<string, object?> { ["Name"] = "db01", ["Notes"] = "-", ["Rack"] = null });
        return db;
    }

    [Fact]
    public void Every_column_change_is_applied_in_place_and_the_table_then_reads_as_a_new_database_would_create_it()
    {
        var cs = TestDatabases.Postgres.NewSchema();
        using var db = Seeded(cs);
        var plan = db.CompareSchema(After(), RackLabelToSerial);
        Assert.DoesNotContain(plan.Differences, d => d.Rebuilds);
        Assert.DoesNotContain(plan.Statements, s => s.Text.Contains("new__", StringComparison.Ordinal) || s.Text.StartsWith("DROP TABLE", StringComparison.Ordinal));
        var host = plan.Differences.Where(d => d.Table == "host").Select(d => $"{d.Kind} {d.Field}: {d.Description}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "AddField Owner: new column 'owner' character varying(20) NOT NULL, rows already there take 'ops'",
            "AddRelation Room: new column 'room_id' bigint NULL referencing 'room', rows already there hold NULL",
            "AlterField : (name, size) become unique together",
            "AlterField : index 'host_spare_id_idx' is in no field",
            "AlterField Name: 'name' is no longer unique",
            "AlterField Name: max length character varying(50) -> character varying(30)",
            "AlterField Notes: NOT NULL -> NULL",
            "AlterField Rack: 'rack_id' references 'room' instead of 'rack'",
            "AlterField Room: 'room_id' becomes unique",
            "AlterField Size: NULL -> NOT NULL; 1 row holding NULL take 1",
            "AlterField Size: type integer -> bigint",
            "AlterField Spare: type bigint -> integer",
            "RemoveField : column 'old' (character varying(5)) is in no field",
            "RemoveRelation Spare: 'spare_id' no longer references 'rack'",
        ], host);
        var rack = db.Objects("Rack").First()!;
        db.MigrateSchema(After(), RackLabelToSerial, force: true, new Dictionary<string, IReadOnlyDictionary<string, object?>>
        {
            // The racks' ids are not rooms: Host.Rack now points at the one room.
            ["Host"] = new Dictionary<string, object?> { ["Rack"] = db.Objects("Room").First()!["Id"] },
        });
        Assert.Equal(["1,web01-with-a-long-name-of-40-c,4,front,ops,1", "2,db01,1,-,ops,1"], db.Rows("host", "id", "name", "size", "notes", "owner", "rack_id"));
        Assert.Equal(["1,R1,c1"], db.Rows("rack", "id", "serial", "code"));
        Assert.Equal([(long)rack["Id"]!], db.Objects("Host").Filter("Name", "web01-with-a-long-name-of-40-c").Pluck("Spare"));
        // The catalog read back (types, nullability, constraints, indexes) is what a new database gets.
        using (var fresh = TestDatabases.Postgres.Fresh(After()))
            Assert.Equal(Catalog(fresh), Catalog(db).Where(l => !l.Contains("relationsps_migrations", StringComparison.Ordinal)));
        Assert.Empty(db.CompareSchema(After()).Differences);
        using var again = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, After(), new OpenOptions());
        Assert.Equal(2, again.Objects("Host").Count());
        Assert.Single(again.SchemaHistory());
    }

    [Fact]
    public void A_migration_that_fails_at_its_last_statement_changes_nothing_at_all()
    {
        var cs = TestDatabases.Postgres.NewSchema();
        using var db = Seeded(cs);
        db.Create("Rack", new Dictionary<string, object?> { ["Label"] = "R2", ["Code"] = "c1" });
        var before = Catalog(db);
        var models = db.Models;
        var rows = string.Join(";", db.Rows("host", "id", "name", "size", "notes", "old", "rack_id", "spare_id"));
        var plan = db.CompareSchema(After(), RackLabelToSerial);
        // Rack.Code becomes unique, and two racks share 'c1': every ALTER of host has run when that one fails.
        Assert.True(plan.Statements.Count > 10);
        var e = Assert.ThrowsAny<RelationsException>(() => db.MigrateSchema(After(), RackLabelToSerial, force: true));
        Assert.Equal("UniqueViolation", e.ErrorId);
        Assert.Equal(before, Catalog(db));
        Assert.Equal(rows, string.Join(";", db.Rows("host", "id", "name", "size", "notes", "old", "rack_id", "spare_id")));
        Assert.Empty(db.SchemaHistory());
        Assert.Same(models, db.Models);
        // The connection goes on with the old models, and the same migration applies once the racks differ.
        db.Objects("Rack").Filter("Label", "R2").Update(new Dictionary<string, object?> { ["Code"] = "c2" });
        db.MigrateSchema(After(), RackLabelToSerial, force: true, new Dictionary<string, IReadOnlyDictionary<string, object?>> { ["Host"] = new Dictionary<string, object?> { ["Rack"] = null } });
        Assert.Empty(db.CompareSchema(After()).Differences);
    }

    [Fact]
    public void A_transform_runs_after_the_migration_unprepared_the_savepoint_statements_the_connection_had_prepared()
    {
        // Regression: the savepoint commands were reused after DEALLOCATE ALL and named "_auto0", which the server no longer had.
        var cs = TestDatabases.Postgres.NewSchema();
        using var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, Shelf(), new OpenOptions());
        foreach (var name in new[] { "a", "b", "c" })
            db.InTransaction(() => db.InTransaction(() => db.Create("Shelf", new Dictionary<string, object?> { ["Name"] = name })));
        var labelled = new ModelSetBuilder().Model("Shelf", m => m.Char("Name", 50).Char("Label", 60, blank: true, @default: "")).Build();
        var label = new Expressions.Concat(new Expressions.F("Name"), new Expressions.Const("-shelf"));
        db.MigrateSchema(labelled, null, force: false, new Dictionary<string, IReadOnlyDictionary<string, object?>> { ["Shelf"] = new Dictionary<string, object?> { ["Label"] = label } });
        Assert.Equal(["a-shelf", "b-shelf", "c-shelf"], db.Objects("Shelf").OrderBy("Id").Names("Label"));
        db.InTransaction(() => db.InTransaction(() => db.Create("Shelf", new Dictionary<string, object?> { ["Name"] = "d" })));
        Assert.Equal(4, db.Objects("Shelf").Count());
    }

    [Fact]
    public async Task Two_connections_migrating_one_database_at_once_take_turns_and_the_second_finds_nothing_left_to_do()
    {
        var cs = TestDatabases.Postgres.NewSchema();
        using (var seed = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, Shelf(), new OpenOptions()))
            seed.Create("Shelf", new Dictionary<string, object?> { ["Name"] = "top" });
        var labelled = new ModelSetBuilder().Model("Shelf", m => m.Char("Name", 50).Char("Label", 60, blank: true, @default: "none")).Build();
        using var a = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, Shelf(), new OpenOptions());
        using var b = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, Shelf(), new OpenOptions());
        using var start = new Barrier(2);
        // Each has planned the new column before either begins: without the lock, the second ADD COLUMN would fail.
        var plans = new[] { a, b }.Select(db => Task.Run(() =>
        {
            Assert.Single(db.CompareSchema(labelled).Differences);
            start.SignalAndWait();
            return db.MigrateSchema(labelled, null, force: false);
        })).ToArray();
        var results = await Task.WhenAll(plans);
        Assert.Equal([0, 1], results.Select(p => p.Statements.Count == 0 ? 0 : 1).Order());
        Assert.Equal(["none"], a.Objects("Shelf").Names("Label"));
        Assert.Empty(b.CompareSchema(labelled).Differences);
    }

    [Fact]
    public void Removed_models_are_dropped_each_before_the_tables_it_references()
    {
        // Aisle comes first by name, but Shelf references it: PostgreSQL refuses to drop a table still referenced.
        var cs = TestDatabases.Postgres.NewSchema();
        var before = new ModelSetBuilder()
            .Model("Aisle", m => m.Char("Name", 20))
            .Model("Shelf", m => m.Char("Name", 50).ForeignKey("Aisle", "Aisle", OnDeleteAction.Cascade))
            .Model("Room", m => m.Char("Name", 20))
            .Build();
        using var db = RelDatabase.Connect(DatabaseProvider.PostgreSQL, cs, before, new OpenOptions());
        var aisle = db.Create("Aisle", new Dictionary<string, object?> { ["Name"] = "A" });
        db.Create("Shelf", new Dictionary<string, object?> { ["Name"] = "top", ["Aisle"] = aisle });
        var after = new ModelSetBuilder().Model("Room", m => m.Char("Name", 20)).Build();
        var plan = db.CompareSchema(after);
        Assert.Equal(["DROP TABLE \"shelf\"", "DROP TABLE \"aisle\""], plan.Statements.Select(s => s.Text));
        Assert.Equal(["1 row of table 'shelf'", "1 row of table 'aisle'"], plan.Differences.Select(d => d.Loss));
        db.MigrateSchema(after, null, force: true);
        Assert.Equal(["column room.id bigint NOT NULL", "column room.name character varying(20) NOT NULL", "constraint room: PRIMARY KEY (id)"], Catalog(db).Where(l => !l.Contains("relationsps_migrations", StringComparison.Ordinal)));
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
