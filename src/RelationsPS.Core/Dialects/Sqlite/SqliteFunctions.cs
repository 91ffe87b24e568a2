using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace RelationsPS.Core.Dialects.Sqlite;

/// <summary>Functions SQLite lacks and the compiler relies on: REGEXP, case-insensitive REGEXP, a case-sensitive LIKE and a LIKE that folds case beyond ASCII.</summary>
internal static class SqliteFunctions
{
    private static readonly ConcurrentDictionary<(string, RegexOptions), Regex> Cache = new();

    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<string?, string?, bool?>("regexp", (pattern, input) => Match(pattern, input, RegexOptions.None), isDeterministic: true);
        connection.CreateFunction<string?, string?, bool?>("rel_iregexp", (pattern, input) => Match(pattern, input, RegexOptions.IgnoreCase), isDeterministic: true);
        connection.CreateFunction<string?, string?, bool?>("rel_like_cs", (pattern, input) =>
            pattern is null || input is null ? null : Get(LikeToRegex(pattern), RegexOptions.Singleline).IsMatch(input), isDeterministic: true);
        connection.CreateFunction<string?, string?, bool?>("rel_like_ci", (pattern, input) =>
            pattern is null || input is null ? null : Get(LikeToRegex(pattern), RegexOptions.Singleline | RegexOptions.IgnoreCase).IsMatch(input), isDeterministic: true);
    }

    private static bool? Match(string? pattern, string? input, RegexOptions options) =>
        pattern is null || input is null ? null : Get(pattern, options).IsMatch(input);

    private static Regex Get(string pattern, RegexOptions options) =>
        Cache.GetOrAdd((pattern, options), k => new Regex(k.Item1, k.Item2 | RegexOptions.CultureInvariant));

    /// <summary>A LIKE pattern with '\' as escape character, as a whole-string regex.</summary>
    internal static string LikeToRegex(string like)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < like.Length; i++)
        {
            var c = like[i];
            if (c == '\\' && i + 1 < like.Length) sb.Append(Regex.Escape(like[++i].ToString()));
            else if (c == '%') sb.Append(".*");
            else if (c == '_') sb.Append('.');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.Append('$').ToString();
    }
}
