using System.Management.Automation;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>Seed data and small assertion helpers shared by the cmdlet tests.</summary>
internal static class Seed
{
    /// <summary>
    /// The blog: users alice (1) and bob (2); tags python (1), django (2), sql (3);
    /// posts 1 'Django intro' (python, django; 150 views; alice), 2 'SQL basics' (sql; 50; bob),
    /// 3 'Python tricks' (python; 10; no author); alice has a profile.
    /// </summary>
    public const string Blog = """
        $null = New-User alice
        $null = New-User bob
        $null = New-Tag python
        $null = New-Tag django
        $null = New-Tag sql
        $null = New-Post -Title 'Django intro' -Body 'first' -Tag python, django -Views 150 -Author alice
        $null = New-Post -Title 'SQL basics' -Body 'second' -Tag sql -Views 50 -Author bob
        $null = New-Post -Title 'Python tricks' -Body 'third' -Tag python -Views 10
        $null = New-Profile alice -Bio 'Likes Django' -Website 'https://alice.example'
        """;

    /// <summary>A PowerShell function printing the whole blog database as one string, to compare before and after.</summary>
    public const string SnapshotFunction = """
        function global:Snap {
            $p = @(Get-Post | ForEach-Object { "P$($_.Id):$($_.Title):$($_.Views):$($_.Body):$($_.AuthorId):" + (@($_.Tags | ForEach-Object Name) -join '+') })
            $t = @(Get-Tag | ForEach-Object { "T$($_.Id):$($_.Name):$($_.Slug)" })
            $u = @(Get-User | ForEach-Object { "U$($_.Id):$($_.UserName)" })
            $f = @(Get-Profile | ForEach-Object { "F$($_.Id):$($_.UserId):$($_.Bio):$($_.Website)" })
            ($p + $t + $u + $f) -join '|'
        }
        function global:Writes { @(Get-RelQueryLog | Where-Object { $_.Sql -notmatch '^\s*SELECT' }).Count }
        """;
}

internal static class SessionExtensions
{
    /// <summary>Output values as strings.</summary>
    public static List<string> Strings(this PowerShellSession ps, string script) =>
        ps.Ok(script).Select(o => o?.BaseObject?.ToString() ?? "").ToList();

    /// <summary>Output values joined with ',' (for compact exact assertions).</summary>
    public static string Joined(this PowerShellSession ps, string script) => string.Join(",", ps.Strings(script));

    /// <summary>The one error a script produced, written or thrown.</summary>
    public static ErrorRecord SingleError(this RunResult r)
    {
        var all = r.Errors.ToList();
        if (r.Terminating is IContainsErrorRecord t && !all.Any(e => ReferenceEquals(e, t.ErrorRecord))) all.Add(t.ErrorRecord);
        if (all.Count != 1)
            throw new Xunit.Sdk.XunitException($"Expected exactly one error, got {all.Count}: " + string.Join(" | ", all.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        return all[0];
    }

    public static string Id(this ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

    /// <summary>The exception the user sees is not a raw SQLite exception (it may wrap one).</summary>
    public static void AssertNoSqliteException(this ErrorRecord e)
    {
        Assert.DoesNotContain("Sqlite", e.Exception.GetType().FullName!, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("RelationsPS.", e.Exception.GetType().FullName!, StringComparison.Ordinal);
    }
}
