using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Ordering, slicing, First/Last/Exists/Count and freshness (PRODUCT §4 "Lazy queries", §7
/// "Ordering", "Freshness"). Models: the blog schema (PRODUCT §3) plus
/// <code>.Model("Rank", m => m.Char("Name", 20).Integer("Score").Ordering("-Score", "Name"))</code>
/// Data: users alice, bob; posts "A" (views 5, bob), "B" (views 50, alice), "C" (views 5, no author),
/// "D" (views 20, alice); tags python (on A, B, D), django (on B).
/// </summary>
public class OrderingSlicingTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Open(BlogSchema.Builder().Model("Rank", m => m.Char("Name", 20).Integer("Score").Ordering("-Score", "Name")).Build());

    public OrderingSlicingTests()
    {
        var alice = db.Add("User", ("UserName", "alice"));
        var bob = db.Add("User", ("UserName", "bob"));
        var python = db.Add("Tag", ("Name", "python"), ("Slug", "python"));
        var django = db.Add("Tag", ("Name", "django"), ("Slug", "django"));
        db.Add("Post", ("Title", "A"), ("Views", 5), ("Author", bob), ("Tags", new[] { python }));
        db.Add("Post", ("Title", "B"), ("Views", 50), ("Author", alice), ("Tags", new[] { python, django }));
        db.Add("Post", ("Title", "C"), ("Views", 5));
        db.Add("Post", ("Title", "D"), ("Views", 20), ("Author", alice), ("Tags", new[] { python }));
        foreach (var (n, s) in new[] { ("x", 1), ("y", 3), ("z", 3), ("w", 2) }) db.Add("Rank", ("Name", n), ("Score", s));
    }

    public void Dispose() => db.Dispose();

    private QuerySet Posts => db.Objects("Post");

    private static string T(IEnumerable<Materialization.RelObject> q) => string.Concat(q.Select(p => (string)p["Title"]!));

    [Fact]
    public void Without_ordering_rows_come_in_id_order() => Assert.Equal("ABCD", T(Posts));

    [Theory]
    [InlineData("-Views", "BDAC")]
    [InlineData("Views", "ACDB")]
    [InlineData("Views,-Title", "CADB")]
    [InlineData("Author.UserName,Title", "CBDA")]
    [InlineData("-Author.UserName,-Views", "ABDC")]
    [InlineData("AuthorId,Title", "CBDA")]
    [InlineData("Author,-Title", "CDBA")]
    [InlineData("-Id", "DCBA")]
    public void Ordering_by_fields_relation_paths_and_foreign_keys(string terms, string expected) =>
        Assert.Equal(expected, T(Posts.OrderBy(terms.Split(','))));

    [Fact]
    public void Meta_ordering_is_the_default_and_OrderBy_replaces_it()
    {
        Assert.Equal(["y", "z", "w", "x"], db.Objects("Rank").Select(r => (string)r["Name"]!));
        Assert.Equal(["w", "x", "y", "z"], db.Objects("Rank").OrderBy("Name").Select(r => (string)r["Name"]!));
    }

    [Fact]
    public void Ordering_by_an_annotation() =>
        Assert.Equal("BADC", T(Posts.Annotate("NumTags", "Count(Tags)").OrderBy("-NumTags", "Title")));

    [Fact]
    public void Ordering_by_an_unknown_name_lists_the_choices()
    {
        var e = Assert.Throws<UnknownNameException>(() => Posts.OrderBy("-Popularity"));
        Assert.Equal("Cannot resolve keyword 'Popularity' into field. Choices are: Id, Title, Body, Views, Created, Author, AuthorId, Tags.", e.Message);
    }

    [Theory]
    [InlineData(0, 2, "AB")]
    [InlineData(1, 2, "BC")]
    [InlineData(3, 10, "D")]
    [InlineData(4, 1, "")]
    [InlineData(2, null, "CD")]
    public void Slices_take_rows_of_the_ordered_query(int offset, int? limit, string expected) =>
        Assert.Equal(expected, T(Posts.Slice(offset, limit)));

    [Fact]
    public void Slicing_a_slice_narrows_it()
    {
        Assert.Equal("CD", T(Posts.Skip(1).Skip(1)));
        Assert.Equal("BC", T(Posts.Take(3).Skip(1)));
        Assert.Equal("B", T(Posts.Skip(1).Take(3).Take(1)));
        Assert.Equal("", T(Posts.Take(2).Skip(3)));
    }

    [Theory]
    [InlineData(0, 2, 2)]
    [InlineData(3, 10, 1)]
    [InlineData(10, 5, 0)]
    public void Count_counts_the_slice(int offset, int limit, long expected) => Assert.Equal(expected, Posts.Slice(offset, limit).Count());

    [Fact]
    public void Indexing_is_limit_one_offset_i()
    {
        var log = SqlCorpus.Capture(() => Assert.Equal("C", Posts.OrderBy("Title")[2]["Title"]));
        var e = Assert.Single(log);
        Assert.EndsWith(" LIMIT @p0 OFFSET @p1", e.Sql);
        Assert.Equal(new object?[] { 1L, 2L }, e.Parameters);
        Assert.Throws<NotFoundException>(() => Posts[4]);
    }

    [Fact]
    public void Negative_slices_are_refused() =>
        Assert.Equal("NegativeSlice", Assert.Throws<RelationsException>(() => Posts.Slice(-1, 2)).ErrorId);

    [Fact]
    public void A_sliced_query_cannot_be_filtered_annotated_or_deleted()
    {
        Assert.Equal("SlicedQuery", Assert.Throws<InvalidOperationRelException>(() => Posts.Take(2).Filter("Views", 5)).ErrorId);
        Assert.Equal("SlicedQuery", Assert.Throws<InvalidOperationRelException>(() => Posts.Take(2).Annotate("N", "Count(Tags)")).ErrorId);
        Assert.Equal("SlicedQuery", Assert.Throws<InvalidOperationRelException>(() => Posts.Take(2).Delete()).ErrorId);
    }

    [Fact]
    public void First_last_and_exists()
    {
        Assert.Equal("B", Posts.OrderBy("-Views").First()["Title"]);
        Assert.Equal("C", Posts.OrderBy("-Views").LastOrDefault()!["Title"]);
        Assert.Equal("D", Posts.LastOrDefault()!["Title"]);
        Assert.Equal("x", db.Objects("Rank").LastOrDefault()!["Name"]);
        Assert.Null(Posts.Filter("Views", 999).FirstOrDefault());
        Assert.Throws<NotFoundException>(() => Posts.Filter("Views", 999).First());
        Assert.True(Posts.Filter("Views", 5).Exists());
        Assert.False(Posts.Filter("Views", 999).Exists());
        Assert.False(Posts.Skip(4).Exists());
        Assert.True(Posts.Skip(3).Exists());
    }

    [Fact]
    public void Each_enumeration_runs_the_query_again()
    {
        var q = Posts.Filter("Views__lt", 30);
        var first = db.CountQueriesOf(() => Assert.Equal("ACD", T(q)));
        db.Add("Post", ("Title", "E"), ("Views", 1));
        var second = db.CountQueriesOf(() => Assert.Equal("ACDE", T(q)));
        Assert.Equal(1, first);
        Assert.Equal(1, second);
        Assert.Equal(4L, q.Count());
    }

    [Fact]
    public void Every_method_returns_a_new_query_and_leaves_the_old_one_alone()
    {
        var q = Posts.Filter("Views__lt", 30);
        var sql = q.Sql;
        var narrowed = q.Filter("Title", "A").OrderBy("-Views").Take(1);
        Assert.NotSame(q, narrowed);
        Assert.Equal(sql, q.Sql);
        Assert.Equal("ACD", T(q));
        Assert.Equal("A", T(narrowed));
    }

    [Fact]
    public void Distinct_values()
    {
        Assert.Equal([5L, 50L, 20L], Posts.Distinct().Values("Views").Select(r => (long)r["Views"]!));
        Assert.Equal(["bob", "alice", null], Posts.Distinct().Values("Author.UserName").Select(r => (string?)r["Author.UserName"]));
    }

    [Fact]
    public void Ordering_by_a_to_many_path_repeats_rows_and_count_agrees()
    {
        var q = Posts.OrderBy("Tags.Name", "Title");
        Assert.Equal("CBABD", T(q));
        Assert.Equal(5L, q.Count());
    }
}

internal static class QueryCounting
{
    public static long CountQueriesOf(this RelDatabase db, Action action)
    {
        var before = db.Log.Count;
        action();
        return db.Log.Count - before;
    }
}
