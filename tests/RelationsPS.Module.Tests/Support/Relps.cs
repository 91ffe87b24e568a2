using System.Diagnostics;

namespace RelationsPS.Module.Tests.Support;

/// <summary>Runs the built relps shell as a separate process, as a person would from a terminal.</summary>
public static class Relps
{
    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>The shell built in the same configuration as these tests.</summary>
    public static string Dll => Path.Combine(Repo.Root, "src", "RelationsPS.Shell", "bin", Repo.Configuration, "net10.0", "relps.dll");

    /// <summary>Runs relps; <paramref name="environment"/> sets variables for the child, a null value removes one it would inherit.</summary>
    public static Result Run(IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, IDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Repo.Root,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        if (environment is not null)
            foreach (var (k, v) in environment)
                if (v is null) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("relps did not finish in 120 s.");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result Command(string script, IDictionary<string, string?>? environment = null) => Run(["-Command", script], environment: environment);
}
