using System.Management.Automation;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>
/// Parts of dates in filters, as a DateTime reads in PowerShell (<c>$_.At.Year</c>, <c>$_.At.Date</c>)
/// and as Django keywords (<c>At__year</c>, <c>At__date__lt</c>), translated to SQL; in ordering and
/// groups as paths (<c>-OrderBy '-At.Year'</c>, <c>-By At.Year</c>). A missing date has no parts.
/// </summary>
public class DateFilterTests : IDisposable
{
    private readonly PowerShellSession ps;

    public DateFilterTests() : this(Db.SQLite)
    {
    }

    protected DateFilterTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok("""
        Connect-RelDatabase -InMemory -Schema @{
            Meeting = @{ Name = @{ Type = 'Char'; MaxLength = 20 }
                         At   = @{ Type = 'DateTime'; Null = $true }
                         On   = @{ Type = 'Date'; Null = $true } }
        }
        $null = New-RelObject Meeting @{ Name = 'a'; At = [datetime]'2024-02-29 13:45:30'; On = [datetime]'2024-02-29' }
        $null = New-RelObject Meeting @{ Name = 'b'; At = [datetime]'2023-12-31 23:59:59'; On = [datetime]'2023-12-31' }
        $null = New-RelObject Meeting @{ Name = 'c'; At = $null; On = $null }
        """);
    }

    public void Dispose() => ps.Dispose();

    private string Names(string filter) => ps.Joined($"Get-RelObject Meeting -Filter {filter} | ForEach-Object Name");

    [DbTheory]
    [InlineData("{ $_.At.Year -eq 2024 }", "a")]
    [InlineData("{ $_.At.Month -ge 12 -or $_.At.Hour -eq 13 }", "a,b")]
    [InlineData("{ $_.At.Minute -eq 59 -and $_.At.Second -eq 59 }", "b")]
    [InlineData("{ $_.At.Day -in 1, 31 }", "b")]
    [InlineData("{ $_.At.Date -eq [datetime]'2024-02-29' }", "a")]
    [InlineData("{ $_.On.Year -eq $_.At.Year }", "a,b")]
    [InlineData("{ $null -eq $_.At.Year }", "c")]
    [InlineData("{ -not ($_.At.Year -eq 2024) }", "b,c")]
    [InlineData("@{ At__year = 2023 }", "b")]
    [InlineData("@{ At__date__lt = [datetime]'2024-01-01' }", "b")]
    [InlineData("@{ On__month__in = 2, 3 }", "a")]
    public void A_date_part_filters_in_the_database(string filter, string expected)
    {
        ps.Ok("Clear-RelQueryLog");
        Assert.Equal(expected, Names(filter));
        // One statement, the part compared in SQL (SQLite's dates are text: substr; PostgreSQL's are timestamps).
        Assert.Equal(1, ps.Value("@(Get-RelQueryLog).Count"));
        Assert.Contains(ps.Database == Db.SQLite ? "substr(" : " WHERE ", ps.Value("(Get-RelQueryLog)[0].Sql") as string);
    }

    [DbFact]
    public void A_variable_from_the_callers_scope_gives_the_value()
    {
        Assert.Equal("a", ps.Joined("$day = [datetime]'2024-02-29 08:00'; Get-RelObject Meeting -Filter { $_.At.Date -eq $day.Date } | ForEach-Object Name"));
        Assert.Equal("b", ps.Joined("$year = 2023; Get-RelObject Meeting -Filter { $_.On.Year -eq $year } | ForEach-Object Name"));
    }

    [DbFact]
    public void Date_parts_order_and_group()
    {
        Assert.Equal("a,b,c", ps.Joined("Get-RelObject Meeting -OrderBy '-At.Year' | ForEach-Object Name"));
        Assert.Equal(":1,2023:1,2024:1", ps.Joined("Group-RelObject Meeting -By @{ Year = 'At.Year' } -Aggregate @{ N = 'Count(Id)' } | ForEach-Object { \"$($_.Year):$($_.N)\" }"));
    }

    [DbFact]
    public void A_part_the_field_does_not_have_is_a_translation_error_that_lists_the_parts()
    {
        var week = ps.Run("Get-RelObject Meeting -Filter { $_.At.Fortnight -eq 1 }").SingleError();
        Assert.Equal("FilterNotTranslatable", week.Id());
        Assert.Equal(ErrorCategory.InvalidArgument, week.CategoryInfo.Category);
        Assert.Contains("its parts are Year, Month, Day, Hour, Minute, Second, Date, WeekDay, Quarter, Week, IsoYear, Time", week.Exception.Message);
        var hour = ps.Run("Get-RelObject Meeting -Filter @{ On__hour = 1 }").SingleError();
        Assert.Contains("its parts are Year, Month, Day, WeekDay, Quarter, Week, IsoYear.", hour.Exception.Message);
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class DateFilterTestsOnPostgreSQL() : DateFilterTests(Db.PostgreSQL);
