using System.Text.RegularExpressions;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Docs;

/// <summary>Every PowerShell example in README.md runs, in a fresh in-memory database, without an error.</summary>
public partial class ReadmeExampleTests
{
    [GeneratedRegex("```powershell\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PowerShellBlock();

    public static TheoryData<int> Blocks()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < PowerShellBlock().Matches(ReadMe()).Count; i++) data.Add(i);
        return data;
    }

    private static string ReadMe() => File.ReadAllText(Path.Combine(Repo.Root, "README.md"));

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Readme_powershell_block_runs(int index)
    {
        var code = PowerShellBlock().Matches(ReadMe())[index].Groups["code"].Value;
        using var ps = new PowerShellSession();
        var result = ps.Run(code);
        result.ShouldSucceed();
        Assert.NotEmpty(result.Output);
    }

    [Fact]
    public void The_readme_has_powershell_examples()
    {
        Assert.True(PowerShellBlock().Matches(ReadMe()).Count >= 1);
    }
}
