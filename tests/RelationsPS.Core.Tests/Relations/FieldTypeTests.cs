using System.Collections;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// The field types admins need (issue 14, "Fields admins need"), restated from Django's model_fields tests
/// where they apply: Duration (Django's DurationField: microseconds in a bigint on SQLite), Json
/// (Django's JSONField, model_fields/test_jsonfield: round-trips and key transforms), Binary (BinaryField), Choices, Email/URL/IPAddress validation
/// (cases from Django's validators tests), computed defaults (a Func, as Django's callable default).
///
/// Model:
/// <code>
/// Job: Name Char(20), Length Duration, Timeout Duration (null)
/// Doc: Name Char(20), Data Json (null)
/// Blob: Name Char(20), Bytes Binary (null)
/// Host: Mail Email (blank), Site Url (blank), Ip IPAddress (null)
/// Svc: Name Char(20), Role Char(10) Choices web/db/cache (blank), Level Integer Choices 1 Low, 2 High (null)
/// </code>
/// </summary>
public class FieldTypeTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Open(b => b.Model("Job", m => m
        .Char("Name", 20)
        .Field("Length", new FieldSpec(FieldType.Duration))
        .Field("Timeout", new FieldSpec(FieldType.Duration) { Null = true }))
        .Model("Doc", m => m.Char("Name", 20).Field("Data", new FieldSpec(FieldType.Json) { Null = true }))
        .Model("Blob", m => m.Char("Name", 20).Field("Bytes", new FieldSpec(FieldType.Binary) { Null = true }))
        .Model("Svc", m => m.Char("Name", 20)
            .Field("Role", new FieldSpec(FieldType.Char) { MaxLength = 10, Blank = true, Choices = [new("web", "web"), new("db", "db"), new("cache", "cache")] })
            .Field("Level", new FieldSpec(FieldType.Integer) { Null = true, Choices = [new(1, "Low"), new(2, "High")] }))
        .Model("Host", m => m.Email("Mail", blank: true).Url("Site", blank: true).Field("Ip", new FieldSpec(FieldType.IPAddress) { Null = true })));

    public void Dispose() => db.Dispose();

    private RelObject Job(string name, object? length, object? timeout = null) =>
        db.New("Job", ("Name", name), ("Length", length), ("Timeout", timeout));

    /// <summary>The column's declared type as the database's catalog has it (SQLite's table_info, PostgreSQL's format_type).</summary>
    private string ColumnType(string table, string column) => db.Query(new SqlStatement(TestDatabases.OnPostgreSql
        ? $"SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = CAST('\"{table}\"' AS regclass) AND a.attname = '{column}'"
        : $"SELECT type FROM pragma_table_info('{table}') WHERE name = '{column}'", []), r => r.GetString(0)).Single();

    /// <summary>The type a field gets: SQLite's (Django's sqlite3 backend) or PostgreSQL's.</summary>
    private static string Declared(string sqlite, string postgreSql) => TestDatabases.OnPostgreSql ? postgreSql : sqlite;

    // ---- Duration ----

    [Fact]
    public void Duration_is_a_bigint_column_of_microseconds_and_round_trips_exactly()
    {
        var t = new TimeSpan(1, 2, 3, 4, 567) + TimeSpan.FromTicks(8900);   // 1.02:03:04.5678900
        var job = Job("a", t);
        Assert.Equal(t, job["Length"]);
        Assert.Equal(t, db.Objects("Job").FirstOrDefaultById(job.Id!.Value)!["Length"]);
        Assert.Null(db.Objects("Job").FirstOrDefaultById(job.Id!.Value)!["Timeout"]);
        Assert.Equal("bigint", ColumnType("job", "length"));
        Assert.Equal(["93784567890"], db.Rows("job", "length"));
    }

    [Fact]
    public void Duration_takes_invariant_text_and_negative_values()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), Job("a", "01:30:00")["Length"]);
        Assert.Equal(new TimeSpan(2, 3, 4, 5, 500), Job("b", "2.03:04:05.5")["Length"]);
        Assert.Equal(TimeSpan.FromSeconds(-1), Job("c", "-00:00:01")["Length"]);
        Assert.Equal(["-1000000", "5400000000", "183845500000"], db.Rows("job", "length"));
    }

    [Theory]
    [InlineData("ninety minutes", "InvalidValue")]
    [InlineData("1,5", "InvalidValue")]
    [InlineData(90, "InvalidValue")]
    public void Duration_refuses_what_is_not_a_duration(object value, string errorId)
    {
        var e = Assert.Throws<ValidationException>(() => Job("a", value));
        Assert.Equal(errorId, e.ErrorId);
        Assert.StartsWith("Field 'Job.Length' takes a duration", e.Message);
        Assert.Empty(db.Rows("job", "id"));
    }

    [Fact]
    public void Duration_finer_than_a_microsecond_is_refused_not_rounded()
    {
        var e = Assert.Throws<ValidationException>(() => Job("a", TimeSpan.FromTicks(15)));
        Assert.Equal("DurationNotExact", e.ErrorId);
        Assert.Equal("Field 'Job.Length' keeps a duration to the microsecond; '00:00:00.0000015' has a finer part, so it is refused rather than rounded.", e.Message);
        Assert.Empty(db.Rows("job", "id"));
    }

    [Fact]
    public void Duration_compares_orders_and_aggregates()
    {
        Job("short", TimeSpan.FromMinutes(5));
        Job("long", TimeSpan.FromHours(2));
        Job("mid", "00:30:00.000001");
        Assert.Equal(["long", "mid"], db.Objects("Job").Filter("Length__gt", TimeSpan.FromMinutes(10)).OrderBy("-Length").Names());
        Assert.Equal(["short"], db.Objects("Job").Filter("Length__lte", "00:05:00").Names());
        Assert.Equal(["short", "mid", "long"], db.Objects("Job").OrderBy("Length").Names());
        Assert.Equal(["mid"], db.Objects("Job").Filter("Length", new TimeSpan(0, 0, 30, 0) + TimeSpan.FromTicks(10)).Names());
        var agg = db.Objects("Job").Aggregate(("Sum", "Sum(Length)"), ("Avg", "Avg(Length)"), ("Min", "Min(Length)"), ("Max", "Max(Length)"));
        Assert.Equal(new TimeSpan(0, 2, 35, 0) + TimeSpan.FromTicks(10), agg["Sum"]);
        Assert.Equal(TimeSpan.FromSeconds(3100), agg["Avg"]);   // 9300000001 µs / 3, to the microsecond
        Assert.Equal(TimeSpan.FromMinutes(5), agg["Min"]);
        Assert.Equal(TimeSpan.FromHours(2), agg["Max"]);
    }

    [Fact]
    public void Duration_from_a_schema_hashtable_round_trips_through_the_schema_writer()
    {
        var models = SchemaReader.Read(TestDb.Ht(("Job", TestDb.Ht(
            ("Length", TestDb.Ht(("Type", "Duration"), ("Default", "01:00:00")))))));
        Assert.Equal(FieldType.Duration, models.Get("Job").FindField("Length")!.Type);
        var psd1 = SchemaWriter.ToPsd1(models);
        Assert.Contains("Length = @{ Type = 'Duration'; Default = '01:00:00' }", psd1);
        var again = SchemaReader.Read(SchemaWriter.ToDictionary(models));
        Assert.Equal(FieldType.Duration, again.Get("Job").FindField("Length")!.Type);
        using var d = TestDb.Open(models);
        Assert.Equal(TimeSpan.FromHours(1), d.Create("Job", new Dictionary<string, object?>())["Length"]);
    }

    // ---- Json ----

    private RelObject Doc(string name, object? data) => db.New("Doc", ("Name", name), ("Data", data));

    private static Hashtable Sample() => TestDb.Ht(("owner", "ann"), ("n", 3), ("ratio", 1.5), ("ok", true), ("none", null),
        ("tags", new object[] { "a", "b" }), ("nested", TestDb.Ht(("k", "v"))));

    [Fact]
    public void Json_round_trips_dictionaries_lists_and_scalars()
    {
        var doc = Doc("a", Sample());
        foreach (var o in new[] { doc, db.Objects("Doc").FirstOrDefaultById(doc.Id!.Value)! })
        {
            var d = Assert.IsType<System.Collections.Specialized.OrderedDictionary>(o["Data"]);
            Assert.Equal("ann", d["OWNER"]);
            Assert.Equal(3L, d["n"]);
            Assert.Equal(1.5, d["ratio"]);
            Assert.Equal(true, d["ok"]);
            Assert.True(d.Contains("none"));
            Assert.Null(d["none"]);
            Assert.Equal(new object[] { "a", "b" }, d["tags"]);
            Assert.Equal("v", ((IDictionary)d["nested"]!)["k"]);
        }
        Assert.Equal(Declared("text", "json"), ColumnType("doc", "data"), ignoreCase: true);
        Assert.Equal("ann", Doc("s", "ann")["Data"]);
        Assert.Equal(42L, Doc("i", 42)["Data"]);
        Assert.Equal(false, Doc("b", false)["Data"]);
        Assert.Equal(new object?[] { 1L, "x", null }, Doc("l", new object?[] { 1, "x", null })["Data"]);
        Assert.Null(Doc("null", null)["Data"]);
        Assert.Equal(["\"ann\"", "42", "[1,\"x\",null]", "false", "null"], db.Rows("doc", "data").Where(r => !r.StartsWith('{')).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Json_key_lookups_pass_the_path_as_a_parameter()
    {
        Doc("a", Sample());
        Doc("b", TestDb.Ht(("owner", "bob"), ("n", 1), ("tags", new object[] { "b" })));
        Doc("c", TestDb.Ht(("n", 5)));
        Assert.Equal(["a"], db.Objects("Doc").Filter("Data__owner", "ann").Names());
        var sql = db.Log.Entries.Last().Sql;
        Assert.Contains(TestDatabases.OnPostgreSql ? "jsonb_path_query_first(" : "json_extract(", sql);
        Assert.DoesNotContain("owner", sql);
        Assert.Equal(["a", "c"], db.Objects("Doc").Filter("Data__n__gt", 2).OrderBy("Name").Names());
        Assert.Equal(["b"], db.Objects("Doc").Filter("Data__tags__0", "b").Names());
        Assert.Equal(["c"], db.Objects("Doc").Filter("Data__owner__isnull", true).Names());
        Assert.Equal(["a"], db.Objects("Doc").Filter("Data__nested__k", "v").Names());
        Assert.Equal(["a"], db.Objects("Doc").Filter("Data__ok", true).Names());
        Assert.Equal(["c", "a", "b"], db.Objects("Doc").OrderBy("-Data__n").Names());
    }

    [Theory]
    [InlineData("Data__own-er")]
    [InlineData("Data__1x")]
    [InlineData("Data__a'b")]
    public void Json_keys_that_are_not_names_are_refused(string key)
    {
        var e = Assert.ThrowsAny<RelationsException>(() => db.Objects("Doc").Filter(key, "x").Count());
        Assert.Equal("InvalidJsonKey", e.ErrorId);
    }

    [Fact]
    public void Json_refuses_values_that_are_not_json_and_writes_nothing()
    {
        var e = Assert.Throws<ValidationException>(() => Doc("a", TestDb.Ht(("when", new DateTime(2024, 1, 2)))));
        Assert.Equal("InvalidValue", e.ErrorId);
        Assert.StartsWith("Field 'Doc.Data' takes JSON values", e.Message);
        Assert.Equal("InvalidValue", Assert.Throws<ValidationException>(() => Doc("a", double.NaN)).ErrorId);
        Assert.Empty(db.Rows("doc", "id"));
    }

    // ---- Binary ----

    [Fact]
    public void Binary_round_trips_bytes_exactly_as_a_blob()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var blob = db.New("Blob", ("Name", "all"), ("Bytes", bytes));
        bytes[0] = 99;   // the row keeps what was written
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), (byte[])blob["Bytes"]!);
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), (byte[])db.Objects("Blob").FirstOrDefaultById(blob.Id!.Value)!["Bytes"]!);
        Assert.Equal(Array.Empty<byte>(), (byte[])db.New("Blob", ("Name", "empty"), ("Bytes", Array.Empty<byte>()))["Bytes"]!);
        Assert.Null(db.New("Blob", ("Name", "none"), ("Bytes", null))["Bytes"]);
        Assert.Equal(Declared("BLOB", "bytea"), ColumnType("blob", "bytes"), ignoreCase: true);
        Assert.Equal(TestDatabases.OnPostgreSql ? ["256", "0", "null"] : ["blob,256", "blob,0", "null,null"], db.Query(new SqlStatement(TestDatabases.OnPostgreSql
            ? "SELECT COALESCE(CAST(length(bytes) AS text), 'null') FROM blob ORDER BY id"
            : "SELECT IFNULL(typeof(bytes), 'null') || ',' || IFNULL(length(bytes), 'null') FROM blob ORDER BY id", []), r => r.GetString(0)).ToList());
    }

    [Fact]
    public void Binary_takes_exact_and_isnull_lookups_only()
    {
        db.New("Blob", ("Name", "a"), ("Bytes", new byte[] { 1, 2, 3 }));
        db.New("Blob", ("Name", "b"), ("Bytes", new byte[] { 1, 2 }));
        db.New("Blob", ("Name", "c"), ("Bytes", null));
        Assert.Equal(["a"], db.Objects("Blob").Filter("Bytes", new byte[] { 1, 2, 3 }).Names());
        Assert.Equal(["c"], db.Objects("Blob").Filter("Bytes__isnull", true).Names());
        var e = Assert.Throws<RelationsException>(() => db.Objects("Blob").Filter("Bytes__gt", new byte[] { 1 }).Count());
        Assert.Equal("UnsupportedLookup", e.ErrorId);
        Assert.Equal("The gt lookup cannot be used with Binary field 'Blob.Bytes' (it takes exact and isnull only).", e.Message);
        Assert.Equal("UnsupportedLookup", Assert.Throws<RelationsException>(() => db.Objects("Blob").Filter("Bytes__contains", "x").Count()).ErrorId);
    }

    [Fact]
    public void Binary_refuses_what_is_not_bytes()
    {
        var e = Assert.Throws<ValidationException>(() => db.New("Blob", ("Name", "a"), ("Bytes", "text")));
        Assert.Equal("InvalidValue", e.ErrorId);
        Assert.StartsWith("Field 'Blob.Bytes' takes bytes", e.Message);
        Assert.Empty(db.Rows("blob", "id"));
    }

    // ---- Choices ----

    private RelObject Svc(params (string, object?)[] values) => db.New("Svc", [("Name", "s"), .. values]);

    [Fact]
    public void Choices_take_listed_values_only_and_name_them_when_refusing()
    {
        Assert.Equal("web", Svc(("Role", "web"))["Role"]);
        Assert.Equal(2L, Svc(("Role", "db"), ("Level", "2"))["Level"]);
        Assert.Equal("", Svc(("Role", ""))["Role"]);   // Blank: '' is allowed, as in Django
        Assert.Null(Svc(("Role", "cache"), ("Level", null))["Level"]);
        var e = Assert.Throws<ValidationException>(() => Svc(("Role", "mail")));
        Assert.Equal("InvalidChoice", e.ErrorId);
        Assert.Equal("Field 'Svc.Role': 'mail' is not one of the choices: web, db, cache.", e.Message);
        var e2 = Assert.Throws<ValidationException>(() => Svc(("Role", "web"), ("Level", 3)));
        Assert.Equal("Field 'Svc.Level': '3' is not one of the choices: 1 (Low), 2 (High).", e2.Message);
        Assert.Throws<ValidationException>(() => Svc(("Role", "WEB")));
        Assert.Equal(4, db.Rows("svc", "id").Count);
    }

    [Fact]
    public void Choices_are_checked_on_updates_but_not_on_filter_values()
    {
        var s = Svc(("Role", "web"), ("Level", 1));
        Assert.Equal("InvalidChoice", Assert.Throws<ValidationException>(() => db.Objects("Svc").Update(new Dictionary<string, object?> { ["Role"] = "mail" })).ErrorId);
        Assert.Equal("InvalidChoice", Assert.Throws<ValidationException>(() => s["Level"] = 5).ErrorId);
        Assert.Equal(["s,web,1"], db.Rows("svc", "name", "role", "level"));
        Assert.Equal(0, db.Objects("Svc").Filter("Level__gt", 5).Count());
        Assert.Equal(0, db.Objects("Svc").Filter("Role", "mail").Count());
    }

    [Theory]
    [InlineData("Boolean", null, "InvalidOption", "Field 'X.F': Choices apply to Char, Slug, Text, Email, Url, Integer and BigInteger fields, not Boolean.")]
    [InlineData("Char", null, "InvalidChoices", "Field 'X.F': the choice 'toolong' does not fit the field: it takes at most 3 characters; the value has 7.")]
    [InlineData("Char", "zz", "InvalidChoices", "Field 'X.F': the default 'zz' is not one of the choices: a, toolong.")]
    public void Choices_that_do_not_fit_the_field_are_schema_errors(string type, string? @default, string errorId, string message)
    {
        var field = TestDb.Ht(("Type", type), ("MaxLength", type == "Char" ? (@default is null ? 3 : 10) : null), ("Choices", new object[] { "a", "toolong" }));
        if (@default is not null) field["Default"] = @default;
        var e = Assert.Throws<SchemaException>(() => SchemaReader.Read(TestDb.Ht(("X", TestDb.Ht(("F", field))))));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Choices_round_trip_through_the_schema_writer()
    {
        var labelled = new System.Collections.Specialized.OrderedDictionary();
        labelled.Add(1, "Low");
        labelled.Add(2, "High");
        var models = SchemaReader.Read(TestDb.Ht(("Svc", TestDb.Ht(
            ("Role", TestDb.Ht(("Type", "Char"), ("MaxLength", 10), ("Choices", new object[] { "web", "db" }))),
            ("Level", TestDb.Ht(("Type", "Integer"), ("Choices", labelled)))))));
        var psd1 = SchemaWriter.ToPsd1(models);
        Assert.Contains("Choices = @('web', 'db')", psd1);
        Assert.Contains("Choices = @{ 1 = 'Low'; 2 = 'High' }", psd1);
        var again = SchemaReader.Read(SchemaWriter.ToDictionary(models));
        Assert.Equal("1 (Low), 2 (High)", again.Get("Svc").FindField("Level")!.ChoiceList);
        Assert.Equal("web, db", again.Get("Svc").FindField("Role")!.ChoiceList);
    }

    // ---- Email, Url, IPAddress ----

    private RelObject Host(string field, object? value) => db.New("Host", (field, value));

    [Theory]
    [InlineData("email@here.com")]
    [InlineData("weirder-email@here.and.there.com")]
    [InlineData("email@localhost")]
    [InlineData("email@[127.0.0.1]")]
    [InlineData("email@[IPv6:2001:db8::1]")]
    [InlineData("example@valid-----hyphens.com")]
    [InlineData("test@domain.with.idn.tld.उदाहरण.परीक्षा")]
    [InlineData("\"\"")]
    public void Email_takes_what_Django_takes(string value)
    {
        if (value == "\"\"") value = "";   // blank, allowed by Blank
        Assert.Equal(value, Host("Mail", value)["Mail"]);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("abc@")]
    [InlineData("@example.com")]
    [InlineData("a @x.cz")]
    [InlineData("abc@.com")]
    [InlineData("something@@somewhere.com")]
    [InlineData("email@127.0.0.1")]
    [InlineData("example@invalid-.com")]
    [InlineData("test@example.com\n\n<script src=\"x.js\">")]
    public void Email_refuses_what_Django_refuses(string value)
    {
        var e = Assert.Throws<ValidationException>(() => Host("Mail", value));
        Assert.Equal("InvalidValue", e.ErrorId);
        Assert.StartsWith("Field 'Host.Mail' takes an email address", e.Message);
        Assert.Empty(db.Rows("host", "id"));
    }

    [Theory]
    [InlineData("http://www.djangoproject.com/")]
    [InlineData("HTTP://EXAMPLE.COM/")]
    [InlineData("http://localhost:8000/")]
    [InlineData("https://example.com/path?q=1#frag")]
    [InlineData("ftp://example.com/")]
    [InlineData("ftps://user:pass@example.com:21/file")]
    [InlineData("http://200.8.9.10:8000/test")]
    [InlineData("http://[2001:db8::1]/")]
    [InlineData("http://例子.测试/")]
    public void Url_takes_what_Django_takes(string value) => Assert.Equal(value, Host("Site", value)["Site"]);

    [Theory]
    [InlineData("example.com")]
    [InlineData("no_scheme")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://")]
    [InlineData("http://.com")]
    [InlineData("http://invalid-.com")]
    [InlineData("http://example")]
    [InlineData("http://example.com:99999/")]
    [InlineData("http://exa mple.com")]
    public void Url_refuses_what_Django_refuses(string value)
    {
        var e = Assert.Throws<ValidationException>(() => Host("Site", value));
        Assert.StartsWith("Field 'Host.Site' takes a URL", e.Message);
        Assert.Empty(db.Rows("host", "id"));
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("::ffff:10.10.10.10", "::ffff:10.10.10.10")]
    [InlineData("fe80::1", "fe80::1")]
    public void IPAddress_is_stored_normalised(string value, string stored)
    {
        Assert.Equal(stored, Host("Ip", value)["Ip"]);
        Assert.Equal([stored], db.Rows("host", "ip"));
        Assert.Equal(1, db.Objects("Host").Filter("Ip", stored).Count());
    }

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3")]
    [InlineData("1")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.4.5")]
    [InlineData("12345::")]
    [InlineData("1::2::3")]
    [InlineData("fe80::1%eth0")]
    [InlineData("localhost")]
    public void IPAddress_refuses_what_is_not_an_address(string value)
    {
        var e = Assert.Throws<ValidationException>(() => Host("Ip", value));
        Assert.Equal("Field 'Host.Ip' takes an IPv4 address (192.0.2.1) or an IPv6 address (2001:db8::1); '" + value + "' is not one.", e.Message);
        Assert.Empty(db.Rows("host", "id"));
    }

    [Fact]
    public void IPAddress_is_a_char_39_column_and_filters_are_not_validated()
    {
        Host("Ip", "10.0.0.1");
        Assert.Equal(Declared("char(39)", "character varying(39)"), ColumnType("host", "ip"));
        Assert.Equal(1, db.Objects("Host").Filter("Ip__startswith", "10.").Count());
        Assert.Equal(0, db.Objects("Host").Filter("Mail", "not an email").Count());
    }

    // ---- Computed defaults ----

    [Fact]
    public void A_func_default_is_called_once_per_created_row()
    {
        var n = 0;
        using var d = TestDb.Open(b => b.Model("Ticket", m => m
            .Field("Code", new FieldSpec(FieldType.Char) { MaxLength = 10, HasDefault = true, Default = (Func<object?>)(() => $"T-{++n}") })));
        Assert.Equal("T-1", d.Create("Ticket", new Dictionary<string, object?>())["Code"]);
        Assert.Equal("given", d.Create("Ticket", new Dictionary<string, object?> { ["Code"] = "given" })["Code"]);
        Assert.Equal("T-2", d.Create("Ticket", new Dictionary<string, object?>())["Code"]);   // not called for the row that gave a Code
        Assert.Equal(["T-1", "T-2", "given"], d.Rows("ticket", "code"));
        Assert.DoesNotContain("Default", SchemaWriter.ToPsd1(d.Models));
    }

    [Fact]
    public void A_failing_func_default_is_the_items_error_and_writes_nothing()
    {
        using var d = TestDb.Open(b => b.Model("Ticket", m => m
            .Field("Code", new FieldSpec(FieldType.Char) { MaxLength = 10, HasDefault = true, Default = (Func<object?>)(() => throw new InvalidOperationException("boom")) })));
        var e = Assert.Throws<RelationsException>(() => d.Create("Ticket", new Dictionary<string, object?>()));
        Assert.Equal("DefaultFailed", e.ErrorId);
        Assert.Equal("Field 'Ticket.Code': its Default failed: boom", e.Message);
        Assert.Empty(d.Rows("ticket", "id"));
        Assert.Equal("ok", d.Create("Ticket", new Dictionary<string, object?> { ["Code"] = "ok" })["Code"]);
    }

    [Fact]
    public void A_foreign_blob_column_reads_as_a_Binary_field()
    {
        var file = Path.Combine(Path.GetTempPath(), $"relps-blob-{Guid.NewGuid():N}.db");
        try
        {
            using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "CREATE TABLE photo (id INTEGER PRIMARY KEY, data BLOB); INSERT INTO photo VALUES (1, x'010203');";
                cmd.ExecuteNonQuery();
            }
            using var foreign = RelDatabase.Open(file, null, new OpenOptions { ReadOnly = true });
            var field = foreign.Models.Models.Single().Fields.Single(f => !f.IsPrimaryKey);
            Assert.Equal(FieldType.Binary, field.Type);
            Assert.Equal(new byte[] { 1, 2, 3 }, (byte[])foreign.Objects(field.Model.Name).Single()[field.Name]!);
            Assert.Contains("Type = 'Binary'", SchemaWriter.ToPsd1(foreign.Models));
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) if (File.Exists(f)) File.Delete(f);
        }
    }
}
