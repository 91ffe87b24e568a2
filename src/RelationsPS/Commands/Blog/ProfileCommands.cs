using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Blog;

/// <summary>New-Profile: creates a user's profile (one per user).</summary>
/// <remarks>
/// The user is an object, id or user name, from -User or the pipeline (New-User alice | New-Profile). A second
/// profile for the same user is a ResourceExists error.
/// </remarks>
[Cmdlet(VerbsCommon.New, "Profile", SupportsShouldProcess = true)]
[OutputType("RelationsPS.Profile", "RelationsPS.Profile#Fields")]
public sealed class NewProfileCommand : RelCmdlet
{
    protected override object? InputRows => User;

    /// <summary>The user: object, id or user name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.UserNameCompleter))]
    public object? User { get; set; }

    /// <summary>A few words about the user (may be empty).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string? Bio { get; set; }

    /// <summary>The user's web site, a URL of at most 200 characters (may be empty).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string? Website { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var user = TargetResolver.ResolveSingle(Db, BlogModels.Get(Db, "User"), User);
        if (!ShouldProcess(Removal.Label(user), "Create profile")) return;
        var values = new Dictionary<string, object?> { ["User"] = user };
        if (Bio is not null) values["Bio"] = Bio;
        if (Website is not null) values["Website"] = Website;
        WriteObject(RelObjectAdapter.ToPSObject(Write(() => Db.Create(BlogModels.Get(Db, "Profile"), values))));
    }, User);
}

/// <summary>Get-Profile: profiles, all or of the given users (<c>Get-User alice | Get-Profile</c>).</summary>
/// <remarks>
/// Users come from -User or the pipeline (objects, ids or user names); a user without a profile gives nothing, and a
/// user that does not exist is an ObjectNotFound error. Without -User, every profile.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "Profile")]
[OutputType("RelationsPS.Profile", "RelationsPS.Profile#Fields")]
public sealed class GetProfileCommand : QueryCmdlet
{
    protected override object? InputRows => User;

    /// <summary>Users: objects, ids or user names.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(Completion.UserNameCompleter))]
    [ValidateNotNullOrEmpty]
    public object[]? User { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var query = Db.Objects(BlogModels.Get(Db, "Profile"));
        if (User is { Length: > 0 })
        {
            var ids = User.SelectMany(u => TargetResolver.Resolve(Db, BlogModels.Get(Db, "User"), u)).Select(u => u.Id).ToArray();
            query = query.Filter(new Core.Expressions.LookupQ(new Core.Expressions.F("UserId"), Core.Expressions.Lookup.In, ids));
        }
        Emit(ApplyQueryParameters(query));
    }, User);
}

/// <summary>Set-Profile: changes a user's profile.</summary>
/// <remarks>
/// The user is an object, id or user name, from -User or the pipeline; only the parameters given change. A user
/// without a profile is an ObjectNotFound error (create it with New-Profile).
/// </remarks>
[Cmdlet(VerbsCommon.Set, "Profile", SupportsShouldProcess = true)]
[OutputType("RelationsPS.Profile", "RelationsPS.Profile#Fields")]
public sealed class SetProfileCommand : RelCmdlet
{
    protected override object? InputRows => User;

    /// <summary>The user (object, id or user name) or the profile itself.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(Completion.UserNameCompleter))]
    public object? User { get; set; }

    /// <summary>The new bio (may be empty).</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Bio { get; set; }

    /// <summary>The new web site URL (may be empty).</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Website { get; set; }

    /// <summary>Return the profile.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var profileModel = BlogModels.Get(Db, "Profile");
        var given = RelObjectAdapter.AsRelObject(User);
        RelObject profile;
        if (given?.Model == profileModel) profile = given;
        else
        {
            var user = TargetResolver.ResolveSingle(Db, BlogModels.Get(Db, "User"), User);
            profile = user.RelatedObject("Profile") ?? throw new NotFoundException($"{Removal.Label(user)} has no profile; create one with New-Profile.", User);
        }
        if (Bio is not null) profile["Bio"] = Bio;
        if (Website is not null) profile["Website"] = Website;
        if (!ShouldProcess($"Profile of user {profile["UserId"]}", "Update profile")) return;
        Write(() => Db.Save(profile));
        if (PassThru) WriteObject(RelObjectAdapter.ToPSObject(profile));
    }, User);
}
