using System.Diagnostics;

namespace RelationsPS.Module.Tests.Support;

/// <summary>
/// Real pwsh in a separate process, as a person runs it from a terminal: the PowerShell dotnet tool
/// pinned in .config/dotnet-tools.json (7.6.10), started as <c>dotnet pwsh</c> from the repository
/// root, where the tool manifest is found. The test projects restore the tool when they build
/// (tests/RealPwsh.targets). Warnings and verbose output come on standard output, as pwsh writes
/// them; errors on standard error. Colours are off (NO_COLOR).
/// </summary>
public static class Pwsh
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        /// <summary>Standard output's non-empty lines, trimmed.</summary>
        public IReadOnlyList<string> Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Importing the repository's build, as README says: <c>Import-Module ./RelationsPS.psd1</c>.</summary>
    public const string ImportModule = "Import-Module ./RelationsPS.psd1 -ErrorAction Stop";

    /// <summary>
    /// Runs <c>dotnet pwsh -NoProfile -NonInteractive &lt;args&gt;</c> in the repository root;
    /// <paramref name="environment"/> sets variables for the child, a null value removes one it would inherit.
    /// </summary>
    public static Result Run(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? stdin = null, int timeoutSeconds = 180)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Repo.Root,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive" }.Concat(args)) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
            foreach (var (k, v) in environment)
                if (v is null) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"pwsh did not finish in {timeoutSeconds} s. Output so far: {stdout.Result}{stderr.Result}");
        }
        var result = new Result(p.ExitCode, stdout.Result, stderr.Result);
        if (result.ExitCode != 0 && result.Err.Contains("dotnet tool restore", StringComparison.Ordinal))
            throw new InvalidOperationException("pwsh (the local dotnet tool) is not restored: run `dotnet tool restore` in " + Repo.Root + " (the test projects' build does it). " + result.Err);
        return result;
    }

    /// <summary><c>pwsh -Command</c> with script text; nothing is imported unless the script does it.</summary>
    public static Result Command(string script, IDictionary<string, string?>? environment = null) => Run(["-Command", script], environment);

    /// <summary><c>pwsh -Command</c> with RelationsPS imported from the repository first.</summary>
    public static Result WithModule(string script, IDictionary<string, string?>? environment = null) => Command(ImportModule + "\n" + script, environment);

    /// <summary><c>pwsh -File</c> (a path relative to the repository root, or absolute) with its arguments.</summary>
    public static Result File(string path, IEnumerable<string>? args = null, IDictionary<string, string?>? environment = null) =>
        Run(new[] { "-File", path }.Concat(args ?? []), environment);

    /// <summary>The dotnet that runs these tests (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && System.IO.File.Exists(host) ? host : "dotnet";
}
