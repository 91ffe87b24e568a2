using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace RelationsPS.Shell;

/// <summary>
/// Streams go where a PowerShell user expects: output to stdout; errors, warnings, verbose and
/// debug to stderr; progress as one status line on a terminal and nothing in logs. Prompts read
/// the terminal, and never wait on standard input that is not one.
/// </summary>
internal sealed class RelpsHostUserInterface(bool interactive) : PSHostUserInterface
{
    private readonly RelpsRawUserInterface raw = new();
    private readonly ProgressLine progress = new(RelpsRawUserInterface.TerminalWidth);

    public override PSHostRawUserInterface RawUI => raw;

    /// <summary>The engine asks this before it styles output with ANSI sequences.</summary>
    public override bool SupportsVirtualTerminal => Terminal.OutColor;

    /// <summary>
    /// While set, ordinary output goes to stderr: the shell formats a terminating error through
    /// Out-Default (the engine's own error view) and it must land where errors belong.
    /// </summary>
    public bool OutputToError { get; set; }

    public bool Interactive => interactive;

    public void ResetProgress() => progress.Reset();

    #region Output

    public override void Write(string value) => Out(value, newLine: false);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
    {
        var plain = foregroundColor == raw.ForegroundColor && backgroundColor == raw.BackgroundColor;
        if (plain || !(OutputToError ? Terminal.ErrColor : Terminal.OutColor))
        {
            Out(value, newLine: false);
            return;
        }
        var bg = backgroundColor == raw.BackgroundColor ? "" : Terminal.Background(backgroundColor);
        Out(Terminal.Foreground(foregroundColor) + bg + value + Terminal.Reset, newLine: false);
    }

    public override void WriteLine(string value) => Out(value, newLine: true);

    private void Out(string value, bool newLine)
    {
        if (OutputToError)
        {
            Err(value, "\u001b[91m", newLine);
            return;
        }
        progress.Clear();
        // Formatting styles table headers with ANSI; pipes, logs and NO_COLOR get plain text.
        var text = Terminal.OutColor ? value : Terminal.StripAnsi(value);
        if (newLine) Console.Out.WriteLine(text);
        else Console.Out.Write(text);
    }

    public override void WriteErrorLine(string value) => Err(value, "\u001b[91m");

    public override void WriteWarningLine(string message) => Err("WARNING: " + message, "\u001b[93m");

    public override void WriteVerboseLine(string message) => Err("VERBOSE: " + message, "\u001b[93m");

    public override void WriteDebugLine(string message) => Err("DEBUG: " + message, "\u001b[93m");

    /// <remarks>
    /// The engine shows Write-Information (when InformationAction says so) through
    /// <see cref="WriteLine(string)"/> itself and hands every record here too, for hosts that
    /// keep a log; printing it again would show each message twice.
    /// </remarks>
    public override void WriteInformation(InformationRecord record)
    {
    }

    public override void WriteProgress(long sourceId, ProgressRecord record) => progress.Update(sourceId, record);

    private void Err(string text, string color, bool newLine = true)
    {
        progress.Clear();
        // Text the engine already styled keeps its own colours.
        var line = !Terminal.ErrColor ? Terminal.StripAnsi(text)
            : text.Contains('\u001b', StringComparison.Ordinal) || text.Length == 0 ? text
            : color + text + Terminal.Reset;
        if (newLine) Console.Error.WriteLine(line);
        else Console.Error.Write(line);
    }

    #endregion

    #region Input

    public override string? ReadLine()
    {
        if (!interactive) return null;
        progress.Clear();
        return Console.ReadLine();
    }

    public override SecureString ReadLineAsSecureString()
    {
        if (!interactive) throw NoTerminal("read a secure string");
        var secret = new SecureString();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0) secret.RemoveAt(secret.Length - 1);
            }
            else if (key.KeyChar != '\0')
            {
                secret.AppendChar(key.KeyChar);
            }
        }
        Console.Out.WriteLine();
        secret.MakeReadOnly();
        return secret;
    }

    /// <summary>Missing mandatory parameters ask here; without a terminal the command fails, as with pwsh -NonInteractive.</summary>
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        if (!interactive) throw NoTerminal("prompt for " + string.Join(", ", descriptions.Select(d => d.Name)));
        if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        var result = new Dictionary<string, PSObject>();
        foreach (var d in descriptions)
        {
            var label = string.IsNullOrEmpty(d.Label) ? d.Name : d.Label.Replace("&", "", StringComparison.Ordinal);
            Write($"{label}: ");
            if (d.ParameterTypeFullName == typeof(SecureString).FullName)
            {
                result[d.Name] = new PSObject(ReadLineAsSecureString());
                continue;
            }
            var line = ReadLine();
            if (line is null) break;
            result[d.Name] = new PSObject(line);
        }
        return result;
    }

    /// <summary>-Confirm and ShouldContinue ask here; without a terminal the default choice is taken, and said so.</summary>
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        if (!interactive)
        {
            if (defaultChoice < 0 || defaultChoice >= choices.Count) throw NoTerminal("ask: " + message);
            var question = string.Join(' ', new[] { caption, message }.Where(t => !string.IsNullOrWhiteSpace(t))).ReplaceLineEndings(" ");
            Err($"{question} -> {Label(choices[defaultChoice])} (no terminal: the default)", "\u001b[93m");
            return defaultChoice;
        }
        if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        var menu = string.Join("  ", choices.Select(c => $"[{HotKey(c.Label)}] {Label(c)}")) + "  [?] Help";
        if (defaultChoice >= 0 && defaultChoice < choices.Count) menu += $" (default is \"{HotKey(choices[defaultChoice].Label)}\")";
        while (true)
        {
            Write(menu + ": ");
            var answer = ReadLine();
            if (answer is null) return defaultChoice >= 0 ? defaultChoice : throw NoTerminal("ask: " + message);
            answer = answer.Trim();
            if (answer.Length == 0 && defaultChoice >= 0) return defaultChoice;
            if (answer == "?")
            {
                foreach (var c in choices) WriteLine($"{HotKey(c.Label)} - {c.HelpMessage}");
                continue;
            }
            for (var i = 0; i < choices.Count; i++)
            {
                if (answer.Equals(HotKey(choices[i].Label), StringComparison.OrdinalIgnoreCase)
                    || answer.Equals(Label(choices[i]), StringComparison.OrdinalIgnoreCase))
                    return i;
            }
        }
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        if (!interactive) throw NoTerminal("prompt for a credential");
        if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        if (string.IsNullOrEmpty(userName))
        {
            Write("User: ");
            userName = ReadLine() ?? "";
        }
        Write($"Password for user {userName}: ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }

    private static string Label(ChoiceDescription choice) => choice.Label.Replace("&", "", StringComparison.Ordinal);

    private static string HotKey(string label)
    {
        var i = label.IndexOf('&', StringComparison.Ordinal);
        return i >= 0 && i + 1 < label.Length ? char.ToUpper(label[i + 1], CultureInfo.CurrentCulture).ToString() : label.Replace("&", "", StringComparison.Ordinal);
    }

    private static PSInvalidOperationException NoTerminal(string what) =>
        new($"relps cannot {what}: standard input is not a terminal (or -NonInteractive was given).");

    #endregion
}
