namespace RelationsPS.Shell;

/// <summary>The command line of relps: <c>relps [options] [script.ps1 [args...]]</c>, <c>relps -Command '...'</c>.</summary>
internal sealed record ShellOptions
{
    public string? ScriptFile { get; init; }
    public IReadOnlyList<string> ScriptArgs { get; init; } = [];
    public string? Command { get; init; }
    public string? ModulePath { get; init; }
    public bool NoModule { get; init; }
    public bool Help { get; init; }

    public const string Usage = """
        relps - PowerShell 7 with RelationsPS imported

        Usage:
          relps [options] script.ps1 [arguments]   run a script file
          relps [options] -Command '<script>'      run script text (also -c)
          relps [options] < script.ps1             run a script read from standard input
          relps [options]                          an interactive prompt (when standard input is a terminal)

        Options:
          -Module <path>   the RelationsPS manifest (or its folder) to import (default: found from the repository)
          -NoModule        do not import RelationsPS
          -h, --help       this text

        relps carries only the core PowerShell cmdlets (ForEach-Object, Where-Object, Get-Help, ...);
        scripts that need Select-Object, Sort-Object, Format-Table and friends belong in pwsh.
        """;

    public static ShellOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ShellOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            switch (a.ToLowerInvariant())
            {
                case "-h" or "--help" or "-help" or "-?":
                    return options with { Help = true };
                case "-c" or "-command" or "--command":
                    if (i + 1 >= args.Count) throw new ArgumentException($"{a} needs the script text.");
                    return options with { Command = string.Join(' ', args.Skip(i + 1)) };
                case "-module" or "--module":
                    if (i + 1 >= args.Count) throw new ArgumentException($"{a} needs a path.");
                    options = options with { ModulePath = args[++i] };
                    break;
                case "-nomodule" or "--no-module":
                    options = options with { NoModule = true };
                    break;
                case "-file" or "-f":
                    if (i + 1 >= args.Count) throw new ArgumentException($"{a} needs a script path.");
                    return options with { ScriptFile = args[i + 1], ScriptArgs = args.Skip(i + 2).ToArray() };
                default:
                    if (a.StartsWith('-')) throw new ArgumentException($"Unknown option '{a}'. Try relps --help.");
                    return options with { ScriptFile = a, ScriptArgs = args.Skip(i + 1).ToArray() };
            }
        }
        return options;
    }
}
