using System.Management.Automation;
using RelationsPS.Module.Tests.Cmdlets;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Foundation;

/// <summary>
/// The database rule of PRODUCT §4: -Database, else the runspace's current connection, else the
/// default database ($env:RELATIONSPS_DATABASE, else relations.db in the per-user data folder).
/// The default-database tests run real pwsh in a child process: the environment is process-wide, and
/// setting it here would change the database of every test running beside them.
/// </summary>
public sealed class ConnectionTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("relps-conn-");

    public void Dispose() => dir.Delete(recursive: true);

    private static List<string> Lines(Pwsh.Result r)
    {
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal("", r.Err.Trim());
        return r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    [Fact]
    public void The_default_database_is_the_file_named_by_RELATIONSPS_DATABASE_with_the_blog_schema()
    {
        var file = Path.Combine(dir.FullName, "from-env.db");
        var env = new Dictionary<string, string?> { ["RELATIONSPS_DATABASE"] = file };
        var first = Lines(Pwsh.WithModule("(Get-RelDatabase).Path; (Get-RelDatabase).ModelNames -join ','; (New-Tag 'kept').Name", env));
        Assert.Equal([file, "Tag,Post,User,Profile", "kept"], first);
        Assert.True(File.Exists(file));
        // Created on first use, then reused: a second process reads what the first one wrote.
        Assert.Equal(["kept"], Lines(Pwsh.WithModule("(Get-Tag).Name", env)));
    }

    [Fact]
    public void Without_RELATIONSPS_DATABASE_the_default_is_relations_db_in_the_per_user_data_folder()
    {
        // On Linux .NET's LocalApplicationData is $XDG_DATA_HOME (else ~/.local/share), so a temporary
        // XDG_DATA_HOME stands in for the user's folder; other systems do not take it from the environment.
        if (!OperatingSystem.IsLinux()) return;
        var data = Path.Combine(dir.FullName, "data");
        var env = new Dictionary<string, string?> { ["RELATIONSPS_DATABASE"] = null, ["XDG_DATA_HOME"] = data };
        var expected = Path.Combine(data, "RelationsPS", "relations.db");
        Assert.Equal([expected], Lines(Pwsh.WithModule("(Get-RelDatabase).Path", env)));
        Assert.True(File.Exists(expected));
    }

    [Fact]
    public void A_database_that_cannot_be_opened_is_a_ResourceUnavailable_error_not_a_raw_exception()
    {
        // A file stands where the database's folder should be created.
        var blocker = Path.Combine(dir.FullName, "not-a-folder");
        File.WriteAllText(blocker, "");
        var target = Path.Combine(blocker, "x.db");
        using var ps = new PowerShellSession();
        var before = ps.Value("$before = Get-RelDatabase; $before.GetHashCode()");
        var e = ps.Run($"Connect-RelDatabase -Path '{target}'").SingleError();
        Assert.Equal("DatabaseUnavailable", e.Id());
        Assert.Equal(ErrorCategory.ResourceUnavailable, e.CategoryInfo.Category);
        Assert.Contains(target, e.Exception.Message, StringComparison.Ordinal);
        e.AssertNoSqliteException();
        // The session refuses commands, naming the failed connect, rather than using the previous connection (issue 12).
        var refused = ps.Run("Get-RelDatabase").SingleError();
        Assert.Equal("ConnectFailed", refused.Id());
        Assert.Contains($"Connect-RelDatabase -Path '{target}' failed", refused.Exception.Message, StringComparison.Ordinal);
        ps.Ok("Disconnect-RelDatabase; $null = $before");

        // The same when it is the default database that cannot be opened.
        var r = Pwsh.WithModule("Get-Tag; $Error[0].FullyQualifiedErrorId; $Error[0].CategoryInfo.Category",
            new Dictionary<string, string?> { ["RELATIONSPS_DATABASE"] = target });
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["DatabaseUnavailable,RelationsPS.Commands.Blog.GetTagCommand", "ResourceUnavailable"],
            r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void A_relative_path_is_resolved_against_the_PowerShell_location_not_the_process_directory()
    {
        using var ps = new PowerShellSession();
        ps.Ok($"$null = $ExecutionContext.SessionState.Path.SetLocation('{dir.FullName}'); Connect-RelDatabase -Path rel.db");
        Assert.Equal(Path.Combine(dir.FullName, "rel.db"), ps.Value("(Get-RelDatabase).Path"));
        ps.Ok("$null = New-Tag here");
        Assert.True(File.Exists(Path.Combine(dir.FullName, "rel.db")));
        var schema = Path.Combine(dir.FullName, "schema.psd1");
        File.WriteAllText(schema, "@{ Thing = @{ Name = @{ Type = 'Char'; MaxLength = 10 } } }");
        ps.Ok("Connect-RelDatabase -InMemory -Schema ./schema.psd1");
        Assert.Equal("Thing", ps.Value("(Get-RelDatabase).ModelNames -join ','"));
        ps.Ok("Disconnect-RelDatabase");
    }

    [Fact]
    public void Each_runspace_has_its_own_current_connection()
    {
        using var a = new PowerShellSession(connectInMemory: false);
        using var b = new PowerShellSession(connectInMemory: false);
        a.Ok("Connect-RelDatabase -InMemory -Schema @{ Thing = @{ Name = @{ Type = 'Char'; MaxLength = 10 } } }");
        b.Ok("Connect-RelDatabase -InMemory");
        Assert.Equal("Thing", a.Value("(Get-RelDatabase).ModelNames -join ','"));
        Assert.Equal("Tag,Post,User,Profile", b.Value("(Get-RelDatabase).ModelNames -join ','"));
        a.Ok("Disconnect-RelDatabase");
        Assert.Equal(true, b.Value("(Get-RelDatabase).IsOpen"));
    }

    [Fact]
    public void Disconnect_closes_the_current_connection_and_the_next_connect_replaces_it()
    {
        using var ps = new PowerShellSession(connectInMemory: false);
        var file = Path.Combine(dir.FullName, "current.db");
        ps.Ok($"$db = Connect-RelDatabase -Path '{file}' -PassThru");
        Assert.Equal(true, ps.Value("[object]::ReferenceEquals($db, (Get-RelDatabase))"));
        ps.Ok("Disconnect-RelDatabase");
        Assert.Equal(false, ps.Value("$db.IsOpen"));
        ps.Ok("$mem = Connect-RelDatabase -InMemory -PassThru");
        Assert.Equal(true, ps.Value("$mem.IsInMemory -and [object]::ReferenceEquals($mem, (Get-RelDatabase))"));
        // -Database names another connection for one call without changing the current one.
        ps.Ok($"$other = Connect-RelDatabase -Path '{file}' -PassThru; $null = Connect-RelDatabase -InMemory; $null = New-Tag -Name only-there -Database $other");
        Assert.Equal("only-there", ps.Value("(Get-Tag -Database $other).Name"));
        Assert.Equal(0, ps.Value("@(Get-Tag).Count"));
        ps.Ok("Disconnect-RelDatabase -Database $other");
    }

    [Fact]
    public void RELATIONSPS_DATABASE_memory_means_an_in_memory_database_not_a_file_named_memory()
    {
        var env = new Dictionary<string, string?> { ["RELATIONSPS_DATABASE"] = ":memory:" };
        Assert.Equal(["True", "kept"], Lines(Pwsh.WithModule($"$null = $ExecutionContext.SessionState.Path.SetLocation('{dir.FullName}'); (Get-RelDatabase).IsInMemory; (New-Tag 'kept').Name", env)));
        Assert.Empty(dir.GetFileSystemInfos());
    }

    [Fact]
    public void After_Disconnect_commands_are_refused_with_NotConnected_instead_of_reopening_the_default_file()
    {
        using var ps = new PowerShellSession();
        ps.Ok("Disconnect-RelDatabase");
        var e = ps.Run("New-Tag python").SingleError();
        Assert.Equal("NotConnected", e.Id());
        Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
        Assert.Contains("Connect-RelDatabase", e.Exception.Message, StringComparison.Ordinal);
        ps.Ok("Connect-RelDatabase -InMemory; $null = New-Tag python");
        Assert.Equal("python", ps.Value("(Get-Tag).Name"));
    }

    [Fact]
    public void A_failed_connect_refuses_commands_naming_it_until_a_connect_succeeds_or_Disconnect_clears_it()
    {
        using var ps = new PowerShellSession();
        var e = ps.Run($"Connect-RelDatabase -Path '{dir.FullName}'").SingleError();   // a folder
        Assert.Equal("DatabaseUnavailable", e.Id());
        var refused = ps.Run("New-Post -Title x").SingleError();
        Assert.Equal("ConnectFailed", refused.Id());
        Assert.StartsWith($"Connect-RelDatabase -Path '{dir.FullName}' failed", refused.Exception.Message, StringComparison.Ordinal);
        ps.Ok("Disconnect-RelDatabase");
        Assert.Equal(["NotConnected"], ps.Run("Get-Post").ErrorIds);
        ps.Ok("Connect-RelDatabase -InMemory");
        Assert.Equal(0, ps.Value("@(Get-Post).Count"));
    }

    [Fact]
    public void Database_takes_a_path_as_well_as_a_connection()
    {
        using var ps = new PowerShellSession();
        ps.Ok($"$null = $ExecutionContext.SessionState.Path.SetLocation('{dir.FullName}')");
        ps.Ok("$null = New-Post -Title 'in the file' -Database ./blog.db");
        Assert.Equal("in the file", ps.Value("(Get-Post -Database ./blog.db).Title"));
        Assert.Equal(true, ps.Value($"[object]::ReferenceEquals((Get-RelDatabase -Database ./blog.db), (Get-RelDatabase -Database '{Path.Combine(dir.FullName, "blog.db")}'))"));
        Assert.Equal(0, ps.Value("@(Get-Post).Count"));   // the current connection is untouched
        ps.Ok("$c = Connect-RelDatabase ./blog.db -PassThru");
        Assert.Equal(true, ps.Value("[object]::ReferenceEquals($c, (Get-RelDatabase -Database ./blog.db))"));
        ps.Ok("Disconnect-RelDatabase ./blog.db");
        Assert.Equal(false, ps.Value("$c.IsOpen"));
        Assert.Equal(["ParameterArgumentTransformationError"], ps.Run("Get-Post -Database ':memory:'").ErrorIds);
    }

    [Fact]
    public void Remove_Module_closes_the_connections_and_checkpoints_the_WAL()
    {
        var file = Path.Combine(dir.FullName, "wal.db");
        using (var ps = new PowerShellSession(connectInMemory: false))
        {
            ps.Ok($"Connect-RelDatabase -Path '{file}'; $null = New-Post -Title one; $null = New-Tag t -Database '{Path.Combine(dir.FullName, "other.db")}'");
            Assert.True(new FileInfo(file + "-wal").Length > 0);
            ps.Ok("Remove-Module RelationsPS");
            Assert.False(File.Exists(file + "-wal") && new FileInfo(file + "-wal").Length > 0);
            File.Move(file, file + ".moved");   // nothing holds the file any more
            File.Delete(Path.Combine(dir.FullName, "other.db"));
        }
    }
}
