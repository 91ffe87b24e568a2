using System.Management.Automation.Runspaces;
using RelationsPS.Shell;

namespace RelationsPS.Shell.Tests;

public class ScriptArgumentsTests
{
    private static (string? Name, object? Value)[] Convert(params string[] words) =>
        ScriptArguments.ToParameters(words).Select(p => ((string?)p.Name, (object?)p.Value)).ToArray();

    [Fact]
    public void A_dashed_word_is_a_name_left_for_the_binder_to_pair_or_treat_as_a_switch()
    {
        Assert.Equal([("-Name", null), (null, "x"), ("-Force", null)], Convert("-Name", "x", "-Force"));
    }

    [Fact]
    public void Other_words_are_positional_strings()
    {
        Assert.Equal([(null, "a"), (null, "b c")], Convert("a", "b c"));
    }

    [Fact]
    public void Name_colon_value_binds_the_value_and_dollar_booleans_become_booleans()
    {
        Assert.Equal([("Name", "x:y"), ("Force", false), ("WhatIf", true)], Convert("-Name:x:y", "-Force:$false", "-WhatIf:$TRUE"));
    }

    [Fact]
    public void Name_colon_takes_the_next_word()
    {
        Assert.Equal([("Name", "x"), (null, "y")], Convert("-Name:", "x", "y"));
    }

    [Fact]
    public void Negative_numbers_and_a_lone_dash_are_values()
    {
        Assert.Equal([("-Offset", null), (null, "-5"), (null, "-.5"), (null, "-")], Convert("-Offset", "-5", "-.5", "-"));
    }

    [Fact]
    public void Parameters_are_engine_command_parameters()
    {
        Assert.All(ScriptArguments.ToParameters(["-a", "b"]), p => Assert.IsType<CommandParameter>(p));
    }
}
