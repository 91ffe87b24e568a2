using System.Text.RegularExpressions;

namespace RelationsPS.Shell;

/// <summary>What the process is attached to, decided once: colours only on a terminal and never with NO_COLOR.</summary>
internal static partial class Terminal
{
    // https://no-color.org: present and not empty.
    private static readonly bool NoColor = Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };

    public static readonly bool OutColor = !Console.IsOutputRedirected && !NoColor;

    public static readonly bool ErrColor = !Console.IsErrorRedirected && !NoColor;

    public static readonly bool ErrIsTerminal = !Console.IsErrorRedirected;

    public const string Reset = "\u001b[0m";

    [GeneratedRegex("\u001b\\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiSequence();

    public static string StripAnsi(string text) => text.Contains('\u001b', StringComparison.Ordinal) ? AnsiSequence().Replace(text, "") : text;

    public static string Foreground(ConsoleColor color) => $"\u001b[{Sgr(color)}m";

    public static string Background(ConsoleColor color) => $"\u001b[{Sgr(color) + 10}m";

    private static int Sgr(ConsoleColor color) => color switch
    {
        ConsoleColor.Black => 30,
        ConsoleColor.DarkRed => 31,
        ConsoleColor.DarkGreen => 32,
        ConsoleColor.DarkYellow => 33,
        ConsoleColor.DarkBlue => 34,
        ConsoleColor.DarkMagenta => 35,
        ConsoleColor.DarkCyan => 36,
        ConsoleColor.Gray => 37,
        ConsoleColor.DarkGray => 90,
        ConsoleColor.Red => 91,
        ConsoleColor.Green => 92,
        ConsoleColor.Yellow => 93,
        ConsoleColor.Blue => 94,
        ConsoleColor.Magenta => 95,
        ConsoleColor.Cyan => 96,
        _ => 97,
    };
}
