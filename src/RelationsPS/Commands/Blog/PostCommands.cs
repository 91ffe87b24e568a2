using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Blog;

/// <summary>
/// New-Post: creates posts, from parameters or from piped rows with Title, Body, Tag properties
/// (<c>Import-Csv posts.csv | New-Post</c>). Tags are given by object or name; a name not yet
/// used creates the tag. All piped rows are one transaction, committed when the pipeline ends; a
/// failing row is reported and leaves nothing behind, and the rest go on.
/// </summary>
[Cmdlet(VerbsCommon.New, "Post", SupportsShouldProcess = true)]
[OutputType("RelationsPS.Post", "RelationsPS.Post#Fields")]
public sealed class NewPostCommand : RelCmdlet
{
    private readonly Dictionary<string, RelObject?> tagsByName = new(StringComparer.Ordinal);
    private ProgressReporter? progress;

    /// <summary>The title.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Title { get; set; } = "";

    /// <summary>The text of the post.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string? Body { get; set; }

    /// <summary>Tags: objects or names (a comma- or semicolon-separated string from a CSV works too).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Tags")]
    [ArgumentCompleter(typeof(Completion.TagNameCompleter))]
    public object[]? Tag { get; set; }

    /// <summary>The author: a user object, id or user name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.UserNameCompleter))]
    public object? Author { get; set; }

    /// <summary>Initial view count.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? Views { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        progress = new ProgressReporter(this, "Creating posts");
    }

    /// <summary>One post's input, as bound for its pipeline item.</summary>
    private sealed record Input(string Title, string? Body, int? Views, object? Author, object[]? Tag);

    private PipelineBatch<Input>? batch;

    protected override void ProcessRecord() => Run(() =>
    {
        if (!ShouldProcess(Title, "Create post")) return;
        var input = new Input(Title, Body, Views, Author, Tag);
        if (MyInvocation.ExpectingInput)
        {
            // Piped posts: multi-row INSERTs in batches (bulk_create); see PipelineBatch.
            batch ??= new(this, CreateBatch, item => Db.Create(BlogModels.Get(Db, "Post"), Values(item, tagsByName)), (_, saved) =>
            {
                WriteObject(RelObjectAdapter.ToPSObject(saved));
                progress?.Item();
            }, item => item.Title);
            batch.Add(input);
            return;
        }
        var created = Write(() => Db.Create(BlogModels.Get(Db, "Post"), Values(input, tagsByName)));
        WriteObject(RelObjectAdapter.ToPSObject(created));
        progress?.Item();
    }, Title);

    /// <summary>
    /// A batch of posts. Tags it finds or creates are remembered for the next items only once the batch is
    /// saved: a batch that fails is undone, with the tags it created.
    /// </summary>
    private IReadOnlyList<RelObject> CreateBatch(IReadOnlyList<Input> items)
    {
        var known = new Dictionary<string, RelObject?>(tagsByName, StringComparer.Ordinal);
        var created = Db.BulkCreate(BlogModels.Get(Db, "Post"), [.. items.Select(i => (IReadOnlyDictionary<string, object?>)Values(i, known))]);
        foreach (var (name, tag) in known) tagsByName[name] = tag;
        return created;
    }

    private Dictionary<string, object?> Values(Input input, Dictionary<string, RelObject?> known)
    {
        var values = new Dictionary<string, object?> { ["Title"] = input.Title };
        if (input.Body is not null) values["Body"] = input.Body;
        if (input.Views is not null) values["Views"] = input.Views;
        if (RelObjectAdapter.Unwrap(input.Author) is { } author and not "") values["Author"] = TargetResolver.ResolveSingle(Db, BlogModels.Get(Db, "User"), author);
        values["Tags"] = PostTags.ResolveOrCreate(Db, input.Tag, create: true, known);
        return values;
    }

    protected override void EndProcessing()
    {
        if (batch is not null) Run(batch.Flush, null);
        progress?.Complete();
        base.EndProcessing();
    }
}

/// <summary>Get-Post: posts by id, title (wildcards), tags, or any filter; one SQL statement, tags prefetched for display.</summary>
/// <remarks>
/// -Id, -Title (wildcards), -Tag, -Filter and the other query parameters all go into one SQL statement, and rows
/// stream to the pipeline as they are read, tags prefetched in chunks for display. An -Id that selects no post
/// writes an ObjectNotFound error. -AsQuery returns the query itself (a QueryHandle) without running it.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "Post", DefaultParameterSetName = "Filter")]
// Not also QueryHandle (-AsQuery): completion would then offer a PSObject's members after Get-Post | Select-Object.
[OutputType("RelationsPS.Post", "RelationsPS.Post#Fields")]
public sealed class GetPostCommand : QueryCmdlet
{
    protected override object? InputRows => Tag;

    private readonly List<object?> tags = [];
    private readonly List<long> pipedIds = [];
    private readonly List<RelObject> authors = [];
    private bool idGiven;

    /// <summary>Post ids.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public long[]? Id { get; set; }

    /// <summary>Title, wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>
    /// Posts with any of these tags (objects or names); with -MatchAllTags, with all of them. From the
    /// pipeline also posts, ids and users (see ProcessRecord). $null or an empty list is refused, never
    /// read as "any tag": <c>Get-Post -Tag (Get-Tag nosuch -EA 0) | Remove-Post</c> removes nothing.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.TagNameCompleter))]
    public object[]? Tag { get; set; }

    /// <summary>Require every tag of -Tag.</summary>
    [Parameter]
    public SwitchParameter MatchAllTags { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        idGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Id));
    }

    /// <summary>
    /// From the pipeline: posts and numbers are post ids (as <c>Get-Post 2</c>), users select the posts
    /// they wrote, tags (objects or names) select posts by tag, and rows of other kinds with an Id
    /// (Import-Csv) are post ids. A tag's or user's own Id, bound to -Id by property name, is not a
    /// post id. All piped input becomes one query, run at the end.
    /// </summary>
    protected override void ProcessRecord()
    {
        if (!MyInvocation.ExpectingInput)
        {
            Run(() => EmitReportingMissing(Build(Id, Tag?.Select(RelObjectAdapter.Unwrap).ToList() ?? [], []), Id), Id);
            return;
        }
        var idsFromRow = idGiven ? null : Id;
        foreach (var item in Tag ?? [])
        {
            switch (RelObjectAdapter.Unwrap(item))
            {
                case RelObject { Model.Name: "Post" } post:
                    pipedIds.Add(post.Id!.Value);
                    break;
                case RelObject { Model.Name: "User" } user:
                    authors.Add(user);
                    break;
                case RelObject { Model.Name: "Tag" } tag:
                    tags.Add(tag);
                    break;
                case RelObject other:
                    Run(() => throw new ValidationException("InvalidPipelineInput",
                        $"Get-Post takes posts, post ids, users (their posts) or tags (their posts) from the pipeline, not a {other.Model.Name}.", other), other);
                    break;
                case long or int or short or byte:
                    pipedIds.Add(Convert.ToInt64(RelObjectAdapter.Unwrap(item), System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case PSObject when idsFromRow is not null:
                    pipedIds.AddRange(idsFromRow);
                    break;
                case var tag:
                    tags.Add(tag);
                    break;
            }
        }
        if (Tag is null && idsFromRow is not null) pipedIds.AddRange(idsFromRow);
    }

    protected override void EndProcessing()
    {
        if (MyInvocation.ExpectingInput && (tags.Count > 0 || pipedIds.Count > 0 || authors.Count > 0))
        {
            var ids = idGiven ? Id : pipedIds.ToArray();
            Run(() => EmitReportingMissing(Build(ids, tags, authors), ids), null);
        }
        base.EndProcessing();
    }

    /// <summary>
    /// Ids are exact names of posts: an id that selects no post writes ObjectNotFound, as <c>Get-Tag nosuch</c>
    /// does (PRODUCT §4), after the posts that were found. An id whose post exists but is left out by the
    /// other conditions (<c>-Tag</c>, <c>-Filter</c>, <c>-First</c>...) is not an error: one more query tells them apart,
    /// only when some id is missing and other conditions were given.
    /// </summary>
    private void EmitReportingMissing(Core.Query.QuerySet query, long[]? ids)
    {
        if (AsQuery || ids is not { Length: > 0 })
        {
            Emit(query);
            return;
        }
        var found = new HashSet<long>();
        foreach (var row in query)
        {
            found.Add(row.Id!.Value);
            WriteObject(RelObjectAdapter.ToPSObject(row));
        }
        // The ids are the first filter; any other filter or a slice may leave existing posts out.
        var missing = ids.Distinct().Where(i => !found.Contains(i)).ToList();
        if (missing.Count > 0 && (query.State.Filters.Count > 1 || query.State.IsSliced))
        {
            var existing = Db.Objects(query.Model).Filter(new LookupQ(new F("Id"), Lookup.In, missing)).Select(r => r.Id!.Value).ToHashSet();
            missing.RemoveAll(existing.Contains);
        }
        foreach (var id in missing)
            WriteRelError(new Core.Errors.NotFoundException($"Cannot find a post with Id {id}.", id), id);
    }

    private Core.Query.QuerySet Build(long[]? ids, List<object?> tagValues, List<RelObject> byAuthors)
    {
        var query = Db.Objects(BlogModels.Get(Db, "Post"));
        if (ids is { Length: > 0 }) query = query.Filter(new LookupQ(new F("Id"), Lookup.In, ids));
        if (byAuthors.Count > 0)
        {
            var users = byAuthors.Select(u => TargetResolver.ResolveSingle(Db, BlogModels.Get(Db, "User"), u).Id).ToArray();
            query = query.Filter(new LookupQ(new F("AuthorId"), Lookup.In, users));
        }
        if (Title is not null) query = BlogModels.ByNames(query, "Title", [Title]);
        if (tagValues.Count > 0)
        {
            var conditions = tagValues.Select(t => PostTags.Condition(Db, t)).ToList();
            query = MatchAllTags
                ? conditions.Aggregate(query, (q, c) => q.Filter(c))
                : query.Filter(conditions.Count == 1 ? conditions[0] : new OrQ(conditions));
        }
        query = ApplyQueryParameters(query);
        return AsQuery || query.State.Includes.Contains("Tags", StringComparer.OrdinalIgnoreCase) ? query : query.Include("Tags");
    }
}

/// <summary>Set-Post: changes a post's fields.</summary>
/// <remarks>
/// The post is an object, id or title, from -Post or the pipeline; only the parameters given change. Changes made to
/// a post object ($post.Title = 'x') are saved too. -Author $null clears the author. With -PassThru the post is
/// returned.
/// </remarks>
[Cmdlet(VerbsCommon.Set, "Post", SupportsShouldProcess = true)]
[OutputType("RelationsPS.Post", "RelationsPS.Post#Fields")]
public sealed class SetPostCommand : RelCmdlet
{
    protected override object? InputRows => Post;

    /// <summary>The post: object, id or title.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("InputObject")]
    public object? Post { get; set; }

    /// <summary>The new title.</summary>
    [Parameter(Position = 1)]
    public string? Title { get; set; }

    /// <summary>The new text of the post (may be empty).</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Body { get; set; }

    /// <summary>The new view count.</summary>
    [Parameter]
    public int? Views { get; set; }

    /// <summary>The author: user object, id or name; $null to clear.</summary>
    [Parameter]
    [AllowNull]
    [ArgumentCompleter(typeof(Completion.UserNameCompleter))]
    public object? Author { get; set; }

    /// <summary>Return the post.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var post = TargetResolver.ResolveSingle(Db, BlogModels.Get(Db, "Post"), Post);
        if (Post is PSObject pso && RelObjectAdapter.AsRelObject(pso) is not null) RelObjectAdapter.SyncBack(pso);
        if (Title is not null) post["Title"] = Title;
        if (Body is not null) post["Body"] = Body;
        if (Views is not null) post["Views"] = Views;
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Author)))
            post["Author"] = RelObjectAdapter.Unwrap(Author) is { } a ? TargetResolver.ResolveSingle(Db, BlogModels.Get(Db, "User"), a) : null;
        if (!ShouldProcess(Removal.Label(post), "Update post")) return;
        Write(() => Db.Save(post));
        if (PassThru) WriteObject(RelObjectAdapter.ToPSObject(post));
    }, Post);
}

/// <summary>Remove-Post: removes posts and their tag links.</summary>
/// <remarks>
/// Posts are objects, ids or titles, from -Post or the pipeline; their tag links go with them, the tags stay.
/// -WhatIf and -Confirm name each post and what goes with it.
/// </remarks>
[Cmdlet(VerbsCommon.Remove, "Post", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemovePostCommand : RelCmdlet
{
    protected override object? InputRows => Post;

    /// <summary>Posts: objects, ids or titles.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("InputObject")]
    public object[] Post { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var item in Post)
            Run(() =>
            {
                foreach (var post in TargetResolver.Resolve(Db, BlogModels.Get(Db, "Post"), item).ToList()) Removal.Remove(this, Db, post);
            }, item);
    }
}
