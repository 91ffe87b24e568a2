using System.Management.Automation;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Help;

/// <summary>Help is data, checked: up to date with its sources, complete for every cmdlet, and every example runs.</summary>
public class HelpTests
{
    [Fact]
    public void Help_file_is_up_to_date()
    {
        var generated = HelpGenerator.Generate();
        if (Environment.GetEnvironmentVariable("RELATIONSPS_UPDATE_HELP") == "1") File.WriteAllText(HelpGenerator.HelpFile, generated);
        Assert.True(File.Exists(HelpGenerator.HelpFile), "module/en-US/RelationsPS.dll-Help.xml is missing; run the tests with RELATIONSPS_UPDATE_HELP=1.");
        Assert.True(generated == File.ReadAllText(HelpGenerator.HelpFile).Replace("\r\n", "\n", StringComparison.Ordinal),
            "The help file is out of date with the doc comments or module/help/examples.psd1; run the tests with RELATIONSPS_UPDATE_HELP=1 and commit it.");
    }

    public static TheoryData<string> Cmdlets()
    {
        using var ps = new PowerShellSession(connectInMemory: false);
        var data = new TheoryData<string>();
        foreach (var name in ps.Ok("(Get-Command -Module RelationsPS).Name").Select(o => (string)o.BaseObject)) data.Add(name);
        return data;
    }

    private static readonly string[] CommonParameters =
    [
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    ];

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_Full_shows_synopsis_description_every_parameter_and_an_example(string cmdlet)
    {
        using var ps = new PowerShellSession(connectInMemory: false);
        var help = ps.Ok($"Get-Help {cmdlet} -Full").Single();
        var synopsis = help.Properties["Synopsis"].Value?.ToString()?.Trim() ?? "";
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain("[<CommonParameters>]", synopsis, StringComparison.Ordinal);
        Assert.DoesNotContain(cmdlet + " ", synopsis, StringComparison.Ordinal);
        var description = ps.Ok($"(Get-Help {cmdlet} -Full).Description.Text -join ' '").Single().ToString();
        Assert.True(description.Length > 20, $"{cmdlet}: description '{description}'");
        Assert.True(description.Length > synopsis.Length + 20 && description.StartsWith(synopsis, StringComparison.Ordinal),
            $"{cmdlet}: the description says no more than the synopsis: '{description}'");

        var documented = ps.Ok($"(Get-Help {cmdlet} -Full).Parameters.Parameter | ForEach-Object {{ $_.Name + '=' + ($_.Description.Text -join ' ') }}")
            .Select(o => o.ToString()!).ToDictionary(s => s[..s.IndexOf('=', StringComparison.Ordinal)], s => s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var actual = ps.Ok($"(Get-Command {cmdlet}).Parameters.Keys").Select(o => o.ToString()!).Except(CommonParameters).ToList();
        Assert.NotEmpty(actual);
        foreach (var p in actual)
        {
            Assert.True(documented.TryGetValue(p, out var text), $"{cmdlet} -{p} is not in the help");
            Assert.True(text!.Trim().Length > 5, $"{cmdlet} -{p} has no description");
        }
        var examples = ps.Ok($"@((Get-Help {cmdlet} -Full).Examples.Example).Count").Single();
        Assert.True((int)examples.BaseObject >= 1, $"{cmdlet} has no example");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Help_tells_aliases_wildcards_and_WhatIf_Confirm_as_the_cmdlet_has_them(string cmdlet)
    {
        using var ps = new PowerShellSession(connectInMemory: false);
        var help = ps.Ok($"(Get-Help {cmdlet} -Full).Parameters.Parameter | ForEach-Object {{ $_.Name + '|' + $_.Aliases + '|' + $_.Globbing }}")
            .Select(o => o.ToString()!.Split('|')).ToDictionary(a => a[0], a => (Aliases: a[1], Globbing: a[2]));
        var actual = ps.Ok($"(Get-Command {cmdlet}).Parameters.Values | ForEach-Object {{ $_.Name + '|' + ($_.Aliases -join ', ') + '|' + [bool]($_.Attributes | Where-Object {{ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }}) }}")
            .Select(o => o.ToString()!.Split('|')).Where(a => !CommonParameters.Contains(a[0]) && a[0] is not "WhatIf" and not "Confirm" || a[0] is "WhatIf" or "Confirm").ToList();
        foreach (var a in actual.Where(a => !CommonParameters.Contains(a[0])))
        {
            Assert.True(help.TryGetValue(a[0], out var h), $"{cmdlet} -{a[0]} is not in the help");
            Assert.Equal(a[1].Length == 0 ? "none" : a[1], h.Aliases);
            Assert.Equal(a[2], h.Globbing, ignoreCase: true);
        }
        var shouldProcess = (bool)ps.Value($"(Get-Command {cmdlet}).Parameters.ContainsKey('WhatIf')")!;
        Assert.Equal(shouldProcess, help.ContainsKey("WhatIf"));
        Assert.Equal(shouldProcess, help.ContainsKey("Confirm"));
    }

    /// <summary>The examples that need no server (those naming a PostgreSQL server run in <see cref="PostgresHelpExampleTests"/>).</summary>
    public static TheoryData<string, int> AllExamples()
    {
        var data = new TheoryData<string, int>();
        foreach (var (cmdlet, index) in Examples.All().Where(e => !PostgresHelpExampleTests.NeedsServer(Examples.Load()[e.Cmdlet][e.Index].Code))) data.Add(cmdlet, index);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllExamples))]
    public void Every_help_example_runs(string cmdlet, int index)
    {
        var code = Examples.Load()[cmdlet][index].Code;
        var dir = Directory.CreateTempSubdirectory("relps-example-");
        try
        {
            using var ps = new PowerShellSession();
            ps.Ok($"$ExecutionContext.SessionState.Path.SetLocation('{dir.FullName}') | Out-Null");
            var result = ps.Run(code);
            result.ShouldSucceed();
        }
        finally
        {
            // A file database an example opened stays open in its session until disposal above.
            dir.Delete(recursive: true);
        }
    }
}

/// <summary>
/// The help examples that name a PostgreSQL server (127.0.0.1:5432, database blog) run against a new database of the
/// test cluster: the address in the example is replaced by the cluster's, and Get-Credential (which would prompt)
/// returns the cluster's user.
/// </summary>
[OnPostgreSQL]
public class PostgresHelpExampleTests
{
    public static bool NeedsServer(string code) => code.Contains("127.0.0.1:5432", StringComparison.Ordinal) || code.Contains("Port=5432", StringComparison.Ordinal);

    public static TheoryData<string, int> ServerExamples()
    {
        var data = new TheoryData<string, int>();
        foreach (var (cmdlet, index) in Examples.All().Where(e => NeedsServer(Examples.Load()[e.Cmdlet][e.Index].Code))) data.Add(cmdlet, index);
        return data;
    }

    [DbTheory]
    [MemberData(nameof(ServerExamples))]
    public void Every_PostgreSQL_help_example_runs(string cmdlet, int index)
    {
        var uri = Postgres.NewDatabase("example");
        var database = uri[(uri.LastIndexOf('/') + 1)..];
        var port = Postgres.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var code = Examples.Load()[cmdlet][index].Code
            .Replace("127.0.0.1:5432/blog", $"127.0.0.1:{port}/{database}", StringComparison.Ordinal)
            .Replace("Port=5432", $"Port={port}", StringComparison.Ordinal)
            .Replace("Database=blog", $"Database={database}", StringComparison.Ordinal);
        using var ps = new PowerShellSession(connectInMemory: false);
        ps.Ok("function Get-Credential { [pscredential]::new('postgres', (ConvertTo-SecureString 'unused-with-trust' -AsPlainText -Force)) }");
        ps.Run(code).ShouldSucceed();
        Assert.Equal(uri, ps.Value("(Get-RelDatabase).DisplayName"));
    }
}

/// <summary>about_RelationsPS explains the concepts and its code samples run.</summary>
public class AboutTopicTests
{
    [Fact]
    public void Get_Help_finds_about_RelationsPS_with_its_concepts()
    {
        using var ps = new PowerShellSession(connectInMemory: false);
        var text = string.Join("\n", ps.Ok("Get-Help about_RelationsPS").Select(o => o.ToString()));
        foreach (var section in new[] { "Models and schemas", "Relations and related names", "Lazy queries", "Filters", "Aggregates", "dotnet pwsh" })
            Assert.Contains(section, text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_code_samples_of_about_RelationsPS_run()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, "module", "en-US", "about_RelationsPS.help.txt"));
        using var ps = new PowerShellSession();
        var connect = text[text.IndexOf("        Connect-RelDatabase -InMemory -Schema", StringComparison.Ordinal)..];
        connect = connect[..(connect.IndexOf("        }", StringComparison.Ordinal) + 9)];
        ps.Run(connect).ShouldSucceed();
        ps.Run("New-RelObject Post @{ Title = 'x'; Tags = @() } | Out-Null").ShouldSucceed();
        using var blog = new PowerShellSession();
        blog.Run("Get-Post -Filter { $_.Views -gt 100 -or $_.Title -like 'Django*' }").ShouldSucceed();
        blog.Run("Get-Post -Tag python -AsQuery | Measure-RelObject -Aggregate @{ N = 'Count(Id)' }").ShouldSucceed();
    }
}
