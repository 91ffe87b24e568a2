using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;

namespace RelationsPS.Commands.Support;

/// <summary>
/// Piped writes in batches (Django's bulk_create / bulk_update) that keep <see cref="RelCmdlet.Write{T}(Func{T})"/>'s
/// promises. Items are buffered; a batch is written in one savepoint, with many rows per statement, and
/// only when it is saved are its objects written to the pipeline, in input order, so an object a
/// downstream <c>Select-Object -First</c> saw is saved. A batch that fails is written again item by item,
/// each in its own savepoint, so the bad item is reported (and undone) alone and the rest are saved.
/// </summary>
/// <remarks>
/// Batches grow from 1 item, doubling up to <see cref="MaxSize"/> (as QuerySet.InPages reads pages): the first
/// item is written at once, as before, so a short or interactive pipeline answers item by item, and a
/// long import soon writes hundreds of rows per statement. The items a batch read from upstream before a
/// downstream stop are saved with it, though not all of them were written out.
/// </remarks>
internal class PipelineBatch<T>
{
    /// <summary>The most items buffered before they are written.</summary>
    public const int MaxSize = 512;

    private readonly RelCmdlet cmdlet;
    private readonly Func<IReadOnlyList<T>, IReadOnlyList<RelObject>> writeBatch;
    private readonly Func<T, RelObject> writeOne;
    private readonly Action<T, RelObject> emit;
    private readonly Func<T, object?> target;
    private readonly List<T> pending = [];
    private int size = 1;

    /// <param name="cmdlet">The cmdlet whose call transaction and error reporting the batch uses.</param>
    /// <param name="writeBatch">Writes all items (inside one savepoint) and returns their objects in order.</param>
    /// <param name="writeOne">Writes one item (inside its own savepoint): the fallback after a failed batch.</param>
    /// <param name="emit">Writes an item's saved object to the pipeline (or not: -PassThru).</param>
    /// <param name="target">The input an item's error is about.</param>
    public PipelineBatch(RelCmdlet cmdlet, Func<IReadOnlyList<T>, IReadOnlyList<RelObject>> writeBatch, Func<T, RelObject> writeOne, Action<T, RelObject> emit, Func<T, object?> target)
    {
        this.cmdlet = cmdlet;
        this.writeBatch = writeBatch;
        this.writeOne = writeOne;
        this.emit = emit;
        this.target = target;
    }

    public int Count => pending.Count;

    /// <summary>Buffers an item; writes the batch when it is full. Call inside the cmdlet's Run.</summary>
    public void Add(T item)
    {
        pending.Add(item);
        if (pending.Count >= size) Flush();
    }

    /// <summary>Writes what is buffered (EndProcessing, or before an item that cannot join the batch). Call inside the cmdlet's Run.</summary>
    public void Flush()
    {
        if (pending.Count == 0) return;
        var items = pending.ToArray();
        pending.Clear();
        size = Math.Min(size * 2, MaxSize);
        IReadOnlyList<RelObject>? saved = null;
        try
        {
            saved = cmdlet.Write(() => writeBatch(items));
        }
        catch (RelationsException)
        {
            // Undone as a whole; each item is tried again alone below, and only the bad one is reported.
        }
        if (saved is not null)
        {
            for (var i = 0; i < items.Length; i++) emit(items[i], saved[i]);
            return;
        }
        foreach (var item in items)
            cmdlet.RunItem(() =>
            {
                var one = cmdlet.Write(() => writeOne(item));
                emit(item, one);
            }, target(item));
    }
}
