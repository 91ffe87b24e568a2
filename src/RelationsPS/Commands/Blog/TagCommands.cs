using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Compilation;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Blog;

/// <summary>New-Tag: creates a tag; the slug is derived from the name as Django's slugify does.</summary>
/// <remarks>
/// Names are unique and compared ignoring case, as PowerShell compares: a second tag with the same name ('Python'
/// beside 'python') is a ResourceExists error. The slug is derived from the name as Django's
/// slugify(allow_unicode=True) does ('Machine Learning' -> machine-learning, 'питон' -> питон, 'café' -> cafe), made
/// unique with -2, -3, ... when another tag has it ('c#' beside 'c' -> c-2); a name of symbols only ('🐍') gets the
/// slug 'tag'. Names come from -Name or the pipeline, as strings or by the Name property (Import-Csv tags.csv | New-Tag).
/// </remarks>
[Cmdlet(VerbsCommon.New, "Tag", SupportsShouldProcess = true)]
[OutputType("RelationsPS.Tag", "RelationsPS.Tag#Fields")]
public sealed class NewTagCommand : RelCmdlet
{
    /// <summary>The tag's name (unique).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = "";

    /// <summary>The slug; by default slugify(Name), made unique with -2, -3, ... A slug given here that another tag has is refused.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Slug { get; set; }

    /// <summary>
    /// Get: a tag of that name (ignoring case, as names are compared) is returned as it is (Outcome
    /// Unchanged) instead of an error; a new one has Outcome Created. The lookup and the create run in one
    /// write transaction, so two sessions cannot both create it. Error (the default) refuses it.
    /// </summary>
    [Parameter]
    [ValidateSet("Get", "Error")]
    public string? IfExists { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var tag = BlogModels.Get(Db, "Tag");
        var get = IfExists is "Get";
        if (!ShouldProcess(Name, get ? "Create or get tag" : "Create tag")) return;
        var result = Write(() =>
        {
            if (get && PostTags.FindByName(Db, tag, Name) is { } existing) return new Core.Execution.UpsertResult(existing, Core.Execution.UpsertOutcome.Unchanged);
            PostTags.RefuseTakenName(Db, Name);
            return new Core.Execution.UpsertResult(Db.Create(tag, new Dictionary<string, object?> { ["Name"] = Name, ["Slug"] = Slug ?? PostTags.UniqueSlug(Db, Name) }), Core.Execution.UpsertOutcome.Created);
        });
        WriteObject(IfExists is null ? RelObjectAdapter.ToPSObject(result.Object) : Upserts.ToPSObject(result));
    }, Name);
}

/// <summary>Get-Tag: tags by name (wildcards) or the tags of a post.</summary>
/// <remarks>
/// A -Name without wildcards that finds nothing writes an ObjectNotFound error, as Get-Item does; with wildcards
/// nothing is found quietly. With -Post (or a post from the pipeline), only that post's tags.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "Tag")]
[OutputType("RelationsPS.Tag", "RelationsPS.Tag#Fields")]
public sealed class GetTagCommand : QueryCmdlet
{
    protected override object? InputRows => Post;

    /// <summary>Tag names; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.TagNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only the tags of this post (object, id or title).</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public object? Post { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var query = BlogModels.ByNames(Db.Objects(BlogModels.Get(Db, "Tag")), "Name", Name);
        if (Post is not null)
        {
            var post = TargetResolver.ResolveSingle(Db, BlogModels.Get(Db, "Post"), Post);
            query = query.Filter(new MemberOfQ(post.Model.FindRelation("Tags")!, post.Id!.Value));
        }
        query = ApplyQueryParameters(query);
        if (AsQuery)
        {
            Emit(query);
            return;
        }
        var found = new List<string>();
        foreach (var row in query)
        {
            found.Add((string)row["Name"]!);
            WriteObject(RelObjectAdapter.ToPSObject(row));
        }
        BlogModels.ReportMissing(this, "Tag", "name", Name, found);
    }, Name);
}

/// <summary>Remove-Tag: removes tags (by name or from the pipeline) with their post links.</summary>
/// <remarks>
/// Tags are objects, ids or names, from -Name or the pipeline; posts keep existing and lose the link. -WhatIf and
/// -Confirm say how many post links go with each tag. Its ConfirmImpact is High: it asks before removing unless
/// -Confirm:$false or $ConfirmPreference = 'None'.
/// </remarks>
[Cmdlet(VerbsCommon.Remove, "Tag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveTagCommand : RelCmdlet
{
    protected override object? InputRows => Name;

    /// <summary>Tags: objects, ids or names.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Tag")]
    [ArgumentCompleter(typeof(Completion.TagNameCompleter))]
    public object[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var item in Name)
            Run(() =>
            {
                // A number names a tag by name first (a tag named '123'), as a numeric string does, then by id.
                var named = item is int or long ? Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture) : item;
                foreach (var tag in TargetResolver.Resolve(Db, BlogModels.Get(Db, "Tag"), named).ToList()) Removal.Remove(this, Db, tag);
            }, item);
    }
}
