using System.Data.Common;
using Npgsql;
using RelationsPS.Core.Dialects.PostgreSql;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Execution;

/// <summary>Opening a database by provider and connection string (a database server, or a SQLite file named so).</summary>
public sealed partial class RelDatabase
{
    /// <summary>
    /// Opens a database by provider and provider connection string (Npgsql's keyword form for PostgreSQL,
    /// Microsoft.Data.Sqlite's for SQLite), creating what the models need and honouring
    /// <paramref name="options"/> (ReadOnly, RefuseForeignTables) as <see cref="Open(string, ModelSet?, OpenOptions)"/>
    /// does for files. The connection string is never logged or shown: <see cref="DisplayName"/> is.
    /// </summary>
    public static RelDatabase Connect(DatabaseProvider provider, string connectionString, ModelSet? models, OpenOptions options)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        if (provider == DatabaseProvider.SQLite)
        {
            var sqlite = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
            return sqlite.DataSource is ":memory:" or ""
                ? OpenInMemory(models ?? throw new ArgumentNullException(nameof(models)))
                : Open(sqlite.DataSource, models, options);
        }
        return ConnectPostgreSql(connectionString, models, options);
    }

    private static RelDatabase ConnectPostgreSql(string connectionString, ModelSet? models, OpenOptions options)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString)
            {
                // The unique violation names its columns only in the error's detail.
                IncludeErrorDetail = true,
            };
            // The engine reuses one command per statement text, as SQLite reuses its prepared statements;
            // PostgreSQL parses and plans an unprepared command on every run (about 0.2 ms each, the
            // benchmark's N+1 case measured 1.75x raw Npgsql's prepared commands). Npgsql prepares a
            // statement run twice, up to the engine's command cache size, unless the string says otherwise.
            if (builder.MaxAutoPrepare == 0)
            {
                builder.MaxAutoPrepare = MaxCachedCommands;
                builder.AutoPrepareMinUsages = 2;
            }
        }
        catch (ArgumentException e)
        {
            throw new RelationsException("InvalidConnectionString", ErrorKind.InvalidArgument, $"The PostgreSQL connection string is not valid: {e.Message}", null, e);
        }
        var display = $"postgresql://{builder.Username ?? Environment.UserName}@{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        var conn = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            conn.Open();
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            conn.Dispose();
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot open the database '{display}': {(e is PostgresException pg ? pg.MessageText : e.Message)}", display, e);
        }
        var db = new RelDatabase(conn, PostgreSqlBackend.Instance, models ?? BlogSchema.Models, null, display) { IsReadOnly = options.ReadOnly };
        try
        {
            // A lock held by another writer fails this one after the lock wait, as SQLite's busy timeout does.
            Setting(conn, $"SET lock_timeout = {(long)LockWait.TotalMilliseconds}");
            if (options.ReadOnly)
            {
                Setting(conn, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                db.CheckReadable(models);
            }
            else db.Synchronize(db.Models, options.RefuseForeignTables);
            return db;
        }
        catch (DbException e)
        {
            db.Dispose();
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot use the database '{display}': {(e is PostgresException pg ? pg.MessageText : e.Message)}", display, e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static void Setting(DbConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
