using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>Measure-RelObject (one object) and Group-RelObject (one per group), from -Model or a piped query or rows.</summary>
public class AggregateCmdletTests : IDisposable
{
    private readonly PowerShellSession ps;

    public AggregateCmdletTests() : this(Db.SQLite)
    {
    }

    protected AggregateCmdletTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    [DbFact]
    public void Measure_over_a_model_with_every_function()
    {
        var m = ps.Ok("Measure-RelObject -Model Post -Aggregate @{ N = 'Count(Id)'; S = 'Sum(Views)'; A = 'Avg(Views)'; Lo = 'Min(Views)'; Hi = 'Max(Views)'; T = 'Count(Tags)'; DT = 'Count(Tags, Distinct)' }").Single();
        Assert.Equal("RelationsPS.Aggregate", m.TypeNames[0]);
        Assert.Equal(3L, m.Properties["N"].Value);
        Assert.Equal(210L, m.Properties["S"].Value);
        Assert.Equal(70d, m.Properties["A"].Value);
        Assert.Equal(10L, m.Properties["Lo"].Value);
        Assert.Equal(150L, m.Properties["Hi"].Value);
        Assert.Equal(4L, m.Properties["T"].Value);
        Assert.Equal(3L, m.Properties["DT"].Value);
        Assert.Equal(["A", "DT", "Hi", "Lo", "N", "S", "T"], m.Properties.Select(p => p.Name));
        Assert.Equal(["Z", "A"], ps.Ok("(Measure-RelObject Post -Aggregate ([ordered]@{ Z = 'Count(Id)'; A = 'Sum(Views)' })).PSObject.Properties | ForEach-Object Name").Select(o => (string)o.BaseObject));
    }

    [DbFact]
    public void Measure_with_a_filter_on_a_to_many_path()
    {
        var m = ps.Ok("Measure-RelObject -Model Post -Filter { $_.Tags.Name -eq 'python' } -Aggregate @{ AvgViews = 'Avg(Views)'; Posts = 'Count(Id)' }").Single();
        Assert.Equal(80d, m.Properties["AvgViews"].Value);
        Assert.Equal(2L, m.Properties["Posts"].Value);
        Assert.Equal(150L, ps.Value("(Measure-RelObject Post -Filter @{ Author__UserName = 'alice' } -Aggregate @{ S = 'Sum(Views)' }).S"));
    }

    [DbFact]
    public void Measure_of_a_piped_query_or_piped_rows()
    {
        Assert.Equal(2L, ps.Value("(Get-Post -Tag python -AsQuery | Measure-RelObject -Aggregate @{ N = 'Count(Id)' }).N"));
        Assert.Equal(160L, ps.Value("(Get-Post -Tag python | Measure-RelObject -Aggregate @{ S = 'Sum(Views)' }).S"));
        Assert.Equal(10L, ps.Value("(Get-Post -Tag python -AsQuery | Measure-RelObject -Filter { $_.Views -lt 100 } -Aggregate @{ S = 'Sum(Views)' }).S"));
        Assert.Equal(2L, ps.Value("(Get-User | Measure-RelObject -Aggregate @{ N = 'Count(Posts)' }).N"));
    }

    [DbFact]
    public void Empty_aggregates_are_null_and_empty_count_is_zero()
    {
        var m = ps.Ok("Measure-RelObject Post -Filter { $_.Views -gt 1000 } -Aggregate @{ N = 'Count(Id)'; S = 'Sum(Views)'; A = 'Avg(Views)'; Hi = 'Max(Views)' }").Single();
        Assert.Equal(0L, m.Properties["N"].Value);
        Assert.Null(m.Properties["S"].Value);
        Assert.Null(m.Properties["A"].Value);
        Assert.Null(m.Properties["Hi"].Value);
    }

    [DbFact]
    public void Aggregates_over_two_multi_valued_relations_are_not_inflated()
    {
        var m = ps.Ok("Measure-RelObject User -Filter @{ UserName = 'alice' } -Aggregate @{ P = 'Count(Posts)'; T = 'Count(Posts.Tags)' }").Single();
        Assert.Equal(1L, m.Properties["P"].Value);
        Assert.Equal(2L, m.Properties["T"].Value);
        Assert.Equal("2|1", ps.Joined("Get-Post -Id 1 -Annotate @{ T = 'Count(Tags)'; A = 'Count(Author)' } | ForEach-Object { \"$($_.T)|$($_.A)\" }"));
    }

    [DbFact]
    public void Group_by_paths_named_as_written_or_renamed()
    {
        var groups = ps.Ok("Group-RelObject -Model Post -By 'Tags.Name' -Aggregate @{ N = 'Count(Id)'; V = 'Sum(Views)' }");
        Assert.All(groups, g => Assert.Equal("RelationsPS.Group", g.TypeNames[0]));
        var byName = groups.ToDictionary(g => (string)g.Properties["Tags.Name"].Value, g => ((long)g.Properties["N"].Value, (long)g.Properties["V"].Value));
        Assert.Equal(3, byName.Count);
        Assert.Equal((2L, 160L), byName["python"]);
        Assert.Equal((1L, 150L), byName["django"]);
        Assert.Equal((1L, 50L), byName["sql"]);
        var renamed = ps.Strings("Group-RelObject Post -By @{ Tag = 'Tags.Name' } -Aggregate @{ N = 'Count(Id)' } | ForEach-Object { \"$($_.Tag):$($_.N)\" }");
        Assert.Equal(["django:1", "python:2", "sql:1"], renamed.Order());
    }

    [DbFact]
    public void Group_a_piped_query_by_a_foreign_key()
    {
        var text = ps.Joined("Get-Post -Filter { $_.Author -ne $null } -AsQuery | Group-RelObject -By 'Author.UserName' -Aggregate @{ V = 'Sum(Views)' } | ForEach-Object { \"$($_.'Author.UserName'):$($_.V)\" }");
        Assert.Equal("alice:150,bob:50", string.Join(",", text.Split(',').Order()));
        ps.Ok("Clear-RelQueryLog; $null = Get-Post -AsQuery | Group-RelObject -By AuthorId -Aggregate @{ N = 'Count(Id)' }");
        Assert.Equal(1, ps.Value("@(Get-RelQueryLog).Count"));
    }

    [DbFact]
    public void Sum_of_a_decimal_is_decimal()
    {
        ps.Ok("Connect-RelDatabase -InMemory -Schema @{ Item = @{ Price = @{ Type = 'Decimal'; MaxDigits = 10; DecimalPlaces = 2 } } }; $null = New-RelObject Item @{ Price = 0.10 }; $null = New-RelObject Item @{ Price = 0.20 }");
        Assert.Equal(0.30m, ps.Value("(Measure-RelObject Item -Aggregate @{ S = 'Sum(Price)' }).S"));
    }

    [DbFact]
    public void Aggregate_results_print_without_error()
    {
        ps.Run("Measure-RelObject Post -Aggregate @{ N = 'Count(Id)' } | Out-Default; Group-RelObject Post -By Views -Aggregate @{ N = 'Count(Id)' } | Out-Default").ShouldSucceed();
    }

    [DbFact]
    public void A_bad_aggregate_is_InvalidArgument()
    {
        var e = ps.Run("Measure-RelObject Post -Aggregate @{ N = 'Median(Views)' }").SingleError();
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        e.AssertNoSqliteException();
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class AggregateCmdletTestsOnPostgreSQL() : AggregateCmdletTests(Db.PostgreSQL);
