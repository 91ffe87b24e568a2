using System.Management.Automation.Host;

namespace RelationsPS.Shell;

/// <summary>
/// The console's geometry when output is a terminal; a wide fixed width when it is redirected, so
/// formatted tables in logs and pipes are not cut at whatever width a CI runner reports.
/// </summary>
internal sealed class RelpsRawUserInterface : PSHostRawUserInterface
{
    private const int RedirectedWidth = 160;
    private const int RedirectedHeight = 50;

    private static readonly bool OutIsTerminal = !Console.IsOutputRedirected;

    /// <summary>The width of whatever terminal is attached (stderr's, when stdout is redirected).</summary>
    public static int TerminalWidth() => Safe(() => Console.WindowWidth, RedirectedWidth);

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize
    {
        get => OutIsTerminal ? new Size(TerminalWidth(), Math.Max(RedirectedHeight, Safe(() => Console.BufferHeight, RedirectedHeight))) : new Size(RedirectedWidth, 9999);
        set { }
    }

    public override Size WindowSize
    {
        get => OutIsTerminal ? new Size(TerminalWidth(), Safe(() => Console.WindowHeight, RedirectedHeight)) : new Size(RedirectedWidth, RedirectedHeight);
        set { }
    }

    public override Size MaxWindowSize => WindowSize;

    public override Size MaxPhysicalWindowSize => WindowSize;

    public override Coordinates CursorPosition
    {
        get
        {
            if (!OutIsTerminal || Console.IsInputRedirected) return default;
            var (left, top) = Safe(Console.GetCursorPosition, (0, 0));
            return new Coordinates(left, top);
        }
        set
        {
            if (OutIsTerminal) Safe(() => { Console.SetCursorPosition(value.X, value.Y); return 0; }, 0);
        }
    }

    public override int CursorSize { get; set; } = 25;

    public override Coordinates WindowPosition { get; set; }

    public override string WindowTitle { get; set; } = "relps";

    public override bool KeyAvailable => !Console.IsInputRedirected && Safe(() => Console.KeyAvailable, false);

    public override void FlushInputBuffer()
    {
        while (KeyAvailable) Console.ReadKey(intercept: true);
    }

    public override KeyInfo ReadKey(ReadKeyOptions options)
    {
        if (Console.IsInputRedirected)
        {
            // Pause and friends still work when keys come down a pipe.
            var c = Console.In.Read();
            if (c < 0) throw new InvalidOperationException("relps cannot read a key: standard input has ended.");
            return new KeyInfo(0, (char)c, 0, keyDown: true);
        }
        var k = Console.ReadKey((options & ReadKeyOptions.NoEcho) != 0);
        var state = (k.Modifiers.HasFlag(ConsoleModifiers.Shift) ? ControlKeyStates.ShiftPressed : 0)
            | (k.Modifiers.HasFlag(ConsoleModifiers.Control) ? ControlKeyStates.LeftCtrlPressed : 0)
            | (k.Modifiers.HasFlag(ConsoleModifiers.Alt) ? ControlKeyStates.LeftAltPressed : 0);
        return new KeyInfo((int)k.Key, k.KeyChar, state, keyDown: true);
    }

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
    {
        // Clear-Host asks for the whole buffer to be blanked; that is the one use worth honouring.
        if (OutIsTerminal && rectangle.Left == -1 && rectangle.Top == -1) Console.Clear();
    }

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) =>
        throw new NotSupportedException("relps does not write the screen buffer.");

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) =>
        throw new NotSupportedException("relps does not read the screen buffer.");

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
        throw new NotSupportedException("relps does not scroll the screen buffer.");

    // Console geometry throws on some terminals and reports 0 with none; neither should stop a script.
    private static T Safe<T>(Func<T> read, T fallback)
    {
        try
        {
            var value = read();
            return value is int i && i <= 0 ? fallback : value;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or PlatformNotSupportedException or ArgumentOutOfRangeException)
        {
            return fallback;
        }
    }
}
