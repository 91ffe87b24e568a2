using System.Runtime.InteropServices;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Foundation;

/// <summary>
/// Where each assembly of the module lives after import (Hosting/ in src/RelationsPS): only the small
/// entry assembly in PowerShell's default load context; the engine and every dependency from
/// module/bin/dependencies in the module's own context, named "RelationsPS".
/// </summary>
public sealed class LoadContextTests : IDisposable
{
    // A ForeignKey without RelatedName: its default reverse name (Items) is Humanizer's plural, so Humanizer loads.
    private readonly PowerShellSession ps = new(connectInMemory: false);

    public LoadContextTests() =>
        ps.Ok("Connect-RelDatabase -InMemory -Schema @{ Box = @{ Label = @{ Type = 'Char'; MaxLength = 20 } }; Item = @{ Box = @{ Type = 'ForeignKey'; To = 'Box'; OnDelete = 'Cascade' } } }");

    public void Dispose() => ps.Dispose();

    private string ContextOf(string assemblyName) => (string)ps.Value($$"""
        $a = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq '{{assemblyName}}' -and $_.Location -like '{{Path.Combine(Repo.Root, "module", "bin")}}*' }
        if (@($a).Count -ne 1) { throw "{{assemblyName}} is loaded $(@($a).Count) times from the module folder" }
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name
        """)!;

    [Fact]
    public void The_entry_assembly_is_in_the_default_context()
    {
        Assert.Equal("Default", ContextOf("RelationsPS"));
        Assert.Equal(Path.Combine(Repo.Root, "module", "bin", "RelationsPS.dll"), ps.Value("(Get-Module RelationsPS).ImplementingAssembly.Location"));
    }

    [Theory]
    [InlineData("RelationsPS.Core")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("SQLitePCLRaw.core")]
    [InlineData("SQLitePCLRaw.provider.e_sqlite3")]
    [InlineData("Humanizer")]
    public void The_engine_and_its_dependencies_are_in_the_module_context(string assembly) =>
        Assert.Equal("RelationsPS", ContextOf(assembly));

    [Fact]
    public void The_engine_objects_the_cmdlets_return_come_from_the_module_context()
    {
        Assert.Equal("Items", ps.Value("(Get-RelDatabase).Models.Get('Box').Relations.Keys -join ','"));
        Assert.Equal("RelationsPS", ps.Value("[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-RelDatabase).GetType().Assembly).Name"));
        Assert.Equal(1, ps.Value("@([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'RelationsPS').Count"));
    }

    [Fact]
    public void Remove_Module_then_Import_Module_again_works_in_the_same_process()
    {
        // OnRemove unhooks the resolver; the second import hooks it again (the module initializer does
        // not run twice) and finds the engine already in the module's context. A separate process:
        // unhooking in this one would pull the resolver from under the tests running beside this one.
        var r = Pwsh.Command("""
            Import-Module ./RelationsPS.psd1; Connect-RelDatabase -InMemory; (New-Tag one).Name
            Remove-Module RelationsPS; @(Get-Command -Module RelationsPS).Count
            Import-Module ./RelationsPS.psd1; Connect-RelDatabase -InMemory; (New-Tag again).Name; @(Get-Tag).Count
            @([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'RelationsPS').Count
            """);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(["one", "0", "again", "1", "1"], r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal("", r.Err.Trim());
    }

    [Fact]
    public void The_native_library_folder_is_chosen_from_the_running_platform()
    {
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        };
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var ids = ps.Ok("""
            (Get-Module RelationsPS).ImplementingAssembly.GetType('RelationsPS.Hosting.RelationsLoadContext', $true).
                GetMethod('RuntimeIds', [Reflection.BindingFlags]'NonPublic,Static').Invoke($null, @())
            """).Select(o => (string)o.BaseObject).ToList();
        // musl Linux tries linux-musl-<arch> first; every platform ends with the folder the build ships.
        Assert.Equal($"{os}-{arch}", ids[^1]);
        Assert.True(ids.Count == 1 || ids is [var musl, _] && musl == $"linux-musl-{arch}", string.Join(", ", ids));
    }
}

/// <summary>
/// On PostgreSQL, the provider the engine opens the server with (Npgsql) and what it needs load from
/// module/bin/dependencies into the module's context too, never from PowerShell's own folder.
/// </summary>
[OnPostgreSQL]
public sealed class PostgresLoadContextTests : IDisposable
{
    private readonly PowerShellSession ps = new(Db.PostgreSQL);

    public void Dispose() => ps.Dispose();

    [DbTheory]
    [InlineData("Npgsql")]
    [InlineData("RelationsPS.Core")]
    public void Npgsql_and_the_engine_are_in_the_module_context(string assembly)
    {
        ps.Ok("$null = New-Tag loaded; $null = Get-Tag");
        Assert.Equal("PostgreSQL", ps.Value("\"$((Get-RelDatabase).Provider)\""));
        var location = (string)ps.Value($"([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object {{ $_.GetName().Name -eq '{assembly}' }}).Location")!;
        Assert.Equal(Path.Combine(Repo.Root, "module", "bin", "dependencies", assembly + ".dll"), location);
        Assert.Equal("RelationsPS", ps.Value($"[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object {{ $_.GetName().Name -eq '{assembly}' }})).Name"));
    }
}
