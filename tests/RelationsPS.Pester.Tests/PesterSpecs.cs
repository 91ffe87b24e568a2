using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using RelationsPS.Module.Tests.Support;
using RelationsPS.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RelationsPS.Pester.Tests;

/// <summary>
/// Each Pester <c>It</c> in tests/Pester is one test here, run in real pwsh with the pinned Pester.
/// Discovery (Pester's own, <c>Run.SkipRun</c>) lists the Its of every file once; the first test of a
/// file runs the whole file in one pwsh process (<c>Invoke-Pester</c>, as a person would), and each
/// test reports its own It's result. An It marked <c>-Skip</c> is a skipped test here. A file that fails
/// in discovery is one failing test; a failure outside any It (BeforeAll, AfterAll) fails the file's
/// last It, so nothing fails unseen.
/// The spec files named <c>PostgreSQL*.Tests.ps1</c> run against the test assembly's PostgreSQL cluster
/// (tests/Shared/PostgresCluster.cs, started for the first of them, stopped when the process exits): the
/// harness hands them <c>RELATIONSPS_TEST_PG</c> (the server's URI, <c>postgresql://postgres@127.0.0.1:PORT</c>)
/// and <c>RELATIONSPS_TEST_PG_BIN</c> (createdb is there); where the binaries are absent the latter is empty and
/// their Its are marked -Skip (counted skipped), unless <c>RELATIONSPS_REQUIRE_POSTGRES=1</c> (CI), where they fail.
/// </summary>
public class PesterSpecs
{
    /// <summary>
    /// Every It: file (relative to tests/Pester), index in the file, name (Describe > Context > It),
    /// and why it is skipped when the spec marks it -Skip (else empty).
    /// </summary>
    public static TheoryData<string, int, string, string> Specs => Rows();

    [PesterTheory]
    [MemberData(nameof(Specs))]
    public void It_passes_in_real_pwsh(string file, int index, string name, string skip)
    {
        Assert.Equal("", skip); // skipped rows never run (PesterTheoryDiscoverer)
        if (index < 0) throw new Xunit.Sdk.XunitException(name);
        var run = FileRuns.GetOrAdd(file, f => new Lazy<FileRun>(() => RunFile(f))).Value;
        if (run.Failure is not null) throw new Xunit.Sdk.XunitException(run.Failure);
        if (index >= run.Tests.Count || run.Tests[index].Name != name)
            throw new Xunit.Sdk.XunitException($"Pester ran other tests than it discovered in {file} (#{index} {name}); its output:\n{run.Output}");
        var test = run.Tests[index];
        var problems = new List<string>();
        if (test.Result != "Passed")
            problems.Add(test.Result == "Skipped"
                ? "skipped while running (Set-ItResult?); mark the It -Skip so it is counted as skipped"
                : $"{test.Result}:\n{string.Join("\n\n", test.Errors)}");
        if (index == run.Tests.Count - 1 && run.FileErrors.Count > 0)
            problems.Add($"the file failed outside its Its (BeforeAll, AfterAll, ...):\n{string.Join("\n\n", run.FileErrors)}");
        if (problems.Count > 0)
            throw new Xunit.Sdk.XunitException($"{file}: {name}: {string.Join("\n\n", problems)}\n\n--- Pester's output for {file}:\n{run.Output}");
    }

    private static string SpecsFolder => Path.Combine(Repo.Root, "tests", "Pester");

    /// <summary>Where restore put the pinned Pester (the project's PackageDownload).</summary>
    private static string PesterManifest { get; } =
        typeof(PesterSpecs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterManifest").Value!;

    private sealed record Discovered(string File, string? Error, List<(string Name, bool Skip)> Tests);

    private static readonly Lazy<List<Discovered>> Discovery = new(Discover);

    private static TheoryData<string, int, string, string> Rows()
    {
        var rows = new TheoryData<string, int, string, string>();
        List<Discovered> found;
        try
        {
            found = Discovery.Value;
        }
        catch (Exception e)
        {
            rows.Add("(discovery)", -1, "Pester discovery in real pwsh failed: " + e.Message, "");
            return rows;
        }
        foreach (var d in found)
        {
            if (d.Error is not null)
            {
                rows.Add(d.File, -1, $"Pester discovery of {d.File} failed: {d.Error}", "");
                continue;
            }
            for (var i = 0; i < d.Tests.Count; i++)
                rows.Add(d.File, i, d.Tests[i].Name, d.Tests[i].Skip ? "marked -Skip in the Pester spec" : "");
        }
        return rows;
    }

    private const string Prelude = """
        $ErrorActionPreference = 'Stop'
        Import-Module -Name $env:RELPS_PESTER_MANIFEST -Force
        $c = New-PesterConfiguration
        $c.Run.Path = $env:RELPS_PESTER_PATH
        $c.Run.PassThru = $true
        $c.Run.Exit = $false
        $c.Run.Throw = $false
        $c.Output.RenderMode = 'Plaintext'
        function Format-SpecError($e) {
            # The message and where in the spec (Pester's own frames left out).
            (@("$e") + @("$($e.ScriptStackTrace)" -split "`n" | Where-Object { $_ -notmatch '[\\/]Pester\.ps[m]?1: line' -and $_ -notmatch '<No file>' })) -join "`n"
        }
        function Get-SpecTests($run, $container) {
            @($run.Tests | Where-Object { $_.ScriptBlock.File -eq $container.Item.FullName }) | ForEach-Object {
                [pscustomobject]@{ Name = $_.Path -join ' > '; Skip = [bool]$_.Skip; Result = [string]$_.Result
                                   Errors = @($_.ErrorRecord | ForEach-Object { Format-SpecError $_ }) }
            }
        }
        function Get-ContainerErrors($run, $container) {
            @($container.ErrorRecord) + @($run.FailedBlocks | Where-Object { $_.ScriptBlock.File -eq $container.Item.FullName } | ForEach-Object { $_.ErrorRecord }) |
                Where-Object { $_ } | ForEach-Object { Format-SpecError $_ }
        }
        """;

    private static List<Discovered> Discover()
    {
        var output = Path.GetTempFileName();
        try
        {
            var script = Prelude + """

                $c.Run.SkipRun = $true
                $c.Output.Verbosity = 'None'
                $r = Invoke-Pester -Configuration $c
                $files = foreach ($k in $r.Containers) {
                    [pscustomobject]@{ File = $k.Item.FullName; Result = [string]$k.Result
                                       Errors = @(Get-ContainerErrors $r $k); Tests = @(Get-SpecTests $r $k) }
                }
                ConvertTo-Json -InputObject @($files) -Depth 5 | Set-Content -LiteralPath $env:RELPS_PESTER_RESULT -Encoding utf8
                """;
            var r = Pwsh.Run(["-Command", script], Environment(SpecsFolder, output));
            if (r.ExitCode != 0) throw new InvalidOperationException($"exit code {r.ExitCode}: {r.Err}{r.Out}");
            using var json = JsonDocument.Parse(File.ReadAllText(output));
            var found = new List<Discovered>();
            foreach (var f in json.RootElement.EnumerateArray())
            {
                var file = Path.GetRelativePath(SpecsFolder, f.GetProperty("File").GetString()!);
                var errors = Strings(f.GetProperty("Errors"));
                var tests = f.GetProperty("Tests").EnumerateArray().Select(t => (t.GetProperty("Name").GetString()!, t.GetProperty("Skip").GetBoolean())).ToList();
                var failed = f.GetProperty("Result").GetString() == "Failed";
                found.Add(new Discovered(file, failed || errors.Count > 0 ? string.Join("\n", errors.DefaultIfEmpty("(no message)")) : null, tests));
            }
            return found;
        }
        finally
        {
            File.Delete(output);
        }
    }

    private sealed record RanTest(string Name, string Result, List<string> Errors);

    private sealed record FileRun(List<RanTest> Tests, List<string> FileErrors, string Output, string? Failure);

    private static readonly ConcurrentDictionary<string, Lazy<FileRun>> FileRuns = new();

    private static FileRun RunFile(string file)
    {
        var output = Path.GetTempFileName();
        try
        {
            var script = Prelude + """

                $c.Output.Verbosity = 'Detailed'
                $r = Invoke-Pester -Configuration $c
                $k = @($r.Containers)[0]
                $file = [pscustomobject]@{ Errors = @(Get-ContainerErrors $r $k); Tests = @(Get-SpecTests $r $k) }
                ConvertTo-Json -InputObject $file -Depth 5 | Set-Content -LiteralPath $env:RELPS_PESTER_RESULT -Encoding utf8
                """;
            var environment = Environment(Path.Combine(SpecsFolder, file), output);
            if (NeedsPostgres(file))
            {
                try
                {
                    environment["RELATIONSPS_TEST_PG"] = $"postgresql://postgres@{Cluster.Value.Host}:{Cluster.Value.Port}";
                    environment["RELATIONSPS_TEST_PG_PORT"] = Cluster.Value.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (InvalidOperationException e)
                {
                    return new FileRun([], [], "", $"{file} needs PostgreSQL, and the test cluster did not start: {e.Message}");
                }
            }
            var r = Pwsh.Run(["-Command", script], environment, timeoutSeconds: 900);
            var text = $"{r.Out}{r.Err}";
            if (r.ExitCode != 0 || new FileInfo(output).Length == 0)
                return new FileRun([], [], text, $"pwsh running Invoke-Pester on {file} failed with exit code {r.ExitCode}:\n{text}");
            using var json = JsonDocument.Parse(File.ReadAllText(output));
            var tests = json.RootElement.GetProperty("Tests").EnumerateArray()
                .Select(t => new RanTest(t.GetProperty("Name").GetString()!, t.GetProperty("Result").GetString()!, Strings(t.GetProperty("Errors")))).ToList();
            return new FileRun(tests, Strings(json.RootElement.GetProperty("Errors")), text, null);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>What the scripts read: the pinned Pester, what to run, where to write the results (JSON), where PostgreSQL's tools are.</summary>
    private static Dictionary<string, string?> Environment(string path, string resultFile) => new()
    {
        ["RELPS_PESTER_MANIFEST"] = PesterManifest,
        ["RELPS_PESTER_PATH"] = path,
        ["RELPS_PESTER_RESULT"] = resultFile,
        // Not empty when PostgreSQL is required: the specs then run (and fail) rather than skip.
        ["RELATIONSPS_TEST_PG_BIN"] = PostgresCluster.FindBinaries() ?? (RequirePostgres ? "(PostgreSQL binaries absent)" : ""),
        ["RELATIONSPS_TEST_PG"] = null,
    };

    private static bool RequirePostgres => System.Environment.GetEnvironmentVariable("RELATIONSPS_REQUIRE_POSTGRES") == "1";

    private static bool NeedsPostgres(string file) => Path.GetFileName(file).StartsWith("PostgreSQL", StringComparison.Ordinal);

    /// <summary>One cluster for every PostgreSQL spec file of this run; each file makes its own databases.</summary>
    private static readonly Lazy<PostgresCluster> Cluster = new(() =>
    {
        var c = PostgresCluster.Start("fsync=off", "synchronous_commit=off", "full_page_writes=off");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => c.Dispose();
        return c;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static List<string> Strings(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Select(e => e.ToString()).ToList() : [];
}

/// <summary>A theory whose data rows say themselves whether they are skipped (the last argument: a reason, or empty).</summary>
[XunitTestCaseDiscoverer("RelationsPS.Pester.Tests.PesterTheoryDiscoverer", "RelationsPS.Pester.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class PesterTheoryAttribute : TheoryAttribute;

/// <summary>Makes a row whose last argument is a non-empty skip reason a skipped test, counted as such.</summary>
public sealed class PesterTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        dataRow is [.., string { Length: > 0 } skip]
            ? CreateTestCasesForSkippedDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, skip)
            : base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
}
