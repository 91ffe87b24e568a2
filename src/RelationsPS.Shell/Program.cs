namespace RelationsPS.Shell;

/// <summary>relps: PowerShell 7 with RelationsPS imported, for machines without pwsh.</summary>
internal static class Program
{
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
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(ShellOptions.Usage);
            return 0;
        }

        using var runner = new ScriptRunner();
        if (!options.NoModule)
        {
            var manifest = ModuleLocator.Find(options.ModulePath);
            if (manifest is null || !File.Exists(manifest))
            {
                Console.Error.WriteLine($"relps: cannot find {ModuleLocator.Manifest} (build first with 'dotnet build', or pass -Module <path>).");
                return 2;
            }
            if (!runner.Import(manifest)) return 1;
        }

        RunOutcome outcome;
        if (options.Command is not null) outcome = runner.Run(options.Command);
        else if (options.ScriptFile is not null) outcome = runner.RunFile(options.ScriptFile, options.ScriptArgs);
        else if (Console.IsInputRedirected) outcome = runner.Run(Console.In.ReadToEnd());
        else return InteractiveLoop.Run(runner);

        return outcome switch
        {
            RunOutcome.Failed => runner.ExitCode is int c and not 0 ? c : 1,
            _ => runner.ExitCode ?? 0,
        };
    }
}
