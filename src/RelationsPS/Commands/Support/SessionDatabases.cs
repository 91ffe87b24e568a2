using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Commands.Support;

/// <summary>
/// The current connection of each runspace (Connect-RelDatabase sets it), and the default database
/// of PRODUCT §4: <c>$env:RELATIONSPS_DATABASE</c> (<c>:memory:</c> for an in-memory one), else
/// <c>relations.db</c> in the per-user data folder, with the blog schema, created on first use.
/// </summary>
/// <remarks>
/// The rule a command follows, in order: <c>-Database</c>; the current connection; refused when the
/// session was disconnected (Disconnect-RelDatabase) or the last Connect-RelDatabase failed, with an error
/// that says so and how to connect; else the default database, opened once per session. A command never
/// falls back to the default file after the user said otherwise: a write meant for another database must
/// not land there. Every connection a session opens is closed when the module is removed.
/// </remarks>
public static class SessionDatabases
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Current_ = new();
    private static readonly Holder Fallback = new();
    private static readonly object Gate = new();

    /// <summary>What one runspace has: its current connection, or why commands are refused, and what it opened.</summary>
    private sealed class Holder
    {
        public RelDatabase? Database;
        public RelationsException? Refusal;
        /// <summary>Connections opened for a path given to -Database, reused by later calls naming the same file.</summary>
        public readonly Dictionary<string, RelDatabase> ByPath = new(StringComparer.Ordinal);
        /// <summary>Every connection opened in this runspace (weakly: one nobody holds any more is not kept open by this list).</summary>
        public readonly List<WeakReference<RelDatabase>> Opened = [];
    }

    private static Holder For(Runspace? runspace) =>
        runspace is null ? Fallback : Current_.GetValue(runspace, _ => new Holder());

    private static Holder Here => For(Runspace.DefaultRunspace);

    /// <summary>The current connection; the default database when there is none, unless the session refuses commands.</summary>
    public static RelDatabase Current()
    {
        var holder = Here;
        lock (Gate)
        {
            if (holder.Database is { IsOpen: true } db) return db;
            if (holder.Refusal is { } refusal) throw refusal;
        }
        var opened = OpenDefault();
        lock (Gate) holder.Database = opened;
        return opened;
    }

    /// <summary>
    /// The connection a completer uses: the one a command would use (so names complete in a fresh session,
    /// opening the default database as the first command would), or null when commands are refused or it cannot open.
    /// </summary>
    public static RelDatabase? ForCompletion()
    {
        try
        {
            return Current();
        }
        catch (RelationsException)
        {
            return null;
        }
    }

    /// <summary>
    /// The default database: <c>$env:RELATIONSPS_DATABASE</c> (<c>:memory:</c> means a new in-memory one, a
    /// <c>postgresql://</c> URI a PostgreSQL database), else the per-user file.
    /// </summary>
    private static RelDatabase OpenDefault()
    {
        var path = DefaultPath();
        if (ConnectionTarget.IsUri(path))
            return Connect(ConnectionTarget.FromUri(path, null), BlogSchema.Models, new OpenOptions { RefuseForeignTables = true });
        if (ConnectionTarget.LooksLikeConnectionString(path))
            throw new RelationsException("InvalidConnection", ErrorKind.InvalidArgument,
                "$env:RELATIONSPS_DATABASE holds a connection string: it takes a file path, ':memory:' or a postgresql:// URI.", "RELATIONSPS_DATABASE");
        // A default file holding tables RelationsPS did not create is refused, unchanged, as Connect-RelDatabase without -Schema refuses it.
        return IsMemory(path) ? Track(RelDatabase.OpenInMemory(BlogSchema.Models)) : OpenFile(path, BlogSchema.Models, new OpenOptions { RefuseForeignTables = true });
    }

    /// <summary>SQLite's name for an in-memory database.</summary>
    public static bool IsMemory(string? path) => string.Equals(path?.Trim(), ":memory:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens a database file. The engine reports SQLite's failures as RelationsExceptions; a folder that
    /// cannot be created on the way (a read-only place, a file where a folder should be) surfaces as an IO
    /// exception, which is given the same id here so that no raw .NET exception reaches the user.
    /// </summary>
    public static RelDatabase OpenFile(string path, ModelSet models)
    {
        try
        {
            return Track(RelDatabase.Open(path, models));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot open the database '{path}': {e.Message}", path, e);
        }
    }

    /// <summary>
    /// Opens a database named by a provider and connection string (a PostgreSQL server, or SQLite by connection string).
    /// The engine translates the provider's failures; the connection string, which may hold a password, is never in them.
    /// </summary>
    internal static RelDatabase Connect(ConnectionTarget target, ModelSet? models, OpenOptions options) =>
        Track(RelDatabase.Connect(target.Provider, target.ConnectionString, models, options));

    /// <summary>Opens a new in-memory database, remembered for closing with the module.</summary>
    public static RelDatabase OpenInMemory(ModelSet models) => Track(RelDatabase.OpenInMemory(models));

    /// <summary>As <see cref="OpenFile(string, ModelSet)"/>, opened as <paramref name="options"/> say (read-only; refusing foreign tables).</summary>
    public static RelDatabase OpenFile(string path, ModelSet? models, OpenOptions options)
    {
        try
        {
            return Track(RelDatabase.Open(path, models, options));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot open the database '{path}': {e.Message}", path, e);
        }
    }

    private static RelDatabase Track(RelDatabase db)
    {
        var holder = Here;
        lock (Gate)
        {
            holder.Opened.RemoveAll(w => !w.TryGetTarget(out var d) || !d.IsOpen);
            holder.Opened.Add(new WeakReference<RelDatabase>(db));
        }
        return db;
    }

    /// <summary>
    /// The connection for a file named with <c>-Database &lt;path&gt;</c> (a full path): the current connection or an
    /// earlier one of this session to that file, else the file opened as <c>Connect-RelDatabase -Path</c> opens it
    /// (blog schema), kept open for later calls until Disconnect-RelDatabase or Remove-Module.
    /// </summary>
    public static RelDatabase ForPath(string fullPath)
    {
        if (FindOpen(fullPath) is { } open) return open;
        var db = OpenFile(fullPath, BlogSchema.Models);
        lock (Gate) Here.ByPath[fullPath] = db;
        return db;
    }

    /// <summary>
    /// The connection for a PostgreSQL database named with <c>-Database postgresql://...</c>: the session's open one to
    /// that database (same server, port, user and database), else one opened with the blog schema, kept for later calls.
    /// </summary>
    internal static RelDatabase ForUri(ConnectionTarget target)
    {
        if (FindOpen(target) is { } open) return open;
        var db = Connect(target, BlogSchema.Models, new OpenOptions());
        lock (Gate) Here.ByPath[target.Display] = db;
        return db;
    }

    /// <summary>The session's open connection to the PostgreSQL database <paramref name="target"/> names (the current one first), or null.</summary>
    internal static RelDatabase? FindOpen(ConnectionTarget target)
    {
        var holder = Here;
        lock (Gate)
        {
            bool Same(RelDatabase d) => d.IsOpen && d.Provider == target.Provider && string.Equals(d.DisplayName, target.Display, StringComparison.Ordinal);
            if (holder.Database is { } current && Same(current)) return current;
            if (holder.ByPath.TryGetValue(target.Display, out var known) && known.IsOpen) return known;
            foreach (var w in holder.Opened)
                if (w.TryGetTarget(out var d) && Same(d)) return d;
            return null;
        }
    }

    /// <summary>The session's open connection to a file (the current one first), or null.</summary>
    public static RelDatabase? FindOpen(string fullPath)
    {
        var holder = Here;
        lock (Gate)
        {
            if (holder.Database is { IsOpen: true } current && SamePath(current.Path, fullPath)) return current;
            if (holder.ByPath.TryGetValue(fullPath, out var known) && known.IsOpen) return known;
            foreach (var w in holder.Opened)
                if (w.TryGetTarget(out var d) && d.IsOpen && SamePath(d.Path, fullPath)) return d;
            return null;
        }
    }

    private static bool SamePath(string? a, string b) =>
        a is not null && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    /// <summary>The current connection if there is one (nothing is opened).</summary>
    public static RelDatabase? CurrentOrNull()
    {
        lock (Gate) return Here.Database is { IsOpen: true } db ? db : null;
    }

    /// <summary>Every connection open in this process, of any runspace (nothing is opened).</summary>
    public static IReadOnlyList<RelDatabase> OpenAnywhere()
    {
        var open = new List<RelDatabase>();
        lock (Gate)
        {
            foreach (var holder in Current_.Select(kv => kv.Value).Append(Fallback))
            {
                if (holder.Database is { IsOpen: true } current) open.Add(current);
                foreach (var w in holder.Opened)
                    if (w.TryGetTarget(out var d) && d.IsOpen) open.Add(d);
            }
        }
        return open.Distinct().ToList();
    }

    /// <summary>A successful Connect-RelDatabase: the new current connection; a refusal is lifted.</summary>
    public static void Connected(RelDatabase db)
    {
        var holder = Here;
        lock (Gate)
        {
            holder.Database = db;
            holder.Refusal = null;
        }
    }

    /// <summary>
    /// A failed Connect-RelDatabase: commands are refused, naming the failed connect, until a connect succeeds or
    /// Disconnect-RelDatabase clears it (issue 12: writes must not go to the previous or the default database).
    /// </summary>
    public static void ConnectFailed(string attempt, Exception why)
    {
        var holder = Here;
        lock (Gate)
        {
            holder.Database = null;
            holder.Refusal = new RelationsException("ConnectFailed", ErrorKind.InvalidOperation,
                $"{attempt} failed ({why.Message.TrimEnd('.')}), so this session has no connection. Connect again with Connect-RelDatabase, " +
                "or run Disconnect-RelDatabase to clear this.", attempt, why);
        }
    }

    /// <summary>
    /// Disconnect-RelDatabase of the current connection (or of none): commands are refused until the next connect,
    /// rather than opening the default database behind the user's back. <paramref name="closed"/> names what was closed.
    /// </summary>
    public static void Disconnected(string? closed)
    {
        var holder = Here;
        lock (Gate)
        {
            holder.Database = null;
            holder.Refusal = new RelationsException("NotConnected", ErrorKind.InvalidOperation,
                (closed is null ? "There is no connection" : $"There is no connection: Disconnect-RelDatabase closed '{closed}'") +
                ". Connect with Connect-RelDatabase (without arguments for the default database, -Path <file>, a postgresql:// URI or -InMemory), or pass -Database.",
                closed);
        }
    }

    /// <summary>Forgets a connection opened for -Database &lt;path&gt; (Disconnect-RelDatabase closed it).</summary>
    public static void Forget(RelDatabase db)
    {
        var holder = Here;
        lock (Gate)
            foreach (var key in holder.ByPath.Where(e => ReferenceEquals(e.Value, db)).Select(e => e.Key).ToList())
                holder.ByPath.Remove(key);
    }

    /// <summary>
    /// Remove-Module: closes every connection this runspace opened, so files are released and SQLite checkpoints
    /// the WAL into the database file (the last connection to close removes the -wal file). The session starts
    /// afresh if the module is imported again.
    /// </summary>
    public static void CloseAll()
    {
        var holder = Here;
        List<RelDatabase> open;
        lock (Gate)
        {
            open = holder.Opened.Select(w => w.TryGetTarget(out var d) ? d : null).OfType<RelDatabase>()
                .Concat(holder.ByPath.Values).Concat(holder.Database is null ? [] : [holder.Database])
                .Distinct().Where(d => d.IsOpen).ToList();
            holder.Opened.Clear();
            holder.ByPath.Clear();
            holder.Database = null;
            holder.Refusal = null;
        }
        foreach (var db in open)
        {
            try
            {
                db.Dispose();
            }
            catch (Exception e) when (e is RelationsException or InvalidOperationException)
            {
                // Closing is best effort: one connection that cannot close must not keep the others open.
            }
        }
    }

    /// <summary>Where the default database lives (<c>:memory:</c> or a <c>postgresql://</c> URI when the variable says so).</summary>
    public static string DefaultPath() =>
        Environment.GetEnvironmentVariable("RELATIONSPS_DATABASE") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "RelationsPS", "relations.db");
}
