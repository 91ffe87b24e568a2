using RelationsPS.Core.Expressions;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Smoke;

public class BlogSmokeTests
{
    [Fact]
    public void Creates_filters_and_links_posts_and_tags()
    {
        using var db = TestDb.Blog();
        var python = db.New("Tag", ("Name", "python"), ("Slug", "python"));
        var django = db.New("Tag", ("Name", "django"), ("Slug", "django"));
        var alice = db.New("User", ("UserName", "alice"));
        var p1 = db.New("Post", ("Title", "Lazy QuerySets"), ("Views", 150), ("Author", alice), ("Tags", new[] { python, django }));
        var p2 = db.New("Post", ("Title", "Other"), ("Views", 5), ("Tags", new object[] { python.Id! }));
        db.New("Post", ("Title", "Untagged"), ("Views", 500));

        Assert.Equal(["1,1", "1,2", "2,1"], db.Rows("post_tags", "post_id", "tag_id"));
        Assert.Equal(["Lazy QuerySets", "Other"], db.Objects("Post").Filter("Tags__Name", "python").Names("Title"));
        Assert.Equal(["Lazy QuerySets", "Untagged"], db.Objects("Post").Filter(Q.Where("Views", Lookup.Gt, 100)).Names("Title"));
        Assert.Equal(["Other"], db.Objects("Post").Filter(Q.Where(new F("Views"), Lookup.Lt, new F("Id") * 100)).Names("Title"));
        Assert.Equal(2L, python.Manager("Posts").Count);
        Assert.Equal("alice", ((Materialization.RelObject)p1["Author"]!)["UserName"]);
        Assert.Equal(["Lazy QuerySets"], ((Query.RelatedManager)alice["Posts"]!).Names("Title"));
        var agg = db.Objects("Post").Aggregate(("N", "Count(Id)"), ("Avg", "Avg(Views)"), ("Links", "Count(Tags)"));
        Assert.Equal(3L, agg["N"]);
        Assert.Equal(655.0 / 3, (double)agg["Avg"]!, 6);
        Assert.Equal(3L, agg["Links"]);
        var annotated = db.Objects("Post").Annotate("NumTags", "Count(Tags)").OrderBy("-NumTags").ToList();
        Assert.Equal([2L, 1L, 0L], annotated.Select(p => p["NumTags"]).ToList());
        Assert.Equal(["Other"], db.Objects("Post").Exclude("Tags__Name", "django").Filter("Tags__Name", "python").Names("Title"));
        var result = db.Delete(p1);
        Assert.Equal(2, result.CountOf("Post.Tags"));
        Assert.Equal(["2,1"], db.Rows("post_tags", "post_id", "tag_id"));
        Assert.Equal("2 tag links", result.DescribeCascade(p1.Model));
        _ = p2;
    }
}
