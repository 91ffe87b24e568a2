using System.Management.Automation;

namespace RelationsPS.Shell;

// Stand-ins for the Write-* cmdlets of Microsoft.PowerShell.Commands.Utility: same names and
// main parameters, so a script reads the same here and in pwsh. Registered by SessionCommands.

[Cmdlet(VerbsCommunications.Write, "Output")]
internal sealed class WriteOutputCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromRemainingArguments = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public PSObject[]? InputObject { get; set; }

    [Parameter]
    public SwitchParameter NoEnumerate { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null) WriteObject(null);
        else if (NoEnumerate) WriteObject(InputObject.Length == 1 ? InputObject[0] : InputObject, enumerateCollection: false);
        else WriteObject(InputObject, enumerateCollection: true);
    }
}

[Cmdlet(VerbsCommunications.Write, "Error", DefaultParameterSetName = "NoException")]
internal sealed class WriteErrorCommand : PSCmdlet
{
    // pwsh's id, so FullyQualifiedErrorId reads the same in both shells.
    private const string DefaultErrorId = "Microsoft.PowerShell.Commands.WriteErrorException";

    [Parameter(ParameterSetName = "WithException", Mandatory = true)]
    public Exception? Exception { get; set; }

    [Parameter(ParameterSetName = "NoException", Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = "WithException")]
    [AllowNull]
    [AllowEmptyString]
    [Alias("Msg")]
    public string? Message { get; set; }

    [Parameter(ParameterSetName = "ErrorRecord", Mandatory = true)]
    public ErrorRecord? ErrorRecord { get; set; }

    [Parameter(ParameterSetName = "NoException")]
    [Parameter(ParameterSetName = "WithException")]
    public ErrorCategory Category { get; set; } = ErrorCategory.NotSpecified;

    [Parameter(ParameterSetName = "NoException")]
    [Parameter(ParameterSetName = "WithException")]
    public string? ErrorId { get; set; }

    [Parameter(ParameterSetName = "NoException")]
    [Parameter(ParameterSetName = "WithException")]
    public object? TargetObject { get; set; }

    [Parameter]
    public string? RecommendedAction { get; set; }

    [Parameter]
    [Alias("Activity")]
    public string? CategoryActivity { get; set; }

    [Parameter]
    [Alias("Reason")]
    public string? CategoryReason { get; set; }

    [Parameter]
    [Alias("TargetName")]
    public string? CategoryTargetName { get; set; }

    [Parameter]
    [Alias("TargetType")]
    public string? CategoryTargetType { get; set; }

    protected override void ProcessRecord()
    {
        ErrorRecord record;
        if (ErrorRecord is not null)
        {
            record = new ErrorRecord(ErrorRecord, null);
        }
        else
        {
            var exception = Exception ?? new WriteErrorException(Message ?? "");
            var id = string.IsNullOrEmpty(ErrorId) ? (Exception is null ? DefaultErrorId : exception.GetType().FullName) : ErrorId;
            record = new ErrorRecord(exception, id, Category, TargetObject);
            if (Exception is not null && !string.IsNullOrEmpty(Message)) record.ErrorDetails = new ErrorDetails(Message);
        }
        if (RecommendedAction is not null)
        {
            record.ErrorDetails ??= new ErrorDetails(record.Exception.Message);
            record.ErrorDetails.RecommendedAction = RecommendedAction;
        }
        if (CategoryActivity is not null) record.CategoryInfo.Activity = CategoryActivity;
        if (CategoryReason is not null) record.CategoryInfo.Reason = CategoryReason;
        if (CategoryTargetName is not null) record.CategoryInfo.TargetName = CategoryTargetName;
        if (CategoryTargetType is not null) record.CategoryInfo.TargetType = CategoryTargetType;
        WriteError(record);
    }
}

/// <summary>The exception behind a <c>Write-Error 'message'</c>, as pwsh has one.</summary>
internal sealed class WriteErrorException : SystemException
{
    public WriteErrorException()
    {
    }

    public WriteErrorException(string message)
        : base(message)
    {
    }

    public WriteErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

[Cmdlet(VerbsCommunications.Write, "Warning")]
internal sealed class WriteWarningCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    [Alias("Msg")]
    public string Message { get; set; } = "";

    protected override void ProcessRecord() => WriteWarning(Message);
}

[Cmdlet(VerbsCommunications.Write, "Verbose")]
internal sealed class WriteVerboseCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    [Alias("Msg")]
    public string Message { get; set; } = "";

    protected override void ProcessRecord() => WriteVerbose(Message);
}

[Cmdlet(VerbsCommunications.Write, "Debug")]
internal sealed class WriteDebugCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    [Alias("Msg")]
    public string Message { get; set; } = "";

    protected override void ProcessRecord() => WriteDebug(Message);
}

[Cmdlet(VerbsCommunications.Write, "Information")]
internal sealed class WriteInformationCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    [Alias("Msg", "Message")]
    public object? MessageData { get; set; }

    [Parameter(Position = 1)]
    public string[]? Tags { get; set; }

    protected override void ProcessRecord() => WriteInformation(MessageData, Tags);
}

[Cmdlet(VerbsCommunications.Write, "Progress")]
internal sealed class WriteProgressCommand : PSCmdlet
{
    [Parameter(Position = 0)]
    public string? Activity { get; set; }

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Status { get; set; } = "Processing";

    [Parameter(Position = 2)]
    [ValidateRange(0, int.MaxValue)]
    public int Id { get; set; }

    [Parameter]
    [ValidateRange(-1, 100)]
    public int PercentComplete { get; set; } = -1;

    [Parameter]
    public int SecondsRemaining { get; set; } = -1;

    [Parameter]
    public string? CurrentOperation { get; set; }

    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int ParentId { get; set; } = -1;

    [Parameter]
    public SwitchParameter Completed { get; set; }

    /// <remarks>
    /// Every Write-Progress call is a new cmdlet instance; a shared source id (0 unless given) is
    /// what lets a later <c>-Completed</c> close the activity an earlier call opened.
    /// </remarks>
    [Parameter]
    public int SourceId { get; set; }

    protected override void ProcessRecord()
    {
        var activity = string.IsNullOrEmpty(Activity) ? "Processing" : Activity;
        CommandRuntime.WriteProgress(SourceId, new ProgressRecord(Id, activity, Status)
        {
            ParentActivityId = ParentId,
            PercentComplete = PercentComplete,
            SecondsRemaining = SecondsRemaining,
            CurrentOperation = CurrentOperation,
            RecordType = Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        });
    }
}
