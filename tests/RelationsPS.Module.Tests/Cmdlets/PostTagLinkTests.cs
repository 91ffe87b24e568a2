using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>Add-/Remove-/Set-/Clear-PostTag: Django's add/remove/set/clear, with -PassThru saying what changed.</summary>
public class PostTagLinkTests : IDisposable
{
    private readonly PowerShellSession ps;

    public PostTagLinkTests() : this(Db.SQLite)
    {
    }

    protected PostTagLinkTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    private string Changes(string script) =>
        ps.Joined(script + " | ForEach-Object LinkChanges | ForEach-Object { \"$($_.Target):$($_.Status)\" }");

    private string TagsOf(int post) => ps.Joined($"(Get-Post -Id {post}).Tags | ForEach-Object Name");

    [DbFact]
    public void Add_PostTag_reports_Added_and_AlreadyPresent()
    {
        Assert.Equal("sql:Added,python:AlreadyPresent", Changes("Add-PostTag -Post 1 -Tag sql, python -PassThru"));
        Assert.Equal("python,django,sql", TagsOf(1));
        var post = ps.Ok("Add-PostTag -Post 1 -Tag sql -PassThru").Single();
        Assert.Equal("RelationsPS.Post", post.TypeNames[0]);
        Assert.Equal(1L, post.Properties["Id"].Value);
        var link = Assert.Single((object[])post.Properties["LinkChanges"].Value) as System.Management.Automation.PSObject;
        Assert.NotNull(link);
        Assert.Equal("RelationsPS.LinkChange", link.TypeNames[0]);
        Assert.Equal("Post 'Django intro' (Id 1)", link.Properties["Owner"].Value);
        Assert.Equal("Tags", link.Properties["Relation"].Value);
        Assert.Equal(3L, link.Properties["TargetId"].Value);
        Assert.Equal("sql", link.Properties["Target"].Value);
        Assert.Equal("AlreadyPresent", link.Properties["Status"].Value);
    }

    [DbFact]
    public void PassThru_gives_the_post_once_per_call_so_it_pipes_on_as_a_post()
    {
        var r = ps.Ok("Get-Post -Id 2 | Add-PostTag -Tag python, sql -PassThru | Set-Post -Views 7 -PassThru");
        Assert.Equal(["SQL basics"], r.Select(o => o.Properties["Title"].Value));
        Assert.Equal(7L, ps.Value("(Get-Post -Id 2).Views"));
        Assert.Equal("python,sql", TagsOf(2));
        Assert.Equal(["Django intro", "SQL basics", "Python tricks"], ps.Ok("Get-Post | Clear-PostTag -PassThru -Confirm:$false").Select(o => o.Properties["Title"].Value));
        Assert.Equal("", ps.Joined("(Get-Post -Id 1 | Set-PostTag -Tag @() -PassThru -Confirm:$false).LinkChanges"));
    }

    [DbFact]
    public void Without_PassThru_link_cmdlets_write_nothing()
    {
        Assert.Empty(ps.Ok("Add-PostTag -Post 2 -Tag python; Remove-PostTag -Post 2 -Tag python; Set-PostTag -Post 2 -Tag django; Clear-PostTag -Post 2 -Confirm:$false"));
    }

    [DbFact]
    public void Add_PostTag_Create_makes_missing_tags()
    {
        Assert.Equal("brandnew:Added", Changes("Add-PostTag -Post 2 -Tag brandnew -Create -PassThru"));
        Assert.Equal("sql,brandnew", TagsOf(2));
        Assert.Equal(["ObjectNotFound"], ps.Run("Add-PostTag -Post 2 -Tag other").ErrorIds);
        Assert.Equal("python,django,sql,brandnew", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [DbFact]
    public void Remove_PostTag_reports_Removed_and_NotPresent()
    {
        Assert.Equal("django:Removed,sql:NotPresent", Changes("Remove-PostTag -Post 1 -Tag django, sql -PassThru"));
        Assert.Equal("python", TagsOf(1));
        Assert.Equal("sql", ps.Joined("Get-Tag sql | ForEach-Object Name"));
    }

    [DbFact]
    public void Set_PostTag_replaces_the_set_writing_only_the_difference()
    {
        Assert.Equal("django:Removed,sql:Added", Changes("Set-PostTag -Post 1 -Tag python, sql -PassThru -Confirm:$false"));
        Assert.Equal("python,sql", TagsOf(1));
        Assert.Equal("", Changes("Set-PostTag -Post 1 -Tag python, sql -PassThru -Confirm:$false"));
        Assert.Equal("python:Removed,sql:Removed", Changes("Set-PostTag -Post 1 -Tag @() -PassThru -Confirm:$false"));
        Assert.Equal("", TagsOf(1));
        Assert.Equal("new1:Added", Changes("Set-PostTag -Post 1 -Tag new1 -Create -PassThru -Confirm:$false"));
    }

    [DbFact]
    public void Clear_PostTag_removes_every_link()
    {
        Assert.Equal("python:Removed,django:Removed", Changes("Clear-PostTag -Post 1 -PassThru -Confirm:$false"));
        Assert.Equal("", TagsOf(1));
        Assert.Equal("", Changes("Clear-PostTag -Post 1 -PassThru -Confirm:$false"));
        Assert.Equal("python,django,sql", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [DbFact]
    public void Link_cmdlets_take_posts_from_the_pipeline_each_in_turn()
    {
        Assert.Equal("sql:Added,sql:AlreadyPresent,sql:Added", Changes("Get-Post | Add-PostTag -Tag sql -PassThru"));
        Assert.Equal("sql:Removed,sql:Removed,sql:Removed", Changes("Get-Post | Remove-PostTag -Tag sql -PassThru"));
        Assert.Equal("python:Removed,django:Removed,python:Removed", Changes("Get-Post | Clear-PostTag -PassThru -Confirm:$false"));
    }

    [DbFact]
    public void Many_tags_at_once()
    {
        ps.Ok("$null = 1..20 | ForEach-Object { New-Tag \"t$_\" }; Clear-RelQueryLog");
        ps.Ok("Add-PostTag -Post 3 -Tag (Get-Tag t*)");
        Assert.Equal(21L, ps.Value("(Get-Post -Id 3).Tags.Count"));
        Assert.Equal("t1:AlreadyPresent,t20:Added", ps.Joined("Add-PostTag -Post 3 -Tag t1, (New-Tag t20x | ForEach-Object Name) -PassThru | ForEach-Object LinkChanges | ForEach-Object { \"$($_.Target):$($_.Status)\" }").Replace("t20x", "t20", StringComparison.Ordinal));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class PostTagLinkTestsOnPostgreSQL() : PostTagLinkTests(Db.PostgreSQL);
