using System.Management.Automation;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>Tab completion through TabExpansion2 (the engine's own entry point) for models, fields, tags and users.</summary>
public class CompletionTests : IDisposable
{
    private readonly PowerShellSession ps;

    public CompletionTests() : this(Db.SQLite)
    {
    }

    protected CompletionTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
        ps.Ok("$null = New-Tag pytest; $null = New-Tag 'Machine Learning'; $null = New-User albert");
    }

    public void Dispose() => ps.Dispose();

    private List<string> Complete(string line, string setup) =>
        ps.Run(setup + $"; (TabExpansion2 -inputScript '{line.Replace("'", "''", StringComparison.Ordinal)}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object CompletionText")
          .ShouldSucceed().Output.Select(o => (string)o.BaseObject).ToList();

    private List<string> Complete(string line) =>
        ps.Run($"(TabExpansion2 -inputScript '{line.Replace("'", "''", StringComparison.Ordinal)}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object CompletionText")
          .ShouldSucceed().Output.Select(o => (string)o.BaseObject).ToList();

    [DbFact]
    public void Relation_names_and_paths_complete_for_Include_By_and_Relation()
    {
        Assert.Equal(["Author", "Tags"], Complete("Get-Post -Include "));
        Assert.Equal(["Author.Posts", "Author.Profile"], Complete("Get-Post -Include Author."));
        Assert.Equal(["Posts", "Profile"], Complete("Get-RelObject User -Include "));
        Assert.Equal(["Tags.Posts", "Tags.Id", "Tags.Name", "Tags.Slug"], Complete("Group-RelObject -Model Post -By Tags."));
        Assert.Contains("Views", Complete("Group-RelObject -Model Post -By "));
        Assert.Equal(["Tags"], Complete("Add-RelLink -InputObject $p -Relation ", "$p = Get-Post -Id 1"));
    }

    [DbFact]
    public void The_blog_cmdlets_name_their_rows_members_for_completion_not_PSObject()
    {
        // Completion after Get-Post | Select-Object -Property is in tests/Pester/EverydayIdioms.Display.Tests.ps1
        // (this host has no Select-Object); it reads the [OutputType] names and the type table.
        Assert.Equal("RelationsPS.Post,RelationsPS.Post#Fields", ps.Joined("(Get-Command Get-Post).OutputType.Name"));
        Assert.Equal("RelationsPS.RelObject", ps.Joined("(Get-Command Get-RelObject).OutputType.Name"));
    }

    [DbFact]
    public void Tag_names_complete_for_Tag()
    {
        Assert.Equal(["pytest", "python"], Complete("Get-Post -Tag py"));
        Assert.Equal(["pytest", "python"], Complete("Add-PostTag -Post 1 -Tag PY"));
        Assert.Equal(["'Machine Learning'"], Complete("Get-Tag mach"));
        Assert.Equal(["django"], Complete("New-Post -Title x -Tag dj"));
        Assert.Equal(["sql"], Complete("Remove-Tag s"));
    }

    [DbFact]
    public void The_documented_call_works()
    {
        var r = ps.Run("TabExpansion2 'Get-Post -Tag py' 16").ShouldSucceed();
        var matches = ((CommandCompletion)r.Output.Single().BaseObject).CompletionMatches;
        Assert.Equal(["pytest", "python"], matches.Select(m => m.CompletionText));
        Assert.All(matches, m => Assert.Equal(CompletionResultType.ParameterValue, m.ResultType));
        Assert.Equal(14, ((CommandCompletion)r.Output.Single().BaseObject).ReplacementIndex);
    }

    [DbFact]
    public void User_names_complete_for_User_and_Author()
    {
        Assert.Equal(["albert", "alice"], Complete("Get-User al"));
        Assert.Equal(["alice"], Complete("Get-Profile -User ali"));
        Assert.Equal(["bob"], Complete("New-Post -Title x -Author b"));
        Assert.Equal(["albert", "alice"], Complete("Remove-User a"));
    }

    [DbFact]
    public void Model_names_complete_for_Model()
    {
        Assert.Equal(["Post", "Profile"], Complete("Get-RelObject -Model P"));
        Assert.Equal(["Tag"], Complete("Measure-RelObject -Model t"));
        Assert.Equal(["User"], Complete("Get-RelModel U"));
        ps.Ok("Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 10 } }; Role = @{ Name = @{ Type = 'Char'; MaxLength = 10 }; Servers = @{ Type = 'ManyToMany'; To = 'Server' } } }");
        Assert.Equal(["Role", "Server"], Complete("New-RelObject -Model ").Order().ToList());
        Assert.Equal(["Server"], Complete("Get-RelObject S"));
    }

    [DbFact]
    public void Field_names_complete_for_OrderBy()
    {
        Assert.Equal(["Views"], Complete("Get-Post -OrderBy Vi"));
        Assert.Equal(["'-Views'"], Complete("Get-Post -OrderBy '-Vi"));
        Assert.Equal(["'-Views'"], Complete("Get-Post -OrderBy \"-Vi"));
        Assert.Equal(["UserName"], Complete("Get-RelObject -Model User -OrderBy Us"));
        Assert.Equal(["Title", "Tags"], Complete("Get-Post -OrderBy T"));
    }

    [DbFact]
    public void Choices_complete_for_the_field_parameters_in_declared_order_quoted_when_needed()
    {
        ps.Ok("Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 20 }; Role = @{ Type = 'Char'; MaxLength = 10; Choices = 'web', 'db', 'on call' }; "
            + "Level = @{ Type = 'Integer'; Null = $true; Choices = [ordered]@{ 2 = 'High'; 1 = 'Low' } } }; Disk = @{ Role = @{ Type = 'Char'; MaxLength = 10; Choices = 'data', 'log' } } }");
        Assert.Equal(["web", "db", "'on call'"], Complete("New-RelObject Server -Role "));
        Assert.Equal(["'on call'"], Complete("New-RelObject Server -Name x -Role 'O"));
        Assert.Equal(["2", "1"], Complete("Get-RelObject Server -Level "));
        Assert.Equal(["data", "log"], Complete("Get-RelObject -Model Disk -Role "));
        Assert.Equal(["log"], Complete("Set-RelObject -InputObject $d -Role l", "$d = New-RelObject Disk -Role data"));
        Assert.Equal(["data"], Complete("Measure-RelObject -InputObject $q -Role d", "$q = Get-RelObject Disk -AsQuery"));
        // Piped rows: their model is known per row only, so every model's field of that name offers its choices.
        Assert.Equal(["'on call'", "data", "db", "log", "web"], Complete("$rows | Set-RelObject -Role ").Order(StringComparer.Ordinal));
        var level = ps.Run("(TabExpansion2 'New-RelObject Server -Level ').CompletionMatches | ForEach-Object { $_.ListItemText + '=' + $_.ToolTip }").ShouldSucceed();
        Assert.Equal(["2=High", "1=Low"], level.Output.Select(o => (string)o.BaseObject));
    }

    [DbFact]
    public void Completion_without_a_connection_connects_as_a_command_would()
    {
        // The default database of a child process (the environment is process-wide), seeded by a first process.
        var dir = Directory.CreateTempSubdirectory("relps-complete-");
        try
        {
            var env = new Dictionary<string, string?> { ["RELATIONSPS_DATABASE"] = Path.Combine(dir.FullName, "default.db") };
            Assert.Equal(0, Pwsh.WithModule("$null = New-Tag python; $null = New-Tag pytest; $null = New-User alice", env).ExitCode);
            var r = Pwsh.WithModule("(TabExpansion2 'Get-Post -Tag py' 16).CompletionMatches.CompletionText; (TabExpansion2 'Get-User al' 11).CompletionMatches.CompletionText", env);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(["pytest", "python", "alice"], r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [DbFact]
    public void Completion_after_Disconnect_offers_no_names_and_does_not_fail()
    {
        ps.Ok("Disconnect-RelDatabase");
        var r = ps.Run("(TabExpansion2 'Get-Post -Tag py' 16).CompletionMatches.Count").ShouldSucceed();
        Assert.Equal(0, r.Output.Single().BaseObject);
        var models = ps.Run("(TabExpansion2 'Get-RelObject -Model P' 22).CompletionMatches | ForEach-Object CompletionText").ShouldSucceed();
        Assert.Equal(["Post", "Profile"], models.Output.Select(o => (string)o.BaseObject));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class CompletionTestsOnPostgreSQL() : CompletionTests(Db.PostgreSQL);
