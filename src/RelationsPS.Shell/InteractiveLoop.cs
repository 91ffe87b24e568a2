namespace RelationsPS.Shell;

/// <summary>A simple prompt for people at a terminal: one line at a time, until exit or end of input.</summary>
internal static class InteractiveLoop
{
    public static int Run(ScriptRunner runner)
    {
        Console.WriteLine("relps - PowerShell with RelationsPS. Type 'exit' to leave.");
        while (true)
        {
            Console.Write("PS relps> ");
            var line = Console.ReadLine();
            if (line is null) return runner.ExitCode ?? 0;
            if (line.Trim().Length == 0) continue;
            if (runner.Run(line) == RunOutcome.Exited) return runner.ExitCode ?? 0;
        }
    }
}
