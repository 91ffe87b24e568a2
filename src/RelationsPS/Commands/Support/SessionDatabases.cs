using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Commands.Support;

/// <summary>
/// The current connection of each runspace (Connect-RelDatabase sets it), and the default database
/// of PRODUCT §4: <c>$env:RELATIONSPS_DATABASE</c>, else <c>relations.db</c> in the per-user data folder,
/// with the blog schema, created on first use.
/// </summary>
public static class SessionDatabases
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Current_ = new();

    private sealed class Holder
    {
        public RelDatabase? Database;
    }

    private static Holder For(Runspace? runspace) =>
        runspace is null ? Fallback : Current_.GetValue(runspace, _ => new Holder());

    private static readonly Holder Fallback = new();

    /// <summary>The current connection, opening the default database when there is none.</summary>
    public static RelDatabase Current(PSCmdlet cmdlet)
    {
        var holder = For(Runspace.DefaultRunspace);
        if (holder.Database is { IsOpen: true } db) return db;
        holder.Database = OpenFile(DefaultPath(), BlogSchema.Models);
        return holder.Database;
    }

    /// <summary>
    /// Opens a database file. The engine reports SQLite's failures as RelationsExceptions; a folder that
    /// cannot be created on the way (a read-only place, a file where a folder should be) surfaces as an IO
    /// exception, which is given the same id here so that no raw .NET exception reaches the user.
    /// </summary>
    public static RelDatabase OpenFile(string path, ModelSet models)
    {
        try
        {
            return RelDatabase.Open(path, models);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot open the database '{path}': {e.Message}", path, e);
        }
    }

    /// <summary>As <see cref="OpenFile(string, ModelSet)"/>, opened as <paramref name="options"/> say (read-only; refusing foreign tables).</summary>
    public static RelDatabase OpenFile(string path, ModelSet? models, OpenOptions options)
    {
        try
        {
            return RelDatabase.Open(path, models, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RelationsException("DatabaseUnavailable", ErrorKind.ResourceUnavailable, $"Cannot open the database '{path}': {e.Message}", path, e);
        }
    }

    /// <summary>The current connection if there is one (completers must not create databases).</summary>
    public static RelDatabase? CurrentOrNull() => For(Runspace.DefaultRunspace).Database is { IsOpen: true } db ? db : null;

    public static void SetCurrent(RelDatabase? db)
    {
        var holder = For(Runspace.DefaultRunspace);
        holder.Database = db;
    }

    /// <summary>Where the default database lives.</summary>
    public static string DefaultPath() =>
        Environment.GetEnvironmentVariable("RELATIONSPS_DATABASE") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "RelationsPS", "relations.db");
}
