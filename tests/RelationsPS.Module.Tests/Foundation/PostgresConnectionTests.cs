using System.Management.Automation;
using RelationsPS.Module.Tests.Cmdlets;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Foundation;

/// <summary>
/// Connecting to PostgreSQL (issue 13, PRODUCT §8): the postgresql:// URI (positional, or in $env:RELATIONSPS_DATABASE),
/// -ConnectionString with or without -Provider, -Credential whose password is never shown, logged or put in an
/// error; a schema that contradicts the server's tables refused as on SQLite; and a blog moved between a SQLite file
/// and PostgreSQL with Export-RelData/Import-RelData. Against the test cluster (Support/Postgres.cs).
/// </summary>
[OnPostgreSQL]
public sealed class PostgresConnectionTests : IDisposable
{
    private const string Password = "S3cret-pw!";
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("relps-pgconn-");
    private readonly PowerShellSession ps = new(connectInMemory: false);

    public void Dispose()
    {
        ps.Dispose();
        dir.Delete(recursive: true);
    }

    private static string Port => Postgres.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [DbFact]
    public void A_postgresql_URI_given_positionally_connects_and_Get_RelDatabase_shows_it()
    {
        var uri = Postgres.NewDatabase("uri");
        ps.Ok($"Connect-RelDatabase {uri}; $null = New-Tag 'from uri'");
        Assert.Equal([uri, "PostgreSQL", "Tag,Post,User,Profile"], ps.Strings("$d = Get-RelDatabase; $d.DisplayName; \"$($d.Provider)\"; $d.ModelNames -join ','"));
        Assert.Contains($"Database : {uri}", ps.Joined("Get-RelDatabase | Format-List | Out-String -Width 200"));

        // Another session reaches the same rows through the keyword form, the provider read from its keywords.
        using var other = new PowerShellSession(connectInMemory: false);
        other.Ok($"Connect-RelDatabase -ConnectionString 'Host=127.0.0.1;Port={Port};Username=postgres;Database={uri[(uri.LastIndexOf('/') + 1)..]}'");
        Assert.Equal("from uri", other.Joined("(Get-Tag).Name"));
        Assert.Equal(uri, other.Joined("(Get-RelDatabase).DisplayName"));
    }

    [DbFact]
    public void The_credential_password_is_never_shown_logged_or_in_an_error()
    {
        var uri = Postgres.NewDatabase("cred");
        var vars = new Dictionary<string, object?> { ["cred"] = new PSCredential("postgres", Secure(Password)) };
        // The test cluster trusts loopback connections, so the password is accepted whatever it is; what matters is where it shows.
        var r = ps.Run($"Connect-RelDatabase {uri} -Credential $cred -Verbose; $null = New-Tag tagged -Verbose; Get-RelDatabase | Format-List | Out-String; Get-RelQueryLog | Out-String; (Get-RelDatabase).DisplayName", vars).ShouldSucceed();
        var everything = string.Join("\n", r.Text.Concat(r.Verbose));
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
        Assert.Equal(uri, r.Text[^1]);

        // A failed connect (nothing listens on port 1): neither the error nor the refusal that follows quotes it.
        var failed = ps.Run("Connect-RelDatabase postgresql://postgres@127.0.0.1:1/nowhere -Credential $cred", vars).SingleError();
        Assert.Equal("DatabaseUnavailable", failed.Id());
        Assert.Equal(ErrorCategory.ResourceUnavailable, failed.CategoryInfo.Category);
        Assert.DoesNotContain(Password, failed.ToString() + failed.Exception, StringComparison.Ordinal);
        var refused = ps.Run("Get-Tag").SingleError();
        Assert.Equal("ConnectFailed", refused.Id());
        Assert.StartsWith("Connect-RelDatabase 'postgresql://postgres@127.0.0.1:1/nowhere' -Credential ... failed", refused.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, refused.Exception.ToString(), StringComparison.Ordinal);
    }

    [DbFact]
    public void A_password_written_in_the_URI_is_left_out_of_what_is_shown()
    {
        var uri = Postgres.NewDatabase("inuri");
        var withPassword = uri.Replace("postgres@", $"postgres:{Uri.EscapeDataString(Password)}@", StringComparison.Ordinal);
        Assert.Equal(uri, ps.Joined($"Connect-RelDatabase '{withPassword}' -PassThru | ForEach-Object DisplayName"));
        var failed = ps.Run($"Connect-RelDatabase 'postgresql://postgres:{Uri.EscapeDataString(Password)}@127.0.0.1:1/nowhere'").SingleError();
        Assert.DoesNotContain(Uri.EscapeDataString(Password), failed.ToString() + failed.Exception + failed.TargetObject, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Password), ps.Run("Get-Tag").SingleError().Exception.ToString(), StringComparison.Ordinal);
    }

    [DbFact]
    public void ConnectionString_takes_Npgsql_keywords_with_Provider_and_SQLite_ones_too()
    {
        var uri = Postgres.NewDatabase("kw");
        var db = uri[(uri.LastIndexOf('/') + 1)..];
        ps.Ok($"Connect-RelDatabase -ConnectionString 'Server=127.0.0.1;Port={Port};User Id=postgres;Database={db}' -Provider PostgreSQL");
        Assert.Equal([uri, "PostgreSQL"], ps.Strings("(Get-RelDatabase).DisplayName; \"$((Get-RelDatabase).Provider)\""));

        var file = Path.Combine(dir.FullName, "by-connection-string.db");
        ps.Ok($"Connect-RelDatabase -ConnectionString 'Data Source={file}' -Provider SQLite; $null = New-Tag kept");
        Assert.Equal([file, "SQLite", "kept"], ps.Strings("(Get-RelDatabase).DisplayName; \"$((Get-RelDatabase).Provider)\"; (Get-Tag).Name"));
        Assert.True(File.Exists(file));
    }

    [DbFact]
    public void A_connection_string_given_as_a_path_is_refused_and_creates_nothing()
    {
        ps.Ok($"Set-Location '{dir.FullName}'");
        var e = ps.Run("Connect-RelDatabase 'Data Source=blog.db'").SingleError();
        Assert.Equal("InvalidConnection", e.Id());
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal("'Data Source=blog.db' is a connection string, not a file path: use Connect-RelDatabase -ConnectionString 'Data Source=blog.db' (or -Path <file>).", e.Exception.Message);
        Assert.Empty(dir.GetFileSystemInfos());
        // A file name with '=' that names no connection keyword is still a file.
        ps.Ok("Connect-RelDatabase -Path 'a=b.db'");
        Assert.Equal(["a=b.db"], dir.GetFileSystemInfos().Select(f => f.Name).Where(n => !n.EndsWith("-wal", StringComparison.Ordinal) && !n.EndsWith("-shm", StringComparison.Ordinal)));
    }

    [DbTheory]
    [InlineData("Connect-RelDatabase 'postgresql://postgres@127.0.0.1:5432/blog?color=blue'", "The URI parameter 'color' is not supported. Supported: application_name, connect_timeout, keepalives_idle, options, sslcert, sslkey, sslmode, sslrootcert, target_session_attrs; for any other Npgsql setting use -ConnectionString.")]
    [InlineData("Connect-RelDatabase 'postgresql://postgres@127.0.0.1:5432/'", "'postgresql://postgres@127.0.0.1:5432/' names no database: write postgresql://user@host:port/database.")]
    [InlineData("Connect-RelDatabase -ConnectionString 'Host=127.0.0.1;Data Source=x.db'", "Cannot tell the provider from the connection string: add -Provider PostgreSQL or -Provider SQLite.")]
    [InlineData("Connect-RelDatabase -ConnectionString 'Data Source=x.db' -Credential ([pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force)))", "-Credential is for PostgreSQL: SQLite files have no user or password.")]
    [InlineData("Connect-RelDatabase -Path x.db -Credential ([pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force)))", "-Credential is for PostgreSQL: a SQLite file has no user or password. Name the server with a postgresql:// URI or -ConnectionString.")]
    public void What_cannot_name_a_database_is_an_InvalidConnection_error(string script, string message)
    {
        var e = ps.Run(script).SingleError();
        Assert.Equal("InvalidConnection", e.Id());
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal(message, e.Exception.Message);
    }

    [DbFact]
    public void RELATIONSPS_DATABASE_may_hold_a_URI_the_default_database_of_every_process()
    {
        var uri = Postgres.NewDatabase("env");
        var env = new Dictionary<string, string?> { ["RELATIONSPS_DATABASE"] = uri };
        var first = Pwsh.WithModule("(Get-RelDatabase).DisplayName; (New-Tag 'kept').Name", env);
        Assert.True(first.ExitCode == 0 && first.Err.Trim() == "", first.Err);
        Assert.Equal([uri, "kept"], Lines(first.Out));
        Assert.Equal(["kept"], Lines(Pwsh.WithModule("(Get-Tag).Name", env).Out));
    }

    [DbFact]
    public void A_schema_contradicting_the_servers_tables_is_refused_and_nothing_changes()
    {
        var uri = Postgres.NewDatabase("contra");
        ps.Ok($"Connect-RelDatabase {uri} -Schema @{{ Server = @{{ Name = @{{ Type = 'Char'; MaxLength = 20 }} }} }}; $null = New-RelObject Server @{{ Name = 'web01' }}");
        var e = ps.Run($"Connect-RelDatabase {uri} -Schema @{{ Server = @{{ Name = @{{ Type = 'Integer' }} }} }}").SingleError();
        Assert.Equal("SchemaMismatch", e.Id());
        ps.Ok($"Connect-RelDatabase {uri} -Schema @{{ Server = @{{ Name = @{{ Type = 'Char'; MaxLength = 20 }} }} }}");
        Assert.Equal("web01", ps.Joined("(Get-RelObject Server).Name"));
        // Without -Schema, a database of tables RelationsPS did not create (here: not the blog's) is refused, unchanged.
        Assert.Equal("ForeignDatabase", ps.Run($"Connect-RelDatabase {uri}").SingleError().Id());
    }

    [DbFact]
    public void A_blog_moves_from_a_SQLite_file_to_PostgreSQL_and_back_with_Export_and_Import_RelData()
    {
        var file = Path.Combine(dir.FullName, "blog.db");
        var json = Path.Combine(dir.FullName, "blog.json");
        var back = Path.Combine(dir.FullName, "back.db");
        ps.Ok(Seed.SnapshotFunction);
        var before = ps.Joined($"Connect-RelDatabase -Path '{file}'\n{Seed.Blog}\nSnap; $null = Export-RelData -Path '{json}'");
        var uri = Postgres.NewDatabase("move");
        Assert.Equal(before, ps.Joined($"Connect-RelDatabase {uri}; $null = Import-RelData -Path '{json}'; Snap"));
        // New rows continue after the imported keys, on PostgreSQL as on SQLite.
        Assert.Equal("4", ps.Joined("(New-Post -Title 'after import' -Tag sql).Id"));
        var onPostgres = ps.Joined("Snap");
        Assert.Equal(before, string.Join('|', onPostgres.Split('|').Where(p => !p.StartsWith("P4:after import:", StringComparison.Ordinal))));
        Assert.EndsWith(":sql", onPostgres.Split('|').Single(p => p.StartsWith("P4:", StringComparison.Ordinal)), StringComparison.Ordinal);
        ps.Ok($"$null = Export-RelData -Path '{json}'; Connect-RelDatabase -Path '{back}'; $null = Import-RelData -Path '{json}'");
        Assert.Equal(onPostgres, ps.Joined("Snap"));
    }

    [DbFact]
    public void Database_takes_a_URI_and_two_connections_to_one_database_share_their_rows()
    {
        var uri = Postgres.NewDatabase("dbarg");
        ps.Ok($"Connect-RelDatabase {uri}; $null = New-Tag shared; $null = New-Post -Title p1; Connect-RelDatabase -InMemory");
        Assert.Equal("shared", ps.Joined($"(Get-Tag -Database '{uri}').Name"));
        Assert.Equal("0", ps.Joined("@(Get-Tag).Count"));
        // A post read through one connection is used through another to the same database by its id: a post has no
        // natural key, so a row of another database would be refused (ObjectFromOtherDatabase).
        ps.Ok($"$p = Get-Post -Database '{uri}' -Title p1; $db2 = Connect-RelDatabase {uri} -PassThru; $p | Add-PostTag -Tag shared -Database $db2");
        Assert.Equal("shared", ps.Joined($"(Get-Post -Title p1).Tags.Name"));
        var e = ps.Run("Disconnect-RelDatabase 'postgresql://postgres@127.0.0.1:1/none'").SingleError();
        Assert.Contains("This session has no open connection to 'postgresql://postgres@127.0.0.1:1/none'.", e.Exception.Message, StringComparison.Ordinal);
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static System.Security.SecureString Secure(string s)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in s) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
