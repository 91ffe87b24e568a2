using System.Management.Automation.Language;

namespace RelationsPS.Filters;

/// <summary>A part of a filter scriptblock that has no SQL translation; the message quotes it and suggests Where-Object.</summary>
public sealed class FilterTranslationException : Exception
{
    public FilterTranslationException(Ast offending, string reason)
        : base(Format(offending, reason))
    {
        Fragment = offending.Extent.Text;
        Reason = reason;
    }

    /// <summary>The offending text of the scriptblock.</summary>
    public string Fragment { get; }

    public string Reason { get; }

    private static string Format(Ast ast, string reason) =>
        $"Cannot translate '{ast.Extent.Text}' (line {ast.Extent.StartLineNumber}, column {ast.Extent.StartColumnNumber}) to SQL: {reason}. "
        + "Filters run in the database and are never applied row by row; to filter in memory instead, pipe the objects to Where-Object { ... }.";
}
