using System.Text.RegularExpressions;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>-Verbose shows each statement with its time; Get-RelQueryLog / Clear-RelQueryLog count what ran.</summary>
public sealed partial class QueryLogVerboseTests : IDisposable
{
    private readonly PowerShellSession ps = new();

    public QueryLogVerboseTests() => ps.Ok(Seed.Blog);

    public void Dispose() => ps.Dispose();

    [GeneratedRegex(@"^SQL \(\d+(\.\d+)? ms, (\d+) rows\): (SELECT .*)$")]
    private static partial Regex SqlLine();

    [Fact]
    public void Verbose_shows_the_SQL_its_time_rows_and_parameters()
    {
        var r = ps.Run("Get-Post -Tag python -Verbose").ShouldSucceed();
        Assert.Equal(2, r.Output.Count);
        Assert.Equal(2, r.Verbose.Count);
        var first = SqlLine().Match(r.Verbose[0]);
        Assert.True(first.Success, r.Verbose[0]);
        Assert.Equal("2", first.Groups[2].Value);
        Assert.Contains("\"post_tags\"", first.Groups[3].Value, StringComparison.Ordinal);
        Assert.EndsWith("[@p0='python']", r.Verbose[0], StringComparison.Ordinal);
        Assert.Matches(SqlLine(), r.Verbose[1]);
    }

    [Fact]
    public void VerbosePreference_works_like_the_switch_and_without_it_nothing_is_written()
    {
        Assert.Empty(ps.Run("Get-Post").ShouldSucceed().Verbose);
        var r = ps.Run("$VerbosePreference = 'Continue'; Get-Tag python; $VerbosePreference = 'SilentlyContinue'").ShouldSucceed();
        Assert.Single(r.Verbose);
        Assert.Matches(SqlLine(), r.Verbose[0]);
    }

    [Fact]
    public void Verbose_on_a_write_shows_the_insert()
    {
        var r = ps.Run("New-Tag rust -Verbose").ShouldSucceed();
        Assert.Contains(r.Verbose, v => v.StartsWith("SQL (", StringComparison.Ordinal) && v.Contains("INSERT INTO \"tag\"", StringComparison.Ordinal) && v.Contains("'rust'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_query_log_counts_statements_with_sql_parameters_rows_and_time()
    {
        ps.Ok("Clear-RelQueryLog");
        Assert.Equal(0, ps.Value("@(Get-RelQueryLog).Count"));
        ps.Ok("$null = Get-User alice");
        Assert.Equal(1, ps.Value("@(Get-RelQueryLog).Count"));
        ps.Ok("$null = Get-Tag python; $null = Get-Tag sql");
        Assert.Equal(3, ps.Value("@(Get-RelQueryLog).Count"));
        Assert.Equal("sql", ps.Value("(Get-RelQueryLog -Last 1).Parameters[0]"));
        Assert.Equal(1L, Convert.ToInt64(ps.Value("(Get-RelQueryLog -Last 1).Rows")));
        Assert.Equal("True", ps.Joined("(Get-RelQueryLog -Last 1).Elapsed -is [timespan]"));
        Assert.Equal("RelationsPS.Core.Execution.QueryLogEntry", ps.Value("(Get-RelQueryLog -Last 1).GetType().FullName"));
        Assert.Equal(2, ps.Value("@(Get-RelQueryLog -Last 2).Count"));
        ps.Ok("Clear-RelQueryLog");
        Assert.Equal(0, ps.Value("@(Get-RelQueryLog).Count"));
        Assert.Equal(0L, Convert.ToInt64(ps.Value("(Get-RelDatabase).Queries")));
    }

    [Fact]
    public void A_pipeline_ran_two_queries()
    {
        ps.Ok("Clear-RelQueryLog");
        ps.Ok("$null = Get-Post -Filter { $_.Views -gt 20 }");
        // The posts, then their tags prefetched for display: never one query per row.
        Assert.Equal(2, ps.Value("@(Get-RelQueryLog).Count"));
        Assert.Equal(2L, Convert.ToInt64(ps.Value("(Get-RelQueryLog)[0].Rows")));
    }

    [Fact]
    public void The_log_belongs_to_the_connection()
    {
        ps.Ok("$first = Get-RelDatabase; Clear-RelQueryLog; $null = Get-Tag; Connect-RelDatabase -InMemory");
        // The new connection logged the statements that created its tables, and nothing else.
        Assert.Equal("True", ps.Joined("@(Get-RelQueryLog | Where-Object Sql -notlike 'CREATE *').Count -eq 0"));
        ps.Ok("Clear-RelQueryLog; $null = Get-Tag; $null = Get-User");
        Assert.Equal(2, ps.Value("@(Get-RelQueryLog).Count"));
        Assert.Equal(1, ps.Value("@(Get-RelQueryLog -Database $first).Count"));
    }
}
