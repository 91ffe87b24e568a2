using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// The compiled SQL of the blog schema (PRODUCT §3: Tag, Post, User, Profile; Post.Tags is a
/// ManyToMany through "post_tags", Post.Author a nullable ForeignKey to User, Profile a OneToOne to
/// User), with the text and the parameters asserted separately: the text holds identifiers from the
/// schema only, every value is a parameter.
/// </summary>
public sealed class CompileTests : IDisposable
{
    private const string PostColumns = "SELECT t0.\"id\", t0.\"title\", t0.\"body\", t0.\"views\", t0.\"created\", t0.\"author_id\" FROM \"post\" t0";
    // Every path goes through Tags and the condition needs a tag: the subquery starts at the join table, INNER JOINs.
    private const string TagSubquery = "SELECT j1.\"post_id\" FROM \"post_tags\" j1 JOIN \"tag\" j2 ON j2.\"id\" = j1.\"tag_id\"";

    // A unique tag name pins one tag, and the join table holds each pair once: the post's row comes once.
    private const string TagJoin = "JOIN \"post_tags\" j1 ON j1.\"post_id\" = t0.\"id\" JOIN \"tag\" j2 ON j2.\"id\" = j1.\"tag_id\"";

    private readonly RelDatabase db = QueryDb.Blog();

    public void Dispose() => db.Dispose();

    private QuerySet Posts => db.Objects("Post");

    private static void AssertSql(QuerySet q, string text, params object?[] parameters)
    {
        Assert.Equal(text, q.Sql);
        Assert.Equal(parameters, q.Parameters);
    }

    [Fact]
    public void A_comparison_is_a_placeholder_and_a_parameter() =>
        AssertSql(Posts.Filter("Views__gt", 100), PostColumns + " WHERE t0.\"views\" > @p0 ORDER BY t0.\"id\"", 100L);

    [Fact]
    public void A_filter_on_a_many_to_many_is_an_id_subquery() =>
        AssertSql(Posts.Filter("Tags__Slug__startswith", "py"), PostColumns + $" WHERE t0.\"id\" IN ({TagSubquery} WHERE substr(j2.\"slug\", 1, length(@p0)) = @p0) ORDER BY t0.\"id\"", "py");

    [Fact]
    public void A_filter_that_pins_a_unique_column_of_a_many_to_many_joins_it() =>
        AssertSql(Posts.Filter("Tags__Name", "python"), PostColumns + $" {TagJoin} WHERE j2.\"name\" = @p0 ORDER BY t0.\"id\"", "python");

    [Fact]
    public void Exclude_on_a_many_to_many_is_not_in_the_subquery() =>
        AssertSql(Posts.Exclude("Tags__Name", "python"), PostColumns + $" WHERE NOT IFNULL(t0.\"id\" IN ({TagSubquery} WHERE j2.\"name\" = @p0), 0) ORDER BY t0.\"id\"", "python");

    [Fact]
    public void Conditions_true_without_a_related_row_keep_left_joins_from_the_model()
    {
        const string leftSubquery = "SELECT t1.\"id\" FROM \"post\" t1 LEFT JOIN \"post_tags\" j2 ON j2.\"post_id\" = t1.\"id\" LEFT JOIN \"tag\" j3 ON j3.\"id\" = j2.\"tag_id\"";
        AssertSql(Posts.Filter("Tags__Name__isnull", true), PostColumns + $" WHERE t0.\"id\" IN ({leftSubquery} WHERE j3.\"name\" IS NULL) ORDER BY t0.\"id\"");
        AssertSql(Posts.Filter(Q.Keyword("Tags__Name", "python") | Q.Keyword("Views__gt", 3)),
            PostColumns + $" WHERE t0.\"id\" IN ({leftSubquery} WHERE (j3.\"name\" = @p0 OR t1.\"views\" > @p1)) ORDER BY t0.\"id\"", "python", 3L);
    }

    [Fact]
    public void A_related_id_and_a_reverse_foreign_key_start_at_the_join_or_child_table()
    {
        AssertSql(Posts.Filter("Tags__gt", 3), PostColumns + " WHERE t0.\"id\" IN (SELECT j1.\"post_id\" FROM \"post_tags\" j1 WHERE j1.\"tag_id\" > @p0) ORDER BY t0.\"id\"", 3L);
        AssertSql(Posts.Filter("Tags", 3), PostColumns + " JOIN \"post_tags\" j1 ON j1.\"post_id\" = t0.\"id\" WHERE j1.\"tag_id\" = @p0 ORDER BY t0.\"id\"", 3L);
        AssertSql(db.Objects("User").Filter("Posts__Title", "x"),
            "SELECT t0.\"id\", t0.\"user_name\" FROM \"user\" t0 WHERE t0.\"id\" IN (SELECT j1.\"author_id\" FROM \"post\" j1 WHERE j1.\"title\" = @p0 AND j1.\"author_id\" IS NOT NULL) ORDER BY t0.\"id\"", "x");
    }

    [Fact]
    public void Conditions_of_one_call_share_one_subquery_and_chained_calls_get_one_each()
    {
        var one = Posts.Filter(QueryDb.D(("Tags__Name", "python"), ("Tags__Slug", "py")));
        AssertSql(one, PostColumns + $" {TagJoin} WHERE (j2.\"name\" = @p0 AND j2.\"slug\" = @p1) ORDER BY t0.\"id\"", "python", "py");
        var two = Posts.Filter("Tags__Name", "python").Filter("Tags__Slug", "py");
        Assert.Equal(2, Occurrences(two.Sql, "JOIN \"post_tags\""));
        var notPinned = Posts.Filter("Tags__Name__iexact", "python").Filter("Tags__Slug__iexact", "py");
        Assert.Equal(2, Occurrences(notPinned.Sql, " IN (SELECT"));
        Assert.Equal(new object?[] { "python", "py" }, two.Parameters);
    }

    [Fact]
    public void Icontains_escapes_wildcards_in_the_parameter_not_the_text() =>
        AssertSql(Posts.Filter("Title__icontains", "50%_off\\"), PostColumns + " WHERE t0.\"title\" LIKE @p0 ESCAPE '\\' ORDER BY t0.\"id\"", "%50\\%\\_off\\\\%");

    [Fact]
    public void Case_sensitive_text_lookups_do_not_use_like()
    {
        AssertSql(Posts.Filter("Title__contains", "x"), PostColumns + " WHERE instr(t0.\"title\", @p0) > 0 ORDER BY t0.\"id\"", "x");
        AssertSql(Posts.Filter("Title__startswith", "x"), PostColumns + " WHERE substr(t0.\"title\", 1, length(@p0)) = @p0 ORDER BY t0.\"id\"", "x");
        AssertSql(Posts.Filter("Title__endswith", "x"), PostColumns + " WHERE substr(t0.\"title\", -length(@p0)) = @p0 ORDER BY t0.\"id\"", "x");
    }

    [Fact]
    public void Iexact_and_istartswith_are_like_with_escapes()
    {
        AssertSql(Posts.Filter("Title__iexact", "a_b"), PostColumns + " WHERE t0.\"title\" LIKE @p0 ESCAPE '\\' ORDER BY t0.\"id\"", "a\\_b");
        AssertSql(Posts.Filter("Title__istartswith", "a\\"), PostColumns + " WHERE t0.\"title\" LIKE @p0 ESCAPE '\\' ORDER BY t0.\"id\"", "a\\\\%");
    }

    [Fact]
    public void A_pattern_without_a_backslash_needs_no_escape_clause()
    {
        // SQLite's LIKE scans measurably slower with ESCAPE; without a '\' in the pattern it means the same.
        AssertSql(Posts.Filter("Title__istartswith", "a"), PostColumns + " WHERE t0.\"title\" LIKE @p0 ORDER BY t0.\"id\"", "a%");
        AssertSql(Posts.Filter("Title__icontains", "py"), PostColumns + " WHERE t0.\"title\" LIKE @p0 ORDER BY t0.\"id\"", "%py%");
        AssertSql(Posts.Filter("Title__iexact", "ab"), PostColumns + " WHERE t0.\"title\" LIKE @p0 ORDER BY t0.\"id\"", "ab");
        AssertSql(Posts.Filter(Q.Where("Title", Lookup.ILike, "a%b_")), PostColumns + " WHERE t0.\"title\" LIKE @p0 ORDER BY t0.\"id\"", "a%b_");
        AssertSql(Posts.Filter(Q.Where("Title", Lookup.ILike, "a\\%")), PostColumns + " WHERE t0.\"title\" LIKE @p0 ESCAPE '\\' ORDER BY t0.\"id\"", "a\\%");
    }

    [Fact]
    public void Regex_is_the_registered_function() =>
        AssertSql(Posts.Filter("Title__regex", "^a"), PostColumns + " WHERE t0.\"title\" REGEXP @p0 ORDER BY t0.\"id\"", "^a");

    [Fact]
    public void In_a_list_is_one_json_parameter()
    {
        AssertSql(Posts.Filter("Id__in", new[] { 1, 2, 3 }), PostColumns + " WHERE t0.\"id\" IN (SELECT value FROM json_each(@p0)) ORDER BY t0.\"id\"", "[1,2,3]");
        var big = Posts.Filter("Id__in", Enumerable.Range(1, 2000).ToArray());
        Assert.Equal(Posts.Filter("Id__in", new[] { 1, 2, 3 }).Sql, big.Sql);
        Assert.Single(big.Parameters);
    }

    [Fact]
    public void In_one_item_is_an_equality_and_in_nothing_is_false()
    {
        AssertSql(Posts.Filter("Title__in", new[] { "a" }), PostColumns + " WHERE t0.\"title\" = @p0 ORDER BY t0.\"id\"", "a");
        AssertSql(Posts.Filter("Title__in", Array.Empty<string>()), PostColumns + " WHERE 0 ORDER BY t0.\"id\"");
        AssertSql(Posts.Filter("Title__in", new[] { null, "a", null }), PostColumns + " WHERE t0.\"title\" = @p0 ORDER BY t0.\"id\"", "a");
    }

    [Fact]
    public void In_a_query_is_a_subquery_with_its_parameters()
    {
        var users = db.Objects("User").Filter("UserName__startswith", "a");
        AssertSql(Posts.Filter("Author__in", users),
            PostColumns + " WHERE t0.\"author_id\" IN (SELECT t1.\"id\" FROM \"user\" t1 WHERE substr(t1.\"user_name\", 1, length(@p0)) = @p0) ORDER BY t0.\"id\"", "a");
    }

    [Fact]
    public void Isnull_and_range()
    {
        AssertSql(Posts.Filter("Author__isnull", true), PostColumns + " WHERE t0.\"author_id\" IS NULL ORDER BY t0.\"id\"");
        AssertSql(Posts.Filter("Views__range", new[] { 1, 5 }), PostColumns + " WHERE t0.\"views\" BETWEEN @p0 AND @p1 ORDER BY t0.\"id\"", 1L, 5L);
    }

    [Fact]
    public void Slices_are_limit_and_offset_parameters()
    {
        AssertSql(Posts.OrderBy("-Views").Slice(5, 10), PostColumns + " ORDER BY t0.\"views\" DESC, t0.\"id\" LIMIT @p0 OFFSET @p1", 10L, 5L);
        AssertSql(Posts.Take(3), PostColumns + " ORDER BY t0.\"id\" LIMIT @p0", 3L);
        AssertSql(Posts.Skip(5), PostColumns + " ORDER BY t0.\"id\" LIMIT @p0 OFFSET @p1", -1L, 5L);
    }

    [Fact]
    public void Ordering_across_a_relation_joins_it() =>
        AssertSql(Posts.OrderBy("Author.UserName"), PostColumns + " LEFT JOIN \"user\" j1 ON j1.\"id\" = t0.\"author_id\" ORDER BY j1.\"user_name\", t0.\"id\"");

    [Fact]
    public void Two_to_one_steps_a_filter_requires_are_two_inner_joins() =>
        AssertSql(Posts.Filter("Author__Profile__Website__contains", "x"),
            PostColumns + " JOIN \"user\" j1 ON j1.\"id\" = t0.\"author_id\" JOIN \"profile\" j2 ON j2.\"user_id\" = j1.\"id\" WHERE instr(j2.\"website\", @p0) > 0 ORDER BY t0.\"id\"", "x");

    [Fact]
    public void F_arithmetic_puts_constants_in_parameters() =>
        AssertSql(Posts.Filter(Q.Keyword("Views__gt", new F("Id") * 2)), PostColumns + " WHERE t0.\"views\" > (t0.\"id\" * @p0) ORDER BY t0.\"id\"", 2L);

    [Fact]
    public void A_count_annotation_is_a_correlated_subquery() =>
        AssertSql(Posts.Annotate("N", "Count(Tags)"),
            // Counted on the join table alone: the post is not joined again; each link row is one
            // tag (its tag_id is NOT NULL), so COUNT(*) reads the post_id index only.
            "SELECT t0.\"id\", t0.\"title\", t0.\"body\", t0.\"views\", t0.\"created\", t0.\"author_id\", (SELECT COUNT(*) FROM \"post_tags\" j1 WHERE j1.\"post_id\" = t0.\"id\") FROM \"post\" t0 ORDER BY t0.\"id\"");

    [Fact]
    public void A_filter_on_a_count_annotation_reads_one_grouped_join_inner_when_zero_cannot_match()
    {
        // The count is computed once, in a grouped pass over the join table, for the select list and the filter.
        const string grouped = "(SELECT j1.\"post_id\" AS \"k\", COUNT(*) AS \"v\" FROM \"post_tags\" j1 GROUP BY j1.\"post_id\") j2 ON j2.\"k\" = t0.\"id\"";
        const string count = "(COALESCE(j2.\"v\", 0))";
        AssertSql(Posts.Annotate("N", "Count(Tags)").Filter(Q.Where("N", Lookup.Gt, 3)),
            PostColumns.Replace(" FROM \"post\" t0", ", " + count + " FROM \"post\" t0 JOIN " + grouped, StringComparison.Ordinal) +
            " WHERE " + count + " > @p0 ORDER BY t0.\"id\"", 3L);
        // Posts without tags have N = 0 < 3: they must stay, so the join is LEFT.
        AssertSql(Posts.Annotate("N", "Count(Tags)").Filter(Q.Where("N", Lookup.Lt, 3)),
            PostColumns.Replace(" FROM \"post\" t0", ", " + count + " FROM \"post\" t0 LEFT JOIN " + grouped, StringComparison.Ordinal) +
            " WHERE " + count + " < @p0 ORDER BY t0.\"id\"", 3L);
    }

    [Fact]
    public void A_filter_before_an_annotation_enters_its_subquery_and_repeats_its_parameter()
    {
        var q = Posts.Filter("Tags__Name", "python").Annotate("N", "Count(Tags)");
        Assert.Contains("(SELECT COUNT(j2.\"tag_id\") FROM \"post\" t1 LEFT JOIN \"post_tags\" j2 ON j2.\"post_id\" = t1.\"id\" LEFT JOIN \"tag\" j3 ON j3.\"id\" = j2.\"tag_id\" WHERE t1.\"id\" = t0.\"id\" AND j3.\"name\" = @p0)", q.Sql);
        Assert.Equal(new object?[] { "python", "python" }, q.Parameters);
    }

    private List<QueryLogEntry> Run(Action work) => SqlCorpus.Capture(work);

    [Fact]
    public void Count_exists_and_ids_statements()
    {
        var q = Posts.Filter("Views__gt", 1);
        var log = Run(() =>
        {
            q.Count();
            q.Exists();
            q.Ids();
            q.Slice(2, 3).Count();
        });
        Assert.Equal([
            "SELECT COUNT(*) FROM \"post\" t0 WHERE t0.\"views\" > @p0",
            "SELECT EXISTS (SELECT 1 FROM \"post\" t0 WHERE t0.\"views\" > @p0)",
            "SELECT t0.\"id\" FROM \"post\" t0 WHERE t0.\"views\" > @p0 ORDER BY t0.\"id\"",
            "SELECT COUNT(*) FROM (" + PostColumns + " WHERE t0.\"views\" > @p0 ORDER BY t0.\"id\" LIMIT @p1 OFFSET @p2) c",
        ], log.Select(e => e.Sql));
        Assert.Equal(new object?[] { 1L, 3L, 2L }, log[3].Parameters);
    }

    [Fact]
    public void Aggregates_are_scalar_subqueries_over_the_filtered_ids()
    {
        var log = Run(() => Posts.Filter("Views__gt", 1).Aggregate(("N", "Count(Tags)"), ("S", "Sum(Views)")));
        var e = Assert.Single(log);
        Assert.Equal("WITH base AS (SELECT t0.\"id\" AS id FROM \"post\" t0 WHERE t0.\"views\" > @p0) SELECT (SELECT COUNT(j2.\"tag_id\") FROM base b JOIN \"post\" t1 ON t1.\"id\" = b.id LEFT JOIN \"post_tags\" j2 ON j2.\"post_id\" = t1.\"id\"), (SELECT SUM(t3.\"views\") FROM base b JOIN \"post\" t3 ON t3.\"id\" = b.id)", e.Sql);
        Assert.Equal(new object?[] { 1L }, e.Parameters);
    }

    [Fact]
    public void Values_select_only_the_paths()
    {
        var log = Run(() => Posts.Filter("Views__gt", 1).Values("Title", "Author.UserName").ToList());
        Assert.Equal("SELECT t0.\"title\", j1.\"user_name\" FROM \"post\" t0 LEFT JOIN \"user\" j1 ON j1.\"id\" = t0.\"author_id\" WHERE t0.\"views\" > @p0 ORDER BY t0.\"id\"", Assert.Single(log).Sql);
    }

    [Fact]
    public void Update_is_one_statement_over_the_filtered_ids()
    {
        var log = Run(() => Posts.Filter("Views__gt", 1).Update(QueryDb.D(("Views", new F("Views") + 1))));
        var e = Assert.Single(log);
        // An expression written to an integer field is range-checked as it is computed (issue 12.9).
        Assert.Equal("UPDATE \"post\" SET \"views\" = rel_int_check((\"views\" + @p0), @p1, @p2, @p3) WHERE \"id\" IN (SELECT t0.\"id\" FROM \"post\" t0 WHERE t0.\"views\" > @p4)", e.Sql);
        Assert.Equal(new object?[] { 1L, (long)int.MinValue, (long)int.MaxValue, "Post.Views (Integer)", 1L }, e.Parameters);
    }

    [Fact]
    public void Same_shape_same_text_different_values_different_parameters()
    {
        var a = Posts.Filter("Title__icontains", "one").Filter("Views__gte", 10).Slice(0, 5);
        var b = Posts.Filter("Title__icontains", "two").Filter("Views__gte", 99).Slice(0, 7);
        Assert.Equal(a.Sql, b.Sql);
        Assert.Equal(new object?[] { "%one%", 10L, 5L }, a.Parameters);
        Assert.Equal(new object?[] { "%two%", 99L, 7L }, b.Parameters);
    }

    [Fact]
    public void Values_are_converted_to_the_field_type()
    {
        Assert.Equal(new object?[] { 100L }, Posts.Filter("Views", "100").Parameters);
        Assert.Equal(new object?[] { 7L }, Posts.Filter("Author", "7").Parameters);
        Assert.Equal(new object?[] { "2024-01-02 00:00:00.0000000" }, Posts.Filter("Created__gte", new DateTime(2024, 1, 2)).Parameters);
    }

    [Fact]
    public void Reading_Sql_runs_nothing()
    {
        var before = db.Log.Count;
        _ = Posts.Filter("Tags__Name", "x").Annotate("N", "Count(Tags)").OrderBy("-N").Slice(1, 2).Sql;
        _ = Posts.Parameters;
        Assert.Equal(before, db.Log.Count);
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
