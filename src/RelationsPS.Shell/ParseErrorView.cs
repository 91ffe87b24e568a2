using System.Management.Automation.Language;
using System.Text;

namespace RelationsPS.Shell;

/// <summary>
/// Parse errors in script text (not a file) reach the host without an InvocationInfo, and the
/// engine's ConciseView then prints nothing useful; this renders them as pwsh shows them.
/// </summary>
internal static class ParseErrorView
{
    public static string Render(IReadOnlyList<ParseError> errors)
    {
        var text = new StringBuilder("ParserError: ").AppendLine(errors[0].Extent.File ?? "");
        foreach (var error in errors)
        {
            var extent = error.Extent;
            var number = extent.StartLineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var gutter = new string(' ', Math.Max(4, number.Length));
            var line = extent.StartScriptPosition.Line.TrimEnd('\r', '\n');
            var start = Math.Max(0, extent.StartColumnNumber - 1);
            var width = extent.StartLineNumber == extent.EndLineNumber ? Math.Max(1, extent.EndColumnNumber - extent.StartColumnNumber) : Math.Max(1, line.Length - start);
            text.Append("Line |").AppendLine()
                .Append(number.PadLeft(gutter.Length)).Append(" |  ").AppendLine(line)
                .Append(gutter).Append(" |  ").Append(new string(' ', start)).AppendLine(new string('~', width))
                .Append(gutter).Append(" | ").AppendLine(error.Message);
        }
        return text.ToString().TrimEnd();
    }
}
