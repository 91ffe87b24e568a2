using System.Text;
using RelationsPS.Core.Errors;

namespace RelationsPS.Core.Dialects.PostgreSql;

/// <summary>What raw SQL text is, read without the server: its statements (split at semicolons outside quotes and comments) and whether the first writes.</summary>
internal static class RawSqlText
{
    private static readonly string[] Writes = ["INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "COPY", "CALL", "DO", "LOCK", "VACUUM", "REINDEX", "CLUSTER", "REFRESH", "COMMENT", "SECURITY", "NEXTVAL", "SETVAL"];

    public static bool IsReadOnly(string sql)
    {
        var (code, rest) = Split(sql);
        if (code.Trim().Length == 0)
            throw new RelationsException("RawSqlEmpty", ErrorKind.InvalidArgument, "The query has no statement.", sql);
        if (rest.Trim().Length > 0)
            throw new RelationsException("RawSqlMultipleStatements", ErrorKind.InvalidArgument,
                $"Run one statement at a time; this text goes on after the first one: '{rest.Trim()}'.", sql);
        var words = code.ToUpperInvariant().Split([' ', '\t', '\r', '\n', '(', ')', ',', ';'], StringSplitOptions.RemoveEmptyEntries);
        var first = words[0];
        if (first is not ("SELECT" or "WITH" or "VALUES" or "TABLE" or "SHOW" or "EXPLAIN")) return false;
        if (first == "EXPLAIN" && words.Contains("ANALYZE")) return false;
        if (words.Contains("INTO") && first == "SELECT") return false;
        if (words.Zip(words.Skip(1)).Any(p => p.First == "FOR" && p.Second is "UPDATE" or "SHARE" or "NO" or "KEY")) return false;
        return !words.Any(w => Writes.Contains(w) || w.StartsWith("NEXTVAL", StringComparison.Ordinal) || w.StartsWith("SETVAL", StringComparison.Ordinal));
    }

    /// <summary>The first statement's code (quoted text and comments blanked) and the code after its semicolon.</summary>
    private static (string Code, string After) Split(string sql)
    {
        var code = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                code.Append(' ');
                continue;
            }
            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                code.Append(' ');
                continue;
            }
            if (c is '\'' or '"')
            {
                var j = i + 1;
                while (j < sql.Length && !(sql[j] == c && (j + 1 >= sql.Length || sql[j + 1] != c))) j += sql[j] == c ? 2 : 1;
                code.Append(c == '"' ? " x " : " '' ");
                i = j + 1;
                continue;
            }
            if (c == ';')
            {
                var (rest, _) = Split(sql[(i + 1)..]);
                return (code.ToString(), rest);
            }
            code.Append(c);
            i++;
        }
        return (code.ToString(), "");
    }
}
