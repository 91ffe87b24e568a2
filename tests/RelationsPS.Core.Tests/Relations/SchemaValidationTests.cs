using System.Collections;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// Validation of a whole schema (issue 3, "What to build"): each contradiction is a SchemaException
/// whose ErrorId says what is wrong and whose message names the model and field. Both the C# API and
/// the hashtable form (PRODUCT §3) are checked, and default related names follow PRODUCT §3 / §7.
/// </summary>
public sealed class SchemaValidationTests
{
    private static SchemaException Refused(Func<ModelSetBuilder, ModelSetBuilder> declare) =>
        Assert.Throws<SchemaException>(() => declare(new ModelSetBuilder()).Build());

    private static SchemaException RefusedTable(Hashtable schema) => Assert.Throws<SchemaException>(() => SchemaReader.Read(schema));

    private static Hashtable Ht(params (string, object?)[] values) => TestDb.Ht(values);

    [Fact]
    public void Unknown_field_type()
    {
        var e = RefusedTable(Ht(("Post", Ht(("Title", Ht(("Type", "Strng"), ("MaxLength", 5)))))));
        Assert.Equal("UnknownFieldType", e.ErrorId);
        Assert.Contains("Field 'Post.Title' has unknown Type 'Strng'", e.Message);
        Assert.Contains("Char, Slug, Text", e.Message);
        Assert.Equal(ErrorKind.InvalidData, e.Kind);
    }

    [Fact]
    public void Missing_type()
    {
        Assert.Equal("MissingType", RefusedTable(Ht(("Post", Ht(("Title", Ht(("MaxLength", 5))))))).ErrorId);
    }

    [Fact]
    public void Unknown_option()
    {
        var e = RefusedTable(Ht(("Post", Ht(("Title", Ht(("Type", "Char"), ("MaxLength", 5), ("Colour", "red")))))));
        Assert.Equal("UnknownOption", e.ErrorId);
        Assert.Contains("'Colour'", e.Message);
    }

    [Fact]
    public void Missing_to_in_both_forms()
    {
        var e1 = Refused(b => b.Model("Post", m => m.Field("Author", new FieldSpec(FieldType.ForeignKey) { OnDelete = OnDeleteAction.Cascade })));
        Assert.Equal("MissingTo", e1.ErrorId);
        Assert.Contains("'Post.Author'", e1.Message);
        var e2 = RefusedTable(Ht(("Post", Ht(("Tags", Ht(("Type", "ManyToMany")))))));
        Assert.Equal("MissingTo", e2.ErrorId);
    }

    [Fact]
    public void Unknown_target()
    {
        var e = Refused(b => b.Model("Post", m => m.ForeignKey("Author", "Usr", OnDeleteAction.Cascade)));
        Assert.Equal("UnknownTarget", e.ErrorId);
        Assert.Contains("'Post.Author' points at model 'Usr'", e.Message);
    }

    [Fact]
    public void Two_foreign_keys_to_one_model_clash_on_the_default_related_name()
    {
        var e = Refused(b => b
            .Model("User", m => m.Char("Name", 10))
            .Model("Post", m => m.ForeignKey("Author", "User", OnDeleteAction.Cascade).ForeignKey("Editor", "User", OnDeleteAction.Cascade)));
        Assert.Equal("RelatedNameClash", e.ErrorId);
        Assert.Contains("'User.Posts'", e.Message);
        Assert.Contains("'Post.Editor'", e.Message);
    }

    [Fact]
    public void A_related_name_may_not_clash_with_a_field_of_the_target()
    {
        var e = Refused(b => b
            .Model("User", m => m.Char("Name", 10))
            .Model("Post", m => m.ForeignKey("Author", "User", OnDeleteAction.Cascade, relatedName: "Name")));
        Assert.Equal("RelatedNameClash", e.ErrorId);
    }

    [Fact]
    public void Hidden_related_names_never_clash()
    {
        var models = new ModelSetBuilder()
            .Model("User", m => m.Char("Name", 10))
            .Model("Post", m => m.ForeignKey("Author", "User", OnDeleteAction.Cascade, relatedName: "+").ForeignKey("Editor", "User", OnDeleteAction.Cascade, relatedName: "+"))
            .Build();
        Assert.Equal(["Id", "Name"], models.Get("User").NameChoices());
    }

    [Fact]
    public void Default_related_names_are_pluralised_or_the_model_name_for_one_to_one()
    {
        var models = new ModelSetBuilder()
            .Model("Person", m => m.Char("Name", 10))
            .Model("Category", m => m.ManyToMany("Members", "Person"))
            .Model("Child", m => m.ForeignKey("Parent", "Person", OnDeleteAction.Cascade))
            .Model("Passport", m => m.OneToOne("Holder", "Person", OnDeleteAction.Cascade))
            .Build();
        Assert.Equal(["Id", "Name", "Categories", "Children", "Passport"], models.Get("Person").NameChoices());
        Assert.True(models.Get("Person").FindRelation("Children")!.IsMultiValued);
        Assert.False(models.Get("Person").FindRelation("Passport")!.IsMultiValued);
        var people = new ModelSetBuilder().Model("Person", m => m.Char("Name", 5)).Model("Club", m => m.Char("Name", 5))
            .Model("Team", m => m.ManyToMany("Players", "Club")).Model("Squad", m => m.ManyToMany("Coaches", "Club"))
            .Model("Person2", m => m.Char("Name", 5)).Build();
        Assert.Equal(["Id", "Name", "Teams", "Squads"], people.Get("Club").NameChoices());
        Assert.Equal("People", Naming.Plural("Person"));
    }

    [Fact]
    public void A_self_many_to_many_without_through_is_symmetrical_by_default()
    {
        var models = new ModelSetBuilder().Model("Person", m => m.ManyToMany("Friends", "self").ManyToMany("Idols", "self", symmetrical: false, relatedName: "Fans")).Build();
        Assert.True(models.Get("Person").FindRelation("Friends")!.IsSymmetrical);
        Assert.False(models.Get("Person").FindRelation("Idols")!.IsSymmetrical);
        Assert.Equal(["Id", "Friends", "Idols", "Fans"], models.Get("Person").NameChoices());
    }

    [Fact]
    public void Symmetrical_applies_only_to_self()
    {
        var e = Refused(b => b.Model("A", m => m.ManyToMany("Bs", "B", symmetrical: true)).Model("B", m => m.Char("N", 1)));
        Assert.Equal("InvalidOption", e.ErrorId);
    }

    private static ModelSetBuilder PersonGroup(Action<ModelBuilder> membership, IReadOnlyList<string>? throughFields = null) => new ModelSetBuilder()
        .Model("Person", m => m.Char("Name", 128))
        .Model("Group", m => m.Char("Name", 128).ManyToMany("Members", "Person", relatedName: "Groups", through: "Membership", throughFields: throughFields))
        .Model("Membership", membership);

    [Fact]
    public void A_through_model_needs_both_foreign_keys()
    {
        var e = Assert.Throws<SchemaException>(() => PersonGroup(m => m.ForeignKey("Person", "Person", OnDeleteAction.Cascade).Date("DateJoined")).Build());
        Assert.Equal("InvalidThrough", e.ErrorId);
        Assert.Contains("'Membership' needs a ForeignKey to 'Group' and one to 'Person'", e.Message);
    }

    [Fact]
    public void An_unknown_through_model()
    {
        var e = Refused(b => b.Model("Person", m => m.Char("Name", 5)).Model("Group", m => m.ManyToMany("Members", "Person", through: "Nope")));
        Assert.Equal("UnknownThrough", e.ErrorId);
    }

    [Fact]
    public void Two_foreign_keys_to_the_target_need_through_fields()
    {
        var e = Assert.Throws<SchemaException>(() => PersonGroup(m => m
            .ForeignKey("Group", "Group", OnDeleteAction.Cascade)
            .ForeignKey("Inviter", "Person", OnDeleteAction.Cascade, relatedName: "InvitationsSent")
            .ForeignKey("Invitee", "Person", OnDeleteAction.Cascade, relatedName: "Invitations")).Build());
        Assert.Equal("AmbiguousThrough", e.ErrorId);
        Assert.Contains("ThroughFields", e.Message);
        var ok = PersonGroup(m => m
            .ForeignKey("Group", "Group", OnDeleteAction.Cascade)
            .ForeignKey("Inviter", "Person", OnDeleteAction.Cascade, relatedName: "InvitationsSent")
            .ForeignKey("Invitee", "Person", OnDeleteAction.Cascade, relatedName: "Invitations"), ["Group", "Invitee"]).Build();
        Assert.Equal("invitee_id", ok.Get("Group").FindRelation("Members")!.JoinToColumn);
    }

    [Fact]
    public void A_self_referential_through_needs_through_fields()
    {
        var e = Refused(b => b
            .Model("Person", m => m.ManyToMany("Friends", "self", through: "Friendship", symmetrical: false))
            .Model("Friendship", m => m.ForeignKey("First", "Person", OnDeleteAction.Cascade, relatedName: "A").ForeignKey("Second", "Person", OnDeleteAction.Cascade, relatedName: "B")));
        Assert.Equal("AmbiguousThrough", e.ErrorId);
    }

    [Fact]
    public void Through_fields_must_name_foreign_keys_to_source_then_target()
    {
        var e = Assert.Throws<SchemaException>(() => PersonGroup(m => m
            .ForeignKey("Person", "Person", OnDeleteAction.Cascade).ForeignKey("Group", "Group", OnDeleteAction.Cascade), ["Person", "Group"]).Build());
        Assert.Equal("InvalidThroughFields", e.ErrorId);
        Assert.Contains("'Membership.Person' is not a ForeignKey to 'Group'", e.Message);
        var one = Assert.Throws<SchemaException>(() => PersonGroup(m => m
            .ForeignKey("Person", "Person", OnDeleteAction.Cascade).ForeignKey("Group", "Group", OnDeleteAction.Cascade), ["Group"]).Build());
        Assert.Equal("InvalidThroughFields", one.ErrorId);
    }

    [Theory]
    [InlineData("Id")]
    [InlineData("id")]
    [InlineData("Meta")]
    [InlineData("pk")]
    public void Reserved_field_names(string name)
    {
        var e = Refused(b => b.Model("Post", m => m.Char(name, 5)));
        Assert.Equal("ReservedName", e.ErrorId);
        Assert.Contains($"'Post.{name}'", e.Message);
    }

    [Theory]
    [InlineData("Bad__Name")]
    [InlineData("1st")]
    [InlineData("has space")]
    public void Invalid_names(string name)
    {
        Assert.Equal("InvalidName", Refused(b => b.Model("Post", m => m.Char(name, 5))).ErrorId);
        Assert.Equal("InvalidName", Refused(b => b.Model(name, m => m.Char("Title", 5))).ErrorId);
    }

    [Fact]
    public void Duplicate_models_and_fields_ignore_case()
    {
        Assert.Equal("DuplicateModel", Refused(b => b.Model("Post", m => m.Char("A", 1)).Model("post", m => m.Char("A", 1))).ErrorId);
        Assert.Equal("DuplicateField", Refused(b => b.Model("Post", m => m.Char("Title", 5).Text("title"))).ErrorId);
    }

    [Fact]
    public void Two_models_on_one_table()
    {
        var e = Refused(b => b.Model("Post", m => m.Char("A", 1)).Model("Entry", m => m.Char("A", 1).Meta(new ModelOptions { DbTable = "post" })));
        Assert.Equal("TableClash", e.ErrorId);
    }

    [Fact]
    public void Char_needs_max_length_and_decimal_its_digits()
    {
        Assert.Equal("MissingMaxLength", Refused(b => b.Model("Post", m => m.Field("Title", new FieldSpec(FieldType.Char)))).ErrorId);
        Assert.Equal("MissingMaxLength", RefusedTable(Ht(("Post", Ht(("Title", "Char"))))).ErrorId);
        Assert.Equal("InvalidDecimal", Refused(b => b.Model("Item", m => m.Field("Price", new FieldSpec(FieldType.Decimal) { MaxDigits = 5 }))).ErrorId);
        Assert.Equal("InvalidDecimal", Refused(b => b.Model("Item", m => m.Decimal("Price", 2, 3))).ErrorId);
        Assert.Equal("InvalidOption", Refused(b => b.Model("Item", m => m.Field("Name", new FieldSpec(FieldType.Char) { MaxLength = 0 }))).ErrorId);
    }

    [Fact]
    public void On_delete_is_required_and_must_fit_the_field()
    {
        var models = (Func<ModelSetBuilder, ModelSetBuilder>)(b => b.Model("User", m => m.Char("Name", 5)));
        Assert.Equal("MissingOnDelete", Refused(b => models(b).Model("Post", m => m.Field("Author", new FieldSpec(FieldType.ForeignKey) { To = "User" }))).ErrorId);
        Assert.Equal("InvalidOnDelete", Refused(b => models(b).Model("Post", m => m.ForeignKey("Author", "User", OnDeleteAction.SetNull))).ErrorId);
        Assert.Equal("InvalidOnDelete", Refused(b => models(b).Model("Post", m => m.ForeignKey("Author", "User", OnDeleteAction.SetDefault))).ErrorId);
        var e = RefusedTable(Ht(("User", Ht(("Name", Ht(("Type", "Char"), ("MaxLength", 5))))),
            ("Post", Ht(("Author", Ht(("Type", "ForeignKey"), ("To", "User"), ("OnDelete", "Explode")))))));
        Assert.Equal("InvalidOnDelete", e.ErrorId);
        Assert.Contains("Cascade, Protect, Restrict, SetNull, SetDefault, DoNothing", e.Message);
    }

    [Fact]
    public void Relation_options_on_plain_fields_are_refused()
    {
        Assert.Equal("InvalidOption", Refused(b => b.Model("Post", m => m.Field("Title", new FieldSpec(FieldType.Char) { MaxLength = 5, To = "User" }))).ErrorId);
        Assert.Equal("InvalidOption", Refused(b => b.Model("Post", m => m.Field("Title", new FieldSpec(FieldType.Char) { MaxLength = 5, AutoNow = true }))).ErrorId);
        Assert.Equal("InvalidOption", Refused(b => b.Model("Tag", m => m.Char("N", 5)).Model("Post", m => m.Field("Tags", new FieldSpec(FieldType.ManyToMany) { To = "Tag", Null = true }))).ErrorId);
    }

    [Fact]
    public void Meta_ordering_and_unique_together_name_real_fields()
    {
        var e = Refused(b => b.Model("Post", m => m.Char("Title", 5).Ordering("-Titel")));
        Assert.Equal("InvalidOrdering", e.ErrorId);
        Assert.Contains("Choices are: Id, Title", e.Message);
        Assert.Equal("InvalidUniqueTogether", Refused(b => b.Model("Tag", m => m.Char("N", 5)).Model("Post", m => m.Char("Title", 5).ManyToMany("Tags", "Tag")
            .Meta(new ModelOptions { UniqueTogether = [["Title", "Tags"]] }))).ErrorId);
    }

    [Fact]
    public void The_hashtable_schema_of_product_section_3_matches_the_csharp_declaration()
    {
        var fromTable = SchemaReader.Read(Ht(
            ("Person", Ht(("Name", Ht(("Type", "Char"), ("MaxLength", 128))))),
            ("Group", Ht(("Name", Ht(("Type", "Char"), ("MaxLength", 128))),
                ("Members", Ht(("Type", "ManyToMany"), ("To", "Person"), ("Through", "Membership"), ("RelatedName", "Groups"))),
                ("Meta", Ht(("Ordering", "Name"))))),
            ("Membership", Ht(("Person", Ht(("Type", "ForeignKey"), ("To", "Person"), ("OnDelete", "Cascade"))),
                ("Group", Ht(("Type", "ForeignKey"), ("To", "Group"), ("OnDelete", "Cascade"))),
                ("DateJoined", Ht(("Type", "Date"))),
                ("InviteReason", Ht(("Type", "Char"), ("MaxLength", 64), ("Blank", true)))))));
        var members = fromTable.Get("Group").FindRelation("Members")!;
        Assert.Equal(("membership", "group_id", "person_id"), (members.JoinTable, members.JoinFromColumn, members.JoinToColumn));
        Assert.Equal("Membership", members.Through!.Name);
        Assert.True(fromTable.Get("Membership").IsThroughModel);
        Assert.Equal(["Name"], fromTable.Get("Group").Ordering);
        var groups = fromTable.Get("Person").FindRelation("Groups")!;
        Assert.True(groups.IsReverse);
        Assert.Equal(("membership", "person_id", "group_id"), (groups.JoinTable, groups.JoinFromColumn, groups.JoinToColumn));
        // A Hashtable has no key order, so reverse accessors come in the order the models were read.
        Assert.Equal(["Groups", "Id", "Memberships", "Name"], fromTable.Get("Person").NameChoices().Order());
        Assert.Equal(64, fromTable.Get("Membership").FindField("InviteReason")!.MaxLength);
    }

    [Fact]
    public void The_blog_schema_declares_what_product_section_3_lists()
    {
        var m = BlogSchema.Models;
        Assert.Equal(["Tag", "Post", "User", "Profile"], m.Models.Select(x => x.Name));
        Assert.Equal(["Id", "Name", "Slug", "Posts"], m.Get("Tag").NameChoices());
        Assert.Equal(["Id", "UserName", "Posts", "Profile"], m.Get("User").NameChoices());
        Assert.Equal(["Id", "Title", "Body", "Views", "Created", "Author", "AuthorId", "Tags"], m.Get("Post").NameChoices());
        var author = m.Get("Post").FindField("Author")!;
        Assert.Equal((OnDeleteAction.SetNull, true, "author_id"), (author.OnDelete, author.Null, author.Column));
        var user = m.Get("Profile").FindField("User")!;
        Assert.Equal((OnDeleteAction.Cascade, true), (user.OnDelete, user.Unique));
        Assert.Equal(200, m.Get("Profile").FindField("Website")!.MaxLength);
        Assert.Equal(50, m.Get("Tag").FindField("Slug")!.MaxLength);
    }
}
