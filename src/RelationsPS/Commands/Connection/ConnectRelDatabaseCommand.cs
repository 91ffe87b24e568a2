using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Commands.Connection;

/// <summary>Connect-RelDatabase: opens a database (a file, or in memory) with a schema and makes it the session's current one.</summary>
[Cmdlet(VerbsCommunications.Connect, "RelDatabase", DefaultParameterSetName = PathSet)]
[OutputType(typeof(RelDatabase))]
public sealed class ConnectRelDatabaseCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string MemorySet = "InMemory";

    /// <summary>The database file; created if missing. Without it, the default database.</summary>
    [Parameter(Position = 0, ParameterSetName = PathSet)]
    public string? Path { get; set; }

    /// <summary>A new, empty in-memory database.</summary>
    [Parameter(Mandatory = true, ParameterSetName = MemorySet)]
    public SwitchParameter InMemory { get; set; }

    /// <summary>The models: a hashtable, or the path of a .psd1 file holding one. Default: the blog schema.</summary>
    [Parameter]
    public object? Schema { get; set; }

    /// <summary>Return the connection.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Open the file without writing anything (SQLite mode=ro): no table is created and every write fails
    /// with DatabaseReadOnly. Without -Schema, the models are read from the database's tables.
    /// </summary>
    [Parameter(ParameterSetName = PathSet)]
    public SwitchParameter ReadOnly { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            var models = Schema is null && ReadOnly ? null : SchemaInput.Read(this, Schema);
            var db = InMemory
                ? RelDatabase.OpenInMemory(models!)
                : SessionDatabases.OpenFile(Path is null ? SessionDatabases.DefaultPath() : GetUnresolvedProviderPathFromPSPath(Path), models,
                    // Without -Schema, a database holding tables RelationsPS did not create is refused, unchanged.
                    new OpenOptions { ReadOnly = ReadOnly, RefuseForeignTables = Schema is null });
            var previous = SessionDatabases.CurrentOrNull();
            SessionDatabases.SetCurrent(db);
            if (previous is not null && !ReferenceEquals(previous, db)) WriteVerbose($"Replaced the current connection to {previous}.");
            WriteVerbose($"Connected to {db} ({string.Join(", ", db.Models.Models.Select(m => m.Name))}).");
            if (PassThru) WriteObject(db);
        }
        catch (Core.Errors.RelationsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Schema ?? Path));
        }
    }
}

/// <summary>Disconnect-RelDatabase: closes a connection (by default the current one).</summary>
[Cmdlet(VerbsCommunications.Disconnect, "RelDatabase")]
[OutputType(typeof(void))]
public sealed class DisconnectRelDatabaseCommand : PSCmdlet
{
    /// <summary>The connection to close; by default the current one.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public RelDatabase? Database { get; set; }

    protected override void ProcessRecord()
    {
        var db = Database ?? SessionDatabases.CurrentOrNull();
        if (db is null) return;
        if (ReferenceEquals(db, SessionDatabases.CurrentOrNull())) SessionDatabases.SetCurrent(null);
        db.Dispose();
        WriteVerbose($"Disconnected from {db}.");
    }
}

/// <summary>Get-RelDatabase: the current connection (the default database when none was made).</summary>
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

    /// <summary>A deep copy with PowerShell wrappers removed (nested hashtables, arrays).</summary>
    private static Hashtable Plain(IDictionary d)
    {
        var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in d) h[e.Key is PSObject k ? k.BaseObject : e.Key] = PlainValue(e.Value);
        return h;
    }

    private static object? PlainValue(object? v) => (v is PSObject p ? p.BaseObject : v) switch
    {
        IDictionary d => Plain(d),
        string s => s,
        IEnumerable e => e.Cast<object?>().Select(PlainValue).ToArray(),
        var other => other,
    };

    internal static Hashtable PlainDictionary(IDictionary d) => Plain(d);
}
