using System.Collections;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Tests.Support;

/// <summary>Helpers shared by the specifications: a fresh in-memory database per test, rows as tuples, query counting.</summary>
public static class TestDb
{
    public static RelDatabase Open(ModelSet models) => TestDatabases.Fresh(models);

    public static RelDatabase Open(Func<ModelSetBuilder, ModelSetBuilder> declare) => TestDatabases.Fresh(declare(new ModelSetBuilder()).Build());

    public static RelDatabase Blog() => TestDatabases.Fresh(BlogSchema.Models);

    public static RelObject New(this RelDatabase db, string model, params (string Key, object? Value)[] values) =>
        db.Create(model, values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Rows of a table as sorted text tuples, for exact assertions on join tables: numbers of one column in
    /// numeric order, then text (<c>null</c> for NULL); tuples of several columns in ordinal text order.
    /// </summary>
    public static List<string> Rows(this RelDatabase db, string table, params string[] columns) =>
        db.Query(new Compilation.SqlStatement($"SELECT {string.Join(" || ',' || ", columns.Select(c => $"COALESCE(CAST(\"{c}\" AS text), 'null')"))} FROM \"{table}\"", []), r => r.GetString(0))
            .OrderBy(v => columns.Length == 1 && long.TryParse(v, out _) ? 0 : 1)
            .ThenBy(v => columns.Length == 1 && long.TryParse(v, out var n) ? n : 0)
            .ThenBy(v => v, StringComparer.Ordinal)
            .ToList();

    /// <summary>The values of one attribute of each object, in order.</summary>
    public static List<object?> Pluck(this IEnumerable<RelObject> objects, string attribute) => objects.Select(o => o[attribute]).ToList();

    public static List<string> Names(this IEnumerable<RelObject> objects, string attribute = "Name") => objects.Select(o => (string)o[attribute]!).ToList();

    /// <summary>How many statements <paramref name="action"/> ran.</summary>
    public static long CountQueries(this RelDatabase db, Action action)
    {
        var before = db.Log.Count;
        action();
        return db.Log.Count - before;
    }

    public static Hashtable Ht(params (string Key, object? Value)[] values)
    {
        var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in values) h[k] = v;
        return h;
    }
}
