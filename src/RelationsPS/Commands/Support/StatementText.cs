using System.Globalization;
using RelationsPS.Core.Execution;

namespace RelationsPS.Commands.Support;

/// <summary>How a logged statement reads in -Verbose output.</summary>
internal static class StatementText
{
    public static string Describe(QueryLogEntry e)
    {
        var parameters = e.Parameters.Count == 0 ? "" : " [" + string.Join(", ", e.Parameters.Select((p, i) => $"@p{i}={Format(p)}")) + "]";
        return $"SQL ({e.Elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms, {e.Rows} rows): {e.Sql}{parameters}";
    }

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + (s.Length > 60 ? s[..57] + "..." : s) + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
