using System.Collections.Concurrent;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

/// <summary>
/// Compiled statements of one database by query shape (<see cref="StatementShape"/>): a script that runs
/// the same query with other values (a loop, a cmdlet called per pipeline object, the next page) gets
/// the statement's text from here and only its parameters made again, as EF Core's query cache does.
/// Compiling a small query cost as much as a third of running it (resolving paths, planning joins,
/// building text: 40 us of a 0.7 ms query after a collection had emptied the processor's caches).
/// </summary>
internal sealed class StatementCache
{
    private const int MaxStatements = 1024;
    // By model object and shape: Update-RelSchema gives a database new model objects under the same
    // names, whose statements differ (the Verify check caught a SELECT of the old columns).
    private readonly ConcurrentDictionary<(Metadata.ModelDefinition Model, string Shape), Entry> entries = new();

    /// <summary>
    /// Also compiles every statement the cache hands out and fails when the two differ: set by the test
    /// suite (every spec then checks the cache), or by RELPS_VERIFY_STATEMENT_CACHE=1.
    /// </summary>
    internal static bool Verify { get; set; } = Environment.GetEnvironmentVariable("RELPS_VERIFY_STATEMENT_CACHE") == "1";

    private sealed record Entry(string Text, ParameterSource[] Sources, object?[] Constants);

    /// <summary>How many statements are kept.</summary>
    public int Count => entries.Count;

    /// <summary>The statement of <paramref name="kind"/> for <paramref name="state"/>: from the cache, or compiled by <paramref name="compile"/> (and kept when it may be).</summary>
    public SqlStatement Get(string kind, QueryState state, Func<SqlContext, SqlStatement> compile, Dialects.SqlDialect dialect)
    {
        var shape = StatementShape.Key(state, kind, out var leaves);
        if (shape is null) return compile(new SqlContext(dialect));
        var key = (state.Model, shape);
        if (entries.TryGetValue(key, out var entry))
        {
            var bound = Bind(entry, state, leaves);
            if (Verify) Check(bound, compile(new SqlContext(dialect)), shape);
            return bound;
        }
        var ctx = new SqlContext(dialect);
        var byLeaf = new Dictionary<LookupQ, int>(leaves.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < leaves.Count; i++) byLeaf.TryAdd(leaves[i], i);
        ctx.Record(byLeaf);
        var statement = compile(ctx);
        if (ctx.Cacheable && entries.Count < MaxStatements)
        {
            var sources = ctx.Sources.ToArray();
            var constants = new object?[sources.Length];
            for (var i = 0; i < sources.Length; i++)
                if (sources[i].Leaf == ParameterSource.ConstantSlot) constants[i] = statement.Parameters[i];
            entries.TryAdd(key, new Entry(statement.Text, sources, constants));
        }
        return statement;
    }

    private static SqlStatement Bind(Entry entry, QueryState state, List<LookupQ> leaves)
    {
        var parameters = new object?[entry.Sources.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var source = entry.Sources[i];
            parameters[i] = source.Leaf switch
            {
                ParameterSource.ConstantSlot => entry.Constants[i],
                ParameterSource.LimitSlot => state.Limit!.Value,
                ParameterSource.OffsetSlot => state.Offset!.Value,
                var leaf => source.Make!(leaves[leaf].Value),
            };
        }
        return new SqlStatement(entry.Text, parameters);
    }

    private static void Check(SqlStatement cached, SqlStatement fresh, string key)
    {
        if (cached.Text != fresh.Text || !cached.Parameters.SequenceEqual(fresh.Parameters))
            throw new InvalidOperationException(
                $"The statement cache gave another statement than compiling does for shape '{key}':{Environment.NewLine}" +
                $"cached: {cached.Text} [{string.Join(", ", cached.Parameters)}]{Environment.NewLine}" +
                $"fresh:  {fresh.Text} [{string.Join(", ", fresh.Parameters)}]");
    }
}
