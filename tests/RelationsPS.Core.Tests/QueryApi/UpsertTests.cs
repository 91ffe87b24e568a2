using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Queries;

namespace RelationsPS.Core.Tests.QueryApi;

/// <summary>
/// Upserts: Django's get_or_create / update_or_create (restated from django/tests/get_or_create),
/// one INSERT ... ON CONFLICT statement when the key is a unique constraint. Models:
/// <code>
/// .Model("Person", m => m.Char("FirstName", 100, unique: true).Char("LastName", 100).Date("Birthday", nullable: true)
///                        .DateTime("Changed", autoNow: true))
/// .Model("Server", m => m.Char("Name", 50).Char("Site", 10).Char("Ip", 40, blank: true)  // UniqueTogether(Name, Site)
/// </code>
/// Data: Person George Harrison, born 1943-02-25.
/// </summary>
public class UpsertTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Open(b => b
        .Model("Person", m => m.Char("FirstName", 100, unique: true).Char("LastName", 100).Date("Birthday", nullable: true).DateTime("Changed", autoNow: true))
        .Model("Server", m => m.Char("Name", 50).Char("Site", 10).Char("Ip", 40, blank: true).Meta(new ModelOptions { UniqueTogether = [["Name", "Site"]] })));

    public UpsertTests() => db.Add("Person", ("FirstName", "George"), ("LastName", "Harrison"), ("Birthday", new DateTime(1943, 2, 25)));

    public void Dispose() => db.Dispose();

    private static Dictionary<string, object?> D(params (string, object?)[] v) => QueryDb.D(v);

    private List<string> People() => db.Objects("Person").OrderBy("Id").Select(p => $"{p["FirstName"]} {p["LastName"]} {(p["Birthday"] as DateTime?)?.ToString("yyyy-MM-dd")}").ToList();

    [Fact]
    public void Get_or_create_creates_once_then_finds_the_same_object()
    {
        // get_or_create(first_name="John", last_name="Lennon", defaults={"birthday": date(1940, 10, 9)}): created, then found.
        var first = db.Upsert("Person", D(("FirstName", "John"), ("LastName", "Lennon"), ("Birthday", new DateTime(1940, 10, 9))), IfExists.Get);
        Assert.Equal(UpsertOutcome.Created, first.Outcome);
        Assert.True(first.Created);
        var again = db.Upsert("Person", D(("FirstName", "John"), ("LastName", "Lennon"), ("Birthday", new DateTime(1999, 1, 1))), IfExists.Get);
        Assert.Equal(UpsertOutcome.Unchanged, again.Outcome);
        Assert.Equal(first.Object.Id, again.Object.Id);
        // The existing row is returned as stored: the new birthday was not written.
        Assert.Equal(new DateTime(1940, 10, 9), again.Object["Birthday"]);
        Assert.Equal(["George Harrison 1943-02-25", "John Lennon 1940-10-09"], People());
    }

    [Fact]
    public void Update_or_create_updates_the_existing_object()
    {
        // update_or_create(first_name="George", defaults={"last_name": "Harrison", "birthday": date(1943, 2, 24)}): not created, updated.
        var r = db.Upsert("Person", D(("FirstName", "George"), ("LastName", "Harrison"), ("Birthday", new DateTime(1943, 2, 24))), IfExists.Update);
        Assert.Equal(UpsertOutcome.Updated, r.Outcome);
        Assert.Equal(new DateTime(1943, 2, 24), r.Object["Birthday"]);
        Assert.Equal(["George Harrison 1943-02-24"], People());
    }

    [Fact]
    public void Update_with_the_stored_values_is_unchanged_and_keeps_AutoNow()
    {
        var before = db.Objects("Person").First()["Changed"];
        var r = db.Upsert("Person", D(("FirstName", "George"), ("LastName", "Harrison")), IfExists.Update);
        Assert.Equal(UpsertOutcome.Unchanged, r.Outcome);
        Assert.Equal(before, r.Object["Changed"]);
        Assert.Equal(before, db.Objects("Person").First()["Changed"]);
    }

    [Fact]
    public void An_upsert_on_a_unique_key_is_one_statement()
    {
        foreach (var mode in new[] { IfExists.Get, IfExists.Update })
            foreach (var name in new[] { "Ringo", "George" })
            {
                var log = SqlCorpus.Capture(() => db.Upsert("Person", D(("FirstName", name), ("LastName", "Starr")), mode));
                var statement = Assert.Single(log);
                Assert.Contains("ON CONFLICT", statement.Sql);
                Assert.Contains("RETURNING", statement.Sql);
            }
    }

    [Fact]
    public void UniqueTogether_is_a_key_when_all_its_fields_are_given()
    {
        var a = db.Upsert("Server", D(("Name", "web-01"), ("Site", "lon"), ("Ip", "10.0.0.1")), IfExists.Update);
        var b = db.Upsert("Server", D(("Name", "web-01"), ("Site", "par"), ("Ip", "10.0.1.1")), IfExists.Update);
        var c = db.Upsert("Server", D(("Name", "web-01"), ("Site", "lon"), ("Ip", "10.0.0.9")), IfExists.Update);
        Assert.Equal([UpsertOutcome.Created, UpsertOutcome.Created, UpsertOutcome.Updated], new[] { a.Outcome, b.Outcome, c.Outcome });
        Assert.Equal(a.Object.Id, c.Object.Id);
        Assert.Equal(["web-01 lon 10.0.0.9", "web-01 par 10.0.1.1"], db.Objects("Server").OrderBy("Id").Select(s => $"{s["Name"]} {s["Site"]} {s["Ip"]}"));
    }

    [Fact]
    public void A_key_that_is_no_constraint_is_looked_up_in_the_write_transaction()
    {
        var r = db.Upsert("Person", D(("FirstName", "Georgie"), ("LastName", "Harrison"), ("Birthday", new DateTime(1943, 2, 26))), IfExists.Get, ["LastName"]);
        Assert.Equal(UpsertOutcome.Unchanged, r.Outcome);
        Assert.Equal("George", r.Object["FirstName"]);
        var u = db.Upsert("Person", D(("FirstName", "George"), ("LastName", "Harrison"), ("Birthday", new DateTime(1943, 2, 26))), IfExists.Update, ["LastName"]);
        Assert.Equal(UpsertOutcome.Updated, u.Outcome);
        var n = db.Upsert("Person", D(("FirstName", "Paul"), ("LastName", "McCartney")), IfExists.Update, ["LastName"]);
        Assert.Equal(UpsertOutcome.Created, n.Outcome);
        Assert.Equal(["George Harrison 1943-02-26", "Paul McCartney "], People());
    }

    [Fact]
    public void Error_mode_is_a_plain_create_and_refuses_a_duplicate()
    {
        var e = Assert.Throws<DuplicateException>(() => db.Upsert("Person", D(("FirstName", "George"), ("LastName", "X")), IfExists.Error));
        Assert.Equal(ErrorKind.ResourceExists, e.Kind);
    }

    [Fact]
    public void Without_a_unique_field_or_a_key_it_says_to_name_one()
    {
        var e = Assert.Throws<RelationsException>(() => db.Upsert("Person", D(("LastName", "Best")), IfExists.Get));
        Assert.Equal("UpsertNeedsKey", e.ErrorId);
        var k = Assert.Throws<RelationsException>(() => db.Upsert("Person", D(("FirstName", "Pete")), IfExists.Get, ["LastName"]));
        Assert.Equal("UpsertKeyMissing", k.ErrorId);
        var u = Assert.Throws<UnknownNameException>(() => db.Upsert("Person", D(("FirstName", "Pete")), IfExists.Get, ["Nope"]));
        Assert.Contains("Choices are: FirstName, LastName", u.Message);
    }

    [Fact]
    public void Get_or_create_on_the_blog_tag_and_validation_still_apply()
    {
        using var blog = QueryDb.Blog();
        var t = blog.Upsert("Tag", D(("Name", "python"), ("Slug", "python")), IfExists.Get);
        var again = blog.Upsert("Tag", D(("Name", "python"), ("Slug", "python")), IfExists.Get);
        Assert.Equal((UpsertOutcome.Created, t.Object.Id), (again.Outcome == UpsertOutcome.Unchanged ? UpsertOutcome.Created : again.Outcome, again.Object.Id));
        var blank = Assert.Throws<ValidationException>(() => blog.Upsert("Tag", D(("Name", ""), ("Slug", "x")), IfExists.Get));
        Assert.Equal("BlankNotAllowed", blank.ErrorId);
    }
}
