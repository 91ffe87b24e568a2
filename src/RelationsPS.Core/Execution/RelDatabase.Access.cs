using Microsoft.Data.Sqlite;
using RelationsPS.Core.Dialects.Sqlite;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Execution;

/// <summary>How a database file is opened.</summary>
public sealed record OpenOptions
{
    /// <summary>
    /// Open without writing anything (SQLite <c>mode=ro</c>): no tables created, no pragma that writes
    /// (journal mode), and every write fails with DatabaseReadOnly. Without models, the models are read
    /// from the database (Export-RelSchema's inspection).
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// Refuse, changing nothing, a database holding tables the models do not declare, unless RelationsPS's
    /// history table is there: someone else's database is not ours to add tables to unless asked
    /// (Connect-RelDatabase without -Schema).
    /// </summary>
    public bool RefuseForeignTables { get; init; }
}

/// <summary>Read-only connections and databases RelationsPS did not create.</summary>
public sealed partial class RelDatabase
{
    private static RelDatabase OpenReadOnly(string path, ModelSet? models)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot open the database '{full}' read-only: there is no such file.", full);
        var cs = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = (int)LockWait.TotalSeconds }.ToString();
        var conn = new SqliteConnection(cs);
        try
        {
            conn.Open();
        }
        catch (SqliteException e)
        {
            conn.Dispose();
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot open the database '{full}': {e.Message}", full, e);
        }
        var db = new RelDatabase(conn, SqliteBackend.Instance, models ?? BlogSchema.Models, full) { IsReadOnly = true };
        try
        {
            SqliteFunctions.Register(conn);
            // Both pragmas set the connection's state only; the file is not touched.
            db.Pragma("foreign_keys = ON");
            db.Pragma($"busy_timeout = {(int)LockWait.TotalMilliseconds}");
            db.CheckReadable(models);
            return db;
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot use the database '{full}': {e.Message}", full, e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A read-only connection creates nothing: without models, they are the blog's when the database is
    /// RelationsPS's (or empty), else read from its tables; the tables and columns they read must be there.
    /// </summary>
    private void CheckReadable(ModelSet? models)
    {
        var existing = backend.Introspect(connection);
        if (models is null)
        {
            var own = HasHistory() || existing.Tables.Count == 0 || existing.Tables.Keys.All(t => SchemaPlanner.Plan(BlogSchema.Models).Any(p => string.Equals(p.Name, t, StringComparison.OrdinalIgnoreCase)));
            Models = own ? BlogSchema.Models : SchemaInspector.Inspect(existing);
        }
        var missing = SchemaSynchronizer.MissingForReading(SchemaPlanner.Plan(Models), existing);
        if (missing.Count > 0)
            throw new SchemaException("SchemaMismatch",
                $"The database '{DisplayName}' (opened read-only, so nothing is created) lacks what the schema declares:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", missing), DisplayName);
    }

    private bool HasHistory() => backend.TableExists(connection, MigrationHistory.Table);

    private void RefuseForeignTables(IReadOnlyList<TableLayout> planned, ExistingSchema existing)
    {
        var foreign = existing.Tables.Keys.Where(t => !planned.Any(p => string.Equals(p.Name, t, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.OrdinalIgnoreCase).ToList();
        if (foreign.Count == 0 || HasHistory()) return;
        var shown = string.Join(", ", foreign.Take(8)) + (foreign.Count > 8 ? $" and {foreign.Count - 8} more" : "");
        throw new SchemaException("ForeignDatabase",
            $"The database '{DisplayName}' has tables RelationsPS did not create ({shown}: the schema does not declare them, and the database has no RelationsPS history); nothing was changed. " +
            $"To read it: Connect-RelDatabase {(Path is null ? $"'{DisplayName}'" : $"-Path '{Path}'")} -ReadOnly (its tables become models), " +
            $"or write its models to a file with Export-RelSchema -Path schema.psd1 and connect with -Schema schema.psd1. " +
            "To add your own models beside its tables, connect with -Schema.", DisplayName);
    }

    /// <summary>Fails with DatabaseReadOnly (PermissionDenied) on a read-only connection, before any work is planned.</summary>
    public void EnsureWritable()
    {
        EnsureOpen();
        if (IsReadOnly) throw ProviderErrors.ReadOnly(DisplayName);
    }
}
