using System.Globalization;

namespace RelationsPS.Objects;

/// <summary>Helpers the format views call (module/RelationsPS.Format.ps1xml and the views made for each model).</summary>
public static class Display
{
    /// <summary>
    /// A date as stored, for a table column: <c>2026-03-01 14:05</c> (a Date, or <paramref name="withTime"/> false:
    /// <c>2026-03-01</c>), in invariant digits, never converted to another zone nor humanised ("3 hours ago" would
    /// change while you look at it). Empty for $null.
    /// </summary>
    public static string Date(object? value, bool withTime = true) => value switch
    {
        DateTime dt => dt.ToString(withTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        null => "",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Names of related rows, comma-separated (uses what Get-Post prefetched, so no query per row).</summary>
    public static string Names(object? related, string property = "Name") => related is RelatedObjects r
        ? string.Join(", ", r.Manager.Select(o => o[property]))
        : "";
}
