using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Execution;

/// <summary>Schema evolution: compare the database with models, apply the difference, keep the history.</summary>
public sealed partial class RelDatabase
{
    /// <summary>What applying <paramref name="models"/> would change (nothing is written).</summary>
    public MigrationPlan CompareSchema(ModelSet models, IReadOnlyDictionary<string, string>? renames = null)
    {
        lock (gate)
        {
            EnsureOpen();
            return SchemaComparer.Plan(Dialect, models, backend.Introspect(connection), renames ?? new Dictionary<string, string>(),
                s => Convert.ToInt64(Scalar(s), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Changes the database to <paramref name="models"/> and makes them this connection's models. All of it
    /// is one transaction: the statements of <see cref="CompareSchema"/>, then <paramref name="transforms"/>
    /// (model -> field -> value or <see cref="Expressions.Expr"/>, one UPDATE per model over every row),
    /// then the foreign-key check (SQLite's <c>foreign_key_check</c>; PostgreSQL validates the constraints
    /// the plan added), then the history row. On SQLite foreign keys are off during the rebuild (a dropped
    /// and renamed table would otherwise cascade) and switched back on after; that pragma cannot change
    /// inside a transaction, so it is set around it. PostgreSQL runs DDL in the transaction too, so there as
    /// on SQLite a failure at any statement rolls everything back.
    /// </summary>
    /// <param name="models">The models the database should hold.</param>
    /// <param name="renames">Explicit renames, <c>'Model.Old' = 'Model.New'</c>.</param>
    /// <param name="force">Apply changes that lose data; without it they are refused before anything runs.</param>
    /// <param name="transforms">Values for fields of every row, by model then field: plain values or expressions of the row's fields.</param>
    public MigrationPlan MigrateSchema(ModelSet models, IReadOnlyDictionary<string, string>? renames, bool force,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>>? transforms = null)
    {
        lock (gate)
        {
            EnsureWritable();
            if (depth > 0)
                throw new InvalidOperationRelException("MigrationInTransaction", "The schema cannot be changed inside a transaction (Use-RelTransaction): SQLite's foreign keys can only be switched off outside one.");
            var previous = Models;
            var plan = CompareSchema(models, renames);
            SchemaComparer.CheckDefaults(plan);
            var losses = plan.Losses.ToList();
            if (losses.Count > 0 && !force)
                throw new SchemaException("DataLossNeedsForce",
                    "These changes lose data and need -Force (see them with -WhatIf); nothing was changed:" + Environment.NewLine + "  - " +
                    string.Join(Environment.NewLine + "  - ", losses.Select(l => $"{l}: {l.Loss}")), losses[0].ToString());
            if (plan.IsEmpty && transforms is not { Count: > 0 })
            {
                Models = models;
                return plan;
            }
            backend.BeforeMigration(connection);
            try
            {
                plan = InTransaction(() =>
                {
                    backend.LockForMigration(this);
                    // Planned again inside the write lock: another connection may have changed the schema since.
                    var inside = CompareSchema(models, renames);
                    SchemaComparer.CheckDefaults(inside);
                    if (inside.Losses.Any() && !force)
                        throw new SchemaException("DataLossNeedsForce", "Another connection changed the schema meanwhile, and the change now loses data; nothing was changed.");
                    foreach (var s in inside.Statements) Execute(s);
                    ForgetCommands();
                    ForgetPrepared();
                    Models = models;
                    foreach (var (model, values) in transforms ?? new Dictionary<string, IReadOnlyDictionary<string, object?>>())
                        Objects(models.Get(model)).Update(values);
                    CheckForeignKeys();
                    Execute(new SqlStatement(Dialect.CreateHistoryTable, []));
                    var description = inside.Describe() + (transforms is { Count: > 0 }
                        ? (inside.IsEmpty ? "" : Environment.NewLine) + "Transform " + string.Join(", ", transforms.SelectMany(t => t.Value.Keys.Select(f => $"{t.Key}.{f}")))
                        : "");
                    Execute(new SqlStatement($"INSERT INTO \"{MigrationHistory.Table}\" (\"applied\", \"description\", \"schema_hash\", \"statements\") VALUES (@p0, @p1, @p2, @p3)",
                        [FieldCodec.ToDatabase(HistoryApplied, DateTime.UtcNow), description, inside.SchemaHash, string.Join(";" + Environment.NewLine, inside.Statements.Select(s => s.Text))]));
                    return inside;
                });
            }
            catch
            {
                Models = previous;
                ForgetCommands();
                // Statements the failed transaction prepared on the server may be gone with it (PostgreSQL). When
                // even that fails (the connection is broken), the error that ended the migration is the one to report.
                try { ForgetPrepared(); }
                catch (System.Data.Common.DbException) { }
                throw;
            }
            finally
            {
                backend.AfterMigration(connection);
            }
            return plan;
        }
    }

    private static readonly FieldDefinition HistoryApplied = new("Applied", FieldType.DateTime) { Column = "applied" };

    private void CheckForeignKeys()
    {
        var problems = backend.ForeignKeyProblems(this);
        if (problems.Count > 0)
            throw new SchemaException("ForeignKeyCheckFailed", "After the change, rows would point at rows that do not exist; nothing was changed:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems));
    }

    /// <summary>The applied schema changes, oldest first (none when the database has no history table).</summary>
    public IReadOnlyList<MigrationRecord> SchemaHistory()
    {
        lock (gate)
        {
            EnsureOpen();
            if (!HasHistory()) return [];
            return Query(new SqlStatement($"SELECT \"id\", \"applied\", \"description\", \"schema_hash\", \"statements\" FROM \"{MigrationHistory.Table}\" ORDER BY \"id\"", []),
                r => new MigrationRecord(r.GetInt64(0), FieldCodec.ParseDateTime(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4))).ToList();
        }
    }
}
