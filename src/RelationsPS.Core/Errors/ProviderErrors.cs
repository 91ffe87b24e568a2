namespace RelationsPS.Core.Errors;

/// <summary>The engine errors every provider's translation shares: same ErrorId, category and words, whatever the database.</summary>
internal static class ProviderErrors
{
    public static string UniqueMessage(string columns) =>
        columns.Length == 0 ? "An object with the same unique value already exists." : $"An object with the same value already exists ({columns} must be unique).";

    public static RelationsException ForeignKey(Exception e) => new("ForeignKeyViolation", ErrorKind.InvalidOperation,
        "A related object does not exist, or is still referenced (foreign key constraint failed).", null, e);

    public static RelationsException Busy(Exception e) => new("DatabaseBusy", ErrorKind.ResourceBusy,
        "Another connection kept the database locked for longer than the lock wait (30 seconds), so this statement did not run and nothing of it was written. Try again when the other writer is done.", null, e);

    public static RelationsException Interrupted(Exception e) => new("StatementInterrupted", ErrorKind.OperationStopped,
        "The statement was stopped (Ctrl+C or Stop) before it finished; what this call wrote is rolled back.", null, e);

    public static RelationsException ReadOnly(string? path) => new("DatabaseReadOnly", ErrorKind.PermissionDenied,
        $"The database{(path is null ? "" : $" '{path}'")} was opened read-only (Connect-RelDatabase -ReadOnly): nothing can be written to it. Connect without -ReadOnly to change it.", path);
}
