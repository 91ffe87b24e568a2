using System.Reflection;
using System.Text.RegularExpressions;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using Xunit.Sdk;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// "Every value in every generated statement is a parameter": the whole corpus of query
/// specifications in this folder is run again with its statements captured, and each statement's
/// text is checked — identifiers only from the schema (quoted), no string literal but the fixed
/// LIKE escape characters, no number but 0 and 1 (IFNULL(x, 0), substr(x, 1, ...)) and the fixed
/// places of a date part in the stored text (<c>substr(x, 6, 2)</c>), and no parameter value
/// written into the text. LIMIT/OFFSET values are parameters too.
/// Models: those of the specifications walked, and the blog schema (PRODUCT §3).
/// </summary>
public sealed partial class ParameterizationTests
{
    private static readonly HashSet<string> AllowedStrings = ["'\\'", "'\\\\'", "'%'", "'\\%'", "'_'", "'\\_'"];
    private static readonly HashSet<string> AllowedNumbers = ["0", "1"];

    [GeneratedRegex("\"(?:[^\"]|\"\")*\"")]
    private static partial Regex QuotedIdentifier();

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![\w@.])\d+(?:\.\d+)?")]
    private static partial Regex NumberLiteral();

    // The dialect's date parts: a column, then the part's fixed place and length in the stored text.
    [GeneratedRegex(@"substr\(([^,()]+), \d+, \d+\)")]
    private static partial Regex DatePartPlace();

    /// <summary>What is wrong with one statement's text, or null.</summary>
    internal static string? Offence(QueryLogEntry e)
    {
        var text = QuotedIdentifier().Replace(e.Sql, "\"x\"");
        foreach (Match m in StringLiteral().Matches(text))
            if (!AllowedStrings.Contains(m.Value)) return $"string literal {m.Value} in: {e.Sql}";
        var bare = DatePartPlace().Replace(StringLiteral().Replace(text, "''"), "substr($1)");
        foreach (Match m in NumberLiteral().Matches(bare))
            if (!AllowedNumbers.Contains(m.Value)) return $"number literal {m.Value} in: {e.Sql}";
        foreach (var p in e.Parameters)
        {
            var s = p switch
            {
                string str => str,
                long or int or double or decimal => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            if (s is { Length: >= 3 } && bare.Contains(s, StringComparison.Ordinal)) return $"value '{s}' written into: {e.Sql}";
        }
        return null;
    }

    /// <summary>Runs every specification of this folder (but this one and the 100,000-row stream) on this thread.</summary>
    private static int RunCorpus()
    {
        var ran = 0;
        var types = typeof(ParameterizationTests).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ParameterizationTests).Namespace && t.IsClass && t.IsPublic && t != typeof(ParameterizationTests));
        foreach (var type in types.OrderBy(t => t.Name, StringComparer.Ordinal))
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                if (method.Name.StartsWith("Streaming_", StringComparison.Ordinal)) continue;
                var rows = method.GetCustomAttributes<DataAttribute>().SelectMany(d => d.GetData(method)).ToList();
                if (method.GetCustomAttribute<TheoryAttribute>() is null)
                {
                    if (method.GetCustomAttribute<FactAttribute>() is null) continue;
                    rows = [[]];
                }
                foreach (var args in rows)
                {
                    var instance = Activator.CreateInstance(type)!;
                    try
                    {
                        method.Invoke(instance, args);
                    }
                    catch (TargetInvocationException e)
                    {
                        throw new InvalidOperationException($"{type.Name}.{method.Name} failed while walking the corpus: {e.InnerException?.Message}", e.InnerException);
                    }
                    finally
                    {
                        (instance as IDisposable)?.Dispose();
                    }
                    ran++;
                }
            }
        return ran;
    }

    [Fact]
    public void No_statement_of_the_corpus_holds_a_literal_user_value()
    {
        var ran = 0;
        var statements = SqlCorpus.Capture(() => ran = RunCorpus());
        Assert.True(ran >= 200, $"only {ran} specifications were walked");
        Assert.True(statements.Count >= 1000, $"only {statements.Count} statements were captured");
        Assert.Contains(statements, s => s.Sql.Contains(" LIMIT @p", StringComparison.Ordinal) && s.Sql.Contains(" OFFSET @p", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Sql.StartsWith("UPDATE ", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Sql.StartsWith("WITH base AS", StringComparison.Ordinal));
        var offences = statements.Select(Offence).OfType<string>().Distinct().ToList();
        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences.Take(20)));
    }

    [Theory]
    [InlineData("SELECT t0.\"id\" FROM \"post\" t0 WHERE t0.\"views\" > 100", "number literal 100")]
    [InlineData("SELECT t0.\"id\" FROM \"post\" t0 WHERE t0.\"title\" = 'python'", "string literal 'python'")]
    [InlineData("SELECT t0.\"id\" FROM \"post\" t0 ORDER BY t0.\"id\" LIMIT 10 OFFSET 5", "number literal 10")]
    [InlineData("SELECT t0.\"id\" FROM \"post\" t0 WHERE t0.\"title\" LIKE @p0 ESCAPE '\\'", null)]
    [InlineData("SELECT t12.\"id2\" FROM \"post\" t12 WHERE NOT IFNULL(t12.\"id\" IN (SELECT 1), 0) LIMIT @p10", null)]
    public void The_check_itself_finds_literals(string sql, string? expected)
    {
        var found = Offence(new QueryLogEntry(1, sql, [], 0, TimeSpan.Zero, DateTime.UtcNow));
        if (expected is null) Assert.Null(found);
        else Assert.StartsWith(expected, found);
    }

    [Fact]
    public void The_check_finds_a_parameter_value_copied_into_the_text() =>
        Assert.StartsWith("value 'python'", Offence(new QueryLogEntry(1, "SELECT 1 FROM \"t\" WHERE python = @p0", ["python"], 0, TimeSpan.Zero, DateTime.UtcNow)));

    [Fact]
    public void A_hostile_value_is_only_a_parameter()
    {
        using var db = QueryDb.Blog();
        db.Add("Post", ("Title", "x"));
        const string hostile = "x'; DROP TABLE \"post\"; --";
        var q = db.Objects("Post").Filter(Q.Keyword("Title", hostile) | Q.Keyword("Title__icontains", hostile));
        Assert.DoesNotContain("DROP", q.Sql, StringComparison.Ordinal);
        Assert.Equal(hostile, q.Parameters[0]);
        Assert.Empty(db.Objects("Post").Filter("Title", hostile));
        Assert.Equal(1L, db.Objects("Post").Count());
    }

    [Fact]
    public void Limits_and_offsets_are_parameters()
    {
        using var db = QueryDb.Blog();
        var q = db.Objects("Post").Slice(123456, 654321);
        Assert.DoesNotContain("123456", q.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("654321", q.Sql, StringComparison.Ordinal);
        Assert.Equal(new object?[] { 654321L, 123456L }, q.Parameters);
    }
}
