using System.Management.Automation.Runspaces;

namespace RelationsPS.Shell;

/// <summary>
/// Fills the gaps the NuGet engine leaves in a session. It carries only Microsoft.PowerShell.Core,
/// yet nearly every script writes to the output streams, and the built-in Clear-Host (cls) and help
/// functions lean on Select-Object.
/// </summary>
internal static class SessionCommands
{
    private static readonly (string Name, Type Type)[] StreamCmdlets =
    [
        ("Write-Output", typeof(WriteOutputCommand)),
        ("Write-Error", typeof(WriteErrorCommand)),
        ("Write-Warning", typeof(WriteWarningCommand)),
        ("Write-Verbose", typeof(WriteVerboseCommand)),
        ("Write-Debug", typeof(WriteDebugCommand)),
        ("Write-Information", typeof(WriteInformationCommand)),
        ("Write-Progress", typeof(WriteProgressCommand)),
    ];

    private static readonly (string Name, string Definition)[] Functions =
    [
        ("Clear-Host", "if (-not [Console]::IsOutputRedirected) { [Console]::Clear() }"),
        // No pager either: help is Get-Help.
        ("help", "Get-Help @args"),
    ];

    /// <summary>Adds only what the session lacks, so a fuller engine keeps its own commands.</summary>
    public static void AddTo(InitialSessionState state)
    {
        foreach (var (name, type) in StreamCmdlets)
        {
            if (state.Commands[name].Count == 0) state.Commands.Add(new SessionStateCmdletEntry(name, type, helpFileName: null));
        }
        if (state.Commands["Select-Object"].Count > 0) return;
        foreach (var (name, definition) in Functions)
        {
            if (state.Commands[name].Count > 0) state.Commands.Remove(name, typeof(SessionStateFunctionEntry));
            state.Commands.Add(new SessionStateFunctionEntry(name, definition));
        }
    }
}
