using System.Management.Automation.Host;

namespace RelationsPS.Shell;

/// <summary>The console's geometry when there is one; a wide fixed width when output is redirected, so tables are not cut oddly.</summary>
internal sealed class RelpsRawUserInterface : PSHostRawUserInterface
{
    private const int RedirectedWidth = 160;

    private static bool Terminal => !Console.IsOutputRedirected;

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize
    {
        get => Terminal ? new Size(SafeWidth(), Math.Max(1, SafeHeight())) : new Size(RedirectedWidth, 9999);
        set { }
    }

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; } = 25;

    public override bool KeyAvailable => !Console.IsInputRedirected && Console.KeyAvailable;

    public override Size MaxPhysicalWindowSize => WindowSize;

    public override Size MaxWindowSize => WindowSize;

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize
    {
        get => Terminal ? new Size(SafeWidth(), Math.Max(1, SafeHeight())) : new Size(RedirectedWidth, 50);
        set { }
    }

    public override string WindowTitle { get; set; } = "relps";

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : RedirectedWidth;
        }
        catch (IOException)
        {
            return RedirectedWidth;
        }
    }

    private static int SafeHeight()
    {
        try
        {
            return Console.WindowHeight;
        }
        catch (IOException)
        {
            return 50;
        }
    }

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException("relps does not read the screen buffer.");

    public override KeyInfo ReadKey(ReadKeyOptions options)
    {
        var k = Console.ReadKey((options & ReadKeyOptions.NoEcho) != 0);
        return new KeyInfo((int)k.Key, k.KeyChar, ControlKeyStates.NumLockOn, keyDown: true);
    }

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
        throw new NotSupportedException("relps does not scroll the screen buffer.");

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) =>
        throw new NotSupportedException("relps does not write the screen buffer.");

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
    {
        // Clear-Host: clear the console when there is one.
        if (Terminal) Console.Clear();
    }
}
