namespace RelationsPS.Core.Schema;

/// <summary>
/// RelationsPS's own history table (<c>relationsps_migrations</c>): one row per applied schema change.
/// It belongs to no schema: the schema check, Compare-RelSchema and Export-RelSchema leave it out, and
/// its presence marks a database as one RelationsPS created.
/// </summary>
public static class MigrationHistory
{
    public const string Table = "relationsps_migrations";

    internal const string CreateSql =
        "CREATE TABLE IF NOT EXISTS \"relationsps_migrations\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"applied\" datetime NOT NULL, \"description\" text NOT NULL, \"schema_hash\" varchar(64) NOT NULL, \"statements\" text NOT NULL)";
}

/// <summary>One applied schema change: when, what, the hash of the schema it led to, and the statements it ran.</summary>
public sealed record MigrationRecord(long Id, DateTime Applied, string Description, string SchemaHash, string Statements);
