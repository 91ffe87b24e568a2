using System.Management.Automation;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Reliability;

/// <summary>
/// Issue 12 (items 9, 10, 11) through the cmdlets: refused values are per-item InvalidArgument errors
/// that let the rest of the pipeline be written; tags of any script; break out of Use-RelTransaction.
/// </summary>
public sealed class ReliabilityInputTests : IDisposable
{
    private readonly PowerShellSession ps = new();

    public void Dispose() => ps.Dispose();

    [Fact]
    public void A_NaN_in_a_piped_import_is_one_InvalidArgument_error_and_the_other_nine_rows_are_kept()
    {
        ps.Ok("Connect-RelDatabase -InMemory -Schema @{ Reading = @{ Value = @{ Type = 'Float' } } }");
        var r = ps.Run("1..10 | ForEach-Object { @{ Value = if ($_ -eq 5) { [double]::NaN } else { $_ } } } | New-RelObject -Model Reading | Out-Null");
        Assert.Null(r.Terminating);
        Assert.Equal(["InvalidValue"], r.ErrorIds);
        Assert.Equal(ErrorCategory.InvalidArgument, r.Errors[0].CategoryInfo.Category);
        Assert.Equal(9, Convert.ToInt32(ps.Value("@(Get-RelObject -Model Reading).Count")));
    }

    [Fact]
    public void Text_given_a_list_and_float_text_with_a_comma_are_refused()
    {
        ps.Ok("Connect-RelDatabase -InMemory -Schema @{ Item = @{ Note = @{ Type = 'Text'; Blank = $true; Null = $true }; Ratio = @{ Type = 'Float'; Null = $true } } }");
        Assert.Equal(["InvalidValue"], ps.Run("New-RelObject Item @{ Note = @(1, 2) }").ErrorIds);
        Assert.Equal(["InvalidValue"], ps.Run("New-RelObject Item @{ Note = @{ a = 1 } }").ErrorIds);
        Assert.Equal(["InvalidText"], ps.Run("New-RelObject Item @{ Note = \"a$([char]0xD800)b\" }").ErrorIds);
        Assert.Equal(["InvalidValue"], ps.Run("New-RelObject Item @{ Ratio = '1,5' }").ErrorIds);
        Assert.Equal(0, Convert.ToInt32(ps.Value("@(Get-RelObject Item).Count")));
    }

    [Fact]
    public void An_expression_update_beyond_an_Integer_field_is_refused_and_changes_nothing()
    {
        ps.Ok("New-Post -Title a -Views 5 | Out-Null");
        var r = ps.Run("Get-Post -AsQuery | Set-RelObject -Property @{ Views = { $_.Views + 3000000000 } }");
        Assert.Equal(["ValueOutOfRange"], r.ErrorIds);
        Assert.Equal(ErrorCategory.InvalidArgument, r.Errors[0].CategoryInfo.Category);
        Assert.Equal(5L, ps.Value("(Get-Post -Title a).Views"));
    }

    [Fact]
    public void Sum_of_a_text_field_is_refused()
    {
        ps.Ok("New-Post -Title a | Out-Null");
        var r = ps.Run("Measure-RelObject -Model Post -Aggregate @{ S = 'Sum(Title)' }");
        Assert.Contains("NonNumericAggregate", r.ErrorIds.Concat([r.Terminating is IContainsErrorRecord c ? c.ErrorRecord.FullyQualifiedErrorId.Split(',')[0] : ""]));
    }

    [Fact]
    public void Disconnecting_inside_Use_RelTransaction_is_TransactionAborted()
    {
        var r = ps.Run("Use-RelTransaction { New-Post -Title x | Out-Null; Disconnect-RelDatabase }");
        var id = r.Terminating is IContainsErrorRecord c ? c.ErrorRecord.FullyQualifiedErrorId : r.Errors.Single().FullyQualifiedErrorId;
        Assert.StartsWith("TransactionAborted", id);
        Assert.DoesNotContain("SqliteTransaction", r.Terminating?.Message ?? r.Errors.Single().ToString());
    }

    [Theory]
    [InlineData("питон", "питон")]
    [InlineData("日本語", "日本語")]
    [InlineData("🐍", "tag")]
    [InlineData("Machine Learning", "machine-learning")]
    public void Tags_in_any_script_get_a_slug(string name, string slug)
    {
        Assert.Equal(slug, ps.Value($"(New-Tag '{name}').Slug"));
    }

    [Fact]
    public void A_taken_slug_gets_a_suffix_and_a_name_differing_in_case_only_is_ResourceExists()
    {
        Assert.Equal("cafe", ps.Value("(New-Tag 'café').Slug"));
        Assert.Equal("cafe-2", ps.Value("(New-Tag 'cafe').Slug"));
        Assert.Equal("c", ps.Value("(New-Tag 'c').Slug"));
        Assert.Equal("c-2", ps.Value("(New-Tag 'c#').Slug"));
        Assert.Equal("python", ps.Value("(New-Tag 'python').Slug"));
        var e = ps.Run("New-Tag Python").Errors.Single();
        Assert.Equal("UniqueViolation", e.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
        Assert.Equal(5, Convert.ToInt32(ps.Value("@(Get-Tag).Count")));
    }

    [Fact]
    public void A_tag_named_123_is_found_by_its_name_before_any_id()
    {
        ps.Ok("1..3 | ForEach-Object { New-Tag \"t$_\" } | Out-Null; New-Tag 123 | Out-Null; New-Post -Title p -Tag 123 | Out-Null");
        Assert.Equal("123", ps.Value("(Get-Post -Title p).Tags.Name"));
        Assert.Equal("p", ps.Value("(Get-Post -Tag 123).Title"));
        Assert.Equal("p", ps.Value("(Get-Post -Tag '123').Title"));
        // Without a tag of that name, a number is an id.
        Assert.Equal("t2", ps.Value("(New-Post -Title q -Tag 2).Tags.Name"));
    }

    [Fact]
    public void Break_out_of_Use_RelTransaction_commits_what_ran_warns_and_leaves_the_loop()
    {
        var r = ps.Run("foreach ($i in 1..3) { Use-RelTransaction { New-Post -Title \"p$i\" | Out-Null; if ($i -eq 2) { break } } }; 'after'");
        Assert.Null(r.Terminating);
        Assert.Equal(["after"], r.Text);
        Assert.Contains(r.Warnings, w => w.Contains("'break'", StringComparison.Ordinal) && w.Contains("committed", StringComparison.Ordinal));
        Assert.Equal(["p1", "p2"], ps.Ok("(Get-Post).Title").Select(o => o.ToString()));
    }

    [Fact]
    public void Continue_out_of_Use_RelTransaction_commits_and_goes_on_with_the_loop()
    {
        var r = ps.Run("foreach ($i in 1..3) { Use-RelTransaction { New-Post -Title \"p$i\" | Out-Null; if ($i -eq 2) { continue }; New-Post -Title \"q$i\" | Out-Null } }");
        Assert.Null(r.Terminating);
        Assert.Single(r.Warnings);
        Assert.Equal(["p1", "q1", "p2", "p3", "q3"], ps.Ok("(Get-Post).Title").Select(o => o.ToString()));
    }
}
