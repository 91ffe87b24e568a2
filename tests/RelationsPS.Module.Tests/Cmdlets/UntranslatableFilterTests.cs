using System.Management.Automation;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>
/// What the translator refuses: a terminating FilterNotTranslatable error (InvalidArgument) that quotes
/// the offending part of the scriptblock, says why, suggests Where-Object, and runs no SQL.
/// </summary>
public class UntranslatableFilterTests : IDisposable
{
    private readonly PowerShellSession ps;

    public UntranslatableFilterTests() : this(Db.SQLite)
    {
    }

    protected UntranslatableFilterTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    [DbTheory]
    [InlineData("$_.Title.GetHashCode() -eq 1", "$_.Title.GetHashCode()", "method calls cannot run in SQL")]
    [InlineData("$_.Title.Replace('a', 'b') -eq 'x'", "$_.Title.Replace('a', 'b')", "method calls cannot run in SQL")]
    [InlineData("$_.Views.Length -eq 1", "$_.Views.Length", "Cannot resolve keyword 'Length'")]
    [InlineData("[guid]$_.Title -eq 'x'", "[guid]$_.Title", "only [int] [long] [double] [decimal] [string] [bool] [datetime] casts can be translated")]
    [InlineData("$_.Title.Contains('x')", "$_.Title.Contains('x')", "method calls cannot run in SQL")]
    [InlineData("$_.Title | ForEach-Object { $_ }", "$_.Title | ForEach-Object { $_ }", "pipelines and commands cannot run in SQL")]
    [InlineData("Get-Date", "Get-Date", "commands cannot run in SQL")]
    [InlineData("& { $_.Views -gt 1 }", "& { $_.Views -gt 1 }", "commands cannot run in SQL")]
    [InlineData("$_.Nope -eq 1", "$_.Nope", "Cannot resolve keyword 'Nope' into field. Choices are: Id, Title, Body, Views, Created, Author, AuthorId, Tags")]
    [InlineData("$_.Tags.Nope -eq 1", "$_.Tags.Nope", "Cannot resolve keyword 'Nope' into field")]
    [InlineData("$_", "$_", "this expression of the row has no SQL translation")]
    [InlineData("$_ -eq 1", "$_", "compare a field of the row ($_.Name), not the row itself")]
    [InlineData("$_.Title -replace 'a', 'b'", "$_.Title -replace 'a', 'b'", "the operator '-replace' has no SQL translation")]
    [InlineData("($_.Title -split ' ') -contains 'x'", "$_.Title -split ' '", "only fields of $_, arithmetic (+ - * / %) and values can be translated")]
    [InlineData("$_.Title -is [string]", "$_.Title -is [string]", "the operator '-is' has no SQL translation")]
    [InlineData("$_.Views -as [string] -eq '1'", "$_.Views -as [string]", "only fields of $_, arithmetic (+ - * / %) and values can be translated")]
    [InlineData("$_.Views -gt 1 -xor $_.Views -lt 5", "$_.Views -gt 1 -xor $_.Views -lt 5", "the operator '-xor' has no SQL translation")]
    [InlineData("$_.Views -band 1", "$_.Views -band 1", "the operator '-band' has no SQL translation")]
    [InlineData("$_.PSObject.TypeNames -contains 'x'", "$_.PSObject.TypeNames", "Cannot resolve keyword 'PSObject' into field")]
    [InlineData("$_.PSTypeNames -contains 'x'", "$_.PSTypeNames", "Cannot resolve keyword 'PSTypeNames' into field")]
    [InlineData("[string]::IsNullOrEmpty($_.Title)", "[string]::IsNullOrEmpty($_.Title)", "method calls cannot run in SQL")]
    [InlineData("[math]::Abs($_.Views) -gt 5", "[math]::Abs($_.Views)", "method calls cannot run in SQL")]
    [InlineData("$_::Title -eq 'x'", "$_::Title", "only plain property names can be translated")]
    [InlineData("$_.Views = 5", "$_.Views = 5", "assignments cannot run in SQL")]
    [InlineData("$_.Views -gt 1; $_.Views -lt 5", "{ $_.Views -gt 1; $_.Views -lt 5 }", "a filter is exactly one condition")]
    [InlineData("param($p) $p.Views -gt 1", "{ param($p) $p.Views -gt 1 }", "a filter is a single condition, without param, begin or process blocks")]
    [InlineData("begin { } process { $_.Views -gt 1 }", "{ begin { } process { $_.Views -gt 1 } }", "without param, begin or process blocks")]
    [InlineData("if ($_.Views) { $true }", "if ($_.Views) { $true }", "statements (if, switch, loops) cannot run in SQL")]
    [InlineData("$_.Title[0] -eq 'D'", "$_.Title[0]", "only fields of $_, arithmetic (+ - * / %) and values can be translated")]
    [InlineData("\"$($_.Title)\" -eq 'x'", "\"$($_.Title)\"", "only fields of $_, arithmetic (+ - * / %) and values can be translated")]
    [InlineData("$_.Title -match $_.Body", "$_.Body", "-match needs a pattern value, not a field")]
    [InlineData("$_.Views -gt $null", "$_.Views -gt $null", "ordering comparisons with $null have no meaning in SQL")]
    [InlineData("1 -eq 1", "1 -eq 1", "neither side mentions a field of $_")]
    [InlineData("$_.Title -like ($_.Body + '[ab]')", "'[ab]'", "[..] character sets cannot be combined with fields in a -like pattern")]
    [InlineData("$_.Title -f 'x'", "$_.Title -f 'x'", "the operator '-f' has no SQL translation")]
    [InlineData("$_.Views", "$_.Views", "only a Boolean field or a to-many relation can stand alone as a condition")]
    [InlineData("$_.Views -in $_.Views", "$_.Views -in $_.Views", "both sides mention $_")]
    public void Untranslatable_input_is_a_FilterNotTranslatable_error(string filter, string fragment, string reason)
    {
        ps.Ok("Clear-RelQueryLog");
        var r = ps.Run($"Get-Post -Filter {{ {filter} }}");
        var e = r.SingleError();
        Assert.Equal("FilterNotTranslatable", e.Id());
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal(fragment, e.TargetObject);
        var message = e.Exception.Message;
        Assert.StartsWith($"Cannot translate '{fragment}' (line 1, column ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("Where-Object", message, StringComparison.Ordinal);
        Assert.Empty(r.Output);
        Assert.Equal(0, ps.Value("@(Get-RelQueryLog).Count"));
    }

    [DbFact]
    public void The_error_is_terminating_and_nothing_is_filtered_in_memory()
    {
        Assert.Equal("caught FilterNotTranslatable", ps.Joined("""
            try { Get-Post -Filter { $_.Title.GetHashCode() -gt 3 } -ErrorAction Continue; 'not reached' }
            catch { 'caught ' + $_.FullyQualifiedErrorId.Split(',')[0] }
            """));
    }

    [DbFact]
    public void The_same_errors_come_from_every_cmdlet_that_takes_a_filter()
    {
        foreach (var script in new[]
                 {
                     "Get-RelObject -Model Post -Filter { $_.Title.GetHashCode() -eq 1 }",
                     "Get-RelObject -Model Post -Exclude { $_.Title.GetHashCode() -eq 1 }",
                     "Get-Post -Exclude { $_.Title.GetHashCode() -eq 1 }",
                     "Get-Tag -Filter { $_.Title.GetHashCode() -eq 1 }",
                     "Measure-RelObject -Model Post -Filter { $_.Title.GetHashCode() -eq 1 } -Aggregate @{ N = 'Count(Id)' }",
                     "Group-RelObject -Model Post -By Views -Filter { $_.Title.GetHashCode() -eq 1 } -Aggregate @{ N = 'Count(Id)' }",
                 })
        {
            var e = ps.Run(script).SingleError();
            Assert.Equal("FilterNotTranslatable", e.Id());
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        }
        // Get-Tag: the unknown part is Title (tags have no title).
        Assert.Contains("Cannot resolve keyword 'Title'", ps.Run("Get-Tag -Filter { $_.Title -eq 'x' }").SingleError().Exception.Message, StringComparison.Ordinal);
    }

    [DbFact]
    public void An_update_expression_that_is_not_translatable_is_refused_and_nothing_changes()
    {
        var e = ps.Run("Get-Post -AsQuery | Set-RelObject -Property @{ Views = { $_.Title.GetHashCode() } } -Confirm:$false").SingleError();
        Assert.Equal("FilterNotTranslatable", e.Id());
        Assert.Contains("method calls cannot run in SQL", e.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("150,50,10", ps.Joined("Get-Post | ForEach-Object Views"));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class UntranslatableFilterTestsOnPostgreSQL() : UntranslatableFilterTests(Db.PostgreSQL);
