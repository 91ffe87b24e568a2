using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Foundation;

/// <summary>
/// A cmdlet call that ends without EndProcessing (a terminating error in it or downstream) leaves
/// nothing behind on the connection, which outlives it: no verbose subscription, no open transaction.
/// </summary>
public sealed class CmdletLifetimeTests : IDisposable
{
    private readonly PowerShellSession ps = new();

    public CmdletLifetimeTests() => ps.Ok("""
        $db = Get-RelDatabase
        # The handlers on the connection's StatementExecuted event (a field-like event in the engine).
        function global:Subscribers { $f = $db.Log.GetType().GetField('StatementExecuted', [Reflection.BindingFlags]'NonPublic,Instance'); @($f.GetValue($db.Log)).Where({ $_ }).Count }
        """);

    public void Dispose() => ps.Dispose();

    [Fact]
    public void A_verbose_call_stopped_by_a_terminating_error_releases_its_log_subscription()
    {
        ps.Ok("$null = Get-Tag -Verbose");
        Assert.Equal(0, ps.Value("Subscribers"));
        var r = ps.Run("try { Get-Post -Verbose -Filter { $_.Title.Foo() } } catch { $_.FullyQualifiedErrorId }; Subscribers").ShouldSucceed();
        Assert.Equal(["FilterNotTranslatable,RelationsPS.Commands.Blog.GetPostCommand", "0"], r.Text);
    }

    [Fact]
    public void New_Post_cut_short_downstream_keeps_what_it_wrote_and_leaves_no_transaction_open()
    {
        var r = ps.Run("""
            try { 'a', 'b', 'c' | ForEach-Object { [pscustomobject]@{ Title = $_ } } | New-Post -Verbose | ForEach-Object { throw 'stop' } } catch { "caught $_" }
            $db.IsInTransaction
            Subscribers
            @(Get-Post).Count
            """).ShouldSucceed();
        // 'a' was written to the pipeline as saved (the downstream threw on it), so it stays; 'b' and 'c' never ran.
        Assert.Equal(["caught stop", "False", "0", "1"], r.Text);
        // Later calls commit on their own again.
        ps.Ok("$null = New-Tag after");
        Assert.Equal(false, ps.Value("$db.IsInTransaction"));
        Assert.Equal("after", ps.Value("(Get-Tag).Name"));
    }
}
