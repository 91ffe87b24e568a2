using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>New-User, Get-User, Remove-User, New-Profile, Get-Profile, Set-Profile: one-to-one, both ways.</summary>
public class UserProfileTests : IDisposable
{
    private readonly PowerShellSession ps;

    public UserProfileTests() : this(Db.SQLite)
    {
    }

    protected UserProfileTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    [DbFact]
    public void New_User_returns_the_user_with_its_id()
    {
        var u = ps.Ok("New-User carol").Single();
        Assert.Equal("RelationsPS.User", u.TypeNames[0]);
        Assert.Equal(3L, u.Properties["Id"].Value);
        Assert.Equal("carol", u.Properties["UserName"].Value);
        Assert.Equal("dave", ps.Value("(New-User -UserName dave).UserName"));
    }

    [DbFact]
    public void Get_User_by_names_and_wildcards()
    {
        Assert.Equal("alice,bob", ps.Joined("Get-User | ForEach-Object UserName"));
        Assert.Equal("alice", ps.Joined("Get-User ALICE | ForEach-Object UserName"));
        Assert.Equal("bob", ps.Joined("Get-User -UserName b* | ForEach-Object UserName"));
        Assert.Equal("alice,bob", ps.Joined("Get-User -UserName alice, bob | ForEach-Object UserName"));
        Assert.Equal("Django intro", ps.Joined("(Get-User alice).Posts | ForEach-Object Title"));
        Assert.Equal(1L, ps.Value("(Get-User bob).Posts.Count"));
    }

    [DbFact]
    public void Profiles_are_one_to_one_both_ways()
    {
        var p = ps.Ok("New-Profile -User bob -Bio 'Bob here' -Website 'https://bob.example'").Single();
        Assert.Equal("RelationsPS.Profile", p.TypeNames[0]);
        Assert.Equal(2L, p.Properties["Id"].Value);
        Assert.Equal(2L, p.Properties["UserId"].Value);
        Assert.Equal("Likes Django,Bob here", ps.Joined("Get-Profile | ForEach-Object Bio"));
        Assert.Equal("Bob here", ps.Value("(Get-User bob).Profile.Bio"));
        Assert.Equal("bob", ps.Value("(Get-Profile bob).User.UserName"));
        Assert.Equal("Likes Django,Bob here", ps.Joined("Get-Profile -User alice, bob | ForEach-Object Bio"));
        Assert.Equal("Bob here", ps.Joined("Get-Profile -Filter { $_.User.UserName -eq 'bob' } | ForEach-Object Bio"));
        Assert.Equal("bob", ps.Joined("Get-User -Filter { $_.Profile.Website -like '*bob*' } | ForEach-Object UserName"));
        Assert.Equal("", ps.Joined("Get-User -Filter { $_.Profile -eq $null } | ForEach-Object UserName"));
    }

    [DbFact]
    public void A_second_profile_for_a_user_is_ResourceExists()
    {
        var r = ps.Run("New-Profile alice -Bio again");
        Assert.Equal(["UniqueViolation"], r.ErrorIds);
        Assert.Equal(System.Management.Automation.ErrorCategory.ResourceExists, r.Errors[0].CategoryInfo.Category);
        Assert.Equal("Likes Django", ps.Joined("Get-Profile | ForEach-Object Bio"));
    }

    [DbFact]
    public void Set_Profile_by_user_or_profile()
    {
        ps.Ok("Set-Profile -User alice -Bio 'Changed' -Website ''");
        Assert.Equal("Changed|", ps.Joined("$p = Get-Profile alice; \"$($p.Bio)|$($p.Website)\""));
        ps.Ok("Get-Profile alice | Set-Profile -Bio 'Via profile'");
        Assert.Equal("Via profile", ps.Value("(Get-Profile alice).Bio"));
        ps.Ok("Get-User alice | Set-Profile -Bio 'Via user'");
        Assert.Equal("Via user", ps.Value("(Get-Profile 1).Bio"));
        Assert.Equal("Returned", ps.Value("(Set-Profile alice -Bio Returned -PassThru).Bio"));
        Assert.Equal(["ObjectNotFound"], ps.Run("Set-Profile bob -Bio x").ErrorIds);
    }

    [DbFact]
    public void Remove_User_cascades_to_the_profile_and_sets_post_authors_to_null()
    {
        ps.Ok("Remove-User alice -Confirm:$false");
        Assert.Equal("bob", ps.Joined("Get-User | ForEach-Object UserName"));
        Assert.Equal("", ps.Joined("Get-Profile | ForEach-Object Bio"));
        Assert.Equal("True", ps.Joined("$null -eq (Get-Post -Id 1).AuthorId"));
        ps.Ok("Remove-User -User 2 -Confirm:$false");
        Assert.Equal("", ps.Joined("Get-User | ForEach-Object UserName"));
    }

    [DbFact]
    public void Users_and_profiles_print_through_their_views()
    {
        ps.Run("Get-User | Out-Default; Get-Profile | Out-Default").ShouldSucceed();
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class UserProfileTestsOnPostgreSQL() : UserProfileTests(Db.PostgreSQL);
