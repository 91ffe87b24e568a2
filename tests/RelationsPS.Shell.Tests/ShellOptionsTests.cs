using RelationsPS.Shell;

namespace RelationsPS.Shell.Tests;

public class ShellOptionsTests
{
    [Fact]
    public void A_script_path_takes_every_word_after_it_as_the_script_s_arguments()
    {
        var o = ShellOptions.Parse(["-NoModule", "run.ps1", "-Name", "x", "-NoModule"]);
        Assert.True(o.NoModule);
        Assert.Equal("run.ps1", o.ScriptFile);
        Assert.Equal(["-Name", "x", "-NoModule"], o.ScriptArgs);
    }

    [Fact]
    public void File_option_names_the_script_explicitly()
    {
        var o = ShellOptions.Parse(["-File", "run.ps1", "a"]);
        Assert.Equal("run.ps1", o.ScriptFile);
        Assert.Equal(["a"], o.ScriptArgs);
    }

    [Theory]
    [InlineData("-Command")]
    [InlineData("-c")]
    [InlineData("--command")]
    [InlineData("-COMMAND")]
    public void Command_joins_the_rest_of_the_line_as_pwsh_does(string option)
    {
        var o = ShellOptions.Parse([option, "'a';", "-NoModule"]);
        Assert.Equal("'a'; -NoModule", o.Command);
        Assert.False(o.NoModule);
    }

    [Fact]
    public void Command_dash_and_file_dash_read_standard_input()
    {
        Assert.True(ShellOptions.Parse(["-Command", "-"]).CommandFromStdin);
        Assert.True(ShellOptions.Parse(["-"]).CommandFromStdin);
        Assert.Null(ShellOptions.Parse(["-Command", "-"]).Command);
    }

    [Fact]
    public void Module_options()
    {
        Assert.Equal("/m/RelationsPS.psd1", ShellOptions.Parse(["-Module", "/m/RelationsPS.psd1", "-c", "1"]).ModulePath);
        Assert.Equal("/m", ShellOptions.Parse(["--module", "/m"]).ModulePath);
        Assert.True(ShellOptions.Parse(["--no-module"]).NoModule);
    }

    [Fact]
    public void Pwsh_habits_are_accepted()
    {
        var o = ShellOptions.Parse(["-NoProfile", "-NoLogo", "-NonInteractive", "x.ps1"]);
        Assert.True(o.NonInteractive);
        Assert.Equal("x.ps1", o.ScriptFile);
    }

    [Fact]
    public void No_arguments_means_stdin_or_the_prompt()
    {
        var o = ShellOptions.Parse([]);
        Assert.Null(o.ScriptFile);
        Assert.Null(o.Command);
        Assert.False(o.CommandFromStdin);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    [InlineData("-?")]
    public void Help(string option) => Assert.True(ShellOptions.Parse([option]).Help);

    [Fact]
    public void Version() => Assert.True(ShellOptions.Parse(["--version"]).Version);

    [Theory]
    [InlineData("-Bogus")]
    [InlineData("--verbose")]
    public void Unknown_options_are_refused(string option)
    {
        var e = Assert.Throws<ArgumentException>(() => ShellOptions.Parse([option]));
        Assert.Contains($"Unknown option '{option}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-Command")]
    [InlineData("-File")]
    [InlineData("-Module")]
    public void Options_that_need_a_value_say_so(string option) =>
        Assert.Throws<ArgumentException>(() => ShellOptions.Parse([option]));
}
