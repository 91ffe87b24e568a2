using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Execution;

namespace RelationsPS.Commands.Connection;

/// <summary>
/// Export-RelData: writes the rows of every model (or of -Model) with their ids, foreign-key ids and
/// ManyToMany links to a JSON file (Django's dumpdata); Import-RelData loads it back. Values keep their
/// types: DateTime, Date, Decimal (as text, every digit), Boolean and null round-trip exactly.
/// </summary>
[Cmdlet(VerbsData.Export, "RelData", SupportsShouldProcess = true)]
[OutputType("RelationsPS.DataTransfer")]
public sealed class ExportRelDataCommand : RelCmdlet
{
    /// <summary>The JSON file to write (replaced if it exists).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Only these models (their links to each other come along); by default every model.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.ModelNameCompleter))]
    public string[]? Model { get; set; }

    protected override void EndProcessing()
    {
        Run(() =>
        {
            var file = GetUnresolvedProviderPathFromPSPath(Path);
            var models = Model?.Select(Db.Models.Get).ToList();
            if (!ShouldProcess(file, "Export data")) return;
            IReadOnlyList<DataTransferCount> counts;
            // Read in one transaction, so the rows and links written are one moment's.
            using (var stream = File.Create(file))
                counts = Db.InTransaction(() => DataTransfer.Export(Db, stream, models));
            foreach (var c in counts) WriteObject(RelData.Record(c));
        }, Path);
        base.EndProcessing();
    }
}

/// <summary>
/// Import-RelData: loads a file written by Export-RelData (Django's loaddata) in one transaction: every
/// row with its id (a row whose id exists is overwritten), then the ManyToMany links; foreign keys are
/// checked at the end, so a file that leaves a dangling key changes nothing.
/// </summary>
/// <remarks>
/// The file is JSON with typed values (DateTime, Decimal, Boolean, null round-trip exactly), so it moves data
/// between SQLite files; the target database needs the same models. One object per model says how many rows
/// and links came in. -WhatIf reads the file and says what would be loaded.
/// </remarks>
[Cmdlet(VerbsData.Import, "RelData", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType("RelationsPS.DataTransfer")]
public sealed class ImportRelDataCommand : RelCmdlet
{
    /// <summary>The JSON file written by Export-RelData.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void EndProcessing()
    {
        Run(() =>
        {
            var file = GetUnresolvedProviderPathFromPSPath(Path);
            if (!File.Exists(file)) throw new Core.Errors.NotFoundException($"The file '{file}' does not exist.", file);
            if (!ShouldProcess(file, "Import data")) return;
            IReadOnlyList<DataTransferCount> counts;
            using (var stream = File.OpenRead(file)) counts = DataTransfer.Import(Db, stream);
            foreach (var c in counts) WriteObject(RelData.Record(c));
        }, Path);
        base.EndProcessing();
    }
}

internal static class RelData
{
    public static PSObject Record(DataTransferCount c)
    {
        var o = new PSObject();
        o.TypeNames.Insert(0, "RelationsPS.DataTransfer");
        o.Properties.Add(new PSNoteProperty("Model", c.Model));
        o.Properties.Add(new PSNoteProperty("Rows", c.Rows));
        o.Properties.Add(new PSNoteProperty("Links", c.Links));
        return o;
    }
}
