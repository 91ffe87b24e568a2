using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Foundation;

/// <summary>relps: scripts, -Command, stdin, exit codes and streams, as issue 2 describes.</summary>
public class ShellTests
{
    [Fact]
    public void Runs_a_script_file_with_named_and_positional_arguments_and_its_exit_code()
    {
        var script = Path.Combine(Path.GetTempPath(), $"relps-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(script, "param($Name, $Count)\n\"Hello $Name $Count\"\nexit 4\n");
        try
        {
            var r = Relps.Run([script, "-Name", "alice", "3"]);
            Assert.Equal(4, r.ExitCode);
            Assert.Equal("Hello alice 3", r.Out.Trim());
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void Reads_a_script_from_standard_input()
    {
        var r = Relps.Run([], stdin: "Connect-RelDatabase -InMemory\n(New-Tag 'from stdin').Slug\nexit 3\n");
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("from-stdin", r.Out.Trim());
    }

    [Fact]
    public void A_terminating_error_fails_the_run_with_the_message_on_stderr()
    {
        var r = Relps.Command("'before'; throw 'boom'; 'after'");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("before", r.Out.Trim());
        Assert.Contains("boom", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_terminating_error_is_shown_and_the_script_goes_on()
    {
        var r = Relps.Command("Connect-RelDatabase -InMemory; Get-Tag missing; 'after'");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("after", r.Out.Trim());
        Assert.Contains("Cannot find a tag with name 'missing'.", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_is_formatted_by_the_module_views_as_plain_text_when_redirected()
    {
        var r = Relps.Command("Connect-RelDatabase -InMemory; New-Post -Title 'Hello' -Tag python, sql | Out-Null; Get-Post");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        Assert.StartsWith("Id", lines[0].TrimStart(), StringComparison.Ordinal);
        Assert.Contains("Tags", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\s*1\s+Hello\s+python, sql\s+0\s+\d{4}-\d{2}-\d{2}$", lines[2]);
        Assert.DoesNotContain("\u001b[", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_output_goes_to_stderr_with_the_sql()
    {
        var r = Relps.Command("Connect-RelDatabase -InMemory; Get-Tag -Verbose | Out-Null");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("VERBOSE: SQL (", r.Err, StringComparison.Ordinal);
        Assert.Contains("FROM \"tag\"", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_and_bad_options()
    {
        var help = Relps.Run(["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Select-Object", help.Out, StringComparison.Ordinal);
        var bad = Relps.Run(["-Bogus"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Unknown option '-Bogus'", bad.Err, StringComparison.Ordinal);
    }
}
