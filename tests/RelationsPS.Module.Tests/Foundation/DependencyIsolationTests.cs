using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Foundation;

/// <summary>
/// Another module's version of a RelationsPS dependency, loaded into the session first, does not
/// break RelationsPS, and RelationsPS does not break it: the module's dependencies live in its own
/// AssemblyLoadContext. Humanizer 2.14.1 plays the other module (RelationsPS uses 3.x).
/// </summary>
public class DependencyIsolationTests
{
    private static readonly string OldHumanizer = Path.Combine(AppContext.BaseDirectory, "Humanizer.dll");

    [Fact]
    public void An_older_Humanizer_loaded_first_and_RelationsPS_both_keep_working()
    {
        var script = $$"""
            $old = [Reflection.Assembly]::LoadFrom('{{OldHumanizer}}')
            'before=' + [Humanizer.InflectorExtensions]::Pluralize('person')
            Import-Module ./RelationsPS.psd1
            Connect-RelDatabase -InMemory -Schema @{ Box = @{ Label = @{ Type = 'Char'; MaxLength = 20 } }; Item = @{ Box = @{ Type = 'ForeignKey'; To = 'Box'; OnDelete = 'Cascade' } } }
            'related=' + ((Get-RelDatabase).Models.Get('Box').Relations.Keys -join ',')
            $box = New-RelObject Box @{ Label = 'b' }
            New-RelObject Item @{ Box = $box } | Out-Null
            'items=' + $box.Items.Count
            'after=' + [Humanizer.InflectorExtensions]::Pluralize('person')
            foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Humanizer' }) {
                'humanizer ' + $a.GetName().Version.Major + ' ' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name
            }
            """;
        var r = Pwsh.Command(script);
        Assert.True(r.ExitCode == 0, r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        Assert.Contains("before=people", lines);
        Assert.Contains("related=Items", lines);
        Assert.Contains("items=1", lines);
        Assert.Contains("after=people", lines);
        Assert.Contains(lines, l => l.StartsWith("humanizer 2 ", StringComparison.Ordinal) && !l.EndsWith("RelationsPS", StringComparison.Ordinal));
        Assert.Contains("humanizer 3 RelationsPS", lines);
        Assert.Equal("", r.Err.Trim());
    }
}
