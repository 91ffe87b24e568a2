using RelationsPS.Core.Compilation;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Required columns are read without a separate NULL check; a NULL there anyway (a file changed
/// behind the engine's back) still reads as null instead of failing the row.
/// </summary>
public class RowMaterializerTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Blog();

    public void Dispose() => db.Dispose();

    private RelObject ReadOne(string select, string model) =>
        db.Query(new SqlStatement(select, []), new RowMaterializer(db.Models.Get(model), db, []).Read).Single();

    [Fact]
    public void Required_columns_are_read_with_their_types()
    {
        var post = ReadOne("SELECT 3, 'T', '', 5, '2024-01-02 03:04:05.0000000Z', NULL", "Post");
        Assert.Equal(3L, post.Id);
        Assert.Equal("T", post["Title"]);
        Assert.Equal(5L, post["Views"]);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), post["Created"]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)post["Created"]!).Kind);
        Assert.Null(post["AuthorId"]);
    }

    [Fact]
    public void A_null_in_a_required_column_reads_as_null()
    {
        var tag = ReadOne("SELECT 1, NULL, 'py'", "Tag");
        Assert.Equal(1L, tag.Id);
        Assert.Null(tag["Name"]);
        Assert.Equal("py", tag["Slug"]);
        Assert.Null(ReadOne("SELECT 2, 'T', 'b', NULL, '2024-01-02 03:04:05.0000000', 1", "Post")["Views"]);
    }
}
