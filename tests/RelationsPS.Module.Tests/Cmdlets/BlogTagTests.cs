using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>New-Tag, Get-Tag, Remove-Tag.</summary>
public class BlogTagTests : IDisposable
{
    private readonly PowerShellSession ps;

    public BlogTagTests() : this(Db.SQLite)
    {
    }

    protected BlogTagTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    [DbFact]
    public void New_Tag_returns_the_tag_with_its_id_and_a_slugified_slug()
    {
        var t = ps.Ok("New-Tag 'Machine Learning'").Single();
        Assert.Equal("RelationsPS.Tag", t.TypeNames[0]);
        Assert.Equal(4L, t.Properties["Id"].Value);
        Assert.Equal("Machine Learning", t.Properties["Name"].Value);
        Assert.Equal("machine-learning", t.Properties["Slug"].Value);
        Assert.Equal("c-sharp", ps.Value("(New-Tag 'C#' -Slug c-sharp).Slug"));
        Assert.Equal("hello-world", ps.Value("(New-Tag '  Hello, World!  ').Slug"));
    }

    [DbFact]
    public void Get_Tag_by_names_and_wildcards()
    {
        Assert.Equal("python,django,sql", ps.Joined("Get-Tag | ForEach-Object Name"));
        Assert.Equal("python", ps.Joined("Get-Tag python | ForEach-Object Name"));
        Assert.Equal("python", ps.Joined("Get-Tag PYTHON | ForEach-Object Name"));
        Assert.Equal("python,sql", ps.Joined("Get-Tag -Name python, sql | ForEach-Object Name"));
        Assert.Equal("python", ps.Joined("Get-Tag py* | ForEach-Object Name"));
        Assert.Equal("django,sql", ps.Joined("Get-Tag *g*, s?l | ForEach-Object Name"));
        Assert.Equal("python,django", ps.Joined("Get-Tag -Post 1 | ForEach-Object Name"));
        Assert.Equal("python", ps.Joined("Get-Tag -Post 1 -Name py* | ForEach-Object Name"));
        Assert.Equal("sql,python", ps.Joined("Get-Tag -OrderBy '-Name' -First 2 | ForEach-Object Name"));
    }

    [DbFact]
    public void Get_Tag_reports_each_missing_exact_name()
    {
        var r = ps.Run("Get-Tag python, nosuch, sq*, other");
        Assert.Equal(["python", "sql"], r.Output.Select(o => (string)o.Properties["Name"].Value));
        Assert.Equal(["ObjectNotFound", "ObjectNotFound"], r.ErrorIds);
        Assert.Equal(["nosuch", "other"], r.Errors.Select(e => (string)e.TargetObject));
        Assert.Equal("Cannot find a tag with name 'nosuch'.", r.Errors[0].Exception.Message);
    }

    [DbFact]
    public void Remove_Tag_removes_the_tag_and_its_links_only()
    {
        ps.Ok("Remove-Tag python -Confirm:$false");
        Assert.Equal("django,sql", ps.Joined("Get-Tag | ForEach-Object Name"));
        Assert.Equal("Django intro,SQL basics,Python tricks", ps.Joined("Get-Post | ForEach-Object Title"));
        Assert.Equal("django", ps.Joined("(Get-Post -Id 1).Tags | ForEach-Object Name"));
        ps.Ok("Remove-Tag -Name 3 -Confirm:$false");
        Assert.Equal("django", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [DbFact]
    public void Tag_relation_members_are_live()
    {
        Assert.Equal(2L, ps.Value("(Get-Tag python).Posts.Count"));
        Assert.Equal("Django intro,Python tricks", ps.Joined("(Get-Tag python).Posts | ForEach-Object Title"));
        ps.Ok("$t = Get-Tag python; $null = New-Post -Title 'Later' -Tag python");
        Assert.Equal(3L, ps.Value("$t.Posts.Count"));
    }

    [DbFact]
    public void Tags_print_through_their_view()
    {
        ps.Run("Get-Tag | Out-Default; Get-Tag python | Out-Default").ShouldSucceed();
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class BlogTagTestsOnPostgreSQL() : BlogTagTests(Db.PostgreSQL);
