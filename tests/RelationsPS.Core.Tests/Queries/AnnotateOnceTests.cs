using System.Text.RegularExpressions;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// An aggregate annotation that a filter or the ordering also reads is computed once per row: one
/// grouped derived table joined on the owner, read by the select list, the WHERE and the ORDER BY.
/// Posts: P1 (python, django), P2 (python), P3 (no tags), P4 (rust, python, django); P1 has 10 views,
/// P2 20, P3 30, P4 40; users alice (P1, P4) and bob (P2).
/// </summary>
public class AnnotateOnceTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Blog();

    public AnnotateOnceTests()
    {
        var alice = db.Add("User", ("UserName", "alice"));
        var bob = db.Add("User", ("UserName", "bob"));
        db.Add("User", ("UserName", "carol"));
        var python = db.Add("Tag", ("Name", "python"), ("Slug", "python"));
        var django = db.Add("Tag", ("Name", "django"), ("Slug", "django"));
        var rust = db.Add("Tag", ("Name", "rust"), ("Slug", "rust"));
        db.Add("Post", ("Title", "P1"), ("Views", 10), ("Author", alice), ("Tags", new[] { python, django }));
        db.Add("Post", ("Title", "P2"), ("Views", 20), ("Author", bob), ("Tags", new[] { python }));
        db.Add("Post", ("Title", "P3"), ("Views", 30));
        db.Add("Post", ("Title", "P4"), ("Views", 40), ("Author", alice), ("Tags", new[] { rust, python, django }));
    }

    public void Dispose() => db.Dispose();

    private static int Occurrences(string sql, string word) => Regex.Matches(sql, Regex.Escape(word)).Count;

    private static List<string> Rows(QuerySet q, string annotation) =>
        q.Select(p => $"{p["Title"]}:{p.Annotations[annotation] ?? "null"}").ToList();

    [Fact]
    public void Annotate_and_filter_on_it_name_the_count_once()
    {
        var q = db.Objects("Post").Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Gt, 1));
        Assert.Equal(1, Occurrences(q.Sql, "COUNT("));
        Assert.Equal(
            "SELECT t0.\"id\", t0.\"title\", t0.\"body\", t0.\"views\", t0.\"created\", t0.\"author_id\", (COALESCE(j2.\"v\", 0)) FROM \"post\" t0 " +
            "JOIN (SELECT j1.\"post_id\" AS \"k\", COUNT(*) AS \"v\" FROM \"post_tags\" j1 GROUP BY j1.\"post_id\") j2 ON j2.\"k\" = t0.\"id\" " +
            "WHERE (COALESCE(j2.\"v\", 0)) > @p0 ORDER BY t0.\"id\"", q.Sql);
        Assert.Equal(["P1:2", "P4:3"], Rows(q, "TagCount"));
    }

    [Fact]
    public void A_filter_that_owners_without_related_rows_satisfy_keeps_them_by_a_left_join()
    {
        var q = db.Objects("Post").Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Lt, 2));
        Assert.Equal(1, Occurrences(q.Sql, "COUNT("));
        Assert.Contains("LEFT JOIN (SELECT", q.Sql);
        Assert.Equal(["P2:1", "P3:0"], Rows(q, "TagCount"));
        Assert.Equal(2, q.Count());
    }

    [Fact]
    public void Ordering_by_the_annotation_reads_the_same_column()
    {
        var q = db.Objects("Post").Annotate("TagCount", "Count(Tags)").OrderBy("-TagCount");
        Assert.Equal(1, Occurrences(q.Sql, "COUNT("));
        Assert.EndsWith($"ORDER BY {db.Dialect.Order("(COALESCE(j2.\"v\", 0))", true, NullsOrder.Default)}, t0.\"id\"", q.Sql);
        Assert.Equal(["P4:3", "P1:2", "P2:1", "P3:0"], Rows(q, "TagCount"));
    }

    [Fact]
    public void Sums_of_owners_without_rows_are_null_and_a_filter_on_them_is_inner()
    {
        var q = db.Objects("User").Annotate("Total", "Sum(Posts.Views)").Filter(Q.Where("Total", Lookup.Gte, 20));
        Assert.Equal(1, Occurrences(q.Sql, "SUM("));
        Assert.Equal(["alice:50", "bob:20"], q.Select(u => $"{u["UserName"]}:{u.Annotations["Total"]}"));
        var all = db.Objects("User").Annotate("Total", "Sum(Posts.Views)").OrderBy("Total");
        Assert.Equal(["carol:null", "bob:20", "alice:50"], all.Select(u => $"{u["UserName"]}:{u.Annotations["Total"] ?? "null"}"));
    }

    [Fact]
    public void Without_a_filter_or_ordering_on_it_the_annotation_stays_a_correlated_count()
    {
        var q = db.Objects("Post").Annotate("TagCount", "Count(Tags)").Filter("Views__gt", 15);
        Assert.Contains("(SELECT COUNT(*) FROM \"post_tags\"", q.Sql);
        Assert.DoesNotContain(" JOIN (SELECT", q.Sql);
        Assert.Equal(["P2:1", "P3:0", "P4:3"], Rows(q, "TagCount"));
    }

    [Fact]
    public void An_earlier_filter_on_the_relation_keeps_the_restricted_form()
    {
        // Django: filter() before annotate() restricts what the annotation counts.
        var q = db.Objects("Post").Filter("Tags__Name", "python").Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Gt, 0));
        Assert.Equal(["P1:1", "P2:1", "P4:1"], Rows(q, "TagCount"));
    }

    [Fact]
    public void Values_and_aggregates_over_the_filtered_rows_agree()
    {
        var q = db.Objects("Post").Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Gte, 2) | Q.Where("Views", Lookup.Gt, 25));
        Assert.Equal(["P1:2", "P3:0", "P4:3"], Rows(q, "TagCount"));
        Assert.Equal(["P1", "P3", "P4"], q.Values("Title").Select(r => (string)r["Title"]!));
        Assert.Equal(80L, Convert.ToInt64(q.Aggregate(("V", "Sum(Views)"))["V"]));
    }
}
