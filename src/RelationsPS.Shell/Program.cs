using System.Reflection;
using System.Management.Automation;

namespace RelationsPS.Shell;

/// <summary>relps: PowerShell 7 with RelationsPS imported, for machines without pwsh.</summary>
internal static class Program
{
    private const int UsageError = 2;
    private const int Interrupted = 130;

    private static int Main(string[] args)
    {
        ShellOptions options;
        try
        {
            options = ShellOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return UsageError;
        }
        if (options.Help)
        {
            Console.WriteLine(ShellOptions.Usage);
            return 0;
        }
        if (options.Version)
        {
            Console.WriteLine($"relps {Informational(typeof(Program).Assembly)} (PowerShell {Informational(typeof(PSObject).Assembly)})");
            return 0;
        }

        var interactive = !Console.IsInputRedirected && !options.NonInteractive;
        using var runner = new ScriptRunner(interactive);
        if (!options.NoModule)
        {
            var manifest = ModuleLocator.Find(options.ModulePath);
            if (manifest is null)
            {
                // Plain PowerShell still works; only the RelationsPS cmdlets will be missing.
                runner.UI.WriteWarningLine($"relps found no {ModuleLocator.Manifest} (build it with 'dotnet build', or pass -Module <path>); going on without it.");
            }
            else if (!File.Exists(manifest))
            {
                Console.Error.WriteLine($"relps: the module '{options.ModulePath}' does not exist.");
                return UsageError;
            }
            else if (!runner.Import(manifest))
            {
                return 1;
            }
        }

        RunOutcome outcome;
        if (options.Command is not null) outcome = runner.Run(options.Command);
        else if (options.ScriptFile is not null) outcome = runner.RunFile(options.ScriptFile, options.ScriptArgs);
        else if (options.CommandFromStdin || Console.IsInputRedirected) outcome = runner.Run(Console.In.ReadToEnd());
        else return InteractiveLoop.Run(runner);

        return outcome switch
        {
            RunOutcome.Failed => runner.ExitCode is int c and not 0 ? c : 1,
            RunOutcome.Stopped => Interrupted,
            _ => runner.ExitCode ?? 0,
        };
    }

    private static string Informational(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "?";
        // Drop the source revision the SDK appends ("7.6.9+abc123" / "7.6.9 SHA: abc123").
        return version.Split('+', ' ')[0];
    }
}
