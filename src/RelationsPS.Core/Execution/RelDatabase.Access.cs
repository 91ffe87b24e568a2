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
        var db = new RelDatabase(conn, models ?? BlogSchema.Models, full) { IsReadOnly = true };
        try
        {
            SqliteFunctions.Register(conn);
            // Both pragmas set the connection's state only; the file is not touched.
            db.Pragma("foreign_keys = ON");
            db.Pragma($"busy_timeout = {(int)LockWait.TotalMilliseconds}");
            var existing = SqliteIntrospector.Read(conn);
            if (models is null)
            {
                var own = db.HasHistory() || existing.Tables.Count == 0 || existing.Tables.Keys.All(t => SchemaPlanner.Plan(BlogSchema.Models).Any(p => string.Equals(p.Name, t, StringComparison.OrdinalIgnoreCase)));
                db.Models = own ? BlogSchema.Models : SchemaInspector.Inspect(existing);
            }
            var missing = SchemaSynchronizer.MissingForReading(SchemaPlanner.Plan(db.Models), existing);
            if (missing.Count > 0)
                throw new SchemaException("SchemaMismatch",
                    $"The database '{full}' (opened read-only, so nothing is created) lacks what the schema declares:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", missing), full);
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

    private bool HasHistory()
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{MigrationHistory.Table}'";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private void RefuseForeignTables(IReadOnlyList<TableLayout> planned, ExistingSchema existing)
    {
        var foreign = existing.Tables.Keys.Where(t => !planned.Any(p => string.Equals(p.Name, t, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.OrdinalIgnoreCase).ToList();
        if (foreign.Count == 0 || HasHistory()) return;
        var shown = string.Join(", ", foreign.Take(8)) + (foreign.Count > 8 ? $" and {foreign.Count - 8} more" : "");
        throw new SchemaException("ForeignDatabase",
            $"The database '{Path}' has tables RelationsPS did not create ({shown}: the schema does not declare them, and the file has no RelationsPS history); nothing was changed. " +
            $"To read it: Connect-RelDatabase -Path '{Path}' -ReadOnly (its tables become models), " +
            $"or write its models to a file with Export-RelSchema -Path schema.psd1 and connect with -Schema schema.psd1. " +
            "To add your own models beside its tables, connect with -Schema.", Path);
    }

    /// <summary>Fails with DatabaseReadOnly (PermissionDenied) on a read-only connection, before any work is planned.</summary>
    public void EnsureWritable()
    {
        EnsureOpen();
        if (IsReadOnly) throw ReadOnlyError(Path);
    }

    private static RelationsException ReadOnlyError(string? path) => new("DatabaseReadOnly", ErrorKind.PermissionDenied,
        $"The database{(path is null ? "" : $" '{path}'")} was opened read-only (Connect-RelDatabase -ReadOnly): nothing can be written to it. Connect without -ReadOnly to change it.", path);
}
