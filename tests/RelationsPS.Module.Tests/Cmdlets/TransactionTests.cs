using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>Use-RelTransaction: all or nothing (Django's atomic); nested calls are savepoints.</summary>
public class TransactionTests : IDisposable
{
    private readonly PowerShellSession ps;

    public TransactionTests() : this(Db.SQLite)
    {
    }

    protected TransactionTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    [DbFact]
    public void Work_that_succeeds_is_kept_and_its_output_passes_through()
    {
        var output = ps.Strings("Use-RelTransaction { New-Tag rust | ForEach-Object Name; New-Post -Title 'Rust' -Tag rust | ForEach-Object Title }");
        Assert.Equal(["rust", "Rust"], output);
        Assert.Equal("Rust", ps.Joined("Get-Post -Tag rust | ForEach-Object Title"));
    }

    [DbFact]
    public void A_throw_rolls_everything_back()
    {
        var r = ps.Run("Use-RelTransaction { $null = New-Tag rust; $null = New-Post -Title 'Rust' -Tag rust; Remove-Post 1 -Confirm:$false; throw 'boom' }");
        Assert.True(r.Terminating is not null || r.Errors.Count > 0);
        Assert.Contains("boom", r.Terminating?.Message ?? r.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("python,django,sql", ps.Joined("Get-Tag | ForEach-Object Name"));
        Assert.Equal("Django intro,SQL basics,Python tricks", ps.Joined("Get-Post | ForEach-Object Title"));
    }

    [DbFact]
    public void A_terminating_cmdlet_error_inside_rolls_back()
    {
        ps.Run("Use-RelTransaction { $null = New-Tag rust; New-Tag python -ErrorAction Stop }");
        Assert.Equal("python,django,sql", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [DbFact]
    public void Non_terminating_errors_inside_do_not_roll_back()
    {
        var r = ps.Run("Use-RelTransaction { $null = New-Tag rust; New-Tag python }");
        Assert.Equal(["UniqueViolation"], r.ErrorIds);
        Assert.Equal("python,django,sql,rust", ps.Joined("Get-Tag | ForEach-Object Name"));
    }

    [DbFact]
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

    [DbFact]
    public void Caller_variables_are_visible_inside()
    {
        Assert.Equal("rust", ps.Joined("$name = 'rust'; Use-RelTransaction { New-Tag $name | ForEach-Object Name }"));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class TransactionTestsOnPostgreSQL() : TransactionTests(Db.PostgreSQL);
