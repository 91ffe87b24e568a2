namespace RelationsPS.Core.Metadata;

/// <summary>The built-in blog schema of PRODUCT §3 (Tag, Post, User, Profile), declared through the C# API.</summary>
public static class BlogSchema
{
    private static readonly Lazy<ModelSet> Instance = new(() => Builder().Build());

    /// <summary>The blog models (one shared, immutable instance).</summary>
    public static ModelSet Models => Instance.Value;

    /// <summary>The blog declarations, for schemas that extend them.</summary>
    public static ModelSetBuilder Builder() => new ModelSetBuilder()
        .Model("Tag", m => m
            .Char("Name", 50, unique: true)
            .Slug("Slug", unique: true))
        .Model("Post", m => m
            .Char("Title", 200)
            .Text("Body", blank: true)
            .Integer("Views", @default: 0)
            .DateTime("Created", autoNowAdd: true)
            .ForeignKey("Author", "User", OnDeleteAction.SetNull, nullable: true, relatedName: "Posts")
            .ManyToMany("Tags", "Tag", relatedName: "Posts", blank: true))
        .Model("User", m => m.Char("UserName", 150, unique: true))
        .Model("Profile", m => m
            .OneToOne("User", "User", OnDeleteAction.Cascade, relatedName: "Profile")
            .Text("Bio", blank: true)
            .Url("Website", blank: true));
}
