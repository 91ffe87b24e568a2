using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>Use-RelTransaction: all or nothing (Django's atomic); nested calls are savepoints.</summary>
public sealed class TransactionTests : IDisposable
{
    private readonly PowerShellSession ps = new();

    public TransactionTests() => ps.Ok(Seed.Blog);

    public void Dispose() => ps.Dispose();

    [Fact]
    public void Work_that_succeeds_is_kept_and_its_output_passes_through()
    {
        var output = ps.Strings("Use-RelTransaction { New-Tag rust | ForEach-Object Name; New-Post -Title 'Rust' -Tag rust | ForEach-Object Title }");
        Assert.Equal(["rust", "Rust"], output);
        Assert.Equal("Rust", ps.Joined("Get-Post -Tag rust | ForEach-Object Title"));
    }

    [Fact]
    public void A_throw_rolls_everything_back()
    {
        var r = ps.Run("Use-RelTransaction { $null = New-Tag rust; $null = New-Post -Title 'Rust' -Tag rust; Remove-Post 1 -Confirm:$false; throw 'boom' }");
        Assert.True(r.Terminating is not null || r.Errors.Count > 0);
        Assert.Contains("boom", r.Terminating?.Message ?? r.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("python,django,sql", ps.Joined("Get-Tag | ForEach-Object Name"));
        Assert.Equal("Django intro,SQL basics,Python tricks", ps.Joined("Get-Post | ForEach-Object Title"));
    }

    [Fact]
    public void A_terminating_cmdlet_error_inside_rolls_back()
    {
        ps.Run("Use-RelTransaction { $null = New-Tag rust; New-Tag python -ErrorAction Stop }");
        Assert.Equal("python,django,sql", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [Fact]
    public void Non_terminating_errors_inside_do_not_roll_back()
    {
        var r = ps.Run("Use-RelTransaction { $null = New-Tag rust; New-Tag python }");
        Assert.Equal(["UniqueViolation"], r.ErrorIds);
        Assert.Equal("python,django,sql,rust", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [Fact]
    public void Nested_transactions_are_savepoints()
    {
        ps.Run("""
            Use-RelTransaction {
                $null = New-Tag outer
                try { Use-RelTransaction { $null = New-Tag inner; throw 'inner fails' } } catch { }
                $null = New-Tag after
            }
            """).ShouldSucceed();
        Assert.Equal("python,django,sql,outer,after", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [Fact]
    public void Caller_variables_are_visible_inside()
    {
        Assert.Equal("rust", ps.Joined("$name = 'rust'; Use-RelTransaction { New-Tag $name | ForEach-Object Name }"));
    }
}
