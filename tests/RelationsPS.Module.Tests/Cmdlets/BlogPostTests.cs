using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>New-Post, Get-Post (every parameter), Set-Post, Remove-Post, and post objects.</summary>
public class BlogPostTests : IDisposable
{
    private readonly PowerShellSession ps;

    public BlogPostTests() : this(Db.SQLite)
    {
    }

    protected BlogPostTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    [DbFact]
    public void New_Post_returns_the_post_with_its_id_tags_and_author()
    {
        var p = ps.Ok("New-Post -Title 'Lazy QuerySets explained' -Body 'b' -Tag python, brandnew -Author bob").Single();
        Assert.Equal("RelationsPS.Post", p.TypeNames[0]);
        Assert.Equal(4L, p.Properties["Id"].Value);
        Assert.Equal(0L, p.Properties["Views"].Value);
        Assert.Equal(2L, p.Properties["AuthorId"].Value);
        Assert.IsType<DateTime>(p.Properties["Created"].Value);
        Assert.Equal("python,brandnew", ps.Joined("(Get-Post -Id 4).Tags | ForEach-Object Name"));
        Assert.Equal("brandnew", ps.Value("(Get-Tag brandnew).Slug"));
        Assert.Equal("bob", ps.Value("(Get-Post -Id 4).Author.UserName"));
        Assert.Equal("", ps.Value("(New-Post 'Positional').Body"));
        Assert.Equal("body text", ps.Value("(New-Post 'Two positional' 'body text').Body"));
    }

    [DbTheory]
    [InlineData("Get-Post", "Django intro,SQL basics,Python tricks")]
    [InlineData("Get-Post -Id 1, 3", "Django intro,Python tricks")]
    [InlineData("Get-Post 2", "SQL basics")]
    [InlineData("Get-Post -Title 'SQL basics'", "SQL basics")]
    [InlineData("Get-Post -Title 'sql BASICS'", "SQL basics")]
    [InlineData("Get-Post -Title '*o*'", "Django intro,Python tricks")]
    [InlineData("Get-Post -Title '?QL*'", "SQL basics")]
    [InlineData("Get-Post -Tag python", "Django intro,Python tricks")]
    [InlineData("Get-Post -Tag python, sql", "Django intro,SQL basics,Python tricks")]
    [InlineData("Get-Post -Tag python, django -MatchAllTags", "Django intro")]
    [InlineData("Get-Post -Tag python, sql -MatchAllTags", "")]
    [InlineData("Get-Post -Tag python -Title 'P*'", "Python tricks")]
    [InlineData("Get-Post -Filter { $_.Views -gt 20 }", "Django intro,SQL basics")]
    [InlineData("Get-Post -Filter @{ Views__range = @(20, 100) }", "SQL basics")]
    [InlineData("Get-Post -Filter @{ Author__isnull = $true }", "Python tricks")]
    [InlineData("Get-Post -Filter @{ 'Author.UserName__startswith' = 'a' }", "Django intro")]
    [InlineData("Get-Post -Filter @{ Title__regex = '^[A-Z]{3} ' }", "SQL basics")]
    [InlineData("Get-Post -Filter @{ Title__in = @('SQL basics', 'nope') }", "SQL basics")]
    [InlineData("Get-Post -Exclude @{ Tags__Name = 'python' }", "SQL basics")]
    [InlineData("Get-Post -Filter { $_.Views -gt 20 }, @{ Tags__Name = 'sql' }", "SQL basics")]
    [InlineData("Get-Post -OrderBy '-Views'", "Django intro,SQL basics,Python tricks")]
    [InlineData("Get-Post -OrderBy Title", "Django intro,Python tricks,SQL basics")]
    [InlineData("Get-Post -First 2", "Django intro,SQL basics")]
    [InlineData("Get-Post -Skip 1", "SQL basics,Python tricks")]
    [InlineData("Get-Post -First 0", "")]
    [InlineData("Get-Post -Include Author -OrderBy Views", "Python tricks,SQL basics,Django intro")]
    [InlineData("Get-Post -Annotate @{ N = 'Count(Tags)' } -OrderBy '-N', Title", "Django intro,Python tricks,SQL basics")]
    public void Get_Post_parameters(string script, string titles) => Assert.Equal(titles, ps.Joined(script + " | ForEach-Object Title"));

    [DbFact]
    public void Get_Post_AsQuery_returns_a_query()
    {
        Assert.Equal("RelationsPS.Objects.QueryHandle", ps.Value("(Get-Post -Title 'D*' -AsQuery).GetType().FullName"));
        Assert.Equal(1L, ps.Value("(Get-Post -Title 'D*' -AsQuery).Count()"));
    }

    [DbFact]
    public void Set_Post_changes_fields()
    {
        ps.Ok("Set-Post -Post 1 -Title 'Renamed' -Body 'new body' -Views 999 -Author bob");
        Assert.Equal("Renamed|new body|999|bob", ps.Joined("$p = Get-Post -Id 1; \"$($p.Title)|$($p.Body)|$($p.Views)|$($p.Author.UserName)\""));
        ps.Ok("Set-Post 1 -Author $null");
        Assert.Equal("True", ps.Joined("$null -eq (Get-Post -Id 1).AuthorId"));
        Assert.Equal("Again", ps.Value("(Set-Post 1 'Again' -PassThru).Title"));
        Assert.Equal("", ps.Joined("Set-Post 1 -Views 1"));
    }

    [DbFact]
    public void Saving_a_changed_object()
    {
        ps.Ok("$p = Get-Post -Id 2; $p.Views = 77; $p | Set-RelObject");
        Assert.Equal(77L, ps.Value("(Get-Post -Id 2).Views"));
    }

    [DbFact]
    public void Remove_Post_by_object_id_and_title()
    {
        ps.Ok("Remove-Post -Post 1 -Confirm:$false");
        ps.Ok("Remove-Post 'SQL basics' -Confirm:$false");
        Assert.Equal("Python tricks", ps.Joined("Get-Post | ForEach-Object Title"));
        Assert.Equal(0L, ps.Value("(Get-Tag django).Posts.Count"));
        ps.Ok("Get-Post -Id 3 | Remove-Post -Confirm:$false");
        Assert.Equal("", ps.Joined("Get-Post | ForEach-Object Title"));
    }

    [DbFact]
    public void Post_objects_carry_fields_fk_ids_and_live_relation_members()
    {
        // Listed: the fields, the foreign-key id and the tags Get-Post loaded; the author, not loaded, is a hidden member.
        Assert.Equal(["Id", "Title", "Body", "Views", "Created", "AuthorId", "Tags"], ps.Strings("(Get-Post -Id 1).PSObject.Properties.Name"));
        Assert.Equal(["Author", "Tags"], ps.Strings("$p = Get-Post -Id 1; 'Author', 'Tags' | ForEach-Object { $p.PSObject.Properties[$_].Name }"));
        Assert.Equal("RelationsPS.Post,RelationsPS.RelObject", ps.Joined("(Get-Post -Id 1).PSObject.TypeNames[0, 1]"));
        Assert.Equal(2L, ps.Value("(Get-Post -Id 1).Tags.Count"));
        Assert.Equal("alice", ps.Value("(Get-Post -Id 1).Author.UserName"));
        Assert.Equal("Likes Django", ps.Value("(Get-Post -Id 1).Author.Profile.Bio"));
    }

    [DbFact]
    public void Relation_managers_work_from_PowerShell()
    {
        ps.Ok("$p = Get-Post -Id 3");
        Assert.Equal("Added", ps.Joined("$p.Tags.Add((Get-Tag sql)) | ForEach-Object Status"));
        Assert.Equal("AlreadyPresent", ps.Joined("$p.Tags.Add(3) | ForEach-Object Status"));
        Assert.Equal(2L, ps.Value("$p.Tags.Count"));
        Assert.Equal("Removed", ps.Joined("$p.Tags.Remove('1') | ForEach-Object Status"));
        Assert.Equal("sql", ps.Joined("$p.Tags | ForEach-Object Name"));
        Assert.Equal("fresh", ps.Value("$p.Tags.Create(@{ Name = 'fresh'; Slug = 'fresh' }).Name"));
        Assert.Equal("sql,fresh", ps.Joined("$p.Tags | ForEach-Object Name"));
        Assert.Equal(1L, ps.Value("$p.Tags.Filter(@{ Name__startswith = 'f' }).Count()"));
        ps.Ok("$null = $p.Tags.Set(@(1, 2))");
        Assert.Equal("python,django", ps.Joined("$p.Tags | ForEach-Object Name"));
        ps.Ok("$null = $p.Tags.Clear()");
        Assert.Equal(0L, ps.Value("$p.Tags.Count"));
    }

    [DbFact]
    public void Posts_and_queries_print_through_their_views_without_error()
    {
        ps.Run("Get-Post | Out-Default; Get-Post -Id 1 | Out-Default; (Get-Post -Id 1).Tags | Out-Default").ShouldSucceed();
        Assert.Equal("python, django", ps.Value("[RelationsPS.Objects.Display]::Names((Get-Post -Id 1).Tags)"));
        Assert.Equal("", ps.Value("[RelationsPS.Objects.Display]::Date($null)"));
        // Dates as stored: no zone conversion, not humanised.
        Assert.Equal("2026-03-01 14:05", ps.Value("[RelationsPS.Objects.Display]::Date([datetime]::new(2026, 3, 1, 14, 5, 59, [DateTimeKind]::Utc))"));
        Assert.Equal("2026-03-01 14:05", ps.Value("[RelationsPS.Objects.Display]::Date([datetime]::new(2026, 3, 1, 14, 5, 0, [DateTimeKind]::Local))"));
        Assert.Equal("python, django", ps.Value("(Get-Post -Id 1).Tags.ToString()"));
    }

    [DbFact]
    public void Printing_posts_uses_the_prefetched_tags_not_one_query_per_row()
    {
        ps.Ok("$null = 1..10 | ForEach-Object { New-Post -Title \"P$_\" -Tag python }; Clear-RelQueryLog");
        ps.Ok("Get-Post | Out-Default");
        Assert.Equal(2, ps.Value("@(Get-RelQueryLog).Count"));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class BlogPostTestsOnPostgreSQL() : BlogPostTests(Db.PostgreSQL);
