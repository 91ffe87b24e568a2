using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Queries;

namespace RelationsPS.Core.Tests.QueryApi;

/// <summary>
/// BulkCreate and BulkUpdate (Django's bulk_create and bulk_update, restated from django/tests/bulk_create
/// and queries/test_bulk_update): many rows per statement, ids set in order, one transaction. Models:
/// <code>
/// .Model("Country",   m => m.Char("Name", 255).Char("IsoTwoLetter", 2, unique: true))
/// .Model("TwoFields", m => m.Integer("F1").Integer("F2"))
/// .Model("Note",      m => m.Char("Text", 100).Char("Misc", 100).DateTime("Changed", autoNow: true))
/// </code>
/// and the blog schema (posts with tags).
/// </summary>
public class BulkCreateUpdateTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Open(BlogSchema.Builder()
        .Model("Country", m => m.Char("Name", 255).Char("IsoTwoLetter", 2, unique: true))
        .Model("TwoFields", m => m.Integer("F1").Integer("F2"))
        .Model("Note", m => m.Char("Text", 100).Char("Misc", 100).DateTime("Changed", autoNow: true))
        .Build());

    public void Dispose() => db.Dispose();

    private static IReadOnlyDictionary<string, object?> D(params (string, object?)[] v) => QueryDb.D(v);

    private List<IReadOnlyDictionary<string, object?>> Countries() =>
    [
        D(("Name", "United States of America"), ("IsoTwoLetter", "US")),
        D(("Name", "The Netherlands"), ("IsoTwoLetter", "NL")),
        D(("Name", "Germany"), ("IsoTwoLetter", "DE")),
        D(("Name", "Czech Republic"), ("IsoTwoLetter", "CZ")),
    ];

    [Fact]
    public void Simple_bulk_create_is_one_statement_and_sets_ids_in_order()
    {
        IReadOnlyList<RelObject> created = [];
        var log = SqlCorpus.Capture(() => created = db.BulkCreate("Country", Countries()));
        Assert.Single(log);
        Assert.Equal(["United States of America", "The Netherlands", "Germany", "Czech Republic"], db.Objects("Country").OrderBy("-Name").Select(c => (string)c["Name"]!));
        // Each returned object has the id of its own row.
        foreach (var c in created) Assert.Equal(c["IsoTwoLetter"], db.Objects("Country").FirstOrDefaultById(c.Id!.Value)!["IsoTwoLetter"]);
    }

    [Fact]
    public void A_large_batch_is_split_by_the_parameter_limit()
    {
        var rows = Enumerable.Range(0, 1001).Select(i => D(("F1", i), ("F2", i + 1))).ToList();
        // The INSERT batches: on PostgreSQL so many rows would be one binary COPY instead (PostgreSql/BulkLoadTests).
        if (Support.TestDatabases.OnPostgreSql) db.BulkLoadRows = int.MaxValue;
        Assert.Equal(201, SqlCorpus.Capture(() => db.BulkCreate("TwoFields", rows)).Count); // 5 rows per statement by default
        db.Objects("TwoFields").Delete();
        db.BulkRowsPerStatement = 1000;
        var log = SqlCorpus.Capture(() => db.BulkCreate("TwoFields", rows));
        // SQLite: 999 parameters / 2 columns = 499 rows per statement at most, 3 statements; PostgreSQL: 65535 / 2, so 1000 rows, 2 statements.
        Assert.Equal(db.Dialect.MaxParameters == 999 ? 3 : 2, log.Count);
        Assert.Equal(1001, db.Objects("TwoFields").Count());
        Assert.Equal(1001, db.Objects("TwoFields").Filter(Expressions.Q.Where("F2", Expressions.Lookup.Exact, new Expressions.F("F1") + 1)).Count());
    }

    [Fact]
    public void A_failing_row_undoes_the_whole_bulk_create()
    {
        db.Add("Country", ("Name", "Germany"), ("IsoTwoLetter", "DE"));
        Assert.Throws<DuplicateException>(() => db.BulkCreate("Country", Countries()));
        Assert.Equal(1, db.Objects("Country").Count());
    }

    [Fact]
    public void To_many_values_are_linked_after_the_rows()
    {
        var python = db.Add("Tag", ("Name", "python"), ("Slug", "python"));
        var posts = db.BulkCreate("Post", [D(("Title", "A"), ("Tags", new[] { python })), D(("Title", "B"))]);
        Assert.Equal(["A"], db.Objects("Post").Filter("Tags__Name", "python").Select(p => (string)p["Title"]!));
        Assert.Equal(2, posts.Count);
    }

    [Fact]
    public void Bulk_update_writes_changed_objects_several_rows_per_statement()
    {
        var notes = Enumerable.Range(0, 10).Select(i => db.Add("Note", ("Text", i.ToString()), ("Misc", i.ToString()))).ToList();
        foreach (var n in notes) n["Text"] = $"test-{n.Id}";
        var log = SqlCorpus.Capture(() => Assert.Equal(10, db.BulkUpdate(notes)));
        Assert.Equal(2, log.Count); // 5 rows per statement by default
        Assert.Equal(notes.Select(n => $"test-{n.Id}").Order(), db.Objects("Note").Select(n => (string)n["Text"]!).Order());
        var stored = db.Objects("Note").OrderBy("Id").Select(n => (DateTime)n["Changed"]!).ToList();
        if (Support.TestDatabases.OnPostgreSql)
        {
            // PostgreSQL's timestamp keeps microseconds (the seventh digit rounded) and no zone.
            Assert.All(notes.Zip(stored), p => Assert.InRange(Math.Abs(((DateTime)p.First["Changed"]!).Ticks - p.Second.Ticks), 0, 5));
            Assert.All(stored, d => Assert.Equal(0, d.Ticks % 10));
        }
        else Assert.Equal(notes.Select(n => n["Changed"]), stored.Cast<object?>());
    }

    [Fact]
    public void Bulk_update_of_a_deleted_row_undoes_the_call()
    {
        var notes = Enumerable.Range(0, 3).Select(i => db.Add("Note", ("Text", i.ToString()), ("Misc", "m"))).ToList();
        db.Objects("Note").Filter("Id", notes[1].Id).Delete();
        foreach (var n in notes) n["Text"] = "x";
        Assert.Throws<NotFoundException>(() => db.BulkUpdate(notes));
        Assert.Equal(["0", "2"], db.Objects("Note").OrderBy("Id").Select(n => (string)n["Text"]!));
    }
}
