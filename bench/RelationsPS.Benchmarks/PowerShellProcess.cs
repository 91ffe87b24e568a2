using System.Diagnostics;
using System.Globalization;

namespace RelationsPS.Benchmarks;

/// <summary>
/// Runs the PowerShell cases in a child process (this program with --ps-worker), configured as pwsh
/// runs: the .NET defaults, workstation GC with background collections. The engine cases run in this
/// process with non-concurrent GC (steadier timings) next to EF Core's and the workload's hundreds of
/// megabytes, and both would misstate a PowerShell session: Where-Object's 100,000 objects and the
/// 1,000 a -Filter emits are collected differently there.
/// </summary>
internal static class PowerShellProcess
{
    public const string FailurePrefix = "PS-FAILURE: ";

    /// <summary>Runs the worker against the loaded database; returns its markdown section (null if it wrote none).</summary>
    public static string? Run(Options o, string shared, string dir, List<string> failures)
    {
        var section = Path.Combine(dir, "powershell-cases.md");
        var start = new ProcessStartInfo { UseShellExecute = false, RedirectStandardError = true };
        var self = typeof(PowerShellProcess).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) is "dotnet")
        {
            start.FileName = Environment.ProcessPath!;
            start.ArgumentList.Add(self);
        }
        else
        {
            start.FileName = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's own executable is unknown.");
        }
        foreach (var a in new[] { "--ps-worker", shared, "--scale", o.Scale.ToString(CultureInfo.InvariantCulture), "--out", section })
            start.ArgumentList.Add(a);
        if (o.Quick) start.ArgumentList.Add("--quick");
        if (o.CheckOnly) start.ArgumentList.Add("--check-only");
        if (o.Only is not null)
        {
            start.ArgumentList.Add("--only");
            start.ArgumentList.Add(o.Only);
        }
        // The runtime's defaults, as pwsh has them (this program's runtimeconfig turns background GC off).
        start.Environment["DOTNET_gcConcurrent"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";

        Console.WriteLine("PowerShell cases: in a child process with pwsh's GC settings (workstation, background GC)");
        using var child = Process.Start(start) ?? throw new InvalidOperationException("The PowerShell worker did not start.");
        string? line;
        while ((line = child.StandardError.ReadLine()) is not null)
        {
            if (line.StartsWith(FailurePrefix, StringComparison.Ordinal)) failures.Add(line[FailurePrefix.Length..]);
            else Console.Error.WriteLine(line);
        }
        child.WaitForExit();
        if (child.ExitCode != 0 && !failures.Any(f => f.StartsWith("ps-", StringComparison.Ordinal)))
            failures.Add($"ps: the PowerShell worker exited with code {child.ExitCode}");
        return File.Exists(section) ? File.ReadAllText(section) : null;
    }
}
