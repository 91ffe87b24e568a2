// TEMPORARY, branch pgmodule only: the engine API of the PostgreSQL contract (branch pg builds it), so the
// module compiles before pg lands. Deleted before `git merge pg`; never delivered.
namespace RelationsPS.Core.Execution;

public enum DatabaseProvider { SQLite, PostgreSQL }

public sealed partial class RelDatabase
{
    public static RelDatabase Connect(DatabaseProvider provider, string connectionString, RelationsPS.Core.Metadata.ModelSet? models, OpenOptions options)
    {
        if (provider == DatabaseProvider.PostgreSQL) throw new NotSupportedException("placeholder: PostgreSQL is on branch pg");
        var b = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        return Open(b.DataSource, models, options);
    }

    public DatabaseProvider Provider => DatabaseProvider.SQLite;

    public string DisplayName => Path ?? ":memory:";
}
