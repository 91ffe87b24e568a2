namespace RelationsPS.Core.Errors;

/// <summary>How a failure should be classified by a caller (the cmdlet layer maps it to an ErrorCategory).</summary>
public enum ErrorKind
{
    /// <summary>Bad input: unknown field, wrong type, invalid value.</summary>
    InvalidArgument,
    /// <summary>The object or row does not exist.</summary>
    ObjectNotFound,
    /// <summary>A unique constraint would be violated.</summary>
    ResourceExists,
    /// <summary>The operation is not allowed in the object's state (e.g. unsaved, protected).</summary>
    InvalidOperation,
    /// <summary>The schema is invalid or contradicts the database.</summary>
    InvalidData,
    /// <summary>The database could not be opened or read.</summary>
    ResourceUnavailable,
    /// <summary>The database refused a write (constraint).</summary>
    WriteError,
    /// <summary>The work took longer than it may (a regex's match timeout).</summary>
    OperationTimeout,
    /// <summary>The work was stopped (Ctrl+C, <c>PowerShell.Stop()</c>, <see cref="Execution.RelDatabase.Interrupt"/>).</summary>
    OperationStopped,
    /// <summary>Another connection held the database for longer than the lock wait (<see cref="Execution.RelDatabase.LockWait"/>).</summary>
    ResourceBusy,
    /// <summary>The database was opened read-only and the operation writes.</summary>
    PermissionDenied,
}

/// <summary>Base of every error the engine raises on purpose; carries a stable id and a kind.</summary>
public class RelationsException : Exception
{
    /// <summary>Creates an error with a stable id.</summary>
    public RelationsException(string errorId, ErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    /// <summary>A stable identifier such as <c>UnknownField</c>.</summary>
    public string ErrorId { get; }

    /// <summary>The kind of failure.</summary>
    public ErrorKind Kind { get; }

    /// <summary>The input the error is about, when there is one.</summary>
    public object? Target { get; }
}

/// <summary>A schema definition is invalid, or contradicts an existing database.</summary>
public sealed class SchemaException(string errorId, string message, object? target = null)
    : RelationsException(errorId, ErrorKind.InvalidData, message, target);

/// <summary>A field, lookup or relation name does not exist; the message lists the valid choices.</summary>
public sealed class UnknownNameException(string errorId, string message, object? target = null)
    : RelationsException(errorId, ErrorKind.InvalidArgument, message, target);

/// <summary>A value does not fit its field (type, length, null, digits).</summary>
public sealed class ValidationException(string errorId, string message, object? target = null, Exception? inner = null)
    : RelationsException(errorId, ErrorKind.InvalidArgument, message, target, inner);

/// <summary>A unique constraint was violated.</summary>
public sealed class DuplicateException(string message, object? target = null, Exception? inner = null)
    : RelationsException("UniqueViolation", ErrorKind.ResourceExists, message, target, inner);

/// <summary>An object looked up by id or natural key does not exist.</summary>
public sealed class NotFoundException(string message, object? target = null)
    : RelationsException("ObjectNotFound", ErrorKind.ObjectNotFound, message, target);

/// <summary>A delete is refused because Protect/Restrict relations still point at the objects.</summary>
public sealed class ProtectedException(string errorId, string message, IReadOnlyList<object> protectedObjects, object? target = null)
    : RelationsException(errorId, ErrorKind.InvalidOperation, message, target)
{
    /// <summary>The objects that prevent the delete.</summary>
    public IReadOnlyList<object> ProtectedObjects { get; } = protectedObjects;
}

/// <summary>The operation is not allowed in the current state (unsaved object, sliced query, ...).</summary>
public sealed class InvalidOperationRelException(string errorId, string message, object? target = null)
    : RelationsException(errorId, ErrorKind.InvalidOperation, message, target);

/// <summary>The database failed in a way the engine did not anticipate; the provider error is kept as inner exception.</summary>
public sealed class DatabaseException(string message, Exception inner, object? target = null)
    : RelationsException("DatabaseError", ErrorKind.WriteError, message, target, inner);
