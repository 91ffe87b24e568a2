using System.Collections.Concurrent;
using System.Diagnostics;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Execution;

/// <summary>The provider's bulk load (PostgreSQL's COPY) as the executor runs it: under the gate, logged, its errors translated.</summary>
public sealed partial class RelDatabase
{
    private static readonly ConcurrentDictionary<(string Dialect, string Table, string Id), string> ReserveIdsSql = new();

    /// <summary>A bulk load is running: <see cref="Interrupt"/> then stops it through <see cref="bulkInterrupted"/> (it has no command to cancel).</summary>
    private volatile bool bulkLoading;

    private volatile bool bulkInterrupted;

    /// <summary>
    /// Whether a bulk create of <paramref name="rows"/> rows goes through the provider's bulk load rather than
    /// INSERTs of one row each (or with a link statement per row), or, <paramref name="overBatchedInserts"/>,
    /// rather than multi-row INSERTs with no links.
    /// </summary>
    internal bool BulkLoadsRows(int rows, bool overBatchedInserts) =>
        rows >= (bulkLoadRows ?? (overBatchedInserts ? backend.BulkLoadRowsOverBatchedInserts : backend.BulkLoadRows));

    /// <summary>
    /// The fewest rows a bulk create writes through the provider's bulk load (the provider's measured
    /// thresholds; <see cref="int.MaxValue"/> where it has none). Specs set it, for both kinds of call, to take one path or the other.
    /// </summary>
    internal int BulkLoadRows
    {
        get => bulkLoadRows ?? backend.BulkLoadRows;
        set => bulkLoadRows = backend.BulkLoadRows == int.MaxValue ? throw new InvalidOperationException($"{Provider} has no bulk load.") : value;
    }

    private int? bulkLoadRows;

    /// <summary>Whether the bulk load stores <paramref name="value"/> in a column of <paramref name="type"/> as an INSERT would.</summary>
    internal bool BulkLoads(FieldType type, object value) => backend.BulkLoads(type, value);

    /// <summary>
    /// Draws <paramref name="count"/> new ids of <paramref name="model"/>'s table, ascending (distinct from any
    /// other connection's, not always consecutive); null when its id has no generator to draw from (a table
    /// RelationsPS did not create).
    /// </summary>
    internal long[]? ReserveIds(ModelDefinition model, int count)
    {
        var sql = ReserveIdsSql.GetOrAdd((Dialect.Name, model.Table, model.IdColumn), k => Dialect.ReserveIds(k.Table, k.Id)
            ?? throw new InvalidOperationException($"{Dialect.Name} has no bulk load."));
        if (Scalar(new SqlStatement(sql, [(long)count])) is not long[] ids) return null;
        if (ids.Length != count) throw new InvalidOperationException($"{ids.Length} ids were reserved for {count} rows.");
        Array.Sort(ids);
        return ids;
    }

    /// <summary>
    /// Writes <paramref name="rows"/> rows into <paramref name="table"/>'s <paramref name="columns"/> through the
    /// provider's bulk load (see <see cref="ProviderBackend.BulkLoad"/> for <paramref name="value"/>). A database
    /// error is translated as an INSERT's, with <paramref name="rowParameters"/> of the row it names as the
    /// statement's parameters (a unique violation's target is the row's first value, as for the INSERT).
    /// </summary>
    internal long BulkLoad(string table, IReadOnlyList<string> columns, IReadOnlyList<FieldType> types, int rows, Func<int, int, object?> value, Func<int, IReadOnlyList<object?>> rowParameters)
    {
        var text = Dialect.BulkLoad(table, columns) ?? throw new InvalidOperationException($"{Dialect.Name} has no bulk load.");
        lock (gate)
        {
            EnsureOpen();
            var start = Stopwatch.GetTimestamp();
            bulkInterrupted = false;
            bulkLoading = true;
            try
            {
                var written = backend.BulkLoad(connection, text, types, rows, value, () => bulkInterrupted);
                Log.Add(text, [], written, start);
                return written;
            }
            catch (System.Data.Common.DbException e)
            {
                var row = backend.BulkLoadFailedRow(e);
                throw Translate(e, new SqlStatement(text, row is int r && r < rows ? rowParameters(r) : []));
            }
            catch (OperationCanceledException e)
            {
                throw e.InnerException is System.Data.Common.DbException inner ? Translate(inner, new SqlStatement(text, [])) : ProviderErrors.Interrupted(e);
            }
            finally
            {
                bulkLoading = false;
            }
        }
    }
}
