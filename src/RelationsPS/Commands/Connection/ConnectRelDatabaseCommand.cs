using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Connection;

/// <summary>Connect-RelDatabase: opens a database (a SQLite file or in-memory database, or a PostgreSQL database) with a schema and makes it the session's current one.</summary>
/// <remarks>
/// Connecting creates the tables, join tables and indexes the schema needs that are missing, in one transaction; a
/// schema that contradicts the database is refused and nothing is changed. -Path ':memory:' (and
/// $env:RELATIONSPS_DATABASE = ':memory:') means a new in-memory database. A PostgreSQL database is named by a URI,
/// postgresql://user[:password]@host[:port]/database (positional, or in $env:RELATIONSPS_DATABASE), or by
/// -ConnectionString with Npgsql's keywords ('Host=127.0.0.1;Port=5432;Username=me;Database=blog'); -Credential gives
/// the user and password, which are never shown (Get-RelDatabase shows postgresql://user@host:port/database) nor
/// logged. A connection string given to -Path ('Data Source=x.db') is refused with InvalidConnection: use
/// -ConnectionString. If the connect fails, later commands are refused with a ConnectFailed error naming it, until a
/// connect succeeds or Disconnect-RelDatabase clears it.
/// </remarks>
[Cmdlet(VerbsCommunications.Connect, "RelDatabase", DefaultParameterSetName = PathSet)]
[OutputType(typeof(RelDatabase))]
public sealed class ConnectRelDatabaseCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string MemorySet = "InMemory";
    private const string ConnectionStringSet = "ConnectionString";

    /// <summary>
    /// The SQLite database file, created if missing (':memory:' means a new in-memory database), or a PostgreSQL URI
    /// (postgresql://user@host:port/database). Without it, the default database.
    /// </summary>
    [Parameter(Position = 0, ParameterSetName = PathSet)]
    public string? Path { get; set; }

    /// <summary>A new, empty in-memory database.</summary>
    [Parameter(Mandatory = true, ParameterSetName = MemorySet)]
    public SwitchParameter InMemory { get; set; }

    /// <summary>
    /// A provider connection string: Npgsql's keywords for PostgreSQL ('Host=127.0.0.1;Port=5432;Username=me;Database=blog'),
    /// Microsoft.Data.Sqlite's for SQLite ('Data Source=blog.db'), or a postgresql:// URI.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    /// <summary>The database server kind of -ConnectionString; by default read from it (Host or a URI: PostgreSQL; Data Source: SQLite).</summary>
    [Parameter(ParameterSetName = ConnectionStringSet)]
    public DatabaseProvider Provider
    {
        get => provider is DatabaseProvider p ? p : DatabaseProvider.SQLite;
        set => provider = value;
    }

    /// <summary>
    /// Boxed on purpose: PowerShell lists the module's exported types before the module's load context is hooked, and a
    /// field of the engine's enum type would make the runtime load the engine then, from the wrong place.
    /// </summary>
    private object? provider;

    /// <summary>The PostgreSQL user and password (the password is never shown, logged or put in an error message).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ConnectionStringSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The models: a hashtable, or the path of a .psd1 file holding one. Default: the blog schema.</summary>
    [Parameter]
    public object? Schema { get; set; }

    /// <summary>Return the connection.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Open the database without writing anything (SQLite mode=ro; a read-only PostgreSQL session): no table is created
    /// and every write fails with DatabaseReadOnly. Without -Schema, the models are read from the database's tables.
    /// </summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ConnectionStringSet)]
    public SwitchParameter ReadOnly { get; set; }

    private ConnectionTarget? target;

    protected override void EndProcessing()
    {
        try
        {
            target = Target();
            var models = Schema is null && ReadOnly ? null : SchemaInput.Read(this, Schema);
            // Without -Schema, a database holding tables RelationsPS did not create is refused, unchanged.
            var options = new OpenOptions { ReadOnly = ReadOnly, RefuseForeignTables = Schema is null };
            var file = Path ?? SessionDatabases.DefaultPath();
            var db = target is not null ? SessionDatabases.Connect(target, models, options)
                // ':memory:' (as -Path or in $env:RELATIONSPS_DATABASE) is SQLite's name for a new in-memory database, not a file.
                : InMemory || SessionDatabases.IsMemory(file)
                ? SessionDatabases.OpenInMemory(models ?? throw new PSArgumentException("-ReadOnly without -Schema reads a database's own tables; an in-memory database has none."))
                : SessionDatabases.OpenFile(Path is null ? file : GetUnresolvedProviderPathFromPSPath(Path), models, options);
            var previous = SessionDatabases.CurrentOrNull();
            SessionDatabases.Connected(db);
            if (previous is not null && !ReferenceEquals(previous, db)) WriteVerbose($"Replaced the current connection to {previous.DisplayName}.");
            WriteVerbose($"Connected to {db.DisplayName} ({string.Join(", ", db.Models.Models.Select(m => m.Name))}).");
            RelationsPS.Objects.ModelViews.Ensure(this, db.Models);
            if (PassThru) WriteObject(db);
        }
        catch (Exception e) when (e is Core.Errors.RelationsException or SessionStateException or PSArgumentException or NotSupportedException or IOException)
        {
            // A failed connect leaves the session refusing commands (naming this attempt) rather than letting
            // the next write go to the previous or the default database (issue 12).
            SessionDatabases.ConnectFailed(Attempt(), e);
            if (e is Core.Errors.RelationsException r) ThrowTerminatingError(ErrorRecords.From(r, (object?)Schema ?? target?.Display ?? ShownPath()));
            throw;
        }
    }

    /// <summary>The PostgreSQL (or SQLite connection-string) target named by the parameters or the environment; null for a file.</summary>
    private ConnectionTarget? Target()
    {
        var credential = Credential?.GetNetworkCredential();
        if (ConnectionString is not null)
            return ConnectionTarget.FromConnectionString(ConnectionString, provider as DatabaseProvider?, credential);
        if (InMemory) return null;
        var named = Path ?? SessionDatabases.DefaultPath();
        if (ConnectionTarget.IsUri(named)) return ConnectionTarget.FromUri(named, credential);
        // A connection string given as a path would otherwise become a folder named 'Data Source=' (issue 13).
        if (ConnectionTarget.LooksLikeConnectionString(named))
            throw new Core.Errors.RelationsException("InvalidConnection", Core.Errors.ErrorKind.InvalidArgument,
                $"'{ConnectionTarget.Redacted(named)}' is a connection string, not a file path: use Connect-RelDatabase -ConnectionString '{ConnectionTarget.Redacted(named)}' (or -Path <file>).", ConnectionTarget.Redacted(named));
        if (credential is not null)
            throw new Core.Errors.RelationsException("InvalidConnection", Core.Errors.ErrorKind.InvalidArgument,
                "-Credential is for PostgreSQL: a SQLite file has no user or password. Name the server with a postgresql:// URI or -ConnectionString.", named);
        return null;
    }

    /// <summary>-Path as it may be shown: a URI without its password.</summary>
    private string? ShownPath() =>
        Path is null ? null : ConnectionTarget.IsUri(Path) ? ConnectionTarget.WithoutPassword(Path) : ConnectionTarget.LooksLikeConnectionString(Path) ? ConnectionTarget.Redacted(Path) : Path;

    private string Attempt() =>
        "Connect-RelDatabase" + (InMemory ? " -InMemory"
            : ConnectionString is not null ? $" -ConnectionString '{target?.Display ?? "..."}'"
            : Path is null ? "" : ConnectionTarget.IsUri(Path) ? $" '{ShownPath()}'" : $" -Path '{ShownPath()}'")
        + (Credential is null ? "" : " -Credential ...") + (Schema is null ? "" : " -Schema ...");
}

/// <summary>
/// Disconnect-RelDatabase: closes a connection, by default the current one. Afterwards commands that would use
/// the current connection are refused with an error saying how to connect, until the next Connect-RelDatabase:
/// they do not open the default database behind your back. It also clears the refusal left by a failed connect.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "RelDatabase")]
[OutputType(typeof(void))]
public sealed class DisconnectRelDatabaseCommand : PSCmdlet
{
    /// <summary>The connection to close (an object, or the path of a file this session has open); by default the current one.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [DatabaseArgument(ExistingOnly = true)]
    public RelDatabase? Database { get; set; }

    protected override void ProcessRecord()
    {
        var current = SessionDatabases.CurrentOrNull();
        var db = Database ?? current;
        if (Database is null || ReferenceEquals(db, current)) SessionDatabases.Disconnected(db?.ToString());
        if (db is null) return;
        SessionDatabases.Forget(db);
        db.Dispose();
        WriteVerbose($"Disconnected from {db}.");
    }
}

/// <summary>Get-RelDatabase: the current connection (the default database when none was made).</summary>
/// <remarks>
/// It shows the connection's path, models and how many statements it ran. After Disconnect-RelDatabase, or after a
/// failed Connect-RelDatabase, it is refused like every command until the next connect.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "RelDatabase")]
[OutputType(typeof(RelDatabase))]
public sealed class GetRelDatabaseCommand : RelCmdlet
{
    protected override void EndProcessing()
    {
        Run(() => WriteObject(Db), null);
        base.EndProcessing();
    }
}

/// <summary>Reads -Schema: a hashtable, or a .psd1 data file, into models.</summary>
internal static class SchemaInput
{
    public static ModelSet Read(PSCmdlet cmdlet, object? schema)
    {
        switch (schema is PSObject p ? p.BaseObject : schema)
        {
            case null:
                return BlogSchema.Models;
            case IDictionary d:
                return SchemaReader.Read(Plain(d));
            case string path:
                return SchemaReader.Read(DataFile.Read(cmdlet.GetUnresolvedProviderPathFromPSPath(path)));
            case var other:
                throw new Core.Errors.SchemaException("InvalidSchema", $"-Schema takes a hashtable or the path of a .psd1 file, not '{other}'.", other);
        }
    }

    /// <summary>A deep copy with PowerShell wrappers removed (nested hashtables, arrays); the order of an [ordered] one is kept (Choices).</summary>
    private static IDictionary Plain(IDictionary d, bool keepOrder = true)
    {
        IDictionary h = keepOrder ? new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase) : new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in d) h[e.Key is PSObject k ? k.BaseObject : e.Key] = PlainValue(e.Value, keepOrder);
        return h;
    }

    private static object? PlainValue(object? v, bool keepOrder) => (v is PSObject p ? p.BaseObject : v) switch
    {
        IDictionary d => Plain(d, keepOrder),
        // Default = { Get-Date }: evaluated per created row (the engine calls it and reports a failure as the item's error).
        ScriptBlock sb => (Func<object?>)(() => DefaultOf(sb)),
        string s => s,
        IEnumerable e => e.Cast<object?>().Select(x => PlainValue(x, keepOrder)).ToArray(),
        var other => other,
    };

    private static object? DefaultOf(ScriptBlock sb)
    {
        var output = sb.Invoke();
        return output.Count switch
        {
            0 => null,
            1 => RelObjectAdapter.Unwrap(output[0]),
            _ => output.Select(o => RelObjectAdapter.Unwrap(o)).ToArray(),
        };
    }

    internal static Hashtable PlainDictionary(IDictionary d) => (Hashtable)Plain(d, keepOrder: false);
}
