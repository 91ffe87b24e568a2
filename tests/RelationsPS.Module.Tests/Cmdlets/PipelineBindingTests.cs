using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>Objects, ids and natural keys bind to -Post, -Tag and -User, from parameters and from the pipeline.</summary>
public class PipelineBindingTests : IDisposable
{
    private readonly PowerShellSession ps;

    public PipelineBindingTests() : this(Db.SQLite)
    {
    }

    protected PipelineBindingTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    [DbFact]
    public void Get_Tag_piped_to_Get_Post_gives_the_posts_with_those_tags()
    {
        Assert.Equal("Django intro,Python tricks", ps.Joined("Get-Tag python | Get-Post | ForEach-Object Title"));
        Assert.Equal("Django intro,SQL basics,Python tricks", ps.Joined("Get-Tag python, sql | Get-Post | ForEach-Object Title"));
        Assert.Equal("Django intro,SQL basics,Python tricks", ps.Joined("Get-Tag | Get-Post | ForEach-Object Title"));
        Assert.Equal("Django intro", ps.Joined("Get-Tag python, django | Get-Post -MatchAllTags | ForEach-Object Title"));
    }

    [DbFact]
    public void Piped_tags_make_one_query()
    {
        ps.Ok("$tags = @(Get-Tag python, sql); Clear-RelQueryLog");
        ps.Ok("$null = $tags | Get-Post");
        // One statement for the posts, one to prefetch their tags for display.
        Assert.Equal(2, ps.Value("@(Get-RelQueryLog).Count"));
    }

    [DbTheory]
    [InlineData("Get-Post -Tag python")]
    [InlineData("Get-Post -Tag PYTHON")]
    [InlineData("Get-Post -Tag 1")]
    [InlineData("Get-Post -Tag (Get-Tag python)")]
    [InlineData("'python' | Get-Post")]
    public void Tag_accepts_objects_ids_and_names(string script) =>
        Assert.Equal("Django intro,Python tricks", ps.Joined(script + " | ForEach-Object Title"));

    [DbFact]
    public void Get_User_piped_to_Get_Profile_and_back()
    {
        Assert.Equal("Likes Django", ps.Joined("Get-User alice | Get-Profile | ForEach-Object Bio"));
        Assert.Equal("Likes Django", ps.Joined("'alice' | Get-Profile | ForEach-Object Bio"));
        Assert.Equal("Likes Django", ps.Joined("1 | Get-Profile | ForEach-Object Bio"));
        Assert.Equal("Likes Django", ps.Joined("Get-Profile -User alice | ForEach-Object Bio"));
        Assert.Equal("Likes Django", ps.Joined("Get-Profile alice | ForEach-Object Bio"));
        Assert.Equal("", ps.Joined("Get-User bob | Get-Profile | ForEach-Object Bio"));
        Assert.Equal("alice", ps.Joined("(Get-Profile alice).User.UserName"));
        Assert.Equal("Likes Django", ps.Joined("(Get-User alice).Profile.Bio"));
        Assert.Equal("True", ps.Joined("$null -eq (Get-User bob).Profile"));
    }

    [DbTheory]
    [InlineData("Get-Post -Id 2 | Add-PostTag -Tag python")]
    [InlineData("2 | Add-PostTag -Tag python")]
    [InlineData("'SQL basics' | Add-PostTag -Tag python")]
    [InlineData("Add-PostTag -Post 'SQL basics' -Tag (Get-Tag python)")]
    [InlineData("Add-PostTag -Post (Get-Post -Id 2) -Tag 1")]
    [InlineData("Add-PostTag 2 python")]
    [InlineData("[pscustomobject]@{ Id = 2 } | Add-PostTag -Tag python")]
    public void Post_accepts_objects_ids_and_titles(string script)
    {
        ps.Ok(script);
        Assert.Equal("python,sql", ps.Joined("(Get-Post -Id 2).Tags | ForEach-Object Name"));
    }

    [DbTheory]
    [InlineData("New-Profile -User bob -Bio 'Bob here'")]
    [InlineData("New-Profile -User 2 -Bio 'Bob here'")]
    [InlineData("New-Profile -User (Get-User bob) -Bio 'Bob here'")]
    [InlineData("Get-User bob | New-Profile -Bio 'Bob here'")]
    [InlineData("[pscustomobject]@{ User = 'bob'; Bio = 'Bob here' } | New-Profile")]
    public void User_accepts_objects_ids_and_user_names(string script)
    {
        var created = ps.Ok(script);
        Assert.Single(created);
        Assert.Equal("RelationsPS.Profile", created[0].TypeNames[0]);
        Assert.Equal("Bob here", ps.Joined("(Get-User bob).Profile.Bio"));
    }

    [DbFact]
    public void Rows_with_Title_Body_Tag_properties_create_posts_the_Import_Csv_case()
    {
        var output = ps.Ok("""
            @([pscustomobject]@{ Title = 'From CSV 1'; Body = 'b1'; Tag = 'python;newtag' },
              [pscustomobject]@{ Title = 'From CSV 2'; Body = ''; Tag = 'django, sql' },
              [pscustomobject]@{ Title = 'From CSV 3'; Body = 'b3'; Tag = '' }) | New-Post
            """);
        Assert.Equal(["From CSV 1", "From CSV 2", "From CSV 3"], output.Select(o => (string)o.Properties["Title"].Value));
        Assert.All(output, o => Assert.IsType<long>(o.Properties["Id"].Value));
        Assert.Equal("python,newtag", ps.Joined("(Get-Post -Title 'From CSV 1').Tags | ForEach-Object Name"));
        Assert.Equal("django,sql", ps.Joined("(Get-Post -Title 'From CSV 2').Tags | ForEach-Object Name"));
        Assert.Equal("0", ps.Joined("(Get-Post -Title 'From CSV 3').Tags.Count"));
        Assert.Equal("b1,,b3", ps.Joined("Get-Post -Title 'From CSV*' | ForEach-Object Body"));
        Assert.Equal("newtag", ps.Joined("(Get-Tag newtag).Slug"));
    }

    [DbFact]
    public void Rows_with_Author_and_Views_bind_by_property_name()
    {
        ps.Ok("[pscustomobject]@{ Title = 'By bob'; Author = 'bob'; Views = '42' } | New-Post");
        Assert.Equal("bob|42", ps.Joined("$p = Get-Post -Title 'By bob'; \"$($p.Author.UserName)|$($p.Views)\""));
    }

    [DbFact]
    public void A_large_import_is_batched_and_fast_enough()
    {
        ps.Ok("Clear-RelQueryLog");
        ps.Ok("$null = 1..300 | ForEach-Object { [pscustomobject]@{ Title = \"Post $_\"; Tag = 'python' } } | New-Post");
        Assert.Equal(303L, ps.Value("(Get-Post -AsQuery).Count()"));
        Assert.Equal(302L, ps.Value("(Get-Tag python).Posts.Count"));
    }

    [DbFact]
    public void Names_and_rows_bind_to_the_natural_key_parameters()
    {
        Assert.Equal("carol", ps.Joined("[pscustomobject]@{ UserName = 'carol' } | New-User | ForEach-Object UserName"));
        Assert.Equal("dave,erin", ps.Joined("'dave', 'erin' | New-User | ForEach-Object UserName"));
        Assert.Equal("x-y|custom", ps.Joined("[pscustomobject]@{ Name = 'x-y'; Slug = 'custom' } | New-Tag | ForEach-Object { \"$($_.Name)|$($_.Slug)\" }"));
        Assert.Equal("alice,bob", ps.Joined("'alice', 'bob' | Get-User | ForEach-Object UserName"));
        Assert.Equal("alice", ps.Joined("[pscustomobject]@{ UserName = 'alice' } | Get-User | ForEach-Object UserName"));
        Assert.Equal("SQL basics", ps.Joined("[pscustomobject]@{ Id = 2 } | Get-Post | ForEach-Object Title"));
        Assert.Equal("python,django", ps.Joined("Get-Post -Id 1 | Get-Tag | ForEach-Object Name"));
        Assert.Equal("python,django", ps.Joined("Get-Tag -Post 'Django intro' | ForEach-Object Name"));
    }

    [DbFact]
    public void Posts_and_rows_piped_to_Get_Post_select_posts_not_tags()
    {
        Assert.Equal("Django intro", ps.Joined("Get-Post -Id 1 | Get-Post | ForEach-Object Title"));
        Assert.Equal("SQL basics,Python tricks", ps.Joined("Get-Post -Filter { $_.Views -lt 100 } | Get-Post | ForEach-Object Title"));
        Assert.Equal("Django intro,Python tricks", ps.Joined("[pscustomobject]@{ Id = 1 }, [pscustomobject]@{ Id = 3 } | Get-Post | ForEach-Object Title"));
        Assert.Equal("Django intro", ps.Joined("Get-Tag python | Get-Post -Id 1 | ForEach-Object Title"));
        ps.Ok("Clear-RelQueryLog; $null = Get-Post | Get-Post");
        // The first Get-Post and its prefetch, then one query (and prefetch) for everything piped.
        Assert.Equal(4, ps.Value("@(Get-RelQueryLog).Count"));
    }

    [DbFact]
    public void Removing_from_the_pipeline()
    {
        ps.Ok("Get-Post -Tag python | Remove-Post -Confirm:$false");
        Assert.Equal("SQL basics", ps.Joined("Get-Post | ForEach-Object Title"));
        ps.Ok("Get-Tag python, django | Remove-Tag -Confirm:$false");
        Assert.Equal("sql", ps.Joined("Get-Tag | ForEach-Object Name"));
        ps.Ok("Get-User alice | Remove-User -Confirm:$false");
        Assert.Equal("bob", ps.Joined("Get-User | ForEach-Object UserName"));
        ps.Ok("'sql' | Remove-Tag -Confirm:$false");
        Assert.Equal("", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [DbFact]
    public void Set_Post_from_the_pipeline_and_by_title()
    {
        ps.Ok("Get-Post -Tag python | Set-Post -Views 7");
        Assert.Equal("7,50,7", ps.Joined("Get-Post | ForEach-Object Views"));
        ps.Ok("Set-Post 'SQL basics' -Title 'SQL, basically' -Author alice");
        Assert.Equal("alice", ps.Joined("(Get-Post -Id 2).Author.UserName"));
        ps.Ok("$p = Get-Post -Id 3; $p.Title = 'Edited in place'; $p | Set-Post");
        Assert.Equal("Edited in place", ps.Joined("(Get-Post -Id 3).Title"));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class PipelineBindingTestsOnPostgreSQL() : PipelineBindingTests(Db.PostgreSQL);
