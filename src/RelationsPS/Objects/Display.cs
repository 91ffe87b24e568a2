namespace RelationsPS.Objects;

/// <summary>Helpers the format views call (module/RelationsPS.Format.ps1xml).</summary>
public static class Display
{
    /// <summary>"3 hours ago": a date as a person reads it (empty for $null).</summary>
    public static string Ago(object? value) => value is DateTime dt ? Core.Metadata.Naming.Ago(dt) : "";

    /// <summary>Names of related rows, comma-separated (uses what Get-Post prefetched, so no query per row).</summary>
    public static string Names(object? related, string property = "Name") => related is RelatedObjects r
        ? string.Join(", ", r.Manager.Select(o => o[property]))
        : "";
}
