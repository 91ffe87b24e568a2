using System.Management.Automation.Language;

namespace RelationsPS.Shell;

/// <summary>
/// A simple prompt for people at a terminal: one command at a time (continued on further lines
/// while it is incomplete), until <c>exit</c> or end of input.
/// </summary>
internal static class InteractiveLoop
{
    private const string Prompt = "PS relps> ";
    private const string Continuation = ">> ";

    public static int Run(ScriptRunner runner)
    {
        Console.WriteLine("relps - PowerShell with RelationsPS. Type 'exit' to leave.");
        while (true)
        {
            var script = ReadCommand();
            if (script is null) return runner.ExitCode ?? 0;
            if (script.Trim().Length == 0) continue;
            if (runner.Run(script) == RunOutcome.Exited) return runner.ExitCode ?? 0;
        }
    }

    /// <returns>The command, or null at end of input.</returns>
    private static string? ReadCommand()
    {
        Console.Write(Prompt);
        var text = Console.ReadLine();
        if (text is null) return null;
        while (IsIncomplete(text))
        {
            Console.Write(Continuation);
            var more = Console.ReadLine();
            // An empty line ends the command, as in pwsh, and lets the parser report what is missing.
            if (string.IsNullOrEmpty(more)) break;
            text += "\n" + more;
        }
        return text;
    }

    private static bool IsIncomplete(string text)
    {
        Parser.ParseInput(text, out _, out var errors);
        return errors.Length > 0 && errors.All(e => e.IncompleteInput);
    }
}
