using System.Management.Automation;
using RelationsPS.Commands.Support;

namespace RelationsPS.Commands.Blog;

/// <summary>Add-PostTag: tags a post; a tag already there is a no-op (Django's add).</summary>
/// <remarks>
/// The post comes from -Post or the pipeline (objects, ids or titles), the tags from -Tag (objects, ids or names). A
/// tag name that does not exist is an ObjectNotFound error unless -Create makes it. All piped posts are one
/// transaction. With -PassThru the post is returned, its LinkChanges saying Added or AlreadyPresent for each tag.
/// </remarks>
[Cmdlet(VerbsCommon.Add, "PostTag", SupportsShouldProcess = true)]
[OutputType("RelationsPS.Post", "RelationsPS.Post#Fields")]
public sealed class AddPostTagCommand : PostTagCmdlet
{
    /// <summary>Tags: objects, ids or names.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(Completion.TagNameCompleter))]
    public object[] Tag { get; set; } = [];

    /// <summary>Create tags named in -Tag that do not exist yet.</summary>
    [Parameter]
    public SwitchParameter Create { get; set; }

    private ProgressReporter? progress;

    protected override void EndProcessing()
    {
        progress?.Complete();
        base.EndProcessing();
    }

    protected override void ProcessRecord() => Run(() =>
    {
        (progress ??= new ProgressReporter(this, "Tagging posts")).Item();
        var post = ResolvePost();
        var (found, missing) = SplitTags(Tag, Create);
        if (!ShouldProcess(Removal.Label(post), $"Add tags {string.Join(", ", found.Select(t => t["Name"]).Concat(missing.Select(m => m + " (new)")))}")) return;
        Report(post, Write(() => post.Manager("Tags").Add(found.Concat(PostTags.CreateMissing(Db, missing)).ToList()).ToList()));
    }, Post);
}

/// <summary>Remove-PostTag: untags a post; a tag that is not there is a no-op.</summary>
/// <remarks>
/// The post comes from -Post or the pipeline, the tags from -Tag (objects, ids or names). The tags themselves are
/// kept; only the links go. With -PassThru the post is returned, its LinkChanges saying Removed or NotPresent for
/// each tag.
/// </remarks>
[Cmdlet(VerbsCommon.Remove, "PostTag", SupportsShouldProcess = true)]
[OutputType("RelationsPS.Post", "RelationsPS.Post#Fields")]
public sealed class RemovePostTagCommand : PostTagCmdlet
{
    /// <summary>Tags: objects, ids or names.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(Completion.TagNameCompleter))]
    public object[] Tag { get; set; } = [];

    protected override void ProcessRecord() => Run(() =>
    {
        var post = ResolvePost();
        var tags = SplitTags(Tag, create: false).Found;
        if (!ShouldProcess(Removal.Label(post), $"Remove tags {Names(tags)}")) return;
        Report(post, Write(() => post.Manager("Tags").Remove(tags).ToList()));
    }, Post);
}

/// <summary>Set-PostTag: makes a post's tags exactly these (Django's set); -WhatIf lists the links it would add and remove.</summary>
/// <remarks>
/// Tags not in -Tag are unlinked and missing ones linked; links already right are not touched. -Tag @() removes
/// every tag. -Create makes tags named in -Tag that do not exist yet. With -PassThru the post is returned, its
/// LinkChanges saying what was added and removed.
/// </remarks>
[Cmdlet(VerbsCommon.Set, "PostTag", SupportsShouldProcess = true)]
[OutputType("RelationsPS.Post", "RelationsPS.Post#Fields")]
public sealed class SetPostTagCommand : PostTagCmdlet
{
    /// <summary>The complete set of tags: objects, ids or names.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [AllowEmptyCollection]
    [ArgumentCompleter(typeof(Completion.TagNameCompleter))]
    public object[] Tag { get; set; } = [];

    /// <summary>Create tags named in -Tag that do not exist yet.</summary>
    [Parameter]
    public SwitchParameter Create { get; set; }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    protected override void ProcessRecord() => Run(() =>
    {
        var post = ResolvePost();
        var (found, missing) = SplitTags(Tag, Create);
        var manager = post.Manager("Tags");
        var (add, remove) = manager.PlanSet(found);
        var tagModel = BlogModels.Get(Db, "Tag");
        var adding = add.Select(i => (string)Db.Objects(tagModel).FirstOrDefaultById(i)!["Name"]!).Concat(missing.Select(m => m + " (new)")).ToList();
        var removing = remove.Select(i => (string)Db.Objects(tagModel).FirstOrDefaultById(i)!["Name"]!).ToList();
        if (!ShouldProcess(Removal.Label(post), $"Set tags: add {List(adding)}; remove {List(removing)}")) return;
        Report(post, Write(() => manager.Set(found.Concat(PostTags.CreateMissing(Db, missing)).ToList()).ToList()));
    }, Post);
}

/// <summary>Clear-PostTag: removes every tag of a post.</summary>
/// <remarks>
/// The tags themselves are kept; only the post's links to them go. -WhatIf names the tags that would be unlinked.
/// With -PassThru the post is returned, its LinkChanges listing each removed tag.
/// </remarks>
[Cmdlet(VerbsCommon.Clear, "PostTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType("RelationsPS.Post", "RelationsPS.Post#Fields")]
public sealed class ClearPostTagCommand : PostTagCmdlet
{
    protected override void ProcessRecord() => Run(() =>
    {
        var post = ResolvePost();
        var manager = post.Manager("Tags");
        if (!ShouldProcess(Removal.Label(post), $"Remove all tags ({Names(manager)})")) return;
        Report(post, Write(() => manager.Clear().ToList()));
    }, Post);
}
