using System.Collections.Concurrent;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Execution;

public sealed partial class RelDatabase
{
    // Kept by the database, not the model: a model outlives the databases opened with it.
    private readonly ConcurrentDictionary<ModelDefinition, RowContext> rowContexts = new();

    /// <summary>This database's compiled statements by query shape (its dialect and models are fixed).</summary>
    internal Compilation.StatementCache Statements { get; } = new();
    private readonly ConcurrentDictionary<(ModelDefinition Model, int FirstColumn, bool HoldsPrefetched), RowMaterializer> materializers = new();

    /// <summary>The context every object of <paramref name="model"/> on this database shares when it has no annotations.</summary>
    internal RowContext RowContextOf(ModelDefinition model) =>
        rowContexts.TryGetValue(model, out var context) ? context : rowContexts.GetOrAdd(model, m => new RowContext(m, this, null));

    /// <summary>
    /// The materializer of whole rows of <paramref name="model"/> without annotations starting at
    /// <paramref name="firstColumn"/>: built once, as a related manager's N+1 loop would build one per owner.
    /// With <paramref name="holdsPrefetched"/> its rows have room for relations Include loads for them (a
    /// prefetch's or join's rows, the owners of a longer path).
    /// </summary>
    internal RowMaterializer MaterializerOf(ModelDefinition model, int firstColumn = 0, bool holdsPrefetched = false) =>
        materializers.TryGetValue((model, firstColumn, holdsPrefetched), out var m) ? m
        : materializers.GetOrAdd((model, firstColumn, holdsPrefetched), key => new RowMaterializer(key.Model, this, [], key.FirstColumn, holdsPrefetched: key.HoldsPrefetched));
}
