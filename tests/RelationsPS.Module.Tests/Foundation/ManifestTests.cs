using System.Text.RegularExpressions;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Foundation;

/// <summary>The manifest as issue 2 and PRODUCT §2 describe it, checked by PowerShell's own Test-ModuleManifest.</summary>
public class ManifestTests
{
    [Fact]
    public void Test_ModuleManifest_accepts_it_with_the_promised_settings()
    {
        using var ps = new PowerShellSession(connectInMemory: false);
        var m = ps.Ok($"Test-ModuleManifest '{Repo.Manifest}'").Single();
        Assert.Equal("7.4", m.Properties["PowerShellVersion"].Value.ToString());
        Assert.Equal(["Core"], ((IEnumerable<string>)m.Properties["CompatiblePSEditions"].Value).ToArray());
        Assert.Equal(BuildVersion(), m.Properties["Version"].Value.ToString());
        Assert.Equal("module/bin/RelationsPS.dll", m.Properties["RootModule"].Value.ToString());
    }

    [Fact]
    public void CmdletsToExport_lists_exactly_the_cmdlet_classes_of_RelationsPS_dll()
    {
        // Get-Command -Module only shows what the manifest lets through, so a cmdlet class missing from
        // CmdletsToExport would go unnoticed there: compare with the [Cmdlet] types of the assembly itself.
        using var ps = new PowerShellSession(connectInMemory: false);
        var declared = ps.Ok("""
            (Get-Module RelationsPS).ImplementingAssembly.GetTypes() |
                ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
                ForEach-Object { $_.VerbName + '-' + $_.NounName }
            """).Select(o => (string)o.BaseObject).Order(StringComparer.Ordinal).ToList();
        var manifest = ps.Ok($"(Test-ModuleManifest '{Repo.Manifest}').ExportedCmdlets.Keys").Select(o => (string)o.BaseObject).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(declared);
        Assert.Equal(declared, manifest);
    }

    [Fact]
    public void Cmdlets_are_listed_explicitly_with_approved_verbs()
    {
        var text = File.ReadAllText(Repo.Manifest);
        Assert.DoesNotContain("'*'", text, StringComparison.Ordinal);
        using var ps = new PowerShellSession(connectInMemory: false);
        var unapproved = ps.Ok("""
            $approved = 'VerbsCommon', 'VerbsCommunications', 'VerbsData', 'VerbsDiagnostic', 'VerbsLifecycle', 'VerbsOther', 'VerbsSecurity' |
                ForEach-Object { ([type]"System.Management.Automation.$_").GetFields().Name }
            (Get-Command -Module RelationsPS).Verb | Where-Object { $_ -notin $approved }
            """);
        Assert.Empty(unapproved);
    }

    [Fact]
    public void Pwsh_lists_the_cmdlets_after_a_verbose_import_with_no_warning()
    {
        // pwsh writes verbose output and warnings to standard output, errors to standard error.
        var r = Pwsh.Command("Import-Module ./RelationsPS.psd1 -Verbose; 'count=' + (Get-Command -Module RelationsPS).Count");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal("", r.Err.Trim());
        Assert.Equal("count=41", r.Lines[^1]);
        Assert.DoesNotContain("WARNING", r.Out, StringComparison.Ordinal);
        Assert.Contains("VERBOSE: Importing cmdlet 'Get-Post'.", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_packaged_folder_has_the_same_layout_and_imports()
    {
        var root = Path.Combine(Path.GetTempPath(), $"relps-pkg-{Guid.NewGuid():N}");
        try
        {
            var build = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet",
                ["msbuild", Path.Combine(Repo.Root, "src", "RelationsPS", "RelationsPS.csproj"), "-t:Package", $"-p:PackageRoot={root}", $"-p:Configuration={Repo.Configuration}", "-v:q", "-nologo"])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = build.StandardOutput.ReadToEnd();
            build.WaitForExit();
            Assert.True(build.ExitCode == 0, output);
            var folder = Path.Combine(root, "RelationsPS", BuildVersion());
            Assert.True(File.Exists(Path.Combine(folder, "RelationsPS.psd1")));
            Assert.True(File.Exists(Path.Combine(folder, "module", "bin", "RelationsPS.dll")));
            var r = Pwsh.Command($"Import-Module '{Path.Combine(folder, "RelationsPS.psd1")}' -ErrorAction Stop; " +
                "Connect-RelDatabase -InMemory; (New-Tag packaged).Name; (Get-Module RelationsPS).ModuleBase");
            Assert.True(r.ExitCode == 0, r.Err);
            Assert.Equal(["packaged", folder], r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static string BuildVersion() =>
        Regex.Match(File.ReadAllText(Path.Combine(Repo.Root, "Directory.Build.props")), "<VersionPrefix>(.*?)</VersionPrefix>").Groups[1].Value;
}
