namespace RelationsPS.Core.Materialization;

/// <summary>
/// Boxed values shared by every row: Booleans, and the small integers that counts, flags and
/// low ids repeat on row after row. A row of objects holds its values boxed; the same box for the
/// same small value saves an allocation per value without any lookup (a range check).
/// </summary>
internal static class Boxes
{
    private const long Low = -128, High = 1023;
    private static readonly object[] Int64s = CreateInt64s();

    public static readonly object True = true;
    public static readonly object False = false;

    private static object[] CreateInt64s()
    {
        var boxes = new object[High - Low + 1];
        for (var i = 0; i < boxes.Length; i++) boxes[i] = Low + i;
        return boxes;
    }

    public static object Int64(long value) => value is >= Low and <= High ? Int64s[value - Low] : value;

    public static object Boolean(bool value) => value ? True : False;
}
