using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>-AsQuery objects: nothing runs until used; .Sql, .Parameters, fluent methods, indexing; chains are one statement.</summary>
public class LazyQueryPipelineTests : IDisposable
{
    private readonly PowerShellSession ps;

    public LazyQueryPipelineTests() : this(Db.SQLite)
    {
    }

    protected LazyQueryPipelineTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    private int Queries() => Convert.ToInt32(ps.Value("@(Get-RelQueryLog).Count"));

    [DbFact]
    public void AsQuery_runs_nothing_and_shows_its_SQL_and_parameters()
    {
        ps.Ok("Clear-RelQueryLog; $q = Get-Post -Tag python -AsQuery");
        Assert.Equal(0, Queries());
        Assert.Equal("RelationsPS.Objects.QueryHandle", ps.Value("$q.GetType().FullName"));
        var sql = (string)ps.Value("$q.Sql")!;
        Assert.StartsWith("SELECT ", sql, StringComparison.Ordinal);
        Assert.Contains("\"post_tags\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("python", sql, StringComparison.Ordinal);
        Assert.Equal(["python"], ps.Strings("$q.Parameters"));
        Assert.Equal("Post", ps.Value("$q.Model"));
        Assert.Equal(0, Queries());
    }

    [DbFact]
    public void Count_Exists_First_and_index_run_one_statement_each()
    {
        ps.Ok("$q = Get-Post -Tag python -AsQuery; Clear-RelQueryLog");
        Assert.Equal(2L, ps.Value("$q.Count()"));
        Assert.Equal(1, Queries());
        Assert.Equal(true, ps.Value("$q.Exists()"));
        Assert.Equal("Django intro", ps.Value("$q.First().Title"));
        Assert.Equal("Python tricks", ps.Value("$q[1].Title"));
        Assert.Equal(4, Queries());
        Assert.Contains("LIMIT", (string)ps.Value("(Get-RelQueryLog -Last 1).Sql")!, StringComparison.Ordinal);
        Assert.Equal(false, ps.Value("$q.Filter(@{ Views__gt = 1000 }).Exists()"));
    }

    [DbFact]
    public void Fluent_methods_return_new_queries()
    {
        ps.Ok("$q = Get-RelObject -Model Post -AsQuery");
        Assert.Equal("Django intro", ps.Joined("$q.Filter(@{ Views__gt = 100 }) | ForEach-Object Title"));
        Assert.Equal("SQL basics,Python tricks", ps.Joined("$q.Exclude(@{ Views__gt = 100 }) | ForEach-Object Title"));
        Assert.Equal("Django intro,SQL basics,Python tricks", ps.Joined("$q | ForEach-Object Title"));
        Assert.Equal("Python tricks,SQL basics,Django intro", ps.Joined("$q.OrderBy('Views') | ForEach-Object Title"));
        Assert.Equal("Django intro,SQL basics", ps.Joined("$q.OrderBy('-Views').Slice(0, 2) | ForEach-Object Title"));
        Assert.Equal(1L, ps.Value("$q.Slice(1, 1).Count()"));
        Assert.Equal("2,1,1", ps.Joined("$q.Annotate(@{ N = 'Count(Tags)' }) | ForEach-Object N"));
        Assert.Equal("3", ps.Joined("$q.Filter(@{ 'Tags.Name' = 'python' }).Distinct().Count() + 1"));
        Assert.Equal("python,django", ps.Joined("$q.Include('Tags').First().Tags | ForEach-Object Name"));
    }

    [DbFact]
    public void A_chain_into_Measure_RelObject_is_one_statement()
    {
        ps.Ok("Clear-RelQueryLog");
        Assert.Equal(2L, ps.Value("(Get-Post -Tag python -AsQuery | Measure-RelObject -Aggregate @{ N = 'Count(Id)' }).N"));
        Assert.Equal(1, Queries());
        var sql = (string)ps.Value("(Get-RelQueryLog)[0].Sql")!;
        Assert.Contains("COUNT(", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("post_tags", sql, StringComparison.Ordinal);
    }

    [DbFact]
    public void A_chain_into_Get_RelObject_extends_the_query()
    {
        ps.Ok("Clear-RelQueryLog");
        Assert.Equal("Python tricks", ps.Joined("Get-Post -Tag python -AsQuery | Get-RelObject -Filter { $_.Views -lt 100 } | ForEach-Object Title"));
        Assert.Equal(1, Queries());
        ps.Ok("Clear-RelQueryLog");
        Assert.Equal(1L, ps.Value("(Get-Post -Tag python -AsQuery | Get-RelObject -Filter { $_.Views -lt 100 } -AsQuery).Count()"));
        Assert.Equal(1, Queries());
    }

    [DbFact]
    public void A_query_piped_into_Set_RelObject_or_Remove_RelObject_is_one_write()
    {
        ps.Ok("Clear-RelQueryLog; Get-Post -Tag python -AsQuery | Set-RelObject -Property @{ Views = { $_.Views + 1 } } -Confirm:$false");
        Assert.Equal("151,50,11", ps.Joined("Get-Post | ForEach-Object Views"));
        Assert.Equal(1, Convert.ToInt32(ps.Value("@(Get-RelQueryLog | Where-Object Sql -like 'UPDATE*').Count")));
    }

    [DbFact]
    public void Enumerating_a_stored_query_twice_runs_it_twice()
    {
        ps.Ok("$q = Get-Post -AsQuery; Clear-RelQueryLog");
        Assert.Equal(3, Convert.ToInt32(ps.Value("@($q).Count")));
        ps.Ok("$null = New-Post -Title 'Fresh'");
        ps.Ok("Clear-RelQueryLog");
        Assert.Equal("Django intro,SQL basics,Python tricks,Fresh", ps.Joined("$q | ForEach-Object Title"));
        Assert.Equal(1, Queries());
        Assert.Equal("Django intro,SQL basics,Python tricks,Fresh", ps.Joined("foreach ($p in $q) { $p.Title }"));
        Assert.Equal(2, Queries());
    }

    [DbFact]
    public void A_query_is_accepted_as_the_value_of_in_and_as_a_target()
    {
        ps.Ok("$popular = Get-RelObject -Model User -Filter @{ Posts__Views__gt = 100 } -AsQuery");
        Assert.Equal("Django intro", ps.Joined("Get-Post -Filter { $_.Author -in $popular } | ForEach-Object Title"));
        Assert.Equal("Django intro", ps.Joined("Get-Post -Filter @{ Author__in = $popular } | ForEach-Object Title"));
        ps.Ok("Add-RelLink (Get-Tag sql) Posts (Get-Post -Tag python -AsQuery)");
        Assert.Equal("Django intro,SQL basics,Python tricks", ps.Joined("Get-Post -Tag sql | ForEach-Object Title"));
    }

    [DbFact]
    public void First_Skip_OrderBy_Include_Annotate_on_Get_Post()
    {
        Assert.Equal("SQL basics", ps.Joined("Get-Post -OrderBy '-Views' -Skip 1 -First 1 | ForEach-Object Title"));
        Assert.Equal("Python tricks,SQL basics,Django intro", ps.Joined("Get-Post -OrderBy Views | ForEach-Object Title"));
        Assert.Equal("Python tricks,Django intro,SQL basics", ps.Joined("Get-Post -OrderBy 'Author.UserName', Title | ForEach-Object Title"));
        Assert.Equal("2|1|1", string.Join("|", ps.Strings("Get-Post -Annotate @{ NumTags = 'Count(Tags)' } | ForEach-Object NumTags")));
        Assert.Equal("Django intro", ps.Joined("Get-Post -Annotate @{ NumTags = 'Count(Tags)' } -Filter { $_.NumTags -gt 1 } | ForEach-Object Title"));
        Assert.Equal("SQL basics,Python tricks", ps.Joined("Get-Post -Annotate @{ NumTags = 'Count(Tags)' } -Filter @{ NumTags = 1 } | ForEach-Object Title"));
        ps.Ok("Clear-RelQueryLog");
        ps.Ok("$posts = @(Get-Post -Include Tags, Author); $names = $posts | ForEach-Object { $_.Tags | ForEach-Object Name }; $authors = $posts | ForEach-Object { $_.Author.UserName }");
        Assert.Equal("python,django,sql,python", ps.Joined("$names"));
        // The posts with their authors joined (select_related), then their tags.
        Assert.Equal(2, Queries());
    }

    [DbFact]
    public void Printing_a_query_runs_it_through_the_views()
    {
        var r = ps.Run("Get-Post -AsQuery | Out-Default; $q = Get-Post -AsQuery; $q | Out-Default");
        r.ShouldSucceed();
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class LazyQueryPipelineTestsOnPostgreSQL() : LazyQueryPipelineTests(Db.PostgreSQL);
