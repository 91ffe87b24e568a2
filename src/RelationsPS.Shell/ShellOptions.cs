namespace RelationsPS.Shell;

/// <summary>The command line of relps: <c>relps [options] [script.ps1 [args...]]</c>, <c>relps [options] -Command '...'</c>.</summary>
internal sealed record ShellOptions
{
    public string? ScriptFile { get; init; }
    public IReadOnlyList<string> ScriptArgs { get; init; } = [];
    public string? Command { get; init; }
    /// <summary><c>-Command -</c>: the script is standard input, whether or not it is redirected.</summary>
    public bool CommandFromStdin { get; init; }
    public string? ModulePath { get; init; }
    public bool NoModule { get; init; }
    public bool NonInteractive { get; init; }
    public bool Help { get; init; }
    public bool Version { get; init; }

    public const string Usage = """
        relps - PowerShell 7 with RelationsPS imported

        Usage:
          relps [options] script.ps1 [arguments]   run a script file (also -File script.ps1); arguments
                                                   bind as with pwsh -File: -Name value, -Switch, positional
          relps [options] -Command '<script>'      run script text (also -c; the rest of the line is the script;
                                                   -Command - reads it from standard input)
          relps [options] < script.ps1             run a script read from standard input
          relps [options]                          an interactive prompt (when standard input is a terminal)

        Options:
          -Module <path>    the RelationsPS manifest (or its folder) to import (also --module; default: found
                            by walking up from relps itself, then from the current directory)
          -NoModule         do not import RelationsPS (also --no-module)
          -NonInteractive   never read from the terminal: prompts fail, confirmations take the default
          -NoProfile, -NoLogo
                            accepted for pwsh habits; relps has no profiles and no banner in scripts
          -Version          the relps and PowerShell versions (also --version)
          -h, --help        this text

        Exit code: 0; N after 'exit N'; 1 when the script ends with a terminating error; 2 for a bad command line.

        relps carries only the core PowerShell cmdlets (ForEach-Object, Where-Object, Get-Command, Get-Help,
        Import-Module, Out-Default, ...) plus Write-Output, Write-Error, Write-Warning, Write-Verbose,
        Write-Debug, Write-Information and Write-Progress. Scripts that need Select-Object, Sort-Object,
        Format-Table, Write-Host and the rest of Microsoft.PowerShell.Utility belong in pwsh.
        """;

    public static ShellOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ShellOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            switch (a.ToLowerInvariant())
            {
                case "-h" or "--help" or "-help" or "-?" or "/?":
                    return options with { Help = true };
                case "-version" or "--version" or "-v":
                    return options with { Version = true };
                case "-c" or "-command" or "--command":
                    if (i + 1 >= args.Count) throw new ArgumentException($"relps: {a} needs the script text.");
                    // As pwsh: everything after -Command is the script, joined by spaces.
                    return args.Count == i + 2 && args[i + 1] == "-"
                        ? options with { CommandFromStdin = true }
                        : options with { Command = string.Join(' ', args.Skip(i + 1)) };
                case "-f" or "-file" or "--file":
                    if (i + 1 >= args.Count) throw new ArgumentException($"relps: {a} needs a script path.");
                    return WithScript(options, args[i + 1], args.Skip(i + 2));
                case "-module" or "--module":
                    if (i + 1 >= args.Count) throw new ArgumentException($"relps: {a} needs a path.");
                    options = options with { ModulePath = args[++i] };
                    break;
                case "-nomodule" or "--no-module" or "--nomodule":
                    options = options with { NoModule = true };
                    break;
                case "-noninteractive" or "--noninteractive" or "--non-interactive":
                    options = options with { NonInteractive = true };
                    break;
                case "-noprofile" or "-nop" or "-nologo" or "--noprofile" or "--nologo":
                    break;
                default:
                    if (a.Length > 1 && a[0] == '-') throw new ArgumentException($"Unknown option '{a}'. Try relps --help.");
                    return WithScript(options, a, args.Skip(i + 1));
            }
        }
        return options;
    }

    // `-File -` is standard input, as in pwsh.
    private static ShellOptions WithScript(ShellOptions options, string file, IEnumerable<string> rest) =>
        file == "-" ? options with { CommandFromStdin = true } : options with { ScriptFile = file, ScriptArgs = rest.ToArray() };
}
