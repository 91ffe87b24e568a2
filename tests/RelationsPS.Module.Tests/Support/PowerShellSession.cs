using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RelationsPS.Module.Tests.Support;

/// <summary>The outcome of one script: output objects and every stream, errors with their ids.</summary>
public sealed record RunResult(Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> Warnings, IReadOnlyList<string> Verbose, Exception? Terminating)
{
    public IReadOnlyList<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();

    /// <summary>Output values as strings, for compact assertions.</summary>
    public IReadOnlyList<string> Text => Output.Select(o => o?.ToString() ?? "").ToList();

    /// <summary>A property of each output object.</summary>
    public IReadOnlyList<object?> Values(string property) => Output.Select(o => o.Properties[property]?.Value is PSObject p ? p.BaseObject : o.Properties[property]?.Value).ToList();

    public RunResult ShouldSucceed()
    {
        if (Terminating is not null) throw new Xunit.Sdk.XunitException("Script failed: " + Terminating);
        if (Errors.Count > 0) throw new Xunit.Sdk.XunitException("Script wrote errors: " + string.Join(Environment.NewLine, Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        return this;
    }
}

/// <summary>
/// A runspace with RelationsPS imported from the repository (as <c>Import-Module ./RelationsPS.psd1</c>
/// would), fresh per test class instance: each test gets its own in-memory database by default.
/// On <see cref="Db.PostgreSQL"/> each <c>Connect-RelDatabase -InMemory</c> of a script becomes a connect to a new,
/// empty database of the test cluster, so the same spec text runs on both databases.
/// </summary>
public sealed partial class PowerShellSession : IDisposable
{
    private readonly Runspace runspace;

    public PowerShellSession(bool connectInMemory = true) : this(Db.SQLite, connectInMemory)
    {
    }

    public PowerShellSession(Db db, bool connectInMemory = true)
    {
        Database = db;
        runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        var import = Run($"Import-Module '{Repo.Manifest}' -ErrorAction Stop");
        if (import.Terminating is not null || import.Errors.Count > 0)
            throw new InvalidOperationException("Import failed: " + (import.Terminating?.Message ?? import.Errors[0].ToString()));
        ImportWarnings = import.Warnings;
        if (connectInMemory) Run("Connect-RelDatabase -InMemory").ShouldSucceed();
    }

    public IReadOnlyList<string> ImportWarnings { get; }

    /// <summary>The database kind this session's specs run on.</summary>
    public Db Database { get; }

    [System.Text.RegularExpressions.GeneratedRegex(@"Connect-RelDatabase\s+-InMemory\b")]
    private static partial System.Text.RegularExpressions.Regex InMemoryConnect();

    /// <summary>The script as it runs on this session's database kind (see the class remarks).</summary>
    public string ForDatabase(string script) =>
        Database == Db.PostgreSQL ? InMemoryConnect().Replace(script, _ => $"Connect-RelDatabase '{NewDatabase()}'") : script;

    private readonly List<string> databases = [];

    private string NewDatabase()
    {
        var uri = Postgres.NewDatabase();
        lock (databases) databases.Add(uri);
        return uri;
    }

    /// <summary>Runs script text in the session (variables persist between calls).</summary>
    public RunResult Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var ps = PowerShell.Create(runspace);
        if (variables is not null)
            foreach (var (k, v) in variables) runspace.SessionStateProxy.SetVariable(k, v);
        ps.AddScript(ForDatabase(script));
        Collection<PSObject> output = [];
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }
        return new RunResult(output, ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(),
            ps.Streams.Verbose.Select(v => v.Message).ToList(), terminating);
    }

    /// <summary>Runs and expects success; returns the output.</summary>
    public Collection<PSObject> Ok(string script) => Run(script).ShouldSucceed().Output;

    /// <summary>The single value a script returns, unwrapped.</summary>
    public object? Value(string script)
    {
        var output = Ok(script);
        Assert.Single(output);
        return output[0]?.BaseObject;
    }

    public void Dispose()
    {
        if (Database == Db.PostgreSQL)
        {
            // The session's connections go back to the pool (a runspace closing does not close them), and its databases
            // are dropped, which also ends the pooled connections to them: hundreds of specs stay within the server's limit.
            Run("[RelationsPS.Commands.Support.SessionDatabases]::CloseAll()");
            runspace.Dispose();
            foreach (var uri in databases) Postgres.DropDatabase(uri);
            return;
        }
        runspace.Dispose();
    }
}
