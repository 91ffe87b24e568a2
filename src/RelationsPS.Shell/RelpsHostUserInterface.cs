using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text.RegularExpressions;

namespace RelationsPS.Shell;

/// <summary>
/// Streams go where a PowerShell user expects: output to stdout; errors, warnings, verbose and
/// debug to stderr; progress as one status line on a terminal and nothing in logs. Colours only
/// on a terminal, and never with NO_COLOR.
/// </summary>
internal sealed class RelpsHostUserInterface : PSHostUserInterface
{
    private readonly RelpsRawUserInterface raw = new();
    private static readonly bool ColorOut = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private static readonly bool ColorErr = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private bool progressShown;

    public override PSHostRawUserInterface RawUI => raw;

    public override bool SupportsVirtualTerminal => ColorOut;

    public override string ReadLine() => Console.IsInputRedirected ? "" : Console.ReadLine() ?? "";

    public override SecureString ReadLineAsSecureString()
    {
        var s = new SecureString();
        foreach (var c in ReadLine()) s.AppendChar(c);
        return s;
    }

    public override void Write(string value) => Console.Out.Write(Plain(value));

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Console.Out.Write(Plain(value));

    public override void WriteLine(string value)
    {
        ClearProgress();
        Console.Out.WriteLine(Plain(value));
    }

    private static readonly Regex Ansi = new("\u001b\\[[0-9;?]*[A-Za-z]", RegexOptions.Compiled);

    // Formatting styles table headers with ANSI codes; logs, pipes and NO_COLOR get plain text.
    private static string Plain(string value) => ColorOut ? value : Ansi.Replace(value, "");

    public override void WriteErrorLine(string value) => Err(value, "\u001b[91m");

    public override void WriteWarningLine(string message) => Err("WARNING: " + message, "\u001b[93m");

    public override void WriteVerboseLine(string message) => Err("VERBOSE: " + message, "\u001b[93m");

    public override void WriteDebugLine(string message) => Err("DEBUG: " + message, "\u001b[93m");

    public override void WriteInformation(InformationRecord record)
    {
        // Write-Host and Write-Information -InformationAction Continue reach the host through here.
        if (record.Tags.Contains("PSHOST")) WriteLine(record.MessageData?.ToString() ?? "");
    }

    private void Err(string text, string color)
    {
        ClearProgress();
        Console.Error.WriteLine(ColorErr ? color + text + "\u001b[0m" : Ansi.Replace(text, ""));
    }

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        if (Console.IsErrorRedirected) return;
        if (record.RecordType == ProgressRecordType.Completed)
        {
            ClearProgress();
            return;
        }
        var pct = record.PercentComplete >= 0 ? $" [{record.PercentComplete,3}%]" : "";
        var line = $"{record.Activity}: {record.StatusDescription}{pct}";
        var width = Math.Max(20, raw.WindowSize.Width - 1);
        Console.Error.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
        progressShown = true;
    }

    private void ClearProgress()
    {
        if (!progressShown) return;
        Console.Error.Write("\r" + new string(' ', Math.Max(20, raw.WindowSize.Width - 1)) + "\r");
        progressShown = false;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        var result = new Dictionary<string, PSObject>();
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        foreach (var d in descriptions)
        {
            Write($"{d.Name}: ");
            result[d.Name] = new PSObject(ReadLine());
        }
        return result;
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new NotSupportedException("relps cannot prompt for credentials.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new NotSupportedException("relps cannot prompt for credentials.");

    /// <summary>-Confirm asks here; without a terminal the default choice is taken.</summary>
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        if (Console.IsInputRedirected) return defaultChoice;
        WriteLine(caption);
        WriteLine(message);
        while (true)
        {
            Write(string.Join("  ", choices.Select((c, i) => $"[{HotKey(c.Label)}] {c.Label.Replace("&", "", StringComparison.Ordinal)}")) + $" (default is \"{HotKey(choices[defaultChoice].Label)}\"): ");
            var answer = ReadLine().Trim();
            if (answer.Length == 0) return defaultChoice;
            for (var i = 0; i < choices.Count; i++)
                if (answer.Equals(HotKey(choices[i].Label), StringComparison.OrdinalIgnoreCase) || answer.Equals(choices[i].Label.Replace("&", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
                    return i;
        }
    }

    private static string HotKey(string label)
    {
        var i = label.IndexOf('&', StringComparison.Ordinal);
        return i >= 0 && i + 1 < label.Length ? label[i + 1].ToString() : label;
    }
}
