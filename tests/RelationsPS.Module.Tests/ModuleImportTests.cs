using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests;

public class ModuleImportTests
{
    [Fact]
    public void Import_prints_no_warning_and_exports_exactly_the_manifest_cmdlets()
    {
        using var ps = new PowerShellSession(connectInMemory: false);
        Assert.Empty(ps.ImportWarnings);
        var exported = ps.Ok("(Get-Command -Module RelationsPS).Name").Select(o => (string)o.BaseObject).Order().ToList();
        var manifest = ps.Ok($"(Test-ModuleManifest '{Repo.Manifest}').ExportedCmdlets.Keys").Select(o => (string)o.BaseObject).Order().ToList();
        Assert.Equal(41, exported.Count);
        Assert.Equal(manifest, exported);
    }
}
