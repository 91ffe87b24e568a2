using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>
/// The scriptblock translator, end to end: each operator and its c-form, precedence, $null, caller
/// variables, F and arithmetic, to-many paths, literal % _ \ and patterns built from fields.
/// </summary>
public class ScriptBlockFilterTests : IDisposable
{
    internal const string Schema = """
        Connect-RelDatabase -InMemory -Schema @{
            Article = @{ Title     = @{ Type = 'Char'; MaxLength = 100 }
                         Views     = @{ Type = 'Integer'; Default = 0 }
                         Likes     = @{ Type = 'Integer'; Default = 0 }
                         Note      = @{ Type = 'Char'; MaxLength = 50; Null = $true }
                         Published = @{ Type = 'Boolean'; Default = $false }
                         Labels    = @{ Type = 'ManyToMany'; To = 'Label'; RelatedName = 'Articles'; Blank = $true } }
            Label   = @{ Name = @{ Type = 'Char'; MaxLength = 50 } }
            Person  = @{ First = @{ Type = 'Char'; MaxLength = 50 }
                         Last  = @{ Type = 'Char'; MaxLength = 50 } }
        }
        $py  = New-RelObject Label @{ Name = 'py' }
        $web = New-RelObject Label @{ Name = 'web' }
        $db  = New-RelObject Label @{ Name = 'db' }
        $null = New-RelObject Article @{ Title = 'Alpha'; Views = 100; Likes = 5; Note = $null; Published = $true; Labels = @($py, $web) }
        $null = New-RelObject Article @{ Title = 'beta'; Views = 20; Likes = 30; Note = '50% off'; Published = $false; Labels = @($web) }
        $null = New-RelObject Article @{ Title = 'Gamma_ray'; Views = 300; Likes = 300; Note = 'a\b'; Published = $true }
        $null = New-RelObject Article @{ Title = 'delta'; Views = 0; Likes = 1; Note = 'plain'; Published = $false; Labels = @($db) }
        $null = New-RelObject Person @{ First = 'Ann'; Last = 'Annabel' }
        $null = New-RelObject Person @{ First = 'bob'; Last = 'Bobby' }
        $null = New-RelObject Person @{ First = 'a%'; Last = 'abc' }
        $null = New-RelObject Person @{ First = 'a_'; Last = 'ab' }
        $null = New-RelObject Person @{ First = 'c\'; Last = 'c\d' }
        """;

    private readonly PowerShellSession ps;

    public ScriptBlockFilterTests() : this(Db.SQLite)
    {
    }

    protected ScriptBlockFilterTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Schema);
    }

    public void Dispose() => ps.Dispose();

    private string Titles(string filter) => ps.Joined($"Get-RelObject -Model Article -Filter {{ {filter} }} | ForEach-Object Title");

    private string Lasts(string filter) => ps.Joined($"Get-RelObject -Model Person -Filter {{ {filter} }} | ForEach-Object Last");

    [DbTheory]
    [InlineData("$_.Views -eq 100", "Alpha")]
    [InlineData("$_.Title -eq 'alpha'", "Alpha")]
    [InlineData("$_.Title -ieq 'ALPHA'", "Alpha")]
    [InlineData("$_.Title -ceq 'alpha'", "")]
    [InlineData("$_.Title -ceq 'Alpha'", "Alpha")]
    [InlineData("$_.Views -ne 100", "beta,Gamma_ray,delta")]
    [InlineData("$_.Title -ne 'ALPHA'", "beta,Gamma_ray,delta")]
    [InlineData("$_.Title -cne 'ALPHA'", "Alpha,beta,Gamma_ray,delta")]
    [InlineData("$_.Views -gt 20", "Alpha,Gamma_ray")]
    [InlineData("$_.Views -ge 20", "Alpha,beta,Gamma_ray")]
    [InlineData("$_.Views -lt 20", "delta")]
    [InlineData("$_.Views -le 20", "beta,delta")]
    [InlineData("$_.Views -cgt 20", "Alpha,Gamma_ray")]
    [InlineData("20 -lt $_.Views", "Alpha,Gamma_ray")]
    // Ordering comparisons on text ignore case as PowerShell's do; their c-forms do not.
    [InlineData("$_.Title -gt 'c'", "Gamma_ray,delta")]
    [InlineData("$_.Title -lt 'C'", "Alpha,beta")]
    [InlineData("'C' -gt $_.Title", "Alpha,beta")]
    [InlineData("$_.Title -cgt 'c'", "delta")]
    [InlineData("$_.Title -clt 'C'", "Alpha")]
    [InlineData("$_.Title -ge 'DELTA'", "Gamma_ray,delta")]
    [InlineData("$_.Title -le $_.Note", "delta")]
    [InlineData("20 -ge $_.Views", "beta,delta")]
    [InlineData("$_.Title -like 'a*'", "Alpha")]
    [InlineData("$_.Title -ilike 'A*'", "Alpha")]
    [InlineData("$_.Title -clike 'a*'", "")]
    [InlineData("$_.Title -clike 'A*'", "Alpha")]
    [InlineData("$_.Title -like '?eta'", "beta")]
    [InlineData("$_.Title -like '[ab]*'", "Alpha,beta")]
    [InlineData("$_.Title -clike '[ab]*'", "beta")]
    [InlineData("$_.Title -notlike '*a'", "Gamma_ray")]
    [InlineData("$_.Title -cnotlike 'A*'", "beta,Gamma_ray,delta")]
    [InlineData("$_.Title -match '^g'", "Gamma_ray")]
    [InlineData("$_.Title -imatch 'RAY$'", "Gamma_ray")]
    [InlineData("$_.Title -cmatch '^g'", "")]
    [InlineData("$_.Title -match 'ta'", "beta,delta")]
    [InlineData("$_.Title -notmatch 'a$'", "Gamma_ray")]
    [InlineData("$_.Title -cnotmatch '^[a-z]'", "Alpha,Gamma_ray")]
    [InlineData("$_.Views -in 100, 300", "Alpha,Gamma_ray")]
    [InlineData("$_.Views -notin 100, 300", "beta,delta")]
    [InlineData("$_.Views -in @()", "")]
    [InlineData("$_.Title -in 'ALPHA', 'beta'", "Alpha,beta")]
    [InlineData("$_.Title -cin 'ALPHA', 'beta'", "beta")]
    [InlineData("$_.Title -cnotin 'ALPHA', 'beta'", "Alpha,Gamma_ray,delta")]
    [InlineData("100, 300 -contains $_.Views", "Alpha,Gamma_ray")]
    [InlineData("100, 300 -notcontains $_.Views", "beta,delta")]
    [InlineData("'ALPHA', 'beta' -contains $_.Title", "Alpha,beta")]
    [InlineData("'ALPHA', 'beta' -ccontains $_.Title", "beta")]
    [InlineData("$_.Published", "Alpha,Gamma_ray")]
    [InlineData("$_.Published -eq $true", "Alpha,Gamma_ray")]
    [InlineData("$_.Published -eq $false", "beta,delta")]
    public void Each_operator_and_its_case_form_filters_in_SQL(string filter, string expected) =>
        Assert.Equal(expected, Titles(filter));

    [DbTheory]
    // -and and -or have equal precedence in PowerShell and associate left: (A -or B) -and C.
    [InlineData("$_.Views -lt 50 -or $_.Likes -gt 20 -and $_.Published", "Gamma_ray")]
    [InlineData("$_.Views -lt 50 -or ($_.Likes -gt 20 -and $_.Published)", "beta,Gamma_ray,delta")]
    [InlineData("($_.Views -lt 50 -or $_.Likes -gt 20) -and -not $_.Published", "beta,delta")]
    [InlineData("-not ($_.Views -gt 50)", "beta,delta")]
    [InlineData("!$_.Published", "beta,delta")]
    [InlineData("-not $_.Published -and $_.Views -gt 10", "beta")]
    [InlineData("-not (-not ($_.Views -eq 20))", "beta")]
    [InlineData("$_.Views -gt 10 -and $_.Views -lt 200 -and $_.Likes -lt 10", "Alpha")]
    public void Precedence_and_negation(string filter, string expected) => Assert.Equal(expected, Titles(filter));

    [DbTheory]
    [InlineData("$_.Note -eq $null", "Alpha")]
    [InlineData("$null -eq $_.Note", "Alpha")]
    [InlineData("$_.Note -ne $null", "beta,Gamma_ray,delta")]
    [InlineData("$null -ne $_.Note", "beta,Gamma_ray,delta")]
    [InlineData("-not ($_.Note -eq $null)", "beta,Gamma_ray,delta")]
    // $null -ne 'plain' is true in PowerShell: a NULL note is "not plain".
    [InlineData("$_.Note -ne 'plain'", "Alpha,beta,Gamma_ray")]
    [InlineData("$_.Note -notlike 'p*'", "Alpha,beta,Gamma_ray")]
    public void Null_on_either_side(string filter, string expected) => Assert.Equal(expected, Titles(filter));

    [DbFact]
    public void Variables_and_subexpressions_come_from_the_callers_scope()
    {
        Assert.Equal("Alpha", ps.Joined("$v = 100; Get-RelObject -Model Article -Filter { $_.Views -eq $v } | ForEach-Object Title"));
        Assert.Equal("Alpha,Gamma_ray", ps.Joined("Get-RelObject -Model Article -Filter { $_.Views -gt $(10 * 5) } | ForEach-Object Title"));
        Assert.Equal("beta,delta", ps.Joined("$list = @(20, 0); Get-RelObject -Model Article -Filter { $_.Views -in $list } | ForEach-Object Title"));
        Assert.Equal("Alpha", ps.Joined("$o = [pscustomobject]@{ Views = 100 }; Get-RelObject -Model Article -Filter { $_.Views -eq $o.Views } | ForEach-Object Title"));
        Assert.Equal("Gamma_ray", ps.Joined("$h = @{ Min = 200 }; Get-RelObject -Model Article -Filter { $_.Views -gt $h.Min } | ForEach-Object Title"));
        Assert.Equal("Alpha", ps.Joined("Get-RelObject -Model Article -Filter { $_.Title -eq ('al' + 'pha') } | ForEach-Object Title"));
    }

    [DbFact]
    public void A_variable_defined_inside_a_calling_function_is_seen()
    {
        Assert.Equal("Gamma_ray", ps.Joined("""
            function Find-Popular { param([int] $Min) $limit = $Min * 2; Get-RelObject -Model Article -Filter { $_.Views -gt $limit } }
            Find-Popular -Min 100 | ForEach-Object Title
            """));
    }

    [DbFact]
    public void A_variable_inside_a_function_that_calls_Get_Post_is_seen()
    {
        using var blog = new PowerShellSession(ps.Database);
        blog.Ok(Seed.Blog);
        Assert.Equal("Django intro|SQL basics", blog.Joined("""
            function Get-Popular { param($Threshold) $min = $Threshold; $tag = 'python'; Get-Post -Filter { $_.Views -gt $min -and $_.Tags.Name -eq $tag } | ForEach-Object Title }
            function Get-Tagged { $names = @('sql', 'nosuch'); Get-Post -Filter { $_.Tags.Name -in $names } | ForEach-Object Title }
            "$(Get-Popular 100)|$(Get-Tagged)"
            """));
        Assert.Equal("Django intro", blog.Joined("& { $local = 150; Get-Post -Filter { $_.Views -eq $local } } | ForEach-Object Title"));
    }

    [DbFact]
    public void A_variable_named_like_a_module_internal_is_the_callers()
    {
        // Names a module might use internally must not shadow the caller's.
        Assert.Equal("Alpha", ps.Joined("$query = 100; $filter = 100; $model = 100; Get-RelObject -Model Article -Filter { $_.Views -eq $query -and $_.Views -eq $filter -and $_.Views -eq $model } | ForEach-Object Title"));
    }

    [DbFact]
    public void Values_are_evaluated_once_per_call_not_per_row()
    {
        Assert.Equal("Alpha|1", ps.Joined("""
            $script:calls = 0
            function Next-Value { $script:calls++; 100 }
            $t = Get-RelObject -Model Article -Filter { $_.Views -eq (Next-Value) } | ForEach-Object Title
            "$t|$script:calls"
            """));
    }

    [DbTheory]
    [InlineData("$_.Likes -gt $_.Views", "beta,delta")]
    [InlineData("$_.Likes -eq $_.Views", "Gamma_ray")]
    [InlineData("$_.Views -lt $_.Likes", "beta,delta")]
    [InlineData("$_.Views -gt $_.Likes * 10", "Alpha")]
    [InlineData("$_.Views + $_.Likes -ge 105", "Alpha,Gamma_ray")]
    [InlineData("$_.Views - $_.Likes -eq 95", "Alpha")]
    [InlineData("($_.Views + 1) * 2 -eq 202", "Alpha")]
    // SQL arithmetic: integer division truncates (100 / 7 = 14).
    [InlineData("$_.Views / 7 -eq 14", "Alpha")]
    [InlineData("$_.Views % 100 -eq 0", "Alpha,Gamma_ray,delta")]
    [InlineData("-$_.Views -lt -200", "Gamma_ray")]
    [InlineData("$_.Views -eq $_.Likes * 2 - 40", "beta")]
    public void Field_to_field_comparisons_and_arithmetic_are_F_expressions(string filter, string expected) =>
        Assert.Equal(expected, Titles(filter));

    [DbTheory]
    [InlineData("$_.Labels.Name -eq 'web'", "Alpha,beta")]
    [InlineData("$_.Labels.Name -eq 'WEB'", "Alpha,beta")]
    [InlineData("$_.Labels.Name -ceq 'WEB'", "")]
    [InlineData("$_.Labels.Name -like 'd*'", "delta")]
    [InlineData("$_.Labels.Name -contains 'py'", "Alpha")]
    [InlineData("'py' -in $_.Labels.Name", "Alpha")]
    [InlineData("'PY' -cin $_.Labels.Name", "")]
    [InlineData("$_.Labels.Name -in 'py', 'db'", "Alpha,delta")]
    // Each condition stands on its own: one label named py and one (other) named web.
    [InlineData("$_.Labels.Name -eq 'py' -and $_.Labels.Name -eq 'web'", "Alpha")]
    // -not around a to-many condition: no related row matches.
    [InlineData("-not ($_.Labels.Name -eq 'web')", "Gamma_ray,delta")]
    [InlineData("$_.Labels.Name -notcontains 'web'", "Gamma_ray,delta")]
    [InlineData("'web' -notin $_.Labels.Name", "Gamma_ray,delta")]
    [InlineData("$_.Labels", "Alpha,beta,delta")]
    [InlineData("-not $_.Labels", "Gamma_ray")]
    [InlineData("$_.Labels.Name -eq $null", "Gamma_ray")]
    public void To_many_paths_mean_some_related_row_matches(string filter, string expected) =>
        Assert.Equal(expected, Titles(filter));

    [DbFact]
    public void Reverse_relations_are_paths_too()
    {
        Assert.Equal("py,web", ps.Joined("Get-RelObject -Model Label -Filter { $_.Articles.Title -like 'a*' -or $_.Articles.Views -eq 20 } | ForEach-Object Name"));
        Assert.Equal("db", ps.Joined("Get-RelObject -Model Label -Filter { -not ($_.Articles.Published) } | ForEach-Object Name"));
    }

    [DbTheory]
    [InlineData("$_.Note -like '50%*'", "beta")]
    [InlineData("$_.Note -like '*%*'", "beta")]
    [InlineData("$_.Note -like '5_%*'", "")]
    [InlineData("$_.Title -like '*_*'", "Gamma_ray")]
    [InlineData("$_.Note -like 'a\\b'", "Gamma_ray")]
    [InlineData("$_.Note -like '*\\*'", "Gamma_ray")]
    [InlineData("$_.Note -eq 'a\\b'", "Gamma_ray")]
    [InlineData("$_.Title -like 'Gamma`?ray'", "")]
    [InlineData("$_.Title -like 'Gamma?ray'", "Gamma_ray")]
    public void Percent_underscore_and_backslash_are_literal(string filter, string expected) =>
        Assert.Equal(expected, Titles(filter));

    [DbTheory]
    [InlineData("$_.Last -clike ($_.First + '*')", "Annabel,c\\d")]
    [InlineData("$_.Last -like ($_.First + '*')", "Annabel,Bobby,c\\d")]
    [InlineData("$_.Last -like ('*' + $_.First)", "")]
    // The field's own % _ \ are literal characters in the pattern.
    [InlineData("$_.Last -like ($_.First + '*') -and $_.First -like 'a*'", "Annabel")]
    [InlineData("$_.Last -like ($_.First + 'd')", "c\\d")]
    [InlineData("$_.Last -like ($_.First + '?')", "c\\d")]
    public void Patterns_built_from_fields(string filter, string expected) => Assert.Equal(expected, Lasts(filter));

    [DbFact]
    public void Filters_work_the_same_on_Get_Post_and_hashtable_filters_combine()
    {
        using var blog = new PowerShellSession(ps.Database);
        blog.Ok(Seed.Blog);
        Assert.Equal("Django intro,Python tricks", blog.Joined("Get-Post -Filter { $_.Views -gt 100 -or $_.Title -like 'Python*' } | ForEach-Object Title"));
        Assert.Equal("Django intro", blog.Joined("Get-Post -Filter { $_.Author.UserName -eq 'alice' } | ForEach-Object Title"));
        Assert.Equal("Django intro", blog.Joined("Get-Post -Filter { $_.Author.Profile.Website -like '*alice*' } | ForEach-Object Title"));
        Assert.Equal("Python tricks", blog.Joined("Get-Post -Filter { $_.Author -eq $null } | ForEach-Object Title"));
        Assert.Equal("SQL basics", blog.Joined("Get-Post -Filter { $_.AuthorId -eq 2 } | ForEach-Object Title"));
        Assert.Equal("Django intro", blog.Joined("Get-Post -Filter @{ Title__icontains = 'DJANGO'; Views__gte = 100; Tags__Name = 'python' } | ForEach-Object Title"));
        Assert.Equal("", blog.Joined("Get-Post -Filter @{ Title__contains = 'DJANGO' } | ForEach-Object Title"));
        Assert.Equal("Django intro,Python tricks", blog.Joined("Get-Post -Filter @{ 'Tags.Name' = 'python' } | ForEach-Object Title"));
        Assert.Equal("SQL basics,Python tricks", blog.Joined("Get-Post -Filter { $_.Views -lt 100 } -Exclude @{ Tags__Name = 'django' } | ForEach-Object Title"));
        Assert.Equal("SQL basics", blog.Joined("Get-Post -Exclude { $_.Tags.Name -eq 'python' } | ForEach-Object Title"));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class ScriptBlockFilterTestsOnPostgreSQL() : ScriptBlockFilterTests(Db.PostgreSQL);
