using System.Collections.Concurrent;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Databases for the query specifications. Every database opened here reports the statements it
/// runs to <see cref="SqlCorpus"/>, so ParameterizationTests can walk the SQL the
/// whole corpus generated and check that no user value was written into the text.
/// </summary>
internal static class QueryDb
{
    public static RelDatabase Open(ModelSet models)
    {
        var db = Support.TestDatabases.Fresh(models);
        db.Log.StatementExecuted += SqlCorpus.Record;
        return db;
    }

    public static RelDatabase Open(Func<ModelSetBuilder, ModelSetBuilder> declare) => Open(declare(new ModelSetBuilder()).Build());

    public static RelDatabase Blog() => Open(BlogSchema.Models);

    public static RelObject Add(this RelDatabase db, string model, params (string Key, object? Value)[] values) =>
        db.Create(model, values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The blog workload in bulk, fast: one transaction of INSERT ... SELECT over a recursive counter.
    /// Users user1..; tags tag1..; posts "Post i" with Views = i % 1000, every fifth without an author;
    /// each post linked to three tags ((id + 0|333|667) % tags) + 1.
    /// </summary>
    public static void SeedBlog(this RelDatabase db, int posts, int tags = 1000, int users = 100) => db.InTransaction(() =>
    {
        const string counter = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @p0) ";
        void Run(string sql, params object?[] p) => db.Execute(new Compilation.SqlStatement(SqlCorpus.RawMarker + " " + sql, p));
        Run("INSERT INTO \"user\" (\"user_name\") " + counter + "SELECT 'user' || i FROM n", users);
        Run("INSERT INTO \"tag\" (\"name\", \"slug\") " + counter + "SELECT 'tag' || i, 'tag-' || i FROM n", tags);
        Run("INSERT INTO \"post\" (\"title\", \"body\", \"views\", \"created\", \"author_id\") " + counter +
            "SELECT 'Post ' || i, '', i % 1000, '2024-01-01 00:00:00.0000000', CASE WHEN i % 5 = 0 THEN NULL ELSE (i % @p1) + 1 END FROM n", posts, users);
        Run("INSERT INTO \"post_tags\" (\"post_id\", \"tag_id\") SELECT p.\"id\", ((p.\"id\" + k.o) % @p0) + 1 FROM \"post\" p, (SELECT 0 AS o UNION ALL SELECT 333 UNION ALL SELECT 667) k", tags);
    });

    public static Dictionary<string, object?> D(params (string Key, object? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The statements run by the databases of <see cref="QueryDb"/>: all of them, and those of the current walk.</summary>
internal static class SqlCorpus
{
    /// <summary>Marks SQL a test writes by hand (bulk seeding), which is not the engine's and is left out of the walk.</summary>
    public const string RawMarker = "/*test-raw*/";

    public static readonly ConcurrentQueue<QueryLogEntry> All = new();

    private static readonly AsyncLocal<List<QueryLogEntry>?> current = new();

    public static void Record(QueryLogEntry entry)
    {
        if (entry.Sql.Contains(RawMarker, StringComparison.Ordinal) || entry.Sql.StartsWith("SELECT IFNULL(", StringComparison.Ordinal)) return;
        All.Enqueue(entry);
        current.Value?.Add(entry);
    }

    /// <summary>Runs <paramref name="work"/> and returns the engine statements it ran.</summary>
    public static List<QueryLogEntry> Capture(Action work)
    {
        var list = new List<QueryLogEntry>();
        var previous = current.Value;
        current.Value = list;
        try
        {
            work();
        }
        finally
        {
            current.Value = previous;
        }
        return list;
    }
}
