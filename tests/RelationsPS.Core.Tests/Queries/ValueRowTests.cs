using System.Collections;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Rows of Values and Group behave as the read-only dictionaries they are typed as: keys in column
/// order, matched ignoring case, a repeated name is one key, a missing key throws, and PowerShell's
/// non-generic IDictionary view sees the same entries.
/// </summary>
public class ValueRowTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Blog();

    public ValueRowTests()
    {
        var py = db.New("Tag", ("Name", "python"), ("Slug", "py"));
        db.New("Post", ("Title", "a"), ("Views", 5L), ("Tags", new List<object> { py }));
        db.New("Post", ("Title", "b"), ("Views", 7L));
    }

    public void Dispose() => db.Dispose();

    [Fact]
    public void A_values_row_is_a_read_only_dictionary_in_column_order()
    {
        var row = db.Objects("Post").Values("Title", "Views").First();
        Assert.Equal(["Title", "Views"], row.Keys);
        Assert.Equal(["a", 5L], row.Values);
        Assert.Equal(2, row.Count);
        Assert.Equal("a", row["title"]);
        Assert.True(row.ContainsKey("VIEWS"));
        Assert.True(row.TryGetValue("views", out var views));
        Assert.Equal(5L, views);
        Assert.False(row.TryGetValue("Body", out var none));
        Assert.Null(none);
        Assert.Throws<KeyNotFoundException>(() => row["Body"]);
        Assert.Equal([new KeyValuePair<string, object?>("Title", "a"), new("Views", 5L)], row.ToList());
    }

    [Fact]
    public void A_name_given_twice_is_one_key()
    {
        var row = db.Objects("Post").Values("Title", "title").First();
        Assert.Equal(["Title"], row.Keys);
        Assert.Equal("a", row["TITLE"]);
        var group = db.Objects("Post").Group([("N", "Title")], [("n", Aggregate.Parse("Count(Id)"))]).First();
        Assert.Equal(["N"], group.Keys);
        Assert.Equal(1L, group["N"]);
    }

    [Fact]
    public void PowerShell_sees_a_dictionary()
    {
        var row = (IDictionary)db.Objects("Post").Group([("Tag", "Tags.Name")], [("Posts", Aggregate.Parse("Count(Id)"))]).Last();
        Assert.True(row.IsReadOnly);
        Assert.Equal("python", row["tag"]);
        Assert.Null(row["missing"]);
        Assert.True(row.Contains("Posts"));
        Assert.Equal(["Tag", "Posts"], row.Keys.Cast<string>());
        var entries = new List<string>();
        for (var e = row.GetEnumerator(); e.MoveNext();) entries.Add($"{e.Key}={e.Value}");
        Assert.Equal(["Tag=python", "Posts=1"], entries);
        Assert.Throws<NotSupportedException>(() => row["Tag"] = "x");
        Assert.Throws<NotSupportedException>(() => row.Clear());
    }

    [Fact]
    public void Rows_read_their_values_on_their_own()
    {
        var rows = db.Objects("Post").Values("Title").ToList();
        Assert.Equal(["a", "b"], rows.Select(r => (string)r["Title"]!));
    }
}
