using System.Collections;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Tests.Support;

/// <summary>Helpers shared by the specifications: a fresh in-memory database per test, rows as tuples, query counting.</summary>
public static class TestDb
{
    public static RelDatabase Open(ModelSet models) => RelDatabase.OpenInMemory(models);

    public static RelDatabase Open(Func<ModelSetBuilder, ModelSetBuilder> declare) => RelDatabase.OpenInMemory(declare(new ModelSetBuilder()).Build());

    public static RelDatabase Blog() => RelDatabase.OpenInMemory(BlogSchema.Models);

    public static RelObject New(this RelDatabase db, string model, params (string Key, object? Value)[] values) =>
        db.Create(model, values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>Rows of a table as sorted text tuples, for exact assertions on join tables.</summary>
    public static List<string> Rows(this RelDatabase db, string table, params string[] columns) =>
        db.Query(new Compilation.SqlStatement($"SELECT {string.Join(" || ',' || ", columns.Select(c => $"IFNULL(\"{c}\", 'null')"))} FROM \"{table}\" ORDER BY 1", []), r => r.GetString(0)).ToList();

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
