using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// OnDelete, per behaviour and relation kind (issue 3): every affected table's rows after the delete,
/// and a refused delete changes nothing.
///
/// The matrix schema, for kind in (ForeignKey, OneToOne) and each OnDelete action:
/// <code>
/// new ModelSetBuilder()
///     .Model("Owner", m => m.Char("Name", 20))
///     .Model("Child", m => m.Char("Name", 20).Field("Owner", new FieldSpec(kind) { To = "Owner", OnDelete = action,
///         Null = action == SetNull, HasDefault = action == SetDefault, Default = 1L }))   // Owner 1 is the fallback
/// </code>
/// Owners: 1 fallback, 2 doomed, 3 other. ForeignKey children: 1 and 2 -> doomed, 3 -> other;
/// OneToOne children: 1 -> doomed, 2 -> other. Each test deletes the doomed owner.
/// </summary>
public class OnDeleteTests
{
    private static RelDatabase Matrix(FieldType kind, OnDeleteAction action)
    {
        var db = TestDb.Open(b => b
            .Model("Owner", m => m.Char("Name", 20))
            .Model("Child", m => m.Char("Name", 20).Field("Owner", new FieldSpec(kind)
            {
                To = "Owner", OnDelete = action, Null = action == OnDeleteAction.SetNull,
                HasDefault = action == OnDeleteAction.SetDefault, Default = action == OnDeleteAction.SetDefault ? 1L : null,
            })));
        db.New("Owner", ("Name", "fallback"));
        var doomed = db.New("Owner", ("Name", "doomed"));
        var other = db.New("Owner", ("Name", "other"));
        db.New("Child", ("Name", "c1"), ("Owner", doomed));
        if (kind == FieldType.ForeignKey) db.New("Child", ("Name", "c2"), ("Owner", doomed));
        db.New("Child", ("Name", "c3"), ("Owner", other));
        return db;
    }

    private static RelObject Doomed(RelDatabase db) => db.Objects("Owner").FirstOrDefaultById(2)!;

    private static List<string> Owners(RelDatabase db) => db.Rows("owner", "id");

    private static List<string> Children(RelDatabase db) => db.Rows("child", "id", "owner_id");

    // ---- ForeignKey ------------------------------------------------------------------------------

    [Fact]
    public void ForeignKey_cascade_deletes_the_children()
    {
        using var db = Matrix(FieldType.ForeignKey, OnDeleteAction.Cascade);
        var result = db.Delete(Doomed(db));
        Assert.Equal(["1", "3"], Owners(db));
        Assert.Equal(["3,3"], Children(db));
        Assert.Equal(1, result.CountOf("Owner"));
        Assert.Equal(2, result.CountOf("Child"));
        Assert.Equal(3, result.Total);
        Assert.Equal("2 children", result.DescribeCascade(db.Models.Get("Owner")));
    }

    [Fact]
    public void ForeignKey_protect_refuses_and_names_the_protected_objects()
    {
        using var db = Matrix(FieldType.ForeignKey, OnDeleteAction.Protect);
        var e = Assert.Throws<ProtectedException>(() => db.Delete(Doomed(db)));
        Assert.Equal("ProtectedError", e.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, e.Kind);
        Assert.Equal(["Child 1", "Child 2"], e.ProtectedObjects);
        Assert.Contains("Child 1, Child 2", e.Message);
        Assert.Contains("'Child.Owner'", e.Message);
        Assert.Equal(["1", "2", "3"], Owners(db));
        Assert.Equal(["1,2", "2,2", "3,3"], Children(db));
    }

    [Fact]
    public void ForeignKey_restrict_refuses_and_names_the_restricting_objects()
    {
        using var db = Matrix(FieldType.ForeignKey, OnDeleteAction.Restrict);
        var e = Assert.Throws<ProtectedException>(() => db.Delete(Doomed(db)));
        Assert.Equal("RestrictedError", e.ErrorId);
        Assert.Equal(["Child 1", "Child 2"], e.ProtectedObjects);
        Assert.Equal(["1", "2", "3"], Owners(db));
        Assert.Equal(["1,2", "2,2", "3,3"], Children(db));
    }

    [Fact]
    public void ForeignKey_set_null_unlinks_the_children()
    {
        using var db = Matrix(FieldType.ForeignKey, OnDeleteAction.SetNull);
        var result = db.Delete(Doomed(db));
        Assert.Equal(["1", "3"], Owners(db));
        Assert.Equal(["1,null", "2,null", "3,3"], Children(db));
        Assert.Equal(1, result.Total);
        Assert.Contains(new DeleteCount("Child", "child", 2, IsUpdate: true), result.Counts);
        Assert.Equal("2 children unlinked", result.DescribeCascade(db.Models.Get("Owner")));
    }

    [Fact]
    public void ForeignKey_set_default_points_the_children_at_the_default()
    {
        using var db = Matrix(FieldType.ForeignKey, OnDeleteAction.SetDefault);
        db.Delete(Doomed(db));
        Assert.Equal(["1", "3"], Owners(db));
        Assert.Equal(["1,1", "2,1", "3,3"], Children(db));
    }

    [Fact]
    public void ForeignKey_do_nothing_leaves_the_children_and_the_constraint_refuses_the_delete()
    {
        using var db = Matrix(FieldType.ForeignKey, OnDeleteAction.DoNothing);
        var plan = db.PlanDelete(Doomed(db));
        Assert.Equal([new DeleteCount("Owner", "owner", 1)], plan.Counts);
        var e = Assert.ThrowsAny<RelationsException>(() => db.Delete(Doomed(db)));
        Assert.Equal("ForeignKeyViolation", e.ErrorId);
        Assert.Equal(["1", "2", "3"], Owners(db));
        Assert.Equal(["1,2", "2,2", "3,3"], Children(db));
        Assert.False(db.IsInTransaction);
        db.New("Owner", ("Name", "after"));
        Assert.Equal(["1", "2", "3", "4"], Owners(db));
    }

    // ---- OneToOne --------------------------------------------------------------------------------

    [Fact]
    public void OneToOne_cascade_deletes_the_child()
    {
        using var db = Matrix(FieldType.OneToOne, OnDeleteAction.Cascade);
        var result = db.Delete(Doomed(db));
        Assert.Equal(["1", "3"], Owners(db));
        Assert.Equal(["2,3"], Children(db));
        Assert.Equal(1, result.CountOf("Child"));
        Assert.Equal("1 child", result.DescribeCascade(db.Models.Get("Owner")));
    }

    [Fact]
    public void OneToOne_protect_refuses()
    {
        using var db = Matrix(FieldType.OneToOne, OnDeleteAction.Protect);
        var e = Assert.Throws<ProtectedException>(() => db.Delete(Doomed(db)));
        Assert.Equal("ProtectedError", e.ErrorId);
        Assert.Equal(["Child 1"], e.ProtectedObjects);
        Assert.Equal(["1", "2", "3"], Owners(db));
        Assert.Equal(["1,2", "2,3"], Children(db));
    }

    [Fact]
    public void OneToOne_restrict_refuses()
    {
        using var db = Matrix(FieldType.OneToOne, OnDeleteAction.Restrict);
        var e = Assert.Throws<ProtectedException>(() => db.Delete(Doomed(db)));
        Assert.Equal("RestrictedError", e.ErrorId);
        Assert.Equal(["Child 1"], e.ProtectedObjects);
        Assert.Equal(["1", "2", "3"], Owners(db));
        Assert.Equal(["1,2", "2,3"], Children(db));
    }

    [Fact]
    public void OneToOne_set_null_unlinks_the_child()
    {
        using var db = Matrix(FieldType.OneToOne, OnDeleteAction.SetNull);
        db.Delete(Doomed(db));
        Assert.Equal(["1", "3"], Owners(db));
        Assert.Equal(["1,null", "2,3"], Children(db));
    }

    [Fact]
    public void OneToOne_set_default_points_the_child_at_the_default()
    {
        using var db = Matrix(FieldType.OneToOne, OnDeleteAction.SetDefault);
        db.Delete(Doomed(db));
        Assert.Equal(["1", "3"], Owners(db));
        Assert.Equal(["1,1", "2,3"], Children(db));
    }

    [Fact]
    public void OneToOne_set_default_onto_a_taken_default_is_a_unique_violation_and_changes_nothing()
    {
        using var db = Matrix(FieldType.OneToOne, OnDeleteAction.SetDefault);
        db.New("Child", ("Name", "c4"), ("Owner", 1L));
        var e = Assert.Throws<DuplicateException>(() => db.Delete(Doomed(db)));
        Assert.Equal("UniqueViolation", e.ErrorId);
        Assert.Equal(["1", "2", "3"], Owners(db));
        Assert.Equal(["1,2", "2,3", "3,1"], Children(db));
    }

    [Fact]
    public void OneToOne_do_nothing_leaves_the_child_and_the_constraint_refuses_the_delete()
    {
        using var db = Matrix(FieldType.OneToOne, OnDeleteAction.DoNothing);
        var e = Assert.ThrowsAny<RelationsException>(() => db.Delete(Doomed(db)));
        Assert.Equal("ForeignKeyViolation", e.ErrorId);
        Assert.Equal(["1", "2", "3"], Owners(db));
        Assert.Equal(["1,2", "2,3"], Children(db));
    }

    // ---- chains ----------------------------------------------------------------------------------

    private static RelDatabase Chain(OnDeleteAction grandchild)
    {
        var db = TestDb.Open(b => b
            .Model("Owner", m => m.Char("Name", 20))
            .Model("Child", m => m.ForeignKey("Owner", "Owner", OnDeleteAction.Cascade))
            .Model("Grandchild", m => m.ForeignKey("Child", "Child", grandchild).ForeignKey("Owner", "Owner", OnDeleteAction.Cascade, relatedName: "AllGrandchildren")));
        var o1 = db.New("Owner", ("Name", "o1"));
        var o2 = db.New("Owner", ("Name", "o2"));
        var c1 = db.New("Child", ("Owner", o1));
        var c2 = db.New("Child", ("Owner", o2));
        db.New("Grandchild", ("Child", c1), ("Owner", o1));
        db.New("Grandchild", ("Child", c2), ("Owner", o2));
        return db;
    }

    [Fact]
    public void Cascade_follows_every_level()
    {
        using var db = Chain(OnDeleteAction.Cascade);
        var result = db.Delete(db.Objects("Owner").FirstOrDefaultById(1)!);
        Assert.Equal(["2"], db.Rows("owner", "id"));
        Assert.Equal(["2,2"], db.Rows("child", "id", "owner_id"));
        Assert.Equal(["2,2,2"], db.Rows("grandchild", "id", "child_id", "owner_id"));
        Assert.Equal(3, result.Total);
    }

    [Fact]
    public void A_protected_row_reached_by_a_cascade_refuses_the_whole_delete()
    {
        using var db = Chain(OnDeleteAction.Protect);
        var e = Assert.Throws<ProtectedException>(() => db.Delete(db.Objects("Owner").FirstOrDefaultById(1)!));
        Assert.Equal(["Grandchild 1"], e.ProtectedObjects);
        Assert.Equal(["1", "2"], db.Rows("owner", "id"));
        Assert.Equal(["1,1", "2,2"], db.Rows("child", "id", "owner_id"));
        Assert.Equal(["1,1,1", "2,2,2"], db.Rows("grandchild", "id", "child_id", "owner_id"));
    }

    [Fact]
    public void Restrict_allows_the_delete_when_a_cascade_removes_the_restricting_rows_too()
    {
        using var db = Chain(OnDeleteAction.Restrict);
        var result = db.Delete(db.Objects("Owner").FirstOrDefaultById(1)!);
        Assert.Equal(3, result.Total);
        Assert.Equal(["2"], db.Rows("owner", "id"));
        Assert.Equal(["2,2"], db.Rows("child", "id", "owner_id"));
        Assert.Equal(["2,2,2"], db.Rows("grandchild", "id", "child_id", "owner_id"));
    }

    [Fact]
    public void Restrict_refuses_a_direct_delete()
    {
        using var db = Chain(OnDeleteAction.Restrict);
        var e = Assert.Throws<ProtectedException>(() => db.Delete(db.Objects("Child").FirstOrDefaultById(1)!));
        Assert.Equal("RestrictedError", e.ErrorId);
        Assert.Equal(["Grandchild 1"], e.ProtectedObjects);
        Assert.Equal(["1,1", "2,2"], db.Rows("child", "id", "owner_id"));
        Assert.Equal(["1,1,1", "2,2,2"], db.Rows("grandchild", "id", "child_id", "owner_id"));
    }

    [Fact]
    public void Cascade_on_a_self_foreign_key_removes_the_subtree()
    {
        using var db = TestDb.Open(b => b.Model("Node", m => m.Char("Name", 10).ForeignKey("Parent", "self", OnDeleteAction.Cascade, nullable: true, relatedName: "Children")));
        var root = db.New("Node", ("Name", "root"));
        var a = db.New("Node", ("Name", "a"), ("Parent", root));
        db.New("Node", ("Name", "a1"), ("Parent", a));
        db.New("Node", ("Name", "b"), ("Parent", root));
        var other = db.New("Node", ("Name", "other"));
        var result = db.Delete(a);
        Assert.Equal(2, result.CountOf("Node"));
        Assert.Equal(["1,null", "4,1", "5,null"], db.Rows("node", "id", "parent_id"));
        db.Delete(root);
        Assert.Equal(["5,null"], db.Rows("node", "id", "parent_id"));
        _ = other;
    }

    // ---- ManyToMany: automatic join tables and through models -----------------------------------

    private static RelDatabase BlogWithData()
    {
        var db = TestDb.Blog();
        var python = db.New("Tag", ("Name", "python"), ("Slug", "python"));
        var django = db.New("Tag", ("Name", "django"), ("Slug", "django"));
        var alice = db.New("User", ("UserName", "alice"));
        var bob = db.New("User", ("UserName", "bob"));
        db.New("Profile", ("User", alice), ("Bio", "hi"));
        db.New("Profile", ("User", bob));
        db.New("Post", ("Title", "p1"), ("Author", alice), ("Tags", new[] { python, django }));
        db.New("Post", ("Title", "p2"), ("Author", alice), ("Tags", new[] { python }));
        db.New("Post", ("Title", "p3"), ("Author", bob), ("Tags", new[] { django }));
        return db;
    }

    [Fact]
    public void Deleting_a_tag_removes_its_join_rows_and_nothing_else()
    {
        using var db = BlogWithData();
        var result = db.Delete(db.Objects("Tag").FirstOrDefaultById(1)!);
        Assert.Equal(2, result.CountOf("Post.Tags"));
        Assert.Equal("2 tag links", result.DescribeCascade(db.Models.Get("Tag")));
        Assert.Equal(["2"], db.Rows("tag", "id"));
        Assert.Equal(["1,2", "3,2"], db.Rows("post_tags", "post_id", "tag_id"));
        Assert.Equal(["1,1", "2,1", "3,2"], db.Rows("post", "id", "author_id"));
    }

    [Fact]
    public void Deleting_a_post_removes_its_join_rows()
    {
        using var db = BlogWithData();
        var result = db.Delete(db.Objects("Post").FirstOrDefaultById(1)!);
        Assert.Equal(2, result.CountOf("Post.Tags"));
        Assert.Equal(["2,1", "3,2"], db.Rows("post_tags", "post_id", "tag_id"));
        Assert.Equal(["1", "2"], db.Rows("tag", "id"));
    }

    [Fact]
    public void Deleting_a_user_cascades_the_profile_and_unlinks_the_posts()
    {
        using var db = BlogWithData();
        var result = db.Delete(db.Objects("User").FirstOrDefaultById(1)!);
        Assert.Equal(1, result.CountOf("Profile"));
        Assert.Equal(["2"], db.Rows("user", "id"));
        Assert.Equal(["2,2"], db.Rows("profile", "id", "user_id"));
        Assert.Equal(["1,null", "2,null", "3,2"], db.Rows("post", "id", "author_id"));
        Assert.Equal(["1,1", "1,2", "2,1", "3,2"], db.Rows("post_tags", "post_id", "tag_id"));
        Assert.Equal("1 profile and 2 posts unlinked", result.DescribeCascade(db.Models.Get("User")));
    }

    [Fact]
    public void A_cascade_into_a_model_with_a_many_to_many_removes_its_join_rows()
    {
        using var db = TestDb.Open(b => b
            .Model("Tag", m => m.Char("Name", 20))
            .Model("Blog", m => m.Char("Name", 20))
            .Model("Entry", m => m.ForeignKey("Blog", "Blog", OnDeleteAction.Cascade).ManyToMany("Tags", "Tag")));
        var t1 = db.New("Tag", ("Name", "t1"));
        var t2 = db.New("Tag", ("Name", "t2"));
        var b1 = db.New("Blog", ("Name", "b1"));
        var b2 = db.New("Blog", ("Name", "b2"));
        db.New("Entry", ("Blog", b1), ("Tags", new[] { t1, t2 }));
        db.New("Entry", ("Blog", b2), ("Tags", new[] { t1 }));
        var result = db.Delete(b1);
        Assert.Equal(1, result.CountOf("Entry"));
        Assert.Equal(2, result.CountOf("Entry.Tags"));
        Assert.Equal(["2"], db.Rows("blog", "id"));
        Assert.Equal(["2,2"], db.Rows("entry", "id", "blog_id"));
        Assert.Equal(["2,1"], db.Rows("entry_tags", "entry_id", "tag_id"));
        Assert.Equal(["1", "2"], db.Rows("tag", "id"));
    }

    private static RelDatabase Groups(OnDeleteAction personKey)
    {
        var db = TestDb.Open(b => b
            .Model("Person", m => m.Char("Name", 20))
            .Model("Group", m => m.Char("Name", 20).ManyToMany("Members", "Person", through: "Membership"))
            .Model("Membership", m => m.ForeignKey("Person", "Person", personKey).ForeignKey("Group", "Group", OnDeleteAction.Cascade).Char("Role", 20, blank: true)));
        var ann = db.New("Person", ("Name", "ann"));
        var ben = db.New("Person", ("Name", "ben"));
        var rock = db.New("Group", ("Name", "rock"));
        var jazz = db.New("Group", ("Name", "jazz"));
        rock.Manager("Members").Add(new[] { ann, ben }, new Dictionary<string, object?> { ["Role"] = "singer" });
        jazz.Manager("Members").Add(ann);
        return db;
    }

    private static List<string> Memberships(RelDatabase db) => db.Rows("membership", "id", "person_id", "group_id");

    [Fact]
    public void Deleting_a_group_cascades_its_through_rows()
    {
        using var db = Groups(OnDeleteAction.Cascade);
        var result = db.Delete(db.Objects("Group").FirstOrDefaultById(1)!);
        Assert.Equal(2, result.CountOf("Membership"));
        Assert.Equal(["2"], db.Rows("group", "id"));
        Assert.Equal(["3,1,2"], Memberships(db));
        Assert.Equal(["1", "2"], db.Rows("person", "id"));
    }

    [Fact]
    public void Deleting_a_person_cascades_their_through_rows()
    {
        using var db = Groups(OnDeleteAction.Cascade);
        db.Delete(db.Objects("Person").FirstOrDefaultById(1)!);
        Assert.Equal(["2"], db.Rows("person", "id"));
        Assert.Equal(["2,2,1"], Memberships(db));
        Assert.Equal(["1", "2"], db.Rows("group", "id"));
    }

    [Fact]
    public void A_protected_through_key_refuses_the_delete()
    {
        using var db = Groups(OnDeleteAction.Protect);
        var e = Assert.Throws<ProtectedException>(() => db.Delete(db.Objects("Person").FirstOrDefaultById(1)!));
        Assert.Equal(["Membership 1", "Membership 3"], e.ProtectedObjects);
        Assert.Equal(["1", "2"], db.Rows("person", "id"));
        Assert.Equal(["1,1,1", "2,2,1", "3,1,2"], Memberships(db));
    }

    [Fact]
    public void Query_delete_runs_the_same_collector()
    {
        using var db = Groups(OnDeleteAction.Cascade);
        var result = db.Objects("Person").Delete();
        Assert.Equal(2, result.CountOf("Person"));
        Assert.Equal(3, result.CountOf("Membership"));
        Assert.Empty(Memberships(db));
        Assert.Equal(["1", "2"], db.Rows("group", "id"));
    }

    [Fact]
    public void Plan_delete_reports_without_deleting()
    {
        using var db = BlogWithData();
        var user = db.Objects("User").FirstOrDefaultById(1)!;
        var before = db.Log.Entries.Count;
        var plan = db.PlanDelete(user);
        Assert.DoesNotContain(db.Log.Entries.Skip(before), e => e.Sql.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || e.Sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, plan.CountOf("User"));
        Assert.Equal(1, plan.CountOf("Profile"));
        Assert.Equal(["1", "2"], db.Rows("user", "id"));
        Assert.Equal(["1,1", "2,2"], db.Rows("profile", "id", "user_id"));
    }
}

/// <summary>
/// Cascade messages name models as the user wrote them (issue 11): a model named <c>O2O</c> reads
/// "O2O", not Humanizer's "o 2 o"; a plain word reads as a word ("1 profile").
/// <code>
/// Role = Char Name; O2O = Char Name, ForeignKey Role (Cascade); BlogPost = Char Title, ForeignKey Role (SetNull),
/// ManyToMany Roles (field named HTTPRoles)
/// </code>
/// </summary>
public sealed class CascadeNounTests
{
    [Fact]
    public void Model_names_that_are_not_plain_words_are_kept_as_written()
    {
        using var db = TestDb.Open(b => b
            .Model("Role", m => m.Char("Name", 20))
            .Model("O2O", m => m.Char("Name", 20).Field("Role", new FieldSpec(FieldType.ForeignKey) { To = "Role", OnDelete = OnDeleteAction.Cascade }))
            .Model("BlogPost", m => m.Char("Title", 20)
                .Field("Role", new FieldSpec(FieldType.ForeignKey) { To = "Role", OnDelete = OnDeleteAction.SetNull, Null = true, RelatedName = "BlogPosts" })
                .Field("HTTPRoles", new FieldSpec(FieldType.ManyToMany) { To = "Role", RelatedName = "LinkedPosts" })));
        var role = db.New("Role", ("Name", "r"));
        db.New("O2O", ("Name", "a"), ("Role", role));
        db.New("O2O", ("Name", "b"), ("Role", role));
        db.New("BlogPost", ("Title", "t"), ("Role", role), ("HTTPRoles", new[] { role }));
        var plan = db.PlanDelete(role);
        Assert.Equal("2 O2Os, 1 HTTPRole link and 1 BlogPost unlinked", plan.DescribeCascade(db.Models.Get("Role")));
    }

    [Theory]
    [InlineData("Profile", "profile")]
    [InlineData("O2O", "O2O")]
    [InlineData("BlogPost", "BlogPost")]
    [InlineData("HTTPCode", "HTTPCode")]
    [InlineData("tag", "tag")]
    public void A_noun_is_a_plain_word_in_lower_case_or_the_name_as_written(string name, string noun) =>
        Assert.Equal(noun, Naming.Noun(name));
}
