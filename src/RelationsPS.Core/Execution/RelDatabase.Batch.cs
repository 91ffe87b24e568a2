namespace RelationsPS.Core.Execution;

public sealed partial class RelDatabase
{
    /// <summary>
    /// Opens a transaction that spans several calls (a cmdlet's whole pipeline), so a stream of
    /// writes is committed in batches instead of one transaction per row. Work inside it still uses
    /// <see cref="InTransaction{T}(Func{T})"/>, which becomes a savepoint: a failing item is undone alone.
    /// Dispose without <see cref="Batch.Commit"/> rolls back what was not committed.
    /// </summary>
    public Batch BeginBatch() => new(this);

    /// <summary>A long-lived transaction; <see cref="Commit"/> ends it and starts the next batch, <see cref="Complete"/> ends it.</summary>
    public sealed class Batch : IDisposable
    {
        private readonly RelDatabase db;
        private bool open;

        internal Batch(RelDatabase db)
        {
            this.db = db;
            Start();
        }

        /// <summary>False when the batch joined a transaction that was already open (Use-RelTransaction): the outer one decides.</summary>
        public bool OwnsTransaction { get; private set; }

        private void Start()
        {
            lock (db.gate) StartLocked();
        }

        private void StartLocked()
        {
            db.EnsureOpen();
            OwnsTransaction = db.depth == 0;
            if (!OwnsTransaction) return;
            db.Begin();
            db.depth++;
            open = true;
        }

        /// <summary>Commits what was written so far and keeps batching.</summary>
        public void Commit()
        {
            if (!open) return;
            Complete();
            Start();
        }

        /// <summary>Commits what was written and ends the batch (no next transaction is begun).</summary>
        public void Complete()
        {
            lock (db.gate)
            {
                if (!open) return;
                db.depth--;
                open = false;
                db.Commit();
            }
        }

        public void Dispose()
        {
            lock (db.gate)
            {
                if (!open) return;
                db.depth--;
                open = false;
                db.Rollback();
            }
        }
    }
}
