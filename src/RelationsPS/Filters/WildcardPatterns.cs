using System.Text;
using System.Text.RegularExpressions;

namespace RelationsPS.Filters;

/// <summary>PowerShell wildcard patterns (<c>* ? [..]</c>, backtick escapes) as SQL LIKE patterns or, with character sets, as regular expressions.</summary>
public static class WildcardPatterns
{
    /// <summary>A LIKE pattern with '\' escaping, or null when the pattern needs a regex (it has a [..] set).</summary>
    public static string? ToLike(string pattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    AppendLiteral(sb, pattern[++i]);
                    break;
                case '*':
                    sb.Append('%');
                    break;
                case '?':
                    sb.Append('_');
                    break;
                case '[':
                    return null;
                default:
                    AppendLiteral(sb, c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static void AppendLiteral(StringBuilder sb, char c)
    {
        if (c is '%' or '_' or '\\') sb.Append('\\');
        sb.Append(c);
    }

    /// <summary>The whole-string regex equivalent of a wildcard pattern.</summary>
    public static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    sb.Append(".*");
                    break;
                case '?':
                    sb.Append('.');
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        sb.Append(Regex.Escape("["));
                        break;
                    }
                    var set = pattern.Substring(i + 1, end - i - 1).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("^", "\\^", StringComparison.Ordinal);
                    sb.Append('[').Append(set).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return sb.Append('$').ToString();
    }
}
