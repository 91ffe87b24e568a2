using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>
/// -WhatIf on every cmdlet that deletes, replaces or changes: the database is the same afterwards and no
/// statement other than SELECT ran. What a cascade takes is spelled out (checked through -Verbose, where
/// ShouldProcess writes the same text it shows for -WhatIf).
/// </summary>
public class WhatIfTests : IDisposable
{
    private readonly PowerShellSession ps;

    public WhatIfTests() : this(Db.SQLite)
    {
    }

    protected WhatIfTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
        ps.Ok(Seed.SnapshotFunction);
    }

    public void Dispose() => ps.Dispose();

    [DbTheory]
    [InlineData("Remove-Tag python -WhatIf")]
    [InlineData("Get-Tag | Remove-Tag -WhatIf")]
    [InlineData("Remove-Post 1 -WhatIf")]
    [InlineData("Get-Post | Remove-Post -WhatIf")]
    [InlineData("Remove-User alice -WhatIf")]
    [InlineData("Get-User | Remove-User -WhatIf")]
    [InlineData("Remove-PostTag -Post 1 -Tag python -WhatIf")]
    [InlineData("Set-PostTag -Post 1 -Tag sql -WhatIf")]
    [InlineData("Set-PostTag -Post 1 -Tag brandnew -Create -WhatIf")]
    [InlineData("Set-PostTag -Post 1 -Tag @() -WhatIf")]
    [InlineData("Clear-PostTag -Post 1 -WhatIf")]
    [InlineData("Add-PostTag -Post 1 -Tag sql, brandnew -Create -WhatIf")]
    [InlineData("Set-Post -Post 1 -Title changed -Views 9 -Author bob -WhatIf")]
    [InlineData("Get-Post -Id 1 | Set-Post -Body changed -WhatIf")]
    [InlineData("Set-Profile -User alice -Bio changed -WhatIf")]
    [InlineData("New-Tag brandnew -WhatIf")]
    [InlineData("New-Post -Title brandnew -Tag brandnew -WhatIf")]
    [InlineData("New-User carol -WhatIf")]
    [InlineData("New-Profile bob -Bio x -WhatIf")]
    [InlineData("New-RelObject Tag @{ Name = 'x'; Slug = 'x' } -WhatIf")]
    [InlineData("Get-RelObject -Model Post | Remove-RelObject -WhatIf")]
    [InlineData("Get-RelObject -Model Tag -AsQuery | Remove-RelObject -WhatIf")]
    [InlineData("Get-RelObject -Model Post -AsQuery | Set-RelObject -Property @{ Views = { $_.Views + 1 } } -WhatIf")]
    [InlineData("Get-RelObject -Model Post | Set-RelObject -Property @{ Title = 'x' } -WhatIf")]
    [InlineData("Get-RelObject -Model Post | Set-RelObject -Property @{ Views = { $_.Views * 2 } } -WhatIf")]
    [InlineData("$p = Get-Post -Id 1; $p.Title = 'changed'; $p | Set-RelObject -WhatIf")]
    [InlineData("Add-RelLink (Get-Post -Id 1) Tags sql -WhatIf")]
    [InlineData("Remove-RelLink (Get-Post -Id 1) Tags python -WhatIf")]
    [InlineData("Set-RelLink (Get-Post -Id 1) Tags sql -WhatIf")]
    [InlineData("Clear-RelLink (Get-Post -Id 1) Tags -WhatIf")]
    [InlineData("Clear-RelLink (Get-Tag python) Posts -WhatIf")]
    public void WhatIf_leaves_the_database_unchanged(string script)
    {
        var before = ps.Value("Snap");
        var r = ps.Run("Clear-RelQueryLog; " + script + "; Writes");
        r.ShouldSucceed();
        Assert.Equal(0, Convert.ToInt32(r.Output.Last().BaseObject));
        Assert.Equal(before, ps.Value("Snap"));
    }

    [DbFact]
    public void The_snapshot_sees_changes_so_the_WhatIf_test_can_fail()
    {
        var before = ps.Value("Snap");
        ps.Ok("Clear-RelQueryLog; Remove-Tag sql -Confirm:$false");
        Assert.NotEqual(0, ps.Value("Writes"));
        Assert.NotEqual(before, ps.Value("Snap"));
    }

    [DbFact]
    public void WhatIfPreference_works_like_the_switch()
    {
        var before = ps.Value("Snap");
        ps.Ok("$WhatIfPreference = $true; Remove-Post 1; Remove-User alice; Clear-PostTag 2; $WhatIfPreference = $false");
        Assert.Equal(before, ps.Value("Snap"));
    }

    private IReadOnlyList<string> Said(string script) =>
        ps.Run(script + " -Confirm:$false -Verbose").ShouldSucceed().Verbose.Where(v => !v.StartsWith("SQL (", StringComparison.Ordinal)).ToList();

    [DbFact]
    public void Remove_User_says_the_profile_goes_with_the_user()
    {
        Assert.Equal(
            ["Performing the operation \"Remove\" on target \"User 'alice' (Id 1) (also removes 1 profile; unlinks 1 post)\".", "Removed User 'alice' (Id 1) (also removes 1 profile; unlinks 1 post)."],
            Said("Remove-User alice"));
        Assert.Equal("", ps.Joined("Get-Profile | ForEach-Object Bio"));
        Assert.Equal("", ps.Joined("Get-Post -Filter { $_.AuthorId -eq 1 } | ForEach-Object Title"));
        Assert.Equal("Django intro", ps.Joined("Get-Post -Filter { $_.Author -eq $null -and $_.Views -eq 150 } | ForEach-Object Title"));
        Assert.Equal(
            ["Performing the operation \"Remove\" on target \"User 'bob' (Id 2) (unlinks 1 post)\".", "Removed User 'bob' (Id 2) (unlinks 1 post)."],
            Said("Remove-User bob"));
    }

    [DbFact]
    public void Remove_Tag_and_Remove_Post_count_the_links_they_take()
    {
        Assert.Equal(
            ["Performing the operation \"Remove\" on target \"Tag 'python' (Id 1) (also removes 2 tag links)\".", "Removed Tag 'python' (Id 1) (also removes 2 tag links)."],
            Said("Remove-Tag python"));
        Assert.Equal(
            ["Performing the operation \"Remove\" on target \"Post 'SQL basics' (Id 2) (also removes 1 tag link)\".", "Removed Post 'SQL basics' (Id 2) (also removes 1 tag link)."],
            Said("Remove-Post 'SQL basics'"));
    }

    [DbFact]
    public void Removing_a_query_describes_the_rows_and_their_cascade()
    {
        var said = Said("Get-RelObject -Model Tag -Filter @{ Name__in = @('python', 'sql') } -AsQuery | Remove-RelObject");
        Assert.Equal(["Performing the operation \"Remove\" on target \"2 tags (also removes 3 tag links)\".", "Removed 2 tags (also removes 3 tag links)."], said);
        Assert.Equal("django", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [DbFact]
    public void Set_PostTag_lists_the_links_it_would_add_and_remove()
    {
        Assert.Equal(
            ["Performing the operation \"Set tags: add sql, brandnew (new); remove django\" on target \"Post 'Django intro' (Id 1)\"."],
            Said("Set-PostTag -Post 1 -Tag python, sql, brandnew -Create"));
        Assert.Equal("python,sql,brandnew", ps.Joined("(Get-Post -Id 1).Tags | ForEach-Object Name"));
        Assert.Equal(
            ["Performing the operation \"Set tags: add none; remove python, sql, brandnew\" on target \"Post 'Django intro' (Id 1)\"."],
            Said("Set-PostTag -Post 1 -Tag @()"));
    }

    [DbFact]
    public void Confirm_false_does_the_work()
    {
        ps.Ok("Clear-PostTag -Post 1 -Confirm:$false");
        Assert.Equal(0L, ps.Value("(Get-Post -Id 1).Tags.Count"));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class WhatIfTestsOnPostgreSQL() : WhatIfTests(Db.PostgreSQL);
