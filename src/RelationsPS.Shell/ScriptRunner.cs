using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace RelationsPS.Shell;

/// <summary>
/// Runs scripts in one runspace with the relps host: output formatted by Out-Default,
/// non-terminating errors shown where they happen and the run going on, a terminating error
/// shown and reported as a failure, <c>exit N</c> honoured, Ctrl+C stopping the running command.
/// </summary>
internal sealed class ScriptRunner : IDisposable
{
    private readonly RelpsHost host;
    private readonly Runspace runspace;
    private readonly Lock gate = new();
    private PowerShell? running;

    public ScriptRunner(bool interactive)
    {
        host = new RelpsHost(interactive);
        var state = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows()) state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        SessionCommands.AddTo(state);
        // Formatted tables carry ANSI styles by default; pipes, logs and NO_COLOR get plain text.
        if (!Terminal.OutColor) PSStyle.Instance.OutputRendering = OutputRendering.PlainText;
        runspace = RunspaceFactory.CreateRunspace(host, state);
        // One pipeline thread for the whole session, with the engine's large stack for deep recursion.
        runspace.ThreadOptions = PSThreadOptions.ReuseThread;
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(Environment.CurrentDirectory));
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public int? ExitCode => host.ExitCode;

    public RelpsHostUserInterface UI => host.Ui;

    /// <summary>Imports the module; false (with the error shown) when it fails.</summary>
    public bool Import(string manifest) =>
        Invoke(ps => ps.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", ActionPreference.Stop)) == RunOutcome.Completed;

    /// <summary>Runs script text, as <c>pwsh -Command</c> does.</summary>
    public RunOutcome Run(string script)
    {
        // Parse errors in script text come back from the engine without a position to show.
        Parser.ParseInput(script, out _, out var errors);
        if (errors.Length > 0)
        {
            host.UI.WriteErrorLine(ParseErrorView.Render(errors));
            return RunOutcome.Failed;
        }
        return Invoke(ps => ps.AddScript(script));
    }

    /// <summary>
    /// Runs a script file as <c>&amp; 'path' args</c>, so $PSScriptRoot, $MyInvocation and relative
    /// dot-sourcing work; arguments bind as with <c>pwsh -File</c>.
    /// </summary>
    public RunOutcome RunFile(string path, IReadOnlyList<string> args)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            host.UI.WriteErrorLine($"relps: the script '{path}' does not exist.");
            return RunOutcome.Failed;
        }
        if (!string.Equals(Path.GetExtension(full), ".ps1", StringComparison.OrdinalIgnoreCase))
        {
            host.UI.WriteErrorLine($"relps: '{path}' is not a .ps1 file; run other files with -Command.");
            return RunOutcome.Failed;
        }
        var command = new Command(full);
        foreach (var p in ScriptArguments.ToParameters(args)) command.Parameters.Add(p);
        var outcome = Invoke(ps => ps.Commands.AddCommand(command));
        // `exit N` inside a script file ends the script, not the runspace: the engine keeps N in
        // $LASTEXITCODE, where pwsh -File finds it too.
        if (outcome == RunOutcome.Completed && host.ExitCode is null && LastExitCode() is int code and not 0)
        {
            host.SetShouldExit(code);
            return RunOutcome.Exited;
        }
        return outcome;
    }

    private RunOutcome Invoke(Action<PowerShell> build)
    {
        using var ps = PowerShell.Create(runspace);
        build(ps);
        // Errors join the output so Out-Default shows each one in order with the output, as pwsh does.
        ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        ps.AddCommand("Out-Default");
        lock (gate) running = ps;
        try
        {
            ps.Invoke();
        }
        catch (PipelineStoppedException) when (ps.InvocationStateInfo.State == PSInvocationState.Stopped)
        {
            return RunOutcome.Stopped;
        }
        catch (RuntimeException e)
        {
            ShowErrors([e.ErrorRecord]);
            return RunOutcome.Failed;
        }
        finally
        {
            lock (gate) running = null;
            host.Ui.ResetProgress();
        }
        // Ctrl+C: Invoke returns quietly when the pipeline stopped; pwsh shows nothing either.
        if (ps.InvocationStateInfo.State == PSInvocationState.Stopped) return RunOutcome.Stopped;
        // Errors that did not go down the merged pipe (Out-Default's own, say) are still the user's to see.
        if (ps.Streams.Error.Count > 0) ShowErrors(ps.Streams.Error);
        return host.ExitCode is null ? RunOutcome.Completed : RunOutcome.Exited;
    }

    /// <summary>
    /// Shows errors through Out-Default with the engine's error view ($ErrorView, position and all),
    /// sent to stderr; the plain message if even that fails.
    /// </summary>
    private void ShowErrors(IEnumerable<ErrorRecord> records)
    {
        var list = records.ToList();
        host.Ui.OutputToError = true;
        try
        {
            using var ps = PowerShell.Create(runspace);
            ps.AddCommand("Out-Default").Invoke(list);
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException)
        {
            foreach (var record in list)
            {
                host.UI.WriteErrorLine(record.ToString());
                if (record.InvocationInfo?.PositionMessage is { Length: > 0 } position) host.UI.WriteErrorLine(position);
            }
        }
        finally
        {
            host.Ui.OutputToError = false;
        }
    }

    private int? LastExitCode() => runspace.SessionStateProxy.GetVariable("LASTEXITCODE") switch
    {
        int i => i,
        PSObject { BaseObject: int i } => i,
        _ => null,
    };

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        lock (gate)
        {
            // Idle at the prompt, Ctrl+C is ignored like in pwsh; a second one while stopping ends the process.
            if (running is null)
            {
                e.Cancel = host.Ui.Interactive;
                return;
            }
            if (running.InvocationStateInfo.State == PSInvocationState.Stopping) return;
            e.Cancel = true;
            running.BeginStop(null, null);
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        runspace.Dispose();
    }
}

internal enum RunOutcome { Completed, Failed, Exited, Stopped }
