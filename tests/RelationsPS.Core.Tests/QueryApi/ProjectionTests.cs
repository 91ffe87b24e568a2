using RelationsPS.Core.Execution;
using RelationsPS.Core.Tests.Queries;

namespace RelationsPS.Core.Tests.QueryApi;

/// <summary>
/// Projections (Django's values() and values().distinct(), restated from django/tests/lookup
/// test_values): only the named columns, joins for paths, one statement. Models: the blog schema.
/// Data: users alice, bob; posts P1 (alice, 10, tags python+django), P2 (bob, 20, python), P3 (no author, 10).
/// </summary>
public class ProjectionTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Blog();

    public ProjectionTests()
    {
        var alice = db.Add("User", ("UserName", "alice"));
        var bob = db.Add("User", ("UserName", "bob"));
        var python = db.Add("Tag", ("Name", "python"), ("Slug", "python"));
        var django = db.Add("Tag", ("Name", "django"), ("Slug", "django"));
        db.Add("Post", ("Title", "P1"), ("Views", 10), ("Author", alice), ("Tags", new[] { python, django }));
        db.Add("Post", ("Title", "P2"), ("Views", 20), ("Author", bob), ("Tags", new[] { python }));
        db.Add("Post", ("Title", "P3"), ("Views", 10));
    }

    public void Dispose() => db.Dispose();

    [Fact]
    public void Values_reads_only_the_named_columns_and_joins_for_paths_in_one_statement()
    {
        List<string> rows = [];
        var log = SqlCorpus.Capture(() => rows = db.Objects("Post").Values("Title", "Views", "Author.UserName").Select(r => $"{r["Title"]}|{r["Views"]}|{r["Author.UserName"]}").ToList());
        Assert.Equal(["P1|10|alice", "P2|20|bob", "P3|10|"], rows);
        var statement = Assert.Single(log).Sql;
        Assert.DoesNotContain("\"body\"", statement);
        Assert.Contains("LEFT JOIN", statement);
    }

    [Fact]
    public void Distinct_values_are_each_combination_once()
    {
        Assert.Equal(["10", "20"], db.Objects("Post").OrderBy("Views").Distinct().Values("Views").Select(r => $"{r["Views"]}"));
        // A to-many path: a row per related row, then distinct (posts without tags give the null value, as in Django).
        Assert.Equal(["", "django", "python"], db.Objects("Post").OrderBy("Tags.Name").Distinct().Values("Tags.Name").Select(r => $"{r["Tags.Name"]}"));
    }
}
