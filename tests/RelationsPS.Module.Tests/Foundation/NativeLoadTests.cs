using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Foundation;

/// <summary>
/// The module finds its own native SQLite library when imported into a process that knows nothing
/// about SQLite (no deps.json entry for it): a plain pwsh (the pinned dotnet tool), in a separate process.
/// </summary>
public class NativeLoadTests
{
    [Fact]
    public void Pwsh_itself_does_not_carry_sqlite()
    {
        var r = Pwsh.Command("$PSHOME");
        Assert.True(r.ExitCode == 0, r.Err);
        var home = r.Out.Trim();
        var deps = File.ReadAllText(Path.Combine(home, "pwsh.deps.json"));
        Assert.DoesNotContain("SQLitePCLRaw", deps, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Microsoft.Data.Sqlite", deps, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(Path.Combine(home, "Microsoft.Data.Sqlite.dll")));
        Assert.Empty(Directory.GetFiles(home, "*e_sqlite3*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_separate_process_imports_the_module_and_uses_a_database_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"relps-native-{Guid.NewGuid():N}.db");
        try
        {
            var r = Pwsh.Command(
                $"Import-Module ./RelationsPS.psd1; Connect-RelDatabase -Path '{file}'; (New-Tag -Name 'native load').Slug; (Get-Tag 'native*').Name; (Get-RelDatabase).Path");
            Assert.True(r.ExitCode == 0, r.Err);
            Assert.Equal(["native-load", "native load", file], r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.True(new FileInfo(file).Length > 0);
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        }
    }

    [Fact]
    public void On_Linux_the_loaded_e_sqlite3_is_the_one_in_the_module_folder()
    {
        // What the process has mapped says which file was loaded: the module's own copy, found by its
        // load context, not one the system or the host happened to have.
        if (!OperatingSystem.IsLinux()) return;
        var r = Pwsh.Command("""
            Import-Module ./RelationsPS.psd1
            Connect-RelDatabase -InMemory
            [IO.File]::ReadAllLines('/proc/self/maps') | Where-Object { $_ -match 'e_sqlite3' } | ForEach-Object { ($_ -split '\s+')[-1] }
            """);
        Assert.True(r.ExitCode == 0, r.Err);
        var arch = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var expected = Path.Combine(Repo.Root, "module", "bin", "dependencies", "runtimes", $"linux-{arch}", "native", "libe_sqlite3.so");
        var mapped = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.EndsWith(".so", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Equal([expected], mapped);
    }

    [Fact]
    public void The_native_library_of_each_shipped_platform_is_in_the_module_folder()
    {
        var runtimes = Path.Combine(Repo.Root, "module", "bin", "dependencies", "runtimes");
        Assert.True(File.Exists(Path.Combine(runtimes, "linux-x64", "native", "libe_sqlite3.so")));
        Assert.True(File.Exists(Path.Combine(runtimes, "linux-arm64", "native", "libe_sqlite3.so")));
        Assert.True(File.Exists(Path.Combine(runtimes, "osx-x64", "native", "libe_sqlite3.dylib")));
        Assert.True(File.Exists(Path.Combine(runtimes, "osx-arm64", "native", "libe_sqlite3.dylib")));
        Assert.True(File.Exists(Path.Combine(runtimes, "win-x64", "native", "e_sqlite3.dll")));
        Assert.False(File.Exists(Path.Combine(Repo.Root, "module", "bin", "Microsoft.Data.Sqlite.dll")), "dependencies must not sit next to the entry assembly");
    }
}
