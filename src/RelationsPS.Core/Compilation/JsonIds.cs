using System.Globalization;
using System.Text;

namespace RelationsPS.Core.Compilation;

/// <summary>
/// Ids as one JSON array parameter for <c>json_each</c> (a list of thousands binds as one value).
/// Written by hand: a serializer call cost more than the link statement it fed, once per created row.
/// </summary>
internal static class JsonIds
{
    public static string Of(IReadOnlyList<long> ids)
    {
        var sb = new StringBuilder(2 + ids.Count * 8);
        Span<char> digits = stackalloc char[20];
        sb.Append('[');
        for (var i = 0; i < ids.Count; i++)
        {
            if (i > 0) sb.Append(',');
            ids[i].TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
            sb.Append(digits[..n]);
        }
        return sb.Append(']').ToString();
    }
}
