using System.Collections;
using System.Management.Automation.Language;
using RelationsPS.Core.Errors;

namespace RelationsPS.Commands.Connection;

/// <summary>
/// Reads a .psd1 data file without running it (Import-PowerShellDataFile is not in every host):
/// parsed, then evaluated with SafeGetValue, which accepts only constants, hashtables and arrays.
/// </summary>
internal static class DataFile
{
    public static Hashtable Read(string path)
    {
        if (!File.Exists(path)) throw new SchemaException("SchemaFileNotFound", $"The schema file '{path}' does not exist.", path);
        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0)
            throw new SchemaException("InvalidSchemaFile", $"The schema file '{path}' is not valid PowerShell: {errors[0].Message} (line {errors[0].Extent.StartLineNumber}).", path);
        var table = ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst
            ?? throw new SchemaException("InvalidSchemaFile", $"The schema file '{path}' holds no hashtable.", path);
        try
        {
            return table.SafeGetValue() is IDictionary d ? SchemaInput.PlainDictionary(d) : throw new InvalidOperationException();
        }
        catch (InvalidOperationException e)
        {
            throw new SchemaException("InvalidSchemaFile", $"The schema file '{path}' may hold only constants, hashtables and arrays: {e.Message}", path);
        }
    }
}
