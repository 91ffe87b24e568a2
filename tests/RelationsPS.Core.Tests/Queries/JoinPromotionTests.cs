using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// The faster SQL shapes (subqueries started at the join or child table with INNER JOINs, grouping
/// on the join table, one-statement link writes) give the same rows as the plain definitions,
/// computed here in memory: posts without tags, tags without posts, posts without an author.
/// </summary>
public class JoinPromotionTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Blog();
    private readonly List<(long Id, string Title, long? Author, List<string> Tags)> posts = [];

    public JoinPromotionTests()
    {
        var ann = db.Add("User", ("UserName", "ann"));
        db.Add("User", ("UserName", "bob"));
        var py = db.Add("Tag", ("Name", "python"), ("Slug", "py"));
        var ps = db.Add("Tag", ("Name", "powershell"), ("Slug", "ps"));
        db.Add("Tag", ("Name", "unused"), ("Slug", "un"));
        (string Title, RelObject? Author, RelObject[] Tags)[] rows =
        [
            ("a", ann, [py]), ("b", null, [py, ps]), ("c", ann, []), ("d", null, []), ("e", ann, [ps]),
        ];
        foreach (var (title, author, tags) in rows)
        {
            var p = db.Create("Post", QueryDb.D(("Title", title), ("Author", author), ("Tags", tags.ToList())));
            posts.Add((p.Id!.Value, title, author?.Id, tags.Select(t => (string)t["Name"]!).ToList()));
        }
    }

    public void Dispose() => db.Dispose();

    private QuerySet Posts => db.Objects("Post");

    private static List<string> Titles(QuerySet q) => q.Select(p => (string)p["Title"]!).ToList();

    private List<string> Expected(Func<(long Id, string Title, long? Author, List<string> Tags), bool> where) =>
        posts.Where(where).Select(p => p.Title).ToList();

    [Fact]
    public void Filters_on_a_many_to_many_give_the_same_rows_with_any_join_shape()
    {
        Assert.Equal(Expected(p => p.Tags.Contains("python")), Titles(Posts.Filter("Tags__Name", "python")));
        Assert.Equal(Expected(p => !p.Tags.Contains("python")), Titles(Posts.Exclude("Tags__Name", "python")));
        Assert.Equal(Expected(p => p.Tags.Count == 0), Titles(Posts.Filter("Tags__Name__isnull", true)));
        Assert.Equal(Expected(p => p.Tags.Count > 0), Titles(Posts.Filter("Tags__Name__isnull", false)));
        Assert.Equal(Expected(p => p.Tags.Contains("python") || p.Title == "d"), Titles(Posts.Filter(Q.Keyword("Tags__Name", "python") | Q.Keyword("Title", "d"))));
        Assert.Equal(Expected(p => p.Tags.Contains("python") && p.Tags.Contains("powershell")),
            Titles(Posts.Filter("Tags__Name", "python").Filter("Tags__Name", "powershell")));
        Assert.Equal(Expected(p => p.Tags.Contains("python") && !p.Tags.Contains("powershell")),
            Titles(Posts.Filter(Q.Keyword("Tags__Name", "python") & !Q.Keyword("Tags__Name", "powershell"))));
        var pyId = db.Objects("Tag").Get(Q.Keyword("Name", "python")).Id;
        Assert.Equal(Expected(p => p.Tags.Contains("python")), Titles(Posts.Filter("Tags", pyId)));
    }

    [Fact]
    public void Filters_on_a_to_one_path_give_the_same_rows_with_inner_or_left_joins()
    {
        var ann = db.Objects("User").Get(Q.Keyword("UserName", "ann"));
        Assert.Equal(Expected(p => p.Author == ann.Id), Titles(Posts.Filter("Author__UserName", "ann")));
        Assert.Contains(" JOIN \"user\"", Posts.Filter("Author__UserName", "ann").Sql);
        Assert.DoesNotContain("LEFT JOIN", Posts.Filter("Author__UserName", "ann").Sql);
        // Where a missing author makes the condition true, the join stays LEFT.
        Assert.Equal(Expected(p => p.Author != ann.Id), Titles(Posts.Exclude("Author__UserName", "ann")));
        Assert.Equal(Expected(p => p.Author is null), Titles(Posts.Filter("Author__UserName__isnull", true)));
        Assert.Equal(Expected(p => p.Author is null), Titles(Posts.Filter("Author__UserName", null)));
        Assert.Equal(Expected(p => p.Author == ann.Id || p.Title == "d"), Titles(Posts.Filter(Q.Keyword("Author__UserName", "ann") | Q.Keyword("Title", "d"))));
        Assert.Equal(Expected(p => p.Author != ann.Id), Titles(Posts.Filter(!Q.Keyword("Author__UserName", "ann"))));
        Assert.Contains("LEFT JOIN", Posts.Filter(Q.Keyword("Author__UserName", "ann") | Q.Keyword("Title", "d")).Sql);
        // Required in one clause, tested for NULL in another: rows need an author, so none has a NULL name.
        Assert.Empty(Titles(Posts.Filter("Author__UserName__startswith", "a").Filter("Author__UserName", null)));
        // Ordering and values over the same relation keep every row the filter keeps.
        Assert.Equal(Expected(p => p.Author == ann.Id), Titles(Posts.Filter("Author__UserName", "ann").OrderBy("Author.UserName", "Title")));
        Assert.Equal(Expected(p => p.Author == ann.Id).Count, Posts.Filter("Author__UserName", "ann").Values("Title", "Author.UserName").Count());
        Assert.Equal(Expected(p => p.Author == ann.Id).Count, Posts.Filter("Author__UserName", "ann").Count());
    }

    [Fact]
    public void Filters_on_a_reverse_foreign_key_ignore_rows_without_an_owner()
    {
        var users = db.Objects("User");
        Assert.Equal(["ann"], users.Filter("Posts__Title__in", new[] { "a", "b", "d" }).Select(u => (string)u["UserName"]!));
        Assert.Equal(["bob"], users.Exclude("Posts__Title__in", new[] { "a", "b", "d" }).Select(u => (string)u["UserName"]!));
        Assert.Equal(["bob"], users.Exclude("Posts__Title", "zzz").Exclude("Posts__Title__isnull", false).Select(u => (string)u["UserName"]!));
    }

    [Fact]
    public void Counting_posts_per_tag_keeps_the_group_of_posts_without_tags()
    {
        string Row(IReadOnlyDictionary<string, object?> r) => $"{r["Tag"] ?? "null"}|{r["N"]}|{r["D"]}";
        var aggregates = new List<(string, Aggregate)> { ("N", Aggregate.Parse("Count(Id)")), ("D", Aggregate.Parse("Count(Id, Distinct)")) };
        var whole = Posts.Group([("Tag", "Tags.Name")], aggregates).Select(Row).ToList();
        Assert.Equal(["null|2|2", "powershell|2|2", "python|2|2"], whole);
        // A filter that keeps every row takes the general path (a base CTE): the same groups.
        Assert.Equal(whole, Posts.Filter("Views__gte", 0).Group([("Tag", "Tags.Name")], aggregates).Select(Row));
        var byId = Posts.Group([("Tag", "Tags.Id")], [("N", Aggregate.Parse("Count(Id)"))]).Select(r => $"{r["Tag"] ?? "null"}|{r["N"]}");
        Assert.Equal(Posts.Filter("Views__gte", 0).Group([("Tag", "Tags.Id")], [("N", Aggregate.Parse("Count(Id)"))]).Select(r => $"{r["Tag"] ?? "null"}|{r["N"]}"), byId);
    }

    [Fact]
    public void Counting_posts_per_tag_without_untagged_posts_has_no_null_group()
    {
        Posts.Filter("Tags__isnull", true).Delete();
        var rows = Posts.Group([("Tag", "Tags.Name")], [("N", Aggregate.Parse("Count(Id)"))]).Select(r => $"{r["Tag"]}|{r["N"]}");
        Assert.Equal(["powershell|2", "python|2"], rows);
    }

    [Fact]
    public void Filters_on_a_count_annotation_give_the_same_rows_grouped_or_per_row()
    {
        QuerySet Counted(Lookup lookup, long n) => Posts.Annotate("N", "Count(Tags)").Filter(Q.Where("N", lookup, n));
        Assert.Equal(Expected(p => p.Tags.Count > 0), Titles(Counted(Lookup.Gt, 0)));
        Assert.Equal(Expected(p => p.Tags.Count >= 2), Titles(Counted(Lookup.Gte, 2)));
        Assert.Equal(Expected(p => p.Tags.Count == 1), Titles(Counted(Lookup.Exact, 1)));
        Assert.Equal(Expected(p => p.Tags.Count == 0), Titles(Counted(Lookup.Exact, 0)));
        Assert.Equal(Expected(p => p.Tags.Count < 2), Titles(Counted(Lookup.Lt, 2)));
        Assert.Equal(posts.Where(p => p.Tags.Count >= 1).Select(p => $"{p.Id}|{p.Tags.Count}"),
            Counted(Lookup.Gte, 1).Values("Id", "N").Select(r => $"{r["Id"]}|{r["N"]}"));
        Assert.Equal((long)posts.Count(p => p.Tags.Count >= 1), Counted(Lookup.Gte, 1).Aggregate(("C", "Count(Id)"), ("M", "Max(N)"))["C"]);
        Assert.Equal(2L, Counted(Lookup.Gte, 1).Aggregate(("M", "Max(N)"))["M"]);
        Assert.Equal(["ann"], db.Objects("User").Annotate("P", "Count(Posts)").Filter(Q.Where("P", Lookup.Gt, 1)).Select(u => (string)u["UserName"]!));
        Assert.Equal(["bob"], db.Objects("User").Annotate("P", "Count(Posts)").Filter(Q.Where("P", Lookup.Lt, 1)).Select(u => (string)u["UserName"]!));
    }

    [Fact]
    public void One_statement_links_keep_statuses_and_missing_targets()
    {
        var c = Posts.Get(Q.Keyword("Title", "c"));
        var py = db.Objects("Tag").Get(Q.Keyword("Name", "python"));
        Assert.Equal([LinkStatus.Added], c.Manager("Tags").Add(py).Select(x => x.Status));
        Assert.Equal([LinkStatus.AlreadyPresent], c.Manager("Tags").Add(py.Id).Select(x => x.Status));
        var e = Assert.Throws<NotFoundException>(() => c.Manager("Tags").Add(999L));
        Assert.Equal("Tag 999 does not exist.", e.Message);
        e = Assert.Throws<NotFoundException>(() => c.Manager("Tags").Add(new object[] { 998L, db.Objects("Tag").Get(Q.Keyword("Name", "unused")), 999L }));
        Assert.Equal("Tag 998, 999 does not exist.", e.Message);
        Assert.Equal(["python"], c.Manager("Tags").Select(t => (string)t["Name"]!));
        Assert.Equal([LinkStatus.NotPresent], c.Manager("Tags").Remove(999L).Select(x => x.Status));
        Assert.Equal([LinkStatus.Removed], c.Manager("Tags").Remove(py).Select(x => x.Status));
        Assert.Equal([LinkStatus.NotPresent], c.Manager("Tags").Remove(py.Id).Select(x => x.Status));
        Assert.Empty(c.Manager("Tags"));
    }

    [Fact]
    public void One_target_is_checked_as_a_list_of_one_is()
    {
        var c = Posts.Get(Q.Keyword("Title", "c"));
        var py = db.Objects("Tag").Get(Q.Keyword("Name", "python"));
        Assert.Equal([LinkStatus.Added], c.Manager("Tags").Add((int)py.Id!.Value).Select(x => x.Status));
        Assert.Throws<ValidationException>(() => c.Manager("Tags").Add(c));
        Assert.Throws<InvalidOperationRelException>(() => c.Manager("Tags").Add(new RelObject(py.Model)));
        Assert.Throws<ValidationException>(() => c.Manager("Tags").Remove(c));
        // The members read with Include are dropped once one target changed them.
        var withTags = Posts.Filter(Q.Keyword("Title", "c")).Include("Tags").Single();
        Assert.Equal(["python"], withTags.Manager("Tags").Select(t => (string)t["Name"]!));
        Assert.Equal([LinkStatus.Removed], withTags.Manager("Tags").Remove((int)py.Id!.Value).Select(x => x.Status));
        Assert.Empty(withTags.Manager("Tags"));
    }

    [Fact]
    public void Creating_with_a_missing_tag_creates_nothing()
    {
        var py = db.Objects("Tag").Get(Q.Keyword("Name", "python"));
        var before = Posts.Count();
        var e = Assert.Throws<NotFoundException>(() => db.CreateMany(db.Models.Get("Post"), [QueryDb.D(("Title", "x"), ("Tags", new object[] { py, 998L, 999L }))]));
        Assert.Equal("Tag 998, 999 does not exist.", e.Message);
        Assert.Equal(before, Posts.Count());
        var created = db.CreateMany(db.Models.Get("Post"), [QueryDb.D(("Title", "y"), ("Tags", new object[] { py, py.Id!.Value, db.Objects("Tag").Get(Q.Keyword("Name", "unused")) }))]);
        Assert.Equal(["python", "unused"], created[0].Manager("Tags").Select(t => (string)t["Name"]!));
    }
}
