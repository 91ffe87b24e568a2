using System.Linq.Expressions;
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
/// they are set through their internal setters, compiled once into delegates (every row's relations are
/// hidden as it is read, so a reflective call per member would cost the stream). Should a PowerShell
/// version drop the properties, members stay visible and serialising a row would read its relations
/// again; the module tests fail on that (the EverydayIdioms specs), so it cannot go unnoticed.
/// </remarks>
internal static class HiddenMembers
{
    private static readonly Action<PSMemberInfo, bool>? SetHidden = Setter("IsHidden");

    private static readonly Action<PSMemberInfo, bool>? SetShouldSerialize = Setter("ShouldSerialize");

    public static void Hide(PSMemberInfo member)
    {
        SetHidden?.Invoke(member, true);
        SetShouldSerialize?.Invoke(member, false);
    }

    private static Action<PSMemberInfo, bool>? Setter(string property)
    {
        var setter = typeof(PSMemberInfo).GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetSetMethod(nonPublic: true);
        if (setter is null) return null;
        var member = Expression.Parameter(typeof(PSMemberInfo), "member");
        var value = Expression.Parameter(typeof(bool), "value");
        return Expression.Lambda<Action<PSMemberInfo, bool>>(Expression.Call(member, setter, value), member, value).Compile();
    }
}
