using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Blog;

/// <summary>New-User: creates a user (user names are unique: a second user with the same name is a ResourceExists error).</summary>
/// <remarks>
/// Names come from -UserName or the pipeline, as strings or by the UserName property. All piped names are one
/// transaction; a duplicate is reported and the rest are created.
/// </remarks>
[Cmdlet(VerbsCommon.New, "User", SupportsShouldProcess = true)]
[OutputType("RelationsPS.User", "RelationsPS.User#Fields")]
public sealed class NewUserCommand : RelCmdlet
{
    /// <summary>The user name (unique).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string UserName { get; set; } = "";

    /// <summary>Get: a user of that name is returned as it is (Outcome Unchanged) instead of an error; a new one has Outcome Created. Error (the default) refuses it.</summary>
    [Parameter]
    [ValidateSet("Get", "Error")]
    public string? IfExists { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var user = BlogModels.Get(Db, "User");
        if (!ShouldProcess(UserName, IfExists is "Get" ? "Create or get user" : "Create user")) return;
        var values = new Dictionary<string, object?> { ["UserName"] = UserName };
        if (IfExists is null) WriteObject(RelObjectAdapter.ToPSObject(Write(() => Db.Create(user, values))));
        else WriteObject(Upserts.ToPSObject(Write(() => Db.Upsert(user, values, Upserts.Parse(IfExists)))));
    }, UserName);
}

/// <summary>Get-User: users by name (wildcards).</summary>
/// <remarks>
/// A -UserName without wildcards that finds nothing writes an ObjectNotFound error; with wildcards nothing is found
/// quietly. Names also bind from the pipeline, as strings or by the UserName property.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "User")]
[OutputType("RelationsPS.User", "RelationsPS.User#Fields")]
public sealed class GetUserCommand : QueryCmdlet
{
    /// <summary>User names; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.UserNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? UserName { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var query = ApplyQueryParameters(BlogModels.ByNames(Db.Objects(BlogModels.Get(Db, "User")), "UserName", UserName));
        if (AsQuery)
        {
            Emit(query);
            return;
        }
        var found = new List<string>();
        foreach (var row in query)
        {
            found.Add((string)row["UserName"]!);
            WriteObject(RelObjectAdapter.ToPSObject(row));
        }
        BlogModels.ReportMissing(this, "User", "user name", UserName, found);
    }, UserName);
}

/// <summary>Remove-User: removes users; their profile goes with them and their posts lose their author.</summary>
/// <remarks>
/// Users are objects, ids or user names, from -User or the pipeline. -WhatIf and -Confirm say what goes along (also
/// removes 1 profile; unlinks 2 posts). Its ConfirmImpact is High: it asks
/// before removing unless -Confirm:$false or $ConfirmPreference = 'None'.
/// </remarks>
[Cmdlet(VerbsCommon.Remove, "User", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveUserCommand : RelCmdlet
{
    protected override object? InputRows => User;

    /// <summary>Users: objects, ids or user names.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("InputObject", "UserName")]
    [ArgumentCompleter(typeof(Completion.UserNameCompleter))]
    public object[] User { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var item in User)
            Run(() =>
            {
                foreach (var user in TargetResolver.Resolve(Db, BlogModels.Get(Db, "User"), item).ToList()) Removal.Remove(this, Db, user);
            }, item);
    }
}
