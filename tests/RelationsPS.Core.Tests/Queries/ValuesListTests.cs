using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// ValuesList is Django's <c>values_list()</c> for C#: the statement Values runs, each row a tuple of the
/// types the caller names (or one value per row, <c>flat=True</c>), in query order. Integers and text are
/// read straight into the tuple (no box per value); other types as the engine reads them; numbers
/// convert between numeric types; a NULL needs a nullable type.
/// </summary>
public class ValuesListTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Blog();

    public ValuesListTests()
    {
        var py = db.New("Tag", ("Name", "python"), ("Slug", "py"));
        var go = db.New("Tag", ("Name", "go"), ("Slug", "go"));
        var ann = db.New("User", ("UserName", "ann"));
        db.New("Post", ("Title", "a"), ("Views", 5000L), ("Author", ann), ("Created", new DateTime(2024, 1, 2, 3, 4, 5)), ("Tags", new List<object> { py, go }));
        db.New("Post", ("Title", "b"), ("Views", 7L), ("Created", new DateTime(2025, 6, 7, 8, 9, 10)));
    }

    public void Dispose() => db.Dispose();

    [Fact]
    public void Rows_are_tuples_of_the_named_types_in_query_order()
    {
        var rows = db.Objects("Post").OrderBy("-Views").ValuesList<long, string, long>("Id", "Title", "Views").ToList();
        Assert.Equal([(1L, "a", 5000L), (2L, "b", 7L)], rows);
        Assert.Equal([(2L, "b"), (1L, "a")], db.Objects("Post").OrderBy("Views").ValuesList<long, string>("Id", "Title").ToList());
    }

    [Fact]
    public void Flat_gives_one_value_per_row() =>
        Assert.Equal(["a", "b"], db.Objects("Post").ValuesList<string>("Title").ToList());

    [Fact]
    public void Four_values_cross_relations_and_read_dates_as_the_engine_does()
    {
        var rows = db.Objects("Post").ValuesList<string, string?, DateTime, long?>("Title", "Author__UserName", "Created", "AuthorId").ToList();
        Assert.Equal([("a", "ann", new DateTime(2024, 1, 2, 3, 4, 5), 1L), ("b", null, new DateTime(2025, 6, 7, 8, 9, 10), null)], rows);
    }

    [Fact]
    public void Annotations_and_filters_on_them_read_like_fields()
    {
        var many = db.Objects("Post").Annotate("TagCount", "Count(Tags)").Filter(Q.Where("TagCount", Lookup.Gt, 1));
        Assert.Equal([(1L, 2L)], many.ValuesList<long, long>("Id", "TagCount").ToList());
        Assert.Equal([0L, 2L], db.Objects("Post").Annotate("TagCount", "Count(Tags)").OrderBy("TagCount").ValuesList<long>("TagCount").ToList());
    }

    [Fact]
    public void Numbers_convert_between_numeric_types()
    {
        Assert.Equal([5000, 7], db.Objects("Post").ValuesList<int>("Views").ToList());
        Assert.Equal([5000.0, 7.0], db.Objects("Post").ValuesList<double>("Views").ToList());
    }

    [Fact]
    public void A_null_needs_a_nullable_type()
    {
        Assert.Equal([1L, null], db.Objects("Post").ValuesList<long?>("AuthorId").ToList());
        var e = Assert.Throws<RelationsException>(() => db.Objects("Post").ValuesList<long>("AuthorId").ToList());
        Assert.Equal("NullValue", e.ErrorId);
        Assert.Equal("'AuthorId' is NULL in a row: read it as Int64? to receive nulls.", e.Message);
    }

    [Fact]
    public void A_type_the_value_cannot_be_is_a_clear_error()
    {
        var e = Assert.Throws<RelationsException>(() => db.Objects("Post").ValuesList<long>("Title").ToList());
        Assert.Equal("ValueTypeMismatch", e.ErrorId);
        Assert.Equal("'Title' holds String values, not Int64.", e.Message);
        var overflow = Assert.Throws<RelationsException>(() => db.Objects("Post").ValuesList<byte>("Views").ToList());
        Assert.Equal("ValueOutOfRange", overflow.ErrorId);
    }

    [Fact]
    public void An_unknown_path_fails_before_anything_runs()
    {
        var count = db.CountQueries(() =>
            Assert.Throws<UnknownNameException>(() => db.Objects("Post").ValuesList<long, long>("Id", "Nope")));
        Assert.Equal(0L, count);
    }

    [Fact]
    public void It_is_the_values_statement()
    {
        var q = db.Objects("Post").Filter("Views__gt", 10);
        db.Log.Clear();
        _ = q.ValuesList<long, string>("Id", "Title").ToList();
        _ = q.Values("Id", "Title").ToList();
        Assert.Equal(db.Log.Entries[0].Sql, db.Log.Entries[1].Sql);
    }
}
