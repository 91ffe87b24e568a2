using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace RelationsPS.Core.Dialects.Sqlite;

/// <summary>
/// Functions SQLite lacks and the compiler relies on: REGEXP, case-insensitive REGEXP, a case-sensitive
/// LIKE and a LIKE that folds case beyond ASCII. None of them can hang a session (issue 12.6): the LIKEs
/// are a backtracking-free matcher (<see cref="LikePattern"/>), and a regex runs on .NET's
/// non-backtracking engine when it can (linear in the input) and otherwise with a match timeout that
/// fails the statement with <see cref="RegexTimeoutMarker"/> in its message (RelDatabase makes that
/// the error <c>RegexTimeout</c>).
/// </summary>
internal static class SqliteFunctions
{
    /// <summary>How long one regex may try one value before the statement fails.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Starts the message of the error a regex timeout raises in a function. SQLite reports a function's
    /// error by its text only (Microsoft.Data.Sqlite passes the exception's message to
    /// sqlite3_result_error), so the text is what RelDatabase recognises.
    /// </summary>
    public const string RegexTimeoutMarker = "rel_regex_timeout:";

    /// <summary>Starts the message of the error <c>rel_int_check</c> raises (see <see cref="RegexTimeoutMarker"/> for why a text).</summary>
    public const string OutOfRangeMarker = "rel_out_of_range:";

    /// <summary>The message of the error <c>rel_required</c> raises on NULL (see <see cref="RegexTimeoutMarker"/> for why a text).</summary>
    public const string MissingRowMarker = "rel_missing_row:";

    // Patterns come from filter values, so both caches are bounded: past the limit they start over.
    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<(string, RegexOptions), Regex> Regexes = new();
    private static readonly ConcurrentDictionary<string, LikePattern> Likes = new(StringComparer.Ordinal);

    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<string?, string?, bool?>("regexp", (pattern, input) => Match(pattern, input, RegexOptions.None), isDeterministic: true);
        connection.CreateFunction<string?, string?, bool?>("rel_iregexp", (pattern, input) => Match(pattern, input, RegexOptions.IgnoreCase), isDeterministic: true);
        connection.CreateFunction<string?, string?, bool?>("rel_like_cs", (pattern, input) =>
            pattern is null || input is null ? null : Like(pattern).IsMatch(input, ignoreCase: false), isDeterministic: true);
        connection.CreateFunction<string?, string?, bool?>("rel_like_ci", (pattern, input) =>
            pattern is null || input is null ? null : Like(pattern).IsMatch(input, ignoreCase: true), isDeterministic: true);
        // Registered on the native handle: it runs once per link statement, and the provider's typed wrapper
        // (a value reader and boxes per call) cost more than the statement's own look-up.
        SQLitePCL.raw.sqlite3_create_function(connection.Handle, "rel_required", 1, SQLitePCL.raw.SQLITE_UTF8 | SQLitePCL.raw.SQLITE_DETERMINISTIC, null, Required);
        connection.CreateFunction<object?, long, long, string, object?>("rel_int_check", CheckInteger, isDeterministic: true);
        connection.CreateFunction<string?, long?>("rel_week_day", s => Date(s) is { } d ? (long)d.DayOfWeek + 1 : null, isDeterministic: true);
        connection.CreateFunction<string?, long?>("rel_quarter", s => Date(s) is { } d ? (d.Month + 2) / 3 : null, isDeterministic: true);
        connection.CreateFunction<string?, long?>("rel_iso_week", s => Date(s) is { } d ? System.Globalization.ISOWeek.GetWeekOfYear(d) : null, isDeterministic: true);
        connection.CreateFunction<string?, long?>("rel_iso_year", s => Date(s) is { } d ? System.Globalization.ISOWeek.GetYear(d) : null, isDeterministic: true);
        RegisterSpread(connection, "rel_stddev_pop", s => s.N == 0 ? null : Math.Sqrt(s.M2 / s.N));
        RegisterSpread(connection, "rel_stddev_samp", s => s.N < 2 ? null : Math.Sqrt(s.M2 / (s.N - 1)));
        RegisterSpread(connection, "rel_var_pop", s => s.N == 0 ? null : s.M2 / s.N);
        RegisterSpread(connection, "rel_var_samp", s => s.N < 2 ? null : s.M2 / (s.N - 1));
    }

    /// <summary>
    /// <c>rel_required(x)</c>: x, or the error <see cref="MissingRowMarker"/> when x is NULL (a looked-up row is
    /// missing). The values it passes are ids (integers); any other type passes as its text.
    /// </summary>
    private static void Required(SQLitePCL.sqlite3_context context, object userData, SQLitePCL.sqlite3_value[] args)
    {
        var value = args[0];
        switch (SQLitePCL.raw.sqlite3_value_type(value))
        {
            case SQLitePCL.raw.SQLITE_NULL:
                SQLitePCL.raw.sqlite3_result_error(context, MissingRowMarker);
                break;
            case SQLitePCL.raw.SQLITE_INTEGER:
                SQLitePCL.raw.sqlite3_result_int64(context, SQLitePCL.raw.sqlite3_value_int64(value));
                break;
            case SQLitePCL.raw.SQLITE_FLOAT:
                SQLitePCL.raw.sqlite3_result_double(context, SQLitePCL.raw.sqlite3_value_double(value));
                break;
            default:
                SQLitePCL.raw.sqlite3_result_text(context, SQLitePCL.raw.sqlite3_value_text(value).utf8_to_string());
                break;
        }
    }

    /// <summary>The date of a stored Date or DateTime text (<c>yyyy-MM-dd...</c>), or null.</summary>
    private static DateTime? Date(string? s) =>
        s is { Length: >= 10 } && DateTime.TryParseExact(s[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    /// <summary>Count, mean and sum of squared differences (Welford's running form: one pass, no cancellation).</summary>
    private readonly record struct Spread(long N, double Mean, double M2)
    {
        public Spread Add(double x)
        {
            var n = N + 1;
            var delta = x - Mean;
            var mean = Mean + delta / n;
            return new Spread(n, mean, M2 + delta * (x - mean));
        }
    }

    /// <summary>An aggregate over the non-NULL values (as SQL aggregates skip NULL).</summary>
    private static void RegisterSpread(SqliteConnection connection, string name, Func<Spread, double?> result) =>
        connection.CreateAggregate<double?, Spread, double?>(name, default, (s, x) => x is { } v ? s.Add(v) : s, result, isDeterministic: true);

    /// <summary>The value of an expression written to an integer field: whole and within the field's range, else the statement fails.</summary>
    private static object? CheckInteger(object? value, long min, long max, string label)
    {
        switch (value)
        {
            case null or DBNull:
                return null;
            case long l when l >= min && l <= max:
                return l;
            case double d when Math.Floor(d) == d && d >= min && d <= max && d is > -9.2e18 and < 9.2e18:
                return (long)d;
        }
        var shown = value is double dbl ? dbl.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        throw new OverflowException(
            $"{OutOfRangeMarker} The expression gives {shown} for {label}, which takes whole numbers from {min} to {max}; nothing was updated.");
    }

    private static bool? Match(string? pattern, string? input, RegexOptions options)
    {
        if (pattern is null || input is null) return null;
        var regex = Get(pattern, options);
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new TimeoutException(
                $"{RegexTimeoutMarker} The regular expression '{pattern}' took more than {RegexTimeout.TotalSeconds:0.#} s on one value ({input.Length:N0} characters) and was stopped. It backtracks (back-references or lookarounds keep it off the linear-time engine): simplify it, or filter in PowerShell with Where-Object.");
        }
    }

    /// <summary>
    /// The pattern on the non-backtracking engine (linear time: <c>^(a+)+$</c> is as quick as <c>^a+$</c>),
    /// or, for what that engine does not support (back-references, lookarounds, atomic groups), on the
    /// backtracking one; both with <see cref="RegexTimeout"/>. Only whether a value matches is asked, which
    /// both engines answer alike.
    /// </summary>
    internal static Regex Get(string pattern, RegexOptions options)
    {
        if (Regexes.TryGetValue((pattern, options), out var cached)) return cached;
        if (Regexes.Count >= MaxCached) Regexes.Clear();
        Regex regex;
        try
        {
            regex = new Regex(pattern, options | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);
        }
        catch (NotSupportedException)
        {
            regex = new Regex(pattern, options | RegexOptions.CultureInvariant, RegexTimeout);
        }
        return Regexes[(pattern, options)] = regex;
    }

    private static LikePattern Like(string pattern)
    {
        if (Likes.TryGetValue(pattern, out var cached)) return cached;
        if (Likes.Count >= MaxCached) Likes.Clear();
        return Likes[pattern] = LikePattern.Parse(pattern);
    }
}

/// <summary>
/// A LIKE pattern (<c>%</c> any run, <c>_</c> one character, <c>\</c> escapes the next character) matched
/// without backtracking: the classic greedy two-pointer matcher, which on a mismatch only moves the last
/// <c>%</c> one character on. It takes at most (input length × pattern length) steps, where the regex it
/// replaces took 60 s for <c>*x*x*x*y</c> on 500 characters.
/// </summary>
internal sealed class LikePattern
{
    private const char AnyOne = '\0';
    private readonly char[] chars;
    private readonly byte[] kinds; // 0 literal, 1 any one character, 2 any run

    private LikePattern(char[] chars, byte[] kinds)
    {
        this.chars = chars;
        this.kinds = kinds;
    }

    public static LikePattern Parse(string like)
    {
        var chars = new List<char>(like.Length);
        var kinds = new List<byte>(like.Length);
        for (var i = 0; i < like.Length; i++)
        {
            var c = like[i];
            if (c == '\\' && i + 1 < like.Length)
            {
                chars.Add(like[++i]);
                kinds.Add(0);
            }
            else if (c == '%')
            {
                // Runs of % are one %.
                if (kinds.Count > 0 && kinds[^1] == 2) continue;
                chars.Add(AnyOne);
                kinds.Add(2);
            }
            else
            {
                chars.Add(c == '_' ? AnyOne : c);
                kinds.Add(c == '_' ? (byte)1 : (byte)0);
            }
        }
        return new LikePattern([.. chars], [.. kinds]);
    }

    public bool IsMatch(string input, bool ignoreCase)
    {
        int p = 0, s = 0, star = -1, resume = 0;
        while (s < input.Length)
        {
            if (p < kinds.Length && kinds[p] != 2 && (kinds[p] == 1 || Same(chars[p], input[s], ignoreCase)))
            {
                p++;
                s++;
            }
            else if (p < kinds.Length && kinds[p] == 2)
            {
                // Let the % match nothing for now; remember where to come back to.
                star = p++;
                resume = s;
            }
            else if (star >= 0)
            {
                // Let the last % take one more character and try the rest again from there.
                p = star + 1;
                s = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < kinds.Length && kinds[p] == 2) p++;
        return p == kinds.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && (char.ToUpperInvariant(a) == char.ToUpperInvariant(b) || char.ToLowerInvariant(a) == char.ToLowerInvariant(b)));
}
