using System.Collections;
using System.Data.Common;

namespace RelationsPS.Core.Execution;

public sealed partial class RelDatabase
{
    /// <summary>
    /// The rows of one statement, streamed: the sequence and its enumerator in one object. The statement
    /// runs at the first <see cref="MoveNext"/> (<see cref="Open"/>); each row is handed to the reader
    /// function while the reader is on it; <see cref="End"/> runs once when the stream ends, however it
    /// ends (its last row, Dispose, or an error). The gate is held for one row at a time, never between
    /// rows: a stream read by one thread must not block the others (ForEach-Object -Parallel downstream
    /// of Get-Post). It replaces two iterators and three closures per statement, which a related
    /// manager's N+1 loop paid per owner.
    /// </summary>
    private abstract class RowStream<T>(RelDatabase db, Func<DbDataReader, T> read) : IEnumerable<T>, IEnumerator<T>
    {
        private const int New = 0, Handed = 1, Reading = 2, Done = 3;

        private int state;
        private DbDataReader? reader;
        private OpenStream<T>? stream;
        private long rows;
        private T current = default!;

        protected RelDatabase Db => db;

        protected Func<DbDataReader, T> Read => read;

        /// <summary>Runs the statement (the gate is held): its reader, or a translated error.</summary>
        protected abstract DbDataReader Open();

        /// <summary>A provider error while rows are read, as the engine reports it.</summary>
        protected abstract Exception Translate(DbException e);

        /// <summary>Closes the statement (the gate is held) after <paramref name="rowsRead"/> rows.</summary>
        protected abstract void End(DbDataReader reader, long rowsRead);

        /// <summary>A stream of the same statement not yet started (a sequence enumerated twice runs twice).</summary>
        protected abstract RowStream<T> Again();

        public IEnumerator<T> GetEnumerator()
        {
            if (Interlocked.CompareExchange(ref state, Handed, New) == New) return this;
            var again = Again();
            again.state = Handed;
            return again;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public T Current => current;

        object? IEnumerator.Current => current;

        public bool MoveNext()
        {
            if (state == Done) return false;
            try
            {
                if (state != Reading)
                {
                    lock (db.gate) reader = Open();
                    state = Reading;
                    if (db.backend.OneReaderAtATime)
                    {
                        stream = new OpenStream<T>(reader, read, Translate);
                        lock (db.gate) db.streams.Add(stream);
                    }
                }
                lock (db.gate)
                {
                    if (stream?.Rest is { } rest)
                    {
                        if (!rest.TryDequeue(out current!)) return Finish();
                    }
                    else
                    {
                        bool more;
                        try
                        {
                            more = reader!.Read();
                        }
                        catch (DbException e)
                        {
                            throw Translate(e);
                        }
                        catch (OperationCanceledException e) when (e.InnerException is DbException cancelled)
                        {
                            throw Translate(cancelled);
                        }
                        if (!more) return Finish();
                        current = read(reader);
                    }
                }
                rows++;
                return true;
            }
            catch
            {
                Finish();
                throw;
            }
        }

        private bool Finish()
        {
            var wasReading = state == Reading;
            state = Done;
            current = default!;
            if (!wasReading) return false;
            lock (db.gate)
            {
                if (stream is not null) db.streams.Remove(stream);
                End(reader!, rows);
            }
            return false;
        }

        public void Dispose() => Finish();

        void IEnumerator.Reset() => throw new NotSupportedException();
    }
}
