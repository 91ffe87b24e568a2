using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Foundation;

/// <summary>
/// The hosted engine of these tests is the PowerShell users run: Microsoft.PowerShell.SDK at the
/// version of the pinned pwsh tool, with the whole standard cmdlet set (PRODUCT §2), not the bare
/// engine (System.Management.Automation alone) in which the module was once only exercised.
/// </summary>
public class HostedCmdletSetTests
{
    [Fact]
    public void The_hosted_runspace_is_the_pinned_PowerShell_with_the_standard_cmdlets()
    {
        using var ps = new PowerShellSession(connectInMemory: false);
        var tool = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, ".config", "dotnet-tools.json")));
        Assert.Equal(tool.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString(), ps.Value("$PSVersionTable.PSVersion.ToString()"));
        string[] cmdlets = ["Select-Object", "Sort-Object", "Group-Object", "Measure-Object", "ConvertTo-Json", "ConvertFrom-Json", "Export-Csv", "Import-Csv",
            "Export-Clixml", "Import-Clixml", "Format-Table", "Format-List", "Format-Custom", "Out-String", "Write-Host", "Get-Date", "Get-ChildItem", "Set-Content"];
        var found = ps.Ok($"(Get-Command {string.Join(", ", cmdlets)} -CommandType Cmdlet).Name").Select(o => (string)o.BaseObject).Order(StringComparer.Ordinal);
        Assert.Equal(cmdlets.Order(StringComparer.Ordinal), found);
        Assert.Equal("a", ps.Value("'b', 'a' | Sort-Object | Select-Object -First 1"));
    }
}
