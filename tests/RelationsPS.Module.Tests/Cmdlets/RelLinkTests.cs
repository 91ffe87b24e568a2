using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>Add-/Remove-/Set-/Clear-RelLink on any to-many relation, forward and reverse, with a through model.</summary>
public class RelLinkTests : IDisposable
{
    private readonly PowerShellSession ps;

    public RelLinkTests() : this(Db.SQLite)
    {
    }

    protected RelLinkTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(RelObjectTests.Schema);
    }

    public void Dispose() => ps.Dispose();

    private string Changes(string script) => ps.Joined(script + " | ForEach-Object LinkChanges | ForEach-Object { \"$($_.Target):$($_.Status)\" }");

    [DbFact]
    public void PassThru_gives_the_owner_with_what_changed()
    {
        var o = ps.Ok("$r = Add-RelLink $wings Members $john, 2 -PassThru; $r").Single();
        Assert.Equal("RelationsPS.Group", o.TypeNames[0]);
        Assert.Equal("Wings", o.Properties["Name"].Value);
        Assert.Equal("John:Added,Paul:AlreadyPresent", ps.Joined("$r.LinkChanges | ForEach-Object { \"$($_.Target):$($_.Status)\" }"));
    }

    private string Members(string group) => ps.Joined($"(Get-RelObject Group -Filter @{{ Name = '{group}' }}).Members | ForEach-Object Name");

    [DbFact]
    public void Add_RelLink_with_through_defaults()
    {
        Assert.Equal("John:Added,Paul:AlreadyPresent", Changes("Add-RelLink -InputObject $wings -Relation Members -Target $john, 2 -ThroughDefaults @{ InviteReason = 'keys'; DateJoined = [datetime]'1971-08-01' } -PassThru"));
        Assert.Equal("Paul,John", Members("Wings"));
        Assert.Equal("keys|1971-08-01", ps.Joined("$m = Get-RelObject Membership -Filter @{ Person__Name = 'John' }; \"$($m.InviteReason)|$($m.DateJoined.ToString('yyyy-MM-dd'))\""));
    }

    [DbFact]
    public void Targets_by_object_id_name_and_query()
    {
        Assert.Equal("John:Added", Changes("Add-RelLink $beatles Members John -PassThru"));
        Assert.Equal("Ringo:Added,John:Added", Changes("Add-RelLink $wings Members (Get-RelObject Person -Filter { $_.Name -ne 'Paul' } -AsQuery) -PassThru"));
        Assert.Equal("Ringo,Paul,John", Members("The Beatles"));
    }

    [DbFact]
    public void Remove_RelLink_reports_Removed_and_NotPresent()
    {
        Assert.Equal("Ringo:Removed,John:NotPresent", Changes("Remove-RelLink $beatles Members $ringo, $john -PassThru"));
        Assert.Equal("Paul", Members("The Beatles"));
        Assert.Equal(2, Convert.ToInt32(ps.Value("@(Get-RelObject Membership).Count")));
    }

    [DbFact]
    public void Set_RelLink_writes_the_difference()
    {
        Assert.Equal("Ringo:Removed,John:Added", Changes("Set-RelLink $beatles Members Paul, John -ThroughDefaults @{ InviteReason = 'set' } -PassThru -Confirm:$false"));
        Assert.Equal("Paul,John", Members("The Beatles"));
        Assert.Equal("bass", ps.Value("(Get-RelObject Membership -Filter @{ Person__Name = 'Paul'; Group__Name = 'The Beatles' }).InviteReason"));
        Assert.Equal("Paul:Removed,John:Removed", Changes("Set-RelLink $beatles Members @() -PassThru -Confirm:$false"));
    }

    [DbFact]
    public void Clear_RelLink_on_the_reverse_side()
    {
        Assert.Equal("The Beatles:Removed,Wings:Removed", Changes("Clear-RelLink $paul Groups -PassThru -Confirm:$false"));
        Assert.Equal("Ringo", Members("The Beatles"));
        Assert.Equal("", Members("Wings"));
    }

    [DbFact]
    public void The_reverse_side_links_too()
    {
        Assert.Equal("Wings:Added", Changes("Add-RelLink $ringo Groups $wings -PassThru"));
        Assert.Equal("Ringo,Paul", Members("Wings"));
    }

    [DbFact]
    public void Piped_owners_are_linked_each_in_turn()
    {
        ps.Ok("Get-RelObject Group | Add-RelLink -Relation Members -Target John");
        Assert.Equal("Ringo,Paul,John", Members("The Beatles"));
        Assert.Equal("Paul,John", Members("Wings"));
    }

    [DbFact]
    public void An_unknown_or_to_one_relation_is_InvalidArgument_with_choices()
    {
        var e = ps.Run("Add-RelLink $beatles Nope $john").SingleError();
        Assert.Equal("UnknownRelation", e.Id());
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal("'Nope' is not a to-many relation of 'Group'. Choices are: Members, Memberships.", e.Exception.Message);
        Assert.Equal("UnknownRelation", ps.Run("Add-RelLink (Get-RelObject Membership -First 1) Person $john").SingleError().Id());
        Assert.Equal("InvalidArgument", ps.Run("Add-RelLink 'not an object' Members $john").SingleError().Id());
    }

    [DbFact]
    public void Links_on_the_blog_are_the_same_cmdlets()
    {
        using var blog = new PowerShellSession(ps.Database);
        blog.Ok(Seed.Blog);
        Assert.Equal("sql:Added", blog.Joined("Add-RelLink (Get-Post -Id 1) Tags sql -PassThru | ForEach-Object LinkChanges | ForEach-Object { \"$($_.Target):$($_.Status)\" }"));
        Assert.Equal("Django intro:AlreadyPresent,SQL basics:Added", blog.Joined("Add-RelLink (Get-Tag django) Posts 'Django intro', 2 -PassThru | ForEach-Object LinkChanges | ForEach-Object { \"$($_.Target):$($_.Status)\" }"));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class RelLinkTestsOnPostgreSQL() : RelLinkTests(Db.PostgreSQL);
