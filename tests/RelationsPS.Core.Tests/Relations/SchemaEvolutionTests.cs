using System.Collections;
using System.Security.Cryptography;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Schema;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// Schema evolution (issue 16): each change kind on a database holding rows, the rows before and after,
/// refusals that change nothing (the same catalog, the same rows), the history table, read-only
/// connections and databases RelationsPS did not create. Runs on a SQLite file and, as
/// <c>SchemaEvolutionTestsOnPostgreSql</c>, on a PostgreSQL schema (issue 13), where column changes are
/// ALTER TABLE statements instead of SQLite's table rebuild: the statements differ, the outcome does not.
/// Models: Server (Name Char(50)), Rack (Label), then variations of Server.
/// </summary>
public class SchemaEvolutionTests : IDisposable
{
    private static bool OnPostgreSql => TestDatabases.OnPostgreSql;

    // A file, or a new schema of the test cluster: reopened by several specs, so not TestDatabases.Fresh.
    private readonly string path = OnPostgreSql ? TestDatabases.Postgres.NewSchema() : Path.Combine(Path.GetTempPath(), $"relps-evolve-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        if (OnPostgreSql) return;
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(f)) File.Delete(f);
        GC.SuppressFinalize(this);
    }

    private RelDatabase Open(ModelSet? models, OpenOptions? options = null) => OnPostgreSql
        ? RelDatabase.Connect(DatabaseProvider.PostgreSQL, path, models, options ?? new OpenOptions())
        : RelDatabase.Open(path, models, options ?? new OpenOptions());

    private static ModelSet Schema(IDictionary server, IDictionary? more = null)
    {
        var h = TestDb.Ht(("Server", server), ("Rack", TestDb.Ht(("Label", TestDb.Ht(("Type", "Char"), ("MaxLength", 20))))));
        if (more is not null) foreach (DictionaryEntry e in more) h[e.Key] = e.Value;
        return SchemaReader.Read(h);
    }

    private static Hashtable Char(int max, params (string, object?)[] more) => TestDb.Ht([("Type", "Char"), ("MaxLength", max), .. more]);

    private static readonly ModelSet V1 = Schema(TestDb.Ht(("Name", Char(50))));

    private RelDatabase Seeded()
    {
        var db = Open(V1);
        foreach (var n in new[] { "web01", "db01", "cache-server-number-one" }) db.New("Server", ("Name", n));
        return db;
    }

    /// <summary>
    /// What the catalog says of every table, index and constraint: sqlite_master's DDL, or PostgreSQL's
    /// columns (type, NOT NULL), constraint definitions and index definitions, read from pg_catalog.
    /// </summary>
    private static List<string> Master(RelDatabase db) => db.Query(new SqlStatement(OnPostgreSql ? PostgreSqlCatalog.Master : "SELECT type || ' ' || name || ': ' || IFNULL(sql, '') FROM sqlite_master ORDER BY type, name", []), r => r.GetString(0)).ToList();

    private static string Snapshot(RelDatabase db) => string.Join("\n", Master(db).Concat(db.Rows("server", "id", "name")));

    /// <summary>One table as the catalog describes it (see <see cref="Master"/>).</summary>
    private static string Ddl(RelDatabase db, string name) => OnPostgreSql
        ? string.Join("\n", db.Query(new SqlStatement(PostgreSqlCatalog.Table, [name]), r => r.GetString(0)))
        : db.Query(new SqlStatement("SELECT sql FROM sqlite_master WHERE name = @p0", [name]), r => r.GetString(0)).Single();

    /// <summary>What a new database made from <paramref name="models"/> has for table (or index) <paramref name="name"/>.</summary>
    private static string FreshDdl(ModelSet models, string name)
    {
        using var fresh = OnPostgreSql ? TestDatabases.Postgres.Fresh(models) : RelDatabase.OpenInMemory(models);
        return Ddl(fresh, name);
    }

    [Fact]
    public void A_new_field_with_a_default_is_added_and_existing_rows_take_the_default()
    {
        using var db = Seeded();
        var v2 = Schema(TestDb.Ht(("Name", Char(50)), ("Owner", Char(30, ("Default", "ops")))));
        var plan = db.CompareSchema(v2);
        var d = Assert.Single(plan.Differences);
        Assert.Equal((ChangeKind.AddField, "Server", "Owner", false), (d.Kind, d.Model, d.Field, d.LosesData));
        if (OnPostgreSql)
        {
            // Added nullable, filled (the default is a parameter: DDL takes none), then made NOT NULL.
            Assert.Equal(["ALTER TABLE \"server\" ADD COLUMN \"owner\" character varying(30) NULL", "UPDATE \"server\" SET \"owner\" = @p0", "ALTER TABLE \"server\" ALTER COLUMN \"owner\" SET NOT NULL"], d.Ddl);
            Assert.Equal(["ops"], plan.Statements[1].Parameters);
            Assert.False(d.Rebuilds);
        }
        else Assert.Contains(d.Ddl, s => s.StartsWith("CREATE TABLE \"new__server\"", StringComparison.Ordinal));
        db.MigrateSchema(v2, null, force: false);
        Assert.Equal(["1,web01,ops", "2,db01,ops", "3,cache-server-number-one,ops"], db.Rows("server", "id", "name", "owner"));
        // A migrated table reads exactly as a new database's (on SQLite: rebuilt from the same DDL).
        Assert.Equal(FreshDdl(v2, "server"), Ddl(db, "server"));
        Assert.Equal("ops", db.New("Server", ("Name", "new"))["Owner"]);
        var history = Assert.Single(db.SchemaHistory());
        Assert.Contains("AddField Server.Owner", history.Description);
        Assert.Equal(SchemaComparer.Hash(db.Dialect, v2), history.SchemaHash);
        Assert.Empty(db.CompareSchema(v2).Differences);
    }

    [Fact]
    public void A_new_non_null_field_without_default_is_refused_and_nothing_changes()
    {
        using var db = Seeded();
        var before = Snapshot(db);
        var e = Assert.Throws<SchemaException>(() => db.MigrateSchema(Schema(TestDb.Ht(("Name", Char(50)), ("Owner", Char(30)))), null, force: false));
        Assert.Equal("NewFieldNeedsDefault", e.ErrorId);
        Assert.Contains("Server.Owner", e.Message);
        Assert.Equal(before, Snapshot(db));
    }

    [Fact]
    public void A_nullable_new_field_leaves_existing_rows_null()
    {
        using var db = Seeded();
        db.MigrateSchema(Schema(TestDb.Ht(("Name", Char(50)), ("Notes", TestDb.Ht(("Type", "Text"), ("Null", true))))), null, force: false);
        Assert.Equal(["1,web01,null", "2,db01,null", "3,cache-server-number-one,null"], db.Rows("server", "id", "name", "notes"));
    }

    [Fact]
    public void Removing_a_field_needs_force_and_says_what_is_lost()
    {
        using var db = Seeded();
        var before = Snapshot(db);
        var v2 = Schema(TestDb.Ht(("Host", Char(50, ("Null", true)))));
        var removed = db.CompareSchema(v2).Differences.Single(x => x.Kind == ChangeKind.RemoveField);
        Assert.Equal("3 rows with values in 'server.name'", removed.Loss);
        var e = Assert.Throws<SchemaException>(() => db.MigrateSchema(v2, null, force: false));
        Assert.Equal("DataLossNeedsForce", e.ErrorId);
        Assert.Equal(before, Snapshot(db));
        db.MigrateSchema(v2, null, force: true);
        Assert.Equal(["1,null", "2,null", "3,null"], db.Rows("server", "id", "host"));
    }

    [Fact]
    public void A_rename_is_only_applied_when_asked_and_keeps_the_values()
    {
        using var db = Seeded();
        var v2 = Schema(TestDb.Ht(("Host", Char(50))), null);
        Assert.Throws<SchemaException>(() => db.MigrateSchema(Schema(TestDb.Ht(("Host", Char(50, ("Default", "x"))))), null, false));
        var candidates = db.CompareSchema(Schema(TestDb.Ht(("Host", Char(50, ("Default", "x")))))).Differences.Where(x => x.Kind == ChangeKind.RenameCandidate).ToList();
        Assert.Contains("-Rename @{ 'Server.Name' = 'Server.Host' }", Assert.Single(candidates).Description);
        var renames = new Dictionary<string, string> { ["Server.Name"] = "Server.Host" };
        Assert.Equal(ChangeKind.RenameField, Assert.Single(db.CompareSchema(v2, renames).Differences).Kind);
        db.MigrateSchema(v2, renames, force: false);
        Assert.Equal(["1,web01", "2,db01", "3,cache-server-number-one"], db.Rows("server", "id", "host"));
        Assert.Equal("web01", db.Objects("Server").Filter("Host", "web01").Single()["Host"]);
    }

    [Fact]
    public void Narrowing_a_max_length_needs_force_and_cuts_longer_values()
    {
        using var db = Seeded();
        var v2 = Schema(TestDb.Ht(("Name", Char(10))));
        var d = Assert.Single(db.CompareSchema(v2).Differences);
        Assert.Equal("1 row with values longer than 10 in 'server.name', cut to 10 characters", d.Loss);
        Assert.Throws<SchemaException>(() => db.MigrateSchema(v2, null, force: false));
        db.MigrateSchema(v2, null, force: true);
        Assert.Equal(["1,web01", "2,db01", "3,cache-serv"], db.Rows("server", "id", "name"));
        // Widening loses nothing and needs no -Force.
        db.MigrateSchema(Schema(TestDb.Ht(("Name", Char(80)))), null, force: false);
    }

    [Fact]
    public void A_unique_constraint_existing_rows_violate_fails_and_leaves_the_database_as_before()
    {
        using (var db = Seeded()) db.New("Server", ("Name", "web01"));
        using (var db = Open(V1))
        {
            var before = Snapshot(db);
            var v2 = Schema(TestDb.Ht(("Name", Char(50, ("Unique", true)))), TestDb.Ht(("Switch", TestDb.Ht(("Port", TestDb.Ht(("Type", "Integer"), ("Default", 1)))))));
            var e = Assert.ThrowsAny<RelationsException>(() => db.MigrateSchema(v2, null, force: false));
            Assert.Equal("UniqueViolation", e.ErrorId);
            Assert.Equal(before, Snapshot(db));
            Assert.Empty(db.SchemaHistory());
            Assert.Same(V1, db.Models);
            db.New("Server", ("Name", "still-works"));
        }
        using (var db = Open(V1)) db.Objects("Server").Filter("Name", "still-works").Delete();
    }

    [Fact]
    public void A_new_relation_and_model_are_created_and_foreign_keys_checked()
    {
        using var db = Seeded();
        var v2 = Schema(TestDb.Ht(("Name", Char(50)), ("Rack", TestDb.Ht(("Type", "ForeignKey"), ("To", "Rack"), ("Null", true), ("OnDelete", "SetNull")))),
            TestDb.Ht(("Owner", TestDb.Ht(("Name", Char(40))))));
        var kinds = db.CompareSchema(v2).Differences.Select(x => $"{x.Kind} {x.Model}.{x.Field}").Order().ToList();
        Assert.Equal(["AddModel Owner.", "AddRelation Server.Rack", "AlterField Server.Rack"], kinds);
        db.MigrateSchema(v2, null, false);
        var rack = db.New("Rack", ("Label", "R1"));
        var web = db.Objects("Server").Filter("Name", "web01").Single();
        web["Rack"] = rack;
        db.Save(web);
        Assert.Equal(["web01"], db.Objects("Server").Filter("Rack__Label", "R1").Names());
        Assert.Equal(FreshDdl(v2, "server_rack_id_idx"), Ddl(db, "server_rack_id_idx"));
        Assert.Equal(FreshDdl(v2, "server"), Ddl(db, "server"));
    }

    [Fact]
    public void Transforms_fill_a_new_field_from_existing_rows_in_the_same_transaction()
    {
        using var db = Seeded();
        var v2 = Schema(TestDb.Ht(("Name", Char(50)), ("Fqdn", Char(80, ("Default", "")))));
        var fqdn = new Expressions.Concat(new Expressions.F("Name"), new Expressions.Const(".corp"));
        db.MigrateSchema(v2, null, false, new Dictionary<string, IReadOnlyDictionary<string, object?>> { ["Server"] = new Dictionary<string, object?> { ["Fqdn"] = fqdn } });
        Assert.Equal(["web01,web01.corp", "db01,db01.corp"], db.Rows("server", "name", "fqdn").Where(r => !r.StartsWith("cache", StringComparison.Ordinal)).OrderDescending().ToList());
        Assert.Contains("Transform Server.Fqdn", db.SchemaHistory().Single().Description);
    }

    [Fact]
    public void The_history_table_is_no_part_of_the_schema_check()
    {
        using (var db = Seeded()) db.MigrateSchema(Schema(TestDb.Ht(("Name", Char(50)), ("Port", TestDb.Ht(("Type", "Integer"), ("Default", 22))))), null, false);
        var v2 = Schema(TestDb.Ht(("Name", Char(50)), ("Port", TestDb.Ht(("Type", "Integer"), ("Default", 22)))));
        using var again = Open(v2, new OpenOptions { RefuseForeignTables = true });
        Assert.Empty(again.CompareSchema(v2).Differences);
        Assert.Equal(22L, again.Objects("Server").First()!["Port"]);
    }

    [Fact]
    public void A_database_with_tables_relationsps_did_not_create_is_refused_without_a_schema_and_left_unchanged()
    {
        string before;
        using (var db = Seeded()) before = Snapshot(db);
        var hash = OnPostgreSql ? "" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        var e = Assert.Throws<SchemaException>(() => Open(BlogSchema.Models, new OpenOptions { RefuseForeignTables = true }));
        Assert.Equal("ForeignDatabase", e.ErrorId);
        Assert.Contains("(rack, server:", e.Message);
        Assert.Contains("-ReadOnly", e.Message);
        Assert.Contains("Export-RelSchema", e.Message);
        if (!OnPostgreSql) Assert.Equal(hash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
        using (var db = Open(V1)) Assert.Equal(before, Snapshot(db));
    }

    [Fact]
    public void A_read_only_connection_reads_and_refuses_every_write_without_touching_the_file()
    {
        string before;
        using (var db = Seeded()) before = Snapshot(db);
        var hash = OnPostgreSql ? "" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        using (var ro = Open(V1, new OpenOptions { ReadOnly = true }))
        {
            Assert.True(ro.IsReadOnly);
            Assert.Equal(3, ro.Objects("Server").Count());
            var e = Assert.ThrowsAny<RelationsException>(() => ro.New("Server", ("Name", "x")));
            Assert.Equal(("DatabaseReadOnly", ErrorKind.PermissionDenied), (e.ErrorId, e.Kind));
            Assert.Equal("DatabaseReadOnly", Assert.ThrowsAny<RelationsException>(() => ro.MigrateSchema(V1, null, false)).ErrorId);
            Assert.Equal("SchemaMismatch", Assert.Throws<SchemaException>(() => Open(BlogSchema.Models, new OpenOptions { ReadOnly = true })).ErrorId);
            Assert.Equal(before, Snapshot(ro));
        }
        if (!OnPostgreSql) Assert.Equal(hash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
    }

    [Fact]
    public void An_index_alone_is_one_statement_and_no_rebuild()
    {
        using var db = Seeded();
        var v2 = Schema(TestDb.Ht(("Name", Char(50, ("Index", true)))));
        var d = Assert.Single(db.CompareSchema(v2).Differences);
        Assert.Equal((ChangeKind.AlterField, "Name", "new index 'server_name_idx'"), (d.Kind, d.Field, d.Description));
        Assert.Equal(["CREATE INDEX \"server_name_idx\" ON \"server\" (\"name\")"], d.Ddl);
        db.MigrateSchema(v2, null, false);
        Assert.Empty(db.CompareSchema(v2).Differences);
        Assert.Contains("DROP INDEX \"server_name_idx\"", db.CompareSchema(V1).Differences.Single().Ddl);
    }

    [Fact]
    public void Null_made_not_null_takes_the_default_or_with_force_the_empty_value()
    {
        using var db = Seeded();
        db.MigrateSchema(Schema(TestDb.Ht(("Name", Char(50)), ("Notes", Char(20, ("Null", true))))), null, false);
        db.Objects("Server").Filter("Name", "web01").Update(new Dictionary<string, object?> { ["Notes"] = "front" });
        var withDefault = Schema(TestDb.Ht(("Name", Char(50)), ("Notes", Char(20, ("Default", "n/a")))));
        Assert.False(Assert.Single(db.CompareSchema(withDefault).Differences).LosesData);
        var withoutDefault = Schema(TestDb.Ht(("Name", Char(50)), ("Notes", Char(20))));
        Assert.Equal("2 rows with NULL in 'server.notes', set to ''", Assert.Single(db.CompareSchema(withoutDefault).Differences).Loss);
        db.MigrateSchema(withDefault, null, false);
        Assert.Equal(["1,front", "2,n/a", "3,n/a"], db.Rows("server", "id", "notes"));
        Assert.Equal(2, db.SchemaHistory().Count);
    }

    [Fact]
    public void A_written_schema_reads_back_to_the_same_tables()
    {
        var through = SchemaReader.Read(TestDb.Ht(
            ("Person", TestDb.Ht(("Name", Char(128)))),
            ("Group", TestDb.Ht(("Name", Char(128)), ("Members", TestDb.Ht(("Type", "ManyToMany"), ("To", "Person"), ("Through", "Membership"), ("RelatedName", "Groups"))),
                ("Meta", TestDb.Ht(("Ordering", "Name"))))),
            ("Membership", TestDb.Ht(("Person", TestDb.Ht(("Type", "ForeignKey"), ("To", "Person"), ("OnDelete", "Cascade"))),
                ("Group", TestDb.Ht(("Type", "ForeignKey"), ("To", "Group"), ("OnDelete", "Cascade"))),
                ("DateJoined", TestDb.Ht(("Type", "Date"))), ("Meta", TestDb.Ht(("UniqueTogether", new[] { "Person", "Group" })))))));
        foreach (var models in new[] { BlogSchema.Models, through, V1 })
        {
            var again = SchemaReader.Read(SchemaWriter.ToDictionary(models));
            Assert.Equal(SchemaComparer.Hash(Dialects.Sqlite.SqliteDialect.Instance, models), SchemaComparer.Hash(Dialects.Sqlite.SqliteDialect.Instance, again));
            Assert.Equal(models.Models.Select(m => m.Name), again.Models.Select(m => m.Name));
        }
        Assert.Contains("Ordering = @('Name')", SchemaWriter.ToPsd1(through));
    }

    [Fact]
    public void A_model_renamed_when_asked_keeps_its_rows_and_the_relations_to_it()
    {
        var disk = TestDb.Ht(("Disk", TestDb.Ht(("Server", TestDb.Ht(("Type", "ForeignKey"), ("To", "Server"), ("OnDelete", "Cascade"))))));
        using (var db = Seeded()) db.MigrateSchema(Schema(TestDb.Ht(("Name", Char(50))), disk), null, false);
        using var again = Open(Schema(TestDb.Ht(("Name", Char(50))), disk));
        again.New("Disk", ("Server", again.Objects("Server").First()));
        var v2 = SchemaReader.Read(TestDb.Ht(("Host", TestDb.Ht(("Name", Char(50)))), ("Rack", TestDb.Ht(("Label", Char(20)))),
            ("Disk", TestDb.Ht(("Server", TestDb.Ht(("Type", "ForeignKey"), ("To", "Host"), ("OnDelete", "Cascade"), ("RelatedName", "Disks")))))));
        Assert.Contains(again.CompareSchema(v2).Differences, d => d.Kind == ChangeKind.RemoveModel);
        var renames = new Dictionary<string, string> { ["Server"] = "Host" };
        var plan = again.CompareSchema(v2, renames);
        Assert.Equal(["RenameModel Host"], plan.Differences.Select(d => $"{d.Kind} {d.Model}").ToList());
        again.MigrateSchema(v2, renames, false);
        Assert.Equal(["1,web01", "2,db01", "3,cache-server-number-one"], again.Rows("host", "id", "name"));
        Assert.Equal(["web01"], again.Objects("Disk").Select(d => (string)again.Objects("Host").FirstOrDefaultById((long)d["ServerId"]!)!["Name"]!).ToList());
        Assert.Equal(FreshDdl(v2, "disk"), Ddl(again, "disk"));
        Assert.Empty(again.CompareSchema(v2).Differences);
    }

    [Fact]
    public void A_foreign_key_on_a_column_whose_values_point_nowhere_fails_the_check_unless_a_transform_mends_them()
    {
        // v1: Server.RackNo is a plain integer in column rack_id; v2 makes that column Server.Rack, a ForeignKey to Rack.
        var v1 = Schema(TestDb.Ht(("Name", Char(50)), ("RackNo", TestDb.Ht(("Type", "Integer"), ("Null", true), ("DbColumn", "rack_id")))));
        using var db = Open(v1);
        db.New("Rack", ("Label", "R1"));
        db.New("Server", ("Name", "web01"), ("RackNo", 1L));
        db.New("Server", ("Name", "db01"), ("RackNo", 99L));
        var v2 = Schema(TestDb.Ht(("Name", Char(50)), ("Rack", TestDb.Ht(("Type", "ForeignKey"), ("To", "Rack"), ("Null", true), ("OnDelete", "SetNull")))));
        // The column keeps its name: no rename, the field's kind changes.
        Assert.Contains(db.CompareSchema(v2).Differences, x => x.Kind == ChangeKind.AddRelation && x.Description == "'rack_id' now references 'rack'");
        var before = Snapshot(db);
        var e = Assert.Throws<SchemaException>(() => db.MigrateSchema(v2, null, force: true));
        Assert.Equal("ForeignKeyCheckFailed", e.ErrorId);
        Assert.Equal(before, Snapshot(db));
        Assert.Equal(["1,web01,1", "2,db01,99"], db.Rows("server", "id", "name", "rack_id"));
        Assert.Same(v1, db.Models);
        Assert.Empty(db.SchemaHistory());
        // A transform runs before the check: the rows it mends pass it.
        var mend = new Dictionary<string, IReadOnlyDictionary<string, object?>> { ["Server"] = new Dictionary<string, object?> { ["Rack"] = 1L } };
        db.MigrateSchema(v2, null, force: true, mend);
        Assert.Equal(["web01", "db01"], db.Objects("Server").Filter("Rack__Label", "R1").OrderBy("Id").Names());
        Assert.Equal(FreshDdl(v2, "server"), Ddl(db, "server"));
        Assert.Empty(db.CompareSchema(v2).Differences);
    }

    [Fact]
    public void A_changed_type_needs_force_and_converts_every_value_both_ways()
    {
        var port = (object type, int? max) => TestDb.Ht([("Type", type), ("Null", true), .. max is int m ? new[] { ("MaxLength", (object?)m) } : []]);
        using var db = Open(Schema(TestDb.Ht(("Name", Char(50)), ("Port", port("Integer", null)))));
        db.New("Server", ("Name", "web01"), ("Port", 22L));
        db.New("Server", ("Name", "db01"), ("Port", 5432L));
        db.New("Server", ("Name", "cache"));
        var text = Schema(TestDb.Ht(("Name", Char(50)), ("Port", port("Char", 10))));
        // Each database's catalog spelling of the two types (SQLite's table_info reports INTEGER).
        var (integer, varchar) = OnPostgreSql ? ("integer", "character varying(10)") : ("INTEGER", "varchar(10)");
        var d = Assert.Single(db.CompareSchema(text).Differences);
        Assert.Equal(($"type {integer} -> {varchar}", $"2 rows with values in 'server.port', converted from {integer} to {varchar}"), (d.Description, d.Loss));
        if (OnPostgreSql) Assert.Equal([$"ALTER TABLE \"server\" ALTER COLUMN \"port\" TYPE {varchar} USING CAST(\"port\" AS {varchar})"], d.Ddl);
        Assert.Equal("DataLossNeedsForce", Assert.Throws<SchemaException>(() => db.MigrateSchema(text, null, force: false)).ErrorId);
        db.MigrateSchema(text, null, force: true);
        Assert.Equal(["22", "5432", null], db.Objects("Server").OrderBy("Id").Pluck("Port"));
        Assert.Equal(["db01"], db.Objects("Server").Filter("Port__startswith", "54").Names());
        Assert.Equal(FreshDdl(text, "server"), Ddl(db, "server"));
        var number = Schema(TestDb.Ht(("Name", Char(50)), ("Port", port("Integer", null))));
        db.MigrateSchema(number, null, force: true);
        Assert.Equal([22L, 5432L, null], db.Objects("Server").OrderBy("Id").Pluck("Port"));
        Assert.Equal(["db01"], db.Objects("Server").Filter("Port__gt", 1000L).Names());
        Assert.Equal(FreshDdl(number, "server"), Ddl(db, "server"));
        Assert.Equal(2, db.SchemaHistory().Count);
    }

    [Fact]
    public void New_fields_of_each_type_take_their_defaults_in_the_rows_already_there()
    {
        using var db = Seeded();
        var v2 = Schema(TestDb.Ht(("Name", Char(50)),
            ("Up", TestDb.Ht(("Type", "Boolean"), ("Default", true))),
            ("Weight", TestDb.Ht(("Type", "Float"), ("Default", 1.5))),
            ("Price", TestDb.Ht(("Type", "Decimal"), ("MaxDigits", 8), ("DecimalPlaces", 2), ("Default", 9.99m))),
            ("Since", TestDb.Ht(("Type", "Date"), ("Default", new DateTime(2024, 2, 29)))),
            ("Seen", TestDb.Ht(("Type", "DateTime"), ("AutoNowAdd", true)))));
        db.MigrateSchema(v2, null, force: false);
        var rows = db.Objects("Server").OrderBy("Id").ToList();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
            Assert.Equal((true, 1.5, 9.99m, new DateTime(2024, 2, 29)), ((bool)row["Up"]!, (double)row["Weight"]!, (decimal)row["Price"]!, (DateTime)row["Since"]!));
        // AutoNowAdd: the moment of the migration, one value for every row already there.
        Assert.Single(rows.Select(r => (DateTime)r["Seen"]!).Distinct());
        Assert.Equal(FreshDdl(v2, "server"), Ddl(db, "server"));
        Assert.Equal(3, db.Objects("Server").Filter("Up", true).Filter("Price__gt", 9m).Count());
    }
}
