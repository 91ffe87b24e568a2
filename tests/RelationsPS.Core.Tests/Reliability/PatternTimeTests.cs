using System.Diagnostics;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Dialects.Sqlite;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Reliability;

/// <summary>
/// Issue 12.6: patterns cannot hang a session. Case-sensitive and non-ASCII LIKE patterns are matched
/// without backtracking; a regex runs on the linear-time engine, or with a match timeout that fails the
/// query with <c>RegexTimeout</c> (OperationTimeout); a running statement stops when interrupted.
/// Models: the blog (Post.Title is Char(200), Body is Text).
/// </summary>
public class PatternTimeTests
{
    private static Execution.RelDatabase WithPost(string title, string? body = null)
    {
        var db = TestDb.Blog();
        db.New("Post", ("Title", title), ("Body", body ?? ""));
        return db;
    }

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    [Fact]
    public void A_case_sensitive_wildcard_with_many_stars_is_linear()
    {
        // 500 characters without the final 'y': the old regex (.*x.*x.*x.*y) took 60 s.
        using var db = WithPost(new string('x', 200), new string('x', 500));
        var elapsed = Time(() =>
        {
            Assert.Equal(0, db.Objects("Post").Filter(Q.Where("Body", Lookup.Like, "%x%x%x%y")).Count());
            Assert.Equal(0, db.Objects("Post").Filter(Q.Where("Body", Lookup.ILike, "%x%x%x%x%x%x%é")).Count());
        });
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed}");
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("a%c", "abbbc", true)]
    [InlineData("a%c", "abbbcd", false)]
    [InlineData("%", "", true)]
    [InlineData("_", "", false)]
    [InlineData("a_c", "abc", true)]
    [InlineData("a_c", "ac", false)]
    [InlineData("%x%x%y", "xaxbxy", true)]
    [InlineData("%x%x%y", "xy", false)]
    [InlineData(@"100\%", "100%", true)]
    [InlineData(@"100\%", "1000", false)]
    [InlineData(@"a\_b", "a_b", true)]
    [InlineData(@"a\_b", "axb", false)]
    [InlineData(@"a\\b", @"a\b", true)]
    [InlineData("%%a%%", "bab", true)]
    [InlineData("Abc", "abc", false)]
    public void The_like_matcher_reads_like_patterns(string pattern, string input, bool expected)
    {
        Assert.Equal(expected, LikePattern.Parse(pattern).IsMatch(input, ignoreCase: false));
    }

    [Theory]
    [InlineData("ÉCOLE%", "école primaire", true)]
    [InlineData("straße", "STRASSE", false)]
    [InlineData("%Ω", "ωmegaω", true)]
    public void The_like_matcher_folds_case_character_by_character(string pattern, string input, bool expected)
    {
        Assert.Equal(expected, LikePattern.Parse(pattern).IsMatch(input, ignoreCase: true));
    }

    [Fact]
    public void A_nested_quantifier_regex_runs_in_linear_time()
    {
        // ^(a+)+$ against 40 a's and a b ran more than 9 minutes on the backtracking engine.
        using var db = WithPost("t", new string('a', 40) + "b");
        db.New("Post", ("Title", "u"), ("Body", new string('a', 40)));
        var elapsed = Time(() =>
        {
            Assert.Equal(["u"], db.Objects("Post").Filter(Q.Where("Body", Lookup.Regex, "^(a+)+$")).Names("Title"));
            Assert.Equal(["u"], db.Objects("Post").Filter(Q.Where("Body", Lookup.IRegex, "^(A+)+$")).Names("Title"));
        });
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed}");
    }

    [Fact]
    public void A_backtracking_regex_that_takes_too_long_fails_with_RegexTimeout()
    {
        // A back-reference keeps the regex on the backtracking engine; (a*)*\1 on 5,000 a's and a b backtracks for ever.
        using var db = WithPost("t", new string('a', 5000) + "b");
        var elapsed = Time(() =>
        {
            var e = Assert.Throws<RelationsException>(() => db.Objects("Post").Filter(Q.Where("Body", Lookup.Regex, @"^(a|aa)+\1$")).ToList());
            Assert.Equal("RegexTimeout", e.ErrorId);
            Assert.Equal(ErrorKind.OperationTimeout, e.Kind);
            Assert.Contains(@"^(a|aa)+\1$", e.Message);
        });
        Assert.True(elapsed < SqliteFunctions.RegexTimeout + TimeSpan.FromSeconds(5), $"took {elapsed}");
        // The connection goes on.
        Assert.Equal(1, db.Objects("Post").Count());
    }

    [Fact]
    public void Back_references_still_work()
    {
        using var db = WithPost("abab");
        Assert.Equal(1, db.Objects("Post").Filter(Q.Where("Title", Lookup.Regex, @"^(ab)\1$")).Count());
    }

    [Fact]
    public void Interrupt_stops_a_running_statement_with_StatementInterrupted()
    {
        using var db = TestDb.Blog();
        var endless = new SqlStatement("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n", []);
        var stopper = new Thread(() =>
        {
            Thread.Sleep(300);
            db.Interrupt();
        });
        stopper.Start();
        var elapsed = Time(() =>
        {
            var e = Assert.Throws<RelationsException>(() => db.Scalar(endless));
            Assert.Equal("StatementInterrupted", e.ErrorId);
            Assert.Equal(ErrorKind.OperationStopped, e.Kind);
        });
        stopper.Join();
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        // Interrupting with nothing running does nothing to the next statement.
        db.Interrupt();
        Assert.Equal(0, db.Objects("Post").Count());
    }
}
