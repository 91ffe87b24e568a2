using System.Globalization;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.PostgreSql;

/// <summary>
/// CreateMany and BulkCreate of many rows on PostgreSQL go through binary COPY (issue 13), and nothing a
/// caller sees tells it from the INSERTs: ids set, ascending and distinct from another connection's; every
/// value stored as the INSERT path stores it; the same errors, with nothing written; an outer transaction
/// survives a failed call. Models: the blog schema, and
/// <code>
/// .Model("Every", m => m.Char("Name", 40).Slug("Slug").Text("Body", blank: true).Url("Site", blank: true).Email("Mail", blank: true)
///     .Integer("Small").BigInteger("Big", nullable: true).Float("Ratio", nullable: true).Decimal("Price", 12, 3, nullable: true)
///     .Boolean("Flag").Date("Day", nullable: true).DateTime("At", nullable: true).DateTime("Created", autoNowAdd: true)
///     .Field("Key", Uuid, null).Field("Wait", Duration, null).Field("Doc", Json, null).Field("Blob", Binary, null)
///     .Field("Address", IPAddress, null).ForeignKey("Tag", "Tag", SetNull, nullable: true))
/// </code>
/// </summary>
public sealed class BulkLoadTests
{
    private static ModelSet Models() => BlogSchema.Builder()
        .Model("Every", m => m
            .Char("Name", 40).Slug("Slug").Text("Body", blank: true).Url("Site", blank: true).Email("Mail", blank: true)
            .Integer("Small").BigInteger("Big", nullable: true).Float("Ratio", nullable: true).Decimal("Price", 12, 3, nullable: true)
            .Boolean("Flag").Date("Day", nullable: true).DateTime("At", nullable: true).DateTime("Created", autoNowAdd: true)
            .Field("Key", new FieldSpec(FieldType.Uuid) { Null = true })
            .Field("Wait", new FieldSpec(FieldType.Duration) { Null = true })
            .Field("Doc", new FieldSpec(FieldType.Json) { Null = true })
            .Field("Blob", new FieldSpec(FieldType.Binary) { Null = true })
            .Field("Address", new FieldSpec(FieldType.IPAddress) { Null = true })
            .ForeignKey("Tag", "Tag", OnDeleteAction.SetNull, nullable: true))
        .Build();

    private static RelDatabase Open() => TestDatabases.Postgres.Fresh(Models());

    private static Dictionary<string, object?> Tag(string name) => new() { ["Name"] = name, ["Slug"] = name };

    private static IReadOnlyList<Dictionary<string, object?>> Tags(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Tag($"{prefix}{i}"))];

    /// <summary>The statements <paramref name="work"/> ran on <paramref name="db"/>, in order.</summary>
    private static List<string> Statements(RelDatabase db, Action work)
    {
        var before = db.Log.Count;
        work();
        return [.. db.Log.Entries.TakeLast((int)(db.Log.Count - before)).Select(e => e.Sql)];
    }

    private static bool IsCopy(string sql) => sql.StartsWith("COPY ", StringComparison.Ordinal);

    /// <summary>The one statement that draws a call's ids: an array of nextval of the table's sequence.</summary>
    private static bool IsIdReservation(string sql) =>
        sql.StartsWith("SELECT CASE WHEN", StringComparison.Ordinal) && sql.Contains("ARRAY(SELECT nextval(", StringComparison.Ordinal) && sql.Contains("pg_get_serial_sequence('\"tag\"', 'id')", StringComparison.Ordinal);

    [Fact]
    public void Many_rows_are_one_id_reservation_and_one_COPY_and_come_back_with_ascending_ids()
    {
        using var db = Open();
        IReadOnlyList<RelObject> tags = [];
        var statements = Statements(db, () => tags = db.CreateMany(db.Models.Get("Tag"), Tags("t", 20)));
        Assert.Equal(2, statements.Count);
        Assert.True(IsIdReservation(statements[0]), statements[0]);
        Assert.Equal("COPY \"tag\" (\"id\", \"name\", \"slug\") FROM STDIN (FORMAT BINARY)", statements[1]);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"t{i}"), tags.Names());
        // One connection alone draws consecutive ids, in the order of the rows.
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), tags.Select(t => t.Id!.Value));
        Assert.All(tags, t => Assert.Same(db, t.Database));
        Assert.Equal(tags.Names(), db.Objects("Tag").OrderBy("Id").Names());
        // The identity goes on after the ids COPY wrote.
        Assert.Equal(21, db.Create("Tag", Tag("next")).Id);
    }

    [Fact]
    public void Fewer_rows_than_the_threshold_stay_INSERTs()
    {
        using var db = Open();
        var small = Tags("s", Dialects.PostgreSql.PostgreSqlBackend.CopyFromRows - 1);
        var createMany = Statements(db, () => db.CreateMany(db.Models.Get("Tag"), small));
        Assert.Equal(small.Count, createMany.Count);
        Assert.All(createMany, s => Assert.StartsWith("INSERT INTO \"tag\"", s));
        Assert.Equal(2, Statements(db, () => db.CreateMany(db.Models.Get("Tag"), Tags("m", Dialects.PostgreSql.PostgreSqlBackend.CopyFromRows))).Count);
        // BulkCreate's five-row INSERTs are cheaper per row: COPY takes over at more rows, unless ManyToMany values add a statement per row.
        var batched = Dialects.PostgreSql.PostgreSqlBackend.CopyFromBatchedRows;
        var bulk = Statements(db, () => db.BulkCreate(db.Models.Get("Tag"), Tags("b", batched - 1)));
        Assert.Equal((batched - 1 + 4) / 5, bulk.Count);
        Assert.All(bulk, s => Assert.StartsWith("INSERT INTO \"tag\"", s));
        var loaded = Statements(db, () => db.BulkCreate(db.Models.Get("Tag"), Tags("c", batched)));
        Assert.Equal(2, loaded.Count);
        Assert.True(IsIdReservation(loaded[0]));
        Assert.Equal("COPY \"tag\" (\"id\", \"name\", \"slug\") FROM STDIN (FORMAT BINARY)", loaded[1]);
        var python = db.Create("Tag", Tag("python"));
        var posts = Statements(db, () => db.BulkCreate(db.Models.Get("Post"), [.. Enumerable.Range(0, Dialects.PostgreSql.PostgreSqlBackend.CopyFromRows).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["Title"] = $"p{i}", ["Tags"] = new[] { python } })]));
        Assert.Equal(2, posts.Count(IsCopy));
    }

    private static readonly DateTime Moment = new(2026, 3, 4, 5, 6, 7, DateTimeKind.Unspecified);

    /// <summary>Rows over every field type, with the values where text and binary input could part: seventh fractional digits (halves, a carry into the next second), UTC kinds, dates before 2000, extreme numbers, scales, NULLs.</summary>
    private static List<Dictionary<string, object?>> EveryRows(long tagId) =>
    [
        new()
        {
            ["Name"] = "plain", ["Slug"] = "plain", ["Body"] = "zoë ☃ 𝄞\ttab\nline\\back'quote\"", ["Site"] = "https://example.com/a?b=c", ["Mail"] = "a@example.com",
            ["Small"] = int.MaxValue, ["Big"] = long.MaxValue, ["Ratio"] = 0.1, ["Price"] = 1.5m, ["Flag"] = true,
            ["Day"] = new DateTime(2024, 2, 29), ["At"] = Moment.AddTicks(1234565), ["Key"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["Wait"] = TimeSpan.FromTicks(-12_345_670), ["Doc"] = new Dictionary<string, object?> { ["b"] = 1L, ["a"] = new object?[] { true, null, "x" } }, ["Blob"] = new byte[] { 0, 1, 254, 255 },
            ["Address"] = "192.168.0.1", ["TagId"] = tagId,
        },
        new()
        {
            ["Name"] = "edges", ["Slug"] = "edges", ["Body"] = "", ["Small"] = int.MinValue, ["Big"] = long.MinValue, ["Ratio"] = -1e-300, ["Price"] = -0.001m,
            ["Flag"] = false, ["Day"] = new DateTime(1999, 12, 31), ["At"] = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(9_999_995),
            ["Wait"] = TimeSpan.Zero, ["Doc"] = 42L, ["Blob"] = Array.Empty<byte>(), ["Address"] = "::1",
        },
        new()
        {
            ["Name"] = "old", ["Slug"] = "old", ["Small"] = 0, ["Big"] = 0L, ["Ratio"] = 1.7976931348623157e308, ["Price"] = 123456789.123m, ["Flag"] = true,
            ["Day"] = new DateTime(1, 1, 2), ["At"] = new DateTime(1969, 7, 20, 20, 17, 40).AddTicks(5), ["Wait"] = new TimeSpan(2, 3, 4, 5, 500),
            ["Doc"] = "text", ["Address"] = "2001:db8::8a2e:370:7334",
        },
        new()
        {
            ["Name"] = "nulls", ["Slug"] = "nulls", ["Small"] = -1, ["Big"] = null, ["Ratio"] = null, ["Price"] = 100m, ["Day"] = null, ["At"] = Moment.AddTicks(15),
            ["Key"] = null, ["Wait"] = null, ["Doc"] = null, ["Blob"] = null, ["Address"] = null, ["TagId"] = null,
        },
        new()
        {
            ["Name"] = "rounding", ["Slug"] = "rounding", ["Small"] = 7, ["Ratio"] = -0.0, ["Price"] = 0m, ["At"] = Moment.AddTicks(25), ["Doc"] = new object[] { 1.5m, 2000.0 },
        },
        new() { ["Name"] = "down", ["Slug"] = "down", ["Small"] = 8, ["Price"] = 99.999m, ["At"] = Moment.AddTicks(1_000_004) },
        new() { ["Name"] = "up", ["Slug"] = "up", ["Small"] = 9, ["Price"] = 1m, ["At"] = Moment.AddTicks(1_000_006) },
        new() { ["Name"] = "half", ["Slug"] = "half", ["Small"] = 10, ["Price"] = 0.5m, ["At"] = Moment.AddTicks(35) },
    ];

    private static readonly string[] EveryColumns =
        ["name", "slug", "body", "site", "mail", "small", "big", "ratio", "price", "flag", "day", "at", "key", "wait", "doc", "blob", "address", "tag_id"];

    /// <summary>Each row's columns as PostgreSQL prints them (so the comparison is of what is stored, not of what the engine reads back).</summary>
    private static List<string> StoredText(RelDatabase db, IEnumerable<long> ids) =>
        [.. ids.Select(id => (string)db.Scalar(new SqlStatement(
            $"SELECT concat_ws(' | ', {string.Join(", ", EveryColumns.Select(c => $"COALESCE(CAST(\"{c}\" AS text), 'NULL')"))}) FROM \"every\" WHERE \"id\" = @p0", [id]))!)];

    [Fact]
    public void Every_field_type_is_stored_by_COPY_exactly_as_by_INSERT()
    {
        using var db = Open();
        var tag = db.Create("Tag", Tag("python"));
        var model = db.Models.Get("Every");
        db.BulkLoadRows = int.MaxValue;
        IReadOnlyList<RelObject> inserted = [], copied = [];
        var insertStatements = Statements(db, () => inserted = db.CreateMany(model, EveryRows(tag.Id!.Value)));
        db.BulkLoadRows = 1;
        var copyStatements = Statements(db, () => copied = db.CreateMany(model, EveryRows(tag.Id!.Value)));
        Assert.DoesNotContain(insertStatements, IsCopy);
        Assert.Equal(1, copyStatements.Count(IsCopy));

        var insertedText = StoredText(db, inserted.Select(o => o.Id!.Value));
        var copiedText = StoredText(db, copied.Select(o => o.Id!.Value));
        Assert.Equal(insertedText, copiedText);
        // The values the comparison is about, as PostgreSQL stored them both ways.
        Assert.Equal(
            "plain | plain | zoë ☃ 𝄞\ttab\nline\\back'quote\" | https://example.com/a?b=c | a@example.com | 2147483647 | 9223372036854775807 | 0.1 | 1.500 | true | 2024-02-29 | 2026-03-04 05:06:07.123456 | 0f8fad5b-d9cb-469f-a165-70867728950e | -1234567 | {\"b\":1,\"a\":[true,null,\"x\"]} | \\x0001feff | 192.168.0.1 | 1",
            copiedText[0]);
        Assert.Equal("edges | edges |  |  |  | -2147483648 | -9223372036854775808 | -1e-300 | -0.001 | false | 1999-12-31 | 2026-03-04 05:06:08 | NULL | 0 | 42 | \\x | ::1 | NULL", copiedText[1]);
        Assert.Equal(["2026-03-04 05:06:07.000002", "2026-03-04 05:06:07.1", "2026-03-04 05:06:07.100001", "2026-03-04 05:06:07.000004"],
            copiedText.Skip(4).Select(t => t.Split(" | ")[11]));

        // What the engine reads back is the same too, field by field (the AutoNowAdd moment aside).
        var fields = model.ConcreteFields.Where(f => !f.IsPrimaryKey && f.Name != "Created").ToList();
        var readInserted = inserted.Select(o => db.Objects("Every").FirstOrDefaultById(o.Id!.Value)!).ToList();
        var readCopied = copied.Select(o => db.Objects("Every").FirstOrDefaultById(o.Id!.Value)!).ToList();
        foreach (var (a, b) in readInserted.Zip(readCopied))
            foreach (var f in fields)
                Assert.Equal(Show(a.GetValue(f)), Show(b.GetValue(f)));
        // AutoNowAdd is set per row by the engine, stored to the microsecond.
        Assert.All(readCopied, o => Assert.Equal(0, ((DateTime)o["Created"]!).Ticks % 10));
        Assert.All(copied, o => Assert.InRange(((DateTime)o["Created"]!) - DateTime.UtcNow, TimeSpan.FromMinutes(-1), TimeSpan.Zero));
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture) + ":" + f.GetType().Name,
        _ => value.ToString() + ":" + value.GetType().Name,
    };

    [Fact]
    public void A_date_at_either_end_of_DateTimes_range_goes_the_INSERT_way()
    {
        // Npgsql writes DateTime.MinValue as -infinity; the INSERT's text stores 0001-01-01.
        using var db = Open();
        db.BulkLoadRows = 1;
        var rows = EveryRows(db.Create("Tag", Tag("t")).Id!.Value);
        rows[2]["At"] = DateTime.MinValue;
        IReadOnlyList<RelObject> created = [];
        var statements = Statements(db, () => created = db.CreateMany(db.Models.Get("Every"), rows));
        Assert.DoesNotContain(statements, IsCopy);
        Assert.Equal("0001-01-01 00:00:00", db.Scalar(new SqlStatement("SELECT CAST(\"at\" AS text) FROM \"every\" WHERE \"id\" = @p0", [created[2].Id])));
    }

    [Fact]
    public void An_id_whose_default_is_not_the_columns_own_sequence_goes_the_INSERT_way()
    {
        // A table RelationsPS did not create: the id's default draws from a sequence the column does not own.
        using var db = Open();
        db.SqlExecute("ALTER TABLE \"tag\" ALTER COLUMN \"id\" DROP IDENTITY");
        db.SqlExecute("CREATE SEQUENCE \"other_ids\" START 500");
        db.SqlExecute("ALTER TABLE \"tag\" ALTER COLUMN \"id\" SET DEFAULT nextval('other_ids')");
        IReadOnlyList<RelObject> tags = [];
        var statements = Statements(db, () => tags = db.CreateMany(db.Models.Get("Tag"), Tags("t", 10)));
        Assert.DoesNotContain(statements, IsCopy);
        Assert.Equal(Enumerable.Range(500, 10).Select(i => (long)i), tags.Select(t => t.Id!.Value));
        Assert.Equal(tags.Names(), db.Objects("Tag").OrderBy("Id").Names());
    }

    [Fact]
    public void ManyToMany_values_are_linked_through_a_COPY_of_the_join_table()
    {
        using var db = Open();
        var tags = db.CreateMany(db.Models.Get("Tag"), Tags("t", 3));
        IReadOnlyList<RelObject> posts = [];
        var statements = Statements(db, () => posts = db.CreateMany(db.Models.Get("Post"), [.. Enumerable.Range(0, 10).Select(i => new Dictionary<string, object?>
        {
            ["Title"] = $"p{i}",
            // Objects or ids, a duplicate linked once, as Add does.
            ["Tags"] = i % 2 == 0 ? new object[] { tags[i % 3], tags[(i + 1) % 3].Id!.Value, tags[i % 3] } : new object[] { tags[2] },
        })]));
        Assert.Equal(4, statements.Count); // ids, COPY post, the targets' check, COPY post_tags
        Assert.Equal("COPY \"post_tags\" (\"post_id\", \"tag_id\") FROM STDIN (FORMAT BINARY)", statements[3]);
        Assert.Equal(["t0", "t1"], posts[0].Manager("Tags").OrderBy(t => t.Id).Names());
        Assert.Equal(["t2"], posts[1].Manager("Tags").Names());
        Assert.Equal(15, db.Rows("post_tags", "id").Count);
        // Join rows in the order of the posts and their lists, as the INSERTs made them.
        var joinIds = db.Query(new SqlStatement("SELECT \"post_id\", \"tag_id\" FROM \"post_tags\" ORDER BY \"id\"", []), r => (r.GetInt64(0), r.GetInt64(1))).ToList();
        Assert.Equal((posts[0].Id!.Value, tags[0].Id!.Value), joinIds[0]);
        Assert.Equal((posts[0].Id!.Value, tags[1].Id!.Value), joinIds[1]);
        Assert.Equal((posts[1].Id!.Value, tags[2].Id!.Value), joinIds[2]);
    }

    [Fact]
    public void A_missing_link_target_is_ObjectNotFound_as_on_the_INSERT_path_and_nothing_is_written()
    {
        using var db = Open();
        var python = db.Create("Tag", Tag("python"));
        var rows = Enumerable.Range(0, 10).Select(i => new Dictionary<string, object?> { ["Title"] = $"p{i}", ["Tags"] = i == 6 ? new object[] { python, 998L, 999L } : new object[] { python } }).ToList();
        db.BulkLoadRows = int.MaxValue;
        var byInsert = Assert.Throws<NotFoundException>(() => db.CreateMany(db.Models.Get("Post"), rows));
        db.BulkLoadRows = 1;
        var byCopy = Assert.Throws<NotFoundException>(() => db.CreateMany(db.Models.Get("Post"), rows));
        Assert.Equal("Tag 998, 999 does not exist.", byCopy.Message);
        Assert.Equal(byInsert.Message, byCopy.Message);
        Assert.Equal(byInsert.Target, byCopy.Target);
        Assert.Equal(0, db.Objects("Post").Count());
        Assert.Empty(db.Rows("post_tags", "id"));
    }

    /// <summary>The same rows through INSERTs and through COPY fail with the same exception type, ErrorId, category, message and target.</summary>
    private static RelationsException SameErrorBothWays(RelDatabase db, string model, IReadOnlyList<Dictionary<string, object?>> rows)
    {
        db.BulkLoadRows = int.MaxValue;
        var byInsert = Assert.ThrowsAny<RelationsException>(() => db.CreateMany(db.Models.Get(model), rows));
        db.BulkLoadRows = 1;
        var byCopy = Assert.ThrowsAny<RelationsException>(() => db.CreateMany(db.Models.Get(model), rows));
        Assert.Equal(byInsert.GetType(), byCopy.GetType());
        Assert.Equal(byInsert.ErrorId, byCopy.ErrorId);
        Assert.Equal(byInsert.Kind, byCopy.Kind);
        Assert.Equal(byInsert.Message, byCopy.Message);
        Assert.Equal(byInsert.Target, byCopy.Target);
        return byCopy;
    }

    [Fact]
    public void A_unique_violation_is_UniqueViolation_naming_the_failing_row_and_nothing_is_written()
    {
        using var db = Open();
        db.Create("Tag", Tag("t5"));
        var e = SameErrorBothWays(db, "Tag", Tags("t", 10));
        Assert.IsType<DuplicateException>(e);
        Assert.Equal("UniqueViolation", e.ErrorId);
        Assert.Equal(ErrorKind.ResourceExists, e.Kind);
        Assert.Equal("An object with the same value already exists (tag.name must be unique).", e.Message);
        Assert.Equal("t5", e.Target);
        // A duplicate inside the call itself: the second of the two rows is the one named.
        var rows = Tags("u", 10).ToList();
        rows[7] = new Dictionary<string, object?> { ["Name"] = "u7", ["Slug"] = "u2" };
        var inside = SameErrorBothWays(db, "Tag", rows);
        Assert.Equal("An object with the same value already exists (tag.slug must be unique).", inside.Message);
        Assert.Equal("u7", inside.Target);
        Assert.Equal(["t5"], db.Objects("Tag").Names());
    }

    [Fact]
    public void A_foreign_key_violation_is_ForeignKeyViolation_and_nothing_is_written()
    {
        using var db = Open();
        var rows = Enumerable.Range(0, 10).Select(i => new Dictionary<string, object?> { ["Title"] = $"p{i}", ["AuthorId"] = i == 4 ? 999L : null }).ToList();
        var e = SameErrorBothWays(db, "Post", rows);
        Assert.Equal("ForeignKeyViolation", e.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, e.Kind);
        Assert.Equal(0, db.Objects("Post").Count());
    }

    [Fact]
    public void A_null_and_a_check_violation_have_the_INSERT_paths_ids_and_nothing_is_written()
    {
        using var db = Open();
        var nulls = Tags("n", 10).ToList();
        nulls[3]["Name"] = null;
        var e = SameErrorBothWays(db, "Tag", nulls);
        Assert.Equal("NullNotAllowed", e.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        // A CHECK constraint of the database's own (the engine declares none): PostgreSQL's 23514 is DatabaseError on both paths.
        db.SqlExecute("ALTER TABLE \"tag\" ADD CONSTRAINT \"no_x\" CHECK (\"name\" <> 'x')");
        var rows = Tags("c", 10).ToList();
        rows[8] = Tag("x");
        var check = SameErrorBothWays(db, "Tag", rows);
        Assert.Equal("DatabaseError", check.ErrorId);
        Assert.Equal(ErrorKind.WriteError, check.Kind);
        Assert.Contains("no_x", check.Message);
        Assert.Equal(0, db.Objects("Tag").Count());
    }

    [Fact]
    public void Inside_a_callers_transaction_a_failed_COPY_undoes_only_its_own_call()
    {
        using var db = Open();
        IReadOnlyList<RelObject> after = [];
        db.InTransaction(() =>
        {
            db.Create("Tag", Tag("kept"));
            var e = Assert.Throws<DuplicateException>(() => db.CreateMany(db.Models.Get("Tag"), [.. Tags("t", 10), Tag("kept")]));
            Assert.Equal("kept", e.Target);
            // The transaction goes on: the savepoint undid the COPY, not the work before it.
            after = db.CreateMany(db.Models.Get("Tag"), Tags("a", 10));
        });
        Assert.Equal(["kept", .. Enumerable.Range(0, 10).Select(i => $"a{i}")], db.Objects("Tag").OrderBy("Id").Names());
        Assert.Equal(after.Select(t => t.Id), db.Objects("Tag").OrderBy("Id").Skip(1).Select(t => t.Id));
    }

    [Fact]
    public void Interrupt_stops_a_running_COPY_with_StatementInterrupted_and_nothing_is_written()
    {
        using var db = Open();
        Thread? stopper = null;
        var stop = false;
        db.Log.StatementExecuted += entry =>
        {
            // The ids are drawn, so the COPY starts now: ask it to stop until the call has ended.
            if (stopper is not null || !IsIdReservation(entry.Sql)) return;
            stopper = new Thread(() =>
            {
                while (!Volatile.Read(ref stop))
                {
                    db.Interrupt();
                    Thread.Sleep(5);
                }
            });
            stopper.Start();
        };
        var e = Assert.Throws<RelationsException>(() => db.CreateMany(db.Models.Get("Tag"), Tags("t", 200_000)));
        Volatile.Write(ref stop, true);
        stopper!.Join();
        Assert.Equal("StatementInterrupted", e.ErrorId);
        Assert.Equal(ErrorKind.OperationStopped, e.Kind);
        // Stopped inside the COPY (no statement of the server's was cancelled).
        Assert.IsType<OperationCanceledException>(e.InnerException);
        Assert.Equal(0, db.Objects("Tag").Count());
        Assert.Equal(1, db.CreateMany(db.Models.Get("Tag"), Tags("after", 10))[0].Id - 200_000);
    }

    [Fact]
    public void Two_connections_bulk_creating_at_once_both_succeed_with_distinct_ids()
    {
        var connectionString = TestDatabases.Postgres.NewSchema();
        using var first = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, Models(), new OpenOptions());
        using var second = RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, Models(), new OpenOptions());
        using var start = new Barrier(2);
        IReadOnlyList<RelObject> a = [], b = [];
        void Create(RelDatabase db, string prefix, Action<IReadOnlyList<RelObject>> done) =>
            db.InTransaction(() =>
            {
                // Both transactions are open before either reserves ids, so the two draw from the sequence at once.
                db.Create("Tag", Tag(prefix + "-first"));
                start.SignalAndWait();
                for (var round = 0; round < 5; round++) done(db.CreateMany(db.Models.Get("Tag"), Tags($"{prefix}{round}-", 2000)));
            });
        Exception? failed = null;
        var other = new Thread(() =>
        {
            try
            {
                Create(second, "b", r => b = [.. b, .. r]);
            }
            catch (Exception e)
            {
                failed = e;
            }
        });
        other.Start();
        Create(first, "a", r => a = [.. a, .. r]);
        other.Join();
        Assert.Null(failed);
        Assert.Equal(20_000, a.Count + b.Count);
        var all = a.Concat(b).Select(t => t.Id!.Value).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(a.Select(t => t.Id!.Value).Order(), a.Select(t => t.Id!.Value));
        Assert.Equal(b.Select(t => t.Id!.Value).Order(), b.Select(t => t.Id!.Value));
        Assert.Equal(20_002, first.Objects("Tag").Count());
        // Each object has its own row's id.
        var names = first.Objects("Tag").ToDictionary(t => t.Id!.Value, t => (string)t["Name"]!);
        Assert.All(a.Concat(b), t => Assert.Equal(t["Name"], names[t.Id!.Value]));
    }

    [Fact]
    public void BulkCreate_of_many_rows_loads_them_the_same_way()
    {
        using var db = Open();
        var python = db.Create("Tag", Tag("python"));
        IReadOnlyList<RelObject> posts = [];
        var statements = Statements(db, () => posts = db.BulkCreate(db.Models.Get("Post"), [.. Enumerable.Range(0, 20).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["Title"] = $"p{i}", ["Tags"] = new[] { python } })]));
        Assert.Equal(2, statements.Count(IsCopy));
        Assert.Equal(20, python.Manager("Posts").Count);
        Assert.Equal(posts.Select(p => p.Id), db.Objects("Post").OrderBy("Id").Select(p => p.Id));
        Assert.All(posts, p => Assert.Equal(0L, p["Views"])); // the default, as INSERT's
    }
}
