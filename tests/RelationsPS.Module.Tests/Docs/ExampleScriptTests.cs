using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Docs;

/// <summary>The example scripts for schemas of one's own run in real pwsh (<c>dotnet pwsh -File</c>) and print what they promise.</summary>
public class ExampleScriptTests
{
    private static List<string> RunExample(string name)
    {
        var r = Pwsh.File(Path.Combine("examples", name));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal("", r.Err.Trim());
        return r.Out.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
    }

    [Fact]
    public void Servers_and_roles_through_a_membership_with_extra_fields()
    {
        var lines = RunExample("servers-and-roles.ps1");
        Assert.Contains("  monitoring test-01: Added", lines);
        Assert.Contains("  web-01   WebServer   since 2026-01-15 front end", lines);
        Assert.Contains("  web-01: 2 roles", lines);
        Assert.Contains("  Monitoring  prod  3", lines);
        Assert.Contains("  Removed Server 'db-01' (Id 3) (also removes 2 memberships).", lines);
        Assert.Equal("  memberships left: 5", lines[^1]);
    }

    [Fact]
    public void Users_and_groups_from_both_sides()
    {
        var lines = RunExample("users-and-groups.ps1");
        Assert.Contains("  Developers  grace, linus, ken", lines);
        var noTeam = lines.IndexOf("== Accounts in no team (-not around a to-many condition: no related row matches)");
        Assert.Equal("  margaret", lines[noTeam + 1]);
        Assert.Contains("  5 accounts, 5 memberships", lines);
        Assert.Equal(["  grace: Removed", "  ken: Removed", "  margaret: Added"], lines[^3..]);
    }
}
