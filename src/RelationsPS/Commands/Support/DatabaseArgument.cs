using System.Management.Automation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;

namespace RelationsPS.Commands.Support;

/// <summary>
/// Lets <c>-Database</c> take the path of a database file, or a <c>postgresql://</c> URI, as well as a connection
/// object: <c>Get-Post -Database ./blog.db</c>. The path is resolved against the PowerShell location; the session's
/// connection to that file is used when it has one (the current one, or one made with
/// <c>Connect-RelDatabase -Path</c>), else the file is opened as <c>Connect-RelDatabase -Path</c> opens it, with the
/// blog schema, and kept open for later calls (see <see cref="SessionDatabases.ForPath"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DatabaseArgumentAttribute : ArgumentTransformationAttribute
{
    /// <summary>Only find a connection the session has open (Disconnect-RelDatabase must not open a file to close it).</summary>
    public bool ExistingOnly { get; set; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if ((inputData is PSObject p ? p.BaseObject : inputData) is not string path) return inputData;
        if (SessionDatabases.IsMemory(path))
            throw new ArgumentTransformationMetadataException(
                "-Database ':memory:' names no particular database (each in-memory database is new); pass the connection: $db = Connect-RelDatabase -InMemory -PassThru; ... -Database $db.");
        if (ConnectionTarget.IsUri(path))
        {
            try
            {
                var target = ConnectionTarget.FromUri(path, null);
                return (ExistingOnly ? SessionDatabases.FindOpen(target) : SessionDatabases.ForUri(target))
                    ?? throw new ArgumentTransformationMetadataException($"This session has no open connection to '{target.Display}'.");
            }
            catch (RelationsException e)
            {
                throw new ArgumentTransformationMetadataException(e.Message, e);
            }
        }
        var full = engineIntrinsics.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        if (ExistingOnly)
            return SessionDatabases.FindOpen(full)
                ?? throw new ArgumentTransformationMetadataException($"This session has no open connection to '{full}'.");
        try
        {
            return SessionDatabases.ForPath(full);
        }
        catch (RelationsException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
    }
}
