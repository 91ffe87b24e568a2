using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Bulk Update (one UPDATE, values may be F expressions of the row's own fields) and queryset Delete
/// honouring OnDelete. Models: the blog schema (PRODUCT §3: Post.Author SetNull, Profile.User Cascade,
/// Post.Tags ManyToMany) plus
/// <code>
/// .Model("Owner", m => m.Char("Name", 20))
/// .Model("Pet",   m => m.Char("Name", 20).ForeignKey("Owner", "Owner", OnDeleteAction.Protect, relatedName: "Pets"))
/// </code>
/// Data: users alice (profile), bob (profile), carol; posts P1 (alice, views 10, tags python+django),
/// P2 (bob, 20, python), P3 (alice, 30), P4 (no author, 40); owners Ann (pet Rex), Ben.
/// </summary>
public class BulkWriteTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Open(BlogSchema.Builder()
        .Model("Owner", m => m.Char("Name", 20))
        .Model("Pet", m => m.Char("Name", 20).ForeignKey("Owner", "Owner", OnDeleteAction.Protect, relatedName: "Pets"))
        .Build());

    public BulkWriteTests()
    {
        var alice = db.Add("User", ("UserName", "alice"));
        var bob = db.Add("User", ("UserName", "bob"));
        db.Add("User", ("UserName", "carol"));
        db.Add("Profile", ("User", alice), ("Bio", "a"));
        db.Add("Profile", ("User", bob), ("Bio", "b"));
        var python = db.Add("Tag", ("Name", "python"), ("Slug", "python"));
        var django = db.Add("Tag", ("Name", "django"), ("Slug", "django"));
        db.Add("Post", ("Title", "P1"), ("Views", 10), ("Author", alice), ("Tags", new[] { python, django }));
        db.Add("Post", ("Title", "P2"), ("Views", 20), ("Author", bob), ("Tags", new[] { python }));
        db.Add("Post", ("Title", "P3"), ("Views", 30), ("Author", alice));
        db.Add("Post", ("Title", "P4"), ("Views", 40));
        var ann = db.Add("Owner", ("Name", "Ann"));
        db.Add("Owner", ("Name", "Ben"));
        db.Add("Pet", ("Name", "Rex"), ("Owner", ann));
    }

    public void Dispose() => db.Dispose();

    private QuerySet Posts => db.Objects("Post");

    private string Views() => string.Join(",", Posts.Select(p => p["Views"]));

    [Fact]
    public void Update_adds_to_every_row_in_one_statement()
    {
        var log = SqlCorpus.Capture(() => Assert.Equal(4, Posts.Update(QueryDb.D(("Views", new F("Views") + 1)))));
        Assert.Single(log);
        Assert.Equal("11,21,31,41", Views());
    }

    [Fact]
    public void Update_of_a_filtered_query_touches_only_its_rows()
    {
        Assert.Equal(2, Posts.Filter("Tags__Name", "python").Update(QueryDb.D(("Views", new F("Views") * 10))));
        Assert.Equal("100,200,30,40", Views());
    }

    [Fact]
    public void Update_of_a_slice_touches_only_the_slice()
    {
        Assert.Equal(2, Posts.OrderBy("-Views").Take(2).Update(QueryDb.D(("Views", 0))));
        Assert.Equal("10,20,0,0", Views());
    }

    [Fact]
    public void Update_accepts_plain_values_objects_ids_and_null_for_relations()
    {
        var carol = db.Objects("User").Get(Q.Keyword("UserName", "carol"));
        Assert.Equal(1, Posts.Filter("Title", "P4").Update(QueryDb.D(("Author", carol))));
        Assert.Equal(1, Posts.Filter("Title", "P3").Update(QueryDb.D(("AuthorId", carol.Id), ("Title", "P3b"))));
        Assert.Equal(1, Posts.Filter("Title", "P2").Update(QueryDb.D(("Author", null))));
        Assert.Equal(["P1|alice", "P2|", "P3b|carol", "P4|carol"], Posts.Values("Title", "Author.UserName").Select(r => $"{r["Title"]}|{r["Author.UserName"]}"));
    }

    [Fact]
    public void Update_validates_names_and_values()
    {
        var e = Assert.Throws<UnknownNameException>(() => Posts.Update(QueryDb.D(("Popularity", 1))));
        Assert.Equal("Cannot update 'Popularity' on 'Post'. Choices are: Title, Body, Views, Created, Author.", e.Message);
        Assert.Throws<ValidationException>(() => Posts.Update(QueryDb.D(("Views", "many"))));
        Assert.Equal("10,20,30,40", Views());
    }

    [Fact]
    public void Update_with_F_arithmetic_between_two_fields()
    {
        Posts.Update(QueryDb.D(("Views", new F("Views") + new F("Id") * 100)));
        Assert.Equal("110,220,330,440", Views());
    }

    [Fact]
    public void Delete_sets_null_cascades_and_unlinks()
    {
        var result = db.Objects("User").Filter("UserName__in", new[] { "alice", "bob" }).Delete();
        Assert.Equal(2, result.CountOf("User"));
        Assert.Equal(2, result.CountOf("Profile"));
        Assert.Equal(3, result.Counts.Single(c => c.Label == "Post" && c.IsUpdate).Count);
        Assert.Equal(["carol"], db.Objects("User").Select(u => (string)u["UserName"]!));
        Assert.Equal(0L, db.Objects("Profile").Count());
        Assert.Equal(4L, Posts.Filter("Author__isnull", true).Count());
    }

    [Fact]
    public void Delete_of_posts_removes_their_tag_links()
    {
        var result = Posts.Filter("Tags__Name", "python").Delete();
        Assert.Equal(2, result.CountOf("Post"));
        Assert.Equal(3, result.CountOf("Post.Tags"));
        Assert.Equal(["P3", "P4"], Posts.Select(p => (string)p["Title"]!));
        Assert.Equal(2L, db.Objects("Tag").Count());
    }

    [Fact]
    public void Delete_of_a_query_ordered_by_a_to_many_path_counts_each_row_once()
    {
        var result = Posts.OrderBy("Tags.Name").Filter("Views__lt", 25).Delete();
        Assert.Equal(2, result.CountOf("Post"));
        Assert.Equal(2L, Posts.Count());
    }

    [Fact]
    public void Protect_refuses_the_whole_delete()
    {
        var e = Assert.Throws<ProtectedException>(() => db.Objects("Owner").Delete());
        Assert.Equal("ProtectedError", e.ErrorId);
        Assert.Equal(2L, db.Objects("Owner").Count());
        Assert.Equal(1, db.Objects("Owner").Filter("Pets__isnull", true).Delete().CountOf("Owner"));
    }

    [Fact]
    public void Plan_delete_changes_nothing()
    {
        var plan = db.Objects("User").PlanDelete();
        Assert.Equal(3, plan.CountOf("User"));
        Assert.Equal(2, plan.CountOf("Profile"));
        Assert.Equal(3L, db.Objects("User").Count());
    }
}
