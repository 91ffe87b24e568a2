using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RelationsPS.Shell;

/// <summary>
/// Runs script text in one runspace with the relps host: output formatted by Out-Default,
/// non-terminating errors shown and the run going on, a terminating error shown and reported
/// as a failure, <c>exit N</c> honoured.
/// </summary>
internal sealed class ScriptRunner : IDisposable
{
    private readonly RelpsHost host = new();
    private readonly Runspace runspace;

    public ScriptRunner()
    {
        runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(Environment.CurrentDirectory));
        // Formatted tables carry ANSI styles by default; logs and pipes get plain text.
        if (Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is not null)
            Run("$PSStyle.OutputRendering = 'PlainText'");
    }

    public int? ExitCode => host.ExitCode;

    /// <summary>Imports the module; false (with the error shown) when it fails.</summary>
    public bool Import(string manifest) => Run($"Import-Module -Name '{manifest.Replace("'", "''", StringComparison.Ordinal)}'") == RunOutcome.Completed;

    /// <summary>Runs a script file as <c>pwsh -File</c> would: <c>-Name</c> tokens are parameter names, the rest are values.</summary>
    public RunOutcome RunFile(string path, IReadOnlyList<string> args)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            host.UI.WriteErrorLine($"The script '{path}' does not exist.");
            return RunOutcome.Failed;
        }
        var text = "& " + Quote(full) + string.Concat(args.Select(a => " " + (IsParameterName(a) ? a : Quote(a))));
        return Run(text, scriptFile: true);
    }

    private static bool IsParameterName(string a) => a.Length > 1 && a[0] == '-' && char.IsLetter(a[1]) && a.Skip(1).All(c => char.IsLetterOrDigit(c) || c is '_' or ':');

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    public RunOutcome Run(string script, bool scriptFile = false)
    {
        using var ps = PowerShell.Create(runspace);
        ps.AddScript(script);
        // Errors join the output so Out-Default shows each where it happened, as in pwsh.
        ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        ps.AddCommand("Out-Default");
        try
        {
            ps.Invoke();
        }
        catch (RuntimeException e)
        {
            ShowTerminating(e.ErrorRecord);
            return RunOutcome.Failed;
        }
        if (ps.InvocationStateInfo.State == PSInvocationState.Failed)
        {
            if (ps.InvocationStateInfo.Reason is RuntimeException r) ShowTerminating(r.ErrorRecord);
            else host.UI.WriteErrorLine(ps.InvocationStateInfo.Reason?.Message ?? "The script failed.");
            return RunOutcome.Failed;
        }
        if (scriptFile && host.ExitCode is null && LastExitCode() is int code and not 0) host.SetShouldExit(code);
        return host.ExitCode is null ? RunOutcome.Completed : RunOutcome.Exited;
    }

    private int? LastExitCode() => runspace.SessionStateProxy.GetVariable("LASTEXITCODE") switch
    {
        int i => i,
        PSObject { BaseObject: int i } => i,
        _ => null,
    };

    private void ShowTerminating(ErrorRecord record)
    {
        host.UI.WriteErrorLine(record.ToString());
        if (record.InvocationInfo?.PositionMessage is { Length: > 0 } position) host.UI.WriteErrorLine(position);
    }

    public void Dispose() => runspace.Dispose();
}

internal enum RunOutcome { Completed, Failed, Exited }
