using System.Management.Automation;
using RelationsPS.Core.Errors;
using RelationsPS.Filters;

namespace RelationsPS.Commands.Support;

/// <summary>The one place engine exceptions become ErrorRecords: stable id, category from the kind, the failing input as target.</summary>
public static class ErrorRecords
{
    public static ErrorRecord From(Exception e, object? target) => e switch
    {
        // ObjectNotFound names what is missing (as Get-Item does), not the pipeline item it was looked up for.
        NotFoundException { Target: { } missing } r => new ErrorRecord(r, r.ErrorId, Category(r.Kind), missing),
        RelationsException r => new ErrorRecord(r, r.ErrorId, Category(r.Kind), target ?? r.Target),
        FilterTranslationException f => new ErrorRecord(f, "FilterNotTranslatable", ErrorCategory.InvalidArgument, f.Fragment),
        PSArgumentException a => new ErrorRecord(a, "InvalidArgument", ErrorCategory.InvalidArgument, target),
        _ => new ErrorRecord(e, e.GetType().Name, ErrorCategory.NotSpecified, target),
    };

    public static ErrorCategory Category(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        ErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
        ErrorKind.OperationStopped => ErrorCategory.OperationStopped,
        ErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
        ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        _ => ErrorCategory.WriteError,
    };
}
