using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RelationsPS.Benchmarks;

/// <summary>
/// The real PowerShell 7 engine hosted in this process, with RelationsPS imported from the
/// repository's build output as <c>Import-Module ./RelationsPS.psd1</c> would. The module brings its
/// own SQLite in its own load context; the hand-written scripts get this process's
/// Microsoft.Data.Sqlite through variables, so both sides run in the same engine.
/// </summary>
internal sealed class PowerShellHost : IDisposable
{
    private readonly Runspace runspace;

    public PowerShellHost()
    {
        runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        Invoke($"Import-Module '{Manifest()}' -ErrorAction Stop");
    }

    /// <summary>Runs script text (variables persist between calls); any error fails the run.</summary>
    public Collection<PSObject> Invoke(string script, IReadOnlyDictionary<string, object?>? variables = null)
    {
        if (variables is not null)
            foreach (var (k, v) in variables) runspace.SessionStateProxy.SetVariable(k, v);
        using var ps = PowerShell.Create(runspace);
        ps.AddScript(script);
        var output = ps.Invoke();
        if (ps.Streams.Error.Count > 0)
            throw new InvalidOperationException($"PowerShell wrote {ps.Streams.Error.Count} error(s), the first: {ps.Streams.Error[0].FullyQualifiedErrorId}: {ps.Streams.Error[0]}");
        return output;
    }

    /// <summary>The one value a script returns, as a long (counts and checksums).</summary>
    public long Long(string script) => Convert.ToInt64(Invoke(script).Single().BaseObject, System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => runspace.Dispose();

    private static string Manifest()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var psd1 = Path.Combine(d.FullName, "RelationsPS.psd1");
            if (File.Exists(psd1) && Directory.Exists(Path.Combine(d.FullName, "module", "bin"))) return psd1;
        }
        throw new InvalidOperationException("RelationsPS.psd1 with a built module/bin was not found above " + AppContext.BaseDirectory + " (build the solution first).");
    }
}
