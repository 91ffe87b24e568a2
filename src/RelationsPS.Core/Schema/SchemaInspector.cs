using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Schema;

/// <summary>Models read from a database's tables (Django's inspectdb).</summary>
public static class SchemaInspector
{
    public static ModelSet Inspect(ExistingSchema existing) =>
        throw new SchemaException("ForeignDatabase", $"The database has tables RelationsPS did not create ({string.Join(", ", existing.Tables.Keys)}); connect with -Schema.");
}
