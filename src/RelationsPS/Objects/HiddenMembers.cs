using System.Management.Automation;
using System.Reflection;

namespace RelationsPS.Objects;

/// <summary>
/// Marks a member hidden, as PowerShell marks the members of a class declared <c>hidden</c>: reachable
/// by name (<c>$post.Tags</c>), left out wherever members are listed (Get-Member without -Force,
/// Format-List *, Select-Object *, ConvertTo-Json, Export-Csv, tab completion), and not serialised
/// (Export-Clixml, remoting, ForEach-Object -Parallel's $using: copies), which lists hidden members too.
/// </summary>
/// <remarks>
/// PowerShell has no public setter for these flags (the <c>hidden</c> keyword and type data set them), so
/// they are set through reflection. Should a PowerShell version drop the property, members stay visible and
/// serialising a row would read its relations again; the module tests fail on that
/// (Rows_serialise_as_data), so it cannot go unnoticed.
/// </remarks>
internal static class HiddenMembers
{
    private static readonly PropertyInfo? IsHidden =
        typeof(PSMemberInfo).GetProperty("IsHidden", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    private static readonly PropertyInfo? ShouldSerialize =
        typeof(PSMemberInfo).GetProperty("ShouldSerialize", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    public static void Hide(PSMemberInfo member)
    {
        IsHidden?.SetValue(member, true);
        ShouldSerialize?.SetValue(member, false);
    }
}
