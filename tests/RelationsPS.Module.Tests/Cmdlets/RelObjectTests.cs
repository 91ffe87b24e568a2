using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>The cmdlets for any model, on a schema of one's own; connection and model cmdlets.</summary>
public class RelObjectTests : IDisposable
{
    internal const string Schema = """
        Connect-RelDatabase -InMemory -Schema @{
            Person     = @{ Name = @{ Type = 'Char'; MaxLength = 128 }
                            Age  = @{ Type = 'Integer'; Null = $true } }
            Group      = @{ Name    = @{ Type = 'Char'; MaxLength = 128 }
                            Members = @{ Type = 'ManyToMany'; To = 'Person'; Through = 'Membership'; RelatedName = 'Groups' }
                            Meta    = @{ Ordering = 'Name' } }
            Membership = @{ Person       = @{ Type = 'ForeignKey'; To = 'Person'; OnDelete = 'Cascade' }
                            Group        = @{ Type = 'ForeignKey'; To = 'Group'; OnDelete = 'Cascade' }
                            DateJoined   = @{ Type = 'Date'; Null = $true }
                            InviteReason = @{ Type = 'Char'; MaxLength = 64; Blank = $true } }
        }
        $ringo = New-RelObject Person @{ Name = 'Ringo'; Age = 30 }
        $paul  = New-RelObject Person @{ Name = 'Paul'; Age = 28 }
        $john  = New-RelObject -Model Person -Property @{ Name = 'John' }
        $beatles = New-RelObject Group @{ Name = 'The Beatles' }
        $wings   = New-RelObject Group @{ Name = 'Wings' }
        $null = New-RelObject Membership @{ Person = $ringo; Group = $beatles; InviteReason = 'drums' }
        $null = New-RelObject Membership @{ Person = 2; Group = $beatles; InviteReason = 'bass' }
        $null = New-RelObject Membership @{ PersonId = 2; GroupId = 2; InviteReason = 'lead' }
        """;

    private readonly PowerShellSession ps;

    public RelObjectTests() : this(Db.SQLite)
    {
    }

    protected RelObjectTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Schema);
    }

    public void Dispose() => ps.Dispose();

    [DbFact]
    public void New_RelObject_takes_piped_objects_whose_properties_are_named_like_fields()
    {
        // As Import-Csv gives them: every value text, empty cells for $null.
        var r = ps.Run("""
            [pscustomobject]@{ Name = 'George'; Age = '27' }, [pscustomobject]@{ Name = 'Pete'; Age = '' } | New-RelObject Person
            [pscustomobject]@{ Person = 'George'; Group = 'Wings'; DateJoined = '1971-08-01'; InviteReason = '' } | New-RelObject Membership
            New-RelObject Person ([pscustomobject]@{ Name = 'Stuart' })
            """).ShouldSucceed();
        Assert.Equal(["George", "Pete", null, "Stuart"], r.Values("Name"));
        Assert.Equal([27L, null, null, null], r.Values("Age"));
        Assert.Equal("1971-08-01", ps.Value("(Get-RelObject Membership -Filter @{ Person__Name = 'George' }).DateJoined.ToString('yyyy-MM-dd')"));
        Assert.Equal("George", ps.Value("((Get-RelObject Group -Filter @{ Name = 'Wings' }).Members | Where-Object Name -eq George).Name"));
    }

    [DbFact]
    public void A_piped_property_that_is_not_a_field_is_InvalidArgument_listing_the_fields()
    {
        var r = ps.Run("[pscustomobject]@{ Name = 'x'; Agee = 3 }, [pscustomobject]@{ Name = 'y' } | New-RelObject Person");
        Assert.Equal(["y"], r.Values("Name"));
        var e = r.SingleError();
        Assert.Equal("UnknownField", e.Id());
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("'Agee' is not a field of 'Person'. Choices are:", e.Exception.Message, StringComparison.Ordinal);
    }

    [DbFact]
    public void New_RelObject_returns_the_row_with_its_id_and_type_name()
    {
        var o = ps.Ok("New-RelObject Person @{ Name = 'George'; Age = 27 }").Single();
        Assert.Equal("RelationsPS.Person", o.TypeNames[0]);
        Assert.Equal(4L, o.Properties["Id"].Value);
        Assert.Equal("George", o.Properties["Name"].Value);
        Assert.Equal(27L, o.Properties["Age"].Value);
        Assert.Equal(["DateJoined", "GroupId", "Id", "InviteReason", "PersonId"],
            ps.Strings("(Get-RelObject Membership -First 1).PSObject.Properties.Name").Order());
        // Relations not loaded are hidden members: not listed, reachable by name.
        Assert.Equal(["Group", "Person"], ps.Strings("$m = Get-RelObject Membership -First 1; 'Group', 'Person' | ForEach-Object { $m.PSObject.Properties[$_].Name }"));
        Assert.Equal("Ringo", ps.Value("(Get-RelObject Membership -First 1).Person.Name"));
    }

    [DbTheory]
    [InlineData("Get-RelObject Person", "Ringo,Paul,John")]
    [InlineData("Get-RelObject -Model Person -Filter { $_.Age -gt 28 }", "Ringo")]
    [InlineData("Get-RelObject Person -Filter @{ Age__isnull = $true }", "John")]
    [InlineData("Get-RelObject Person -Exclude @{ Age__isnull = $true }", "Ringo,Paul")]
    [InlineData("Get-RelObject Person -Exclude { $_.Groups.Name -eq 'Wings' }", "Ringo,John")]
    [InlineData("Get-RelObject Person -OrderBy Name", "John,Paul,Ringo")]
    [InlineData("Get-RelObject Person -OrderBy '-Age'", "Ringo,Paul,John")]
    [InlineData("Get-RelObject Person -First 1 -Skip 1", "Paul")]
    [InlineData("Get-RelObject Person -Filter @{ Groups__Name__icontains = 'e' } -Distinct", "Ringo,Paul")]
    [InlineData("Get-RelObject Person -Annotate @{ N = 'Count(Groups)' } -Filter @{ N__gte = 1 } -OrderBy '-N', Name", "Paul,Ringo")]
    [InlineData("Get-RelObject Person -Filter { $_.Groups.Name -eq 'Wings' -and $_.Groups.Name -eq 'The Beatles' }", "Paul")]
    [InlineData("Get-RelObject Person -Filter @{ 'Memberships.InviteReason' = 'bass' }", "Paul")]
    public void Get_RelObject_parameters(string script, string names) => Assert.Equal(names, ps.Joined(script + " | ForEach-Object Name"));

    [DbFact]
    public void Meta_Ordering_applies_and_Include_prefetches()
    {
        Assert.Equal("The Beatles,Wings", ps.Joined("Get-RelObject Group | ForEach-Object Name"));
        ps.Ok("Clear-RelQueryLog");
        Assert.Equal("Ringo+Paul|Paul", string.Join("|", ps.Strings("Get-RelObject Group -Include Members | ForEach-Object { @($_.Members | ForEach-Object Name) -join '+' }")));
        Assert.Equal(2, ps.Value("@(Get-RelQueryLog).Count"));
    }

    [DbFact]
    public void Annotations_are_properties()
    {
        Assert.Equal("2,1", ps.Joined("Get-RelObject Group -Annotate @{ N = 'Count(Members)' } | ForEach-Object N"));
        Assert.Equal("29", ps.Joined("Get-RelObject Group -Annotate @{ A = 'Avg(Members.Age)' } -First 1 | ForEach-Object A"));
    }

    [DbFact]
    public void Get_RelObject_extends_a_piped_query()
    {
        Assert.Equal("Paul", ps.Joined("Get-RelObject Person -Filter { $_.Age -ne $null } -AsQuery | Get-RelObject -Filter { $_.Age -lt 30 } | ForEach-Object Name"));
        Assert.Equal("John", ps.Joined("$q = Get-RelObject Person -AsQuery; Get-RelObject -InputObject $q -Filter @{ Name = 'John' } | ForEach-Object Name"));
    }

    [DbFact]
    public void Set_RelObject_saves_objects_and_updates_queries_in_one_statement()
    {
        ps.Ok("$p = Get-RelObject Person -Filter @{ Name = 'John' }; $p.Age = 40; $p | Set-RelObject");
        Assert.Equal(40L, ps.Value("(Get-RelObject Person -Filter @{ Name = 'John' }).Age"));
        ps.Ok("Get-RelObject Person -Filter @{ Name = 'Paul' } | Set-RelObject -Property @{ Name = 'Paul M.' }");
        Assert.Equal("Ringo,Paul M.,John", ps.Joined("Get-RelObject Person | ForEach-Object Name"));
        ps.Ok("Clear-RelQueryLog; Get-RelObject Person -AsQuery | Set-RelObject -Property @{ Age = { $_.Age + 1 } } -Confirm:$false");
        Assert.Equal("31,29,41", ps.Joined("Get-RelObject Person | ForEach-Object Age"));
        Assert.Equal(1, Convert.ToInt32(ps.Value("@(Get-RelQueryLog | Where-Object Sql -like 'UPDATE*').Count")));
        Assert.Equal("32", ps.Joined("Get-RelObject Person -First 1 | Set-RelObject -Property @{ Age = { $_.Age + 1 } } -PassThru | ForEach-Object Age"));
        Assert.Equal("Ringo", ps.Joined("$v = 'Ringo'; Get-RelObject Person -First 1 | Set-RelObject -Property @{ Name = $v } -PassThru | ForEach-Object Name"));
    }

    [DbFact]
    public void Set_RelObject_refuses_a_joined_field_in_an_update_expression()
    {
        var r = ps.Run("Get-RelObject Person -AsQuery | Set-RelObject -Property @{ Age = { $_.Groups.Id } } -Confirm:$false");
        Assert.Single(r.Errors.Concat(r.Terminating is System.Management.Automation.IContainsErrorRecord t ? [t.ErrorRecord] : []));
        Assert.Equal("30,28,", ps.Joined("Get-RelObject Person | ForEach-Object { \"$($_.Age)\" }"));
    }

    [DbFact]
    public void Remove_RelObject_rows_and_queries_with_cascades()
    {
        ps.Ok("Get-RelObject Person -Filter @{ Name = 'Ringo' } | Remove-RelObject -Confirm:$false");
        Assert.Equal("Paul,John", ps.Joined("Get-RelObject Person | ForEach-Object Name"));
        Assert.Equal(2, Convert.ToInt32(ps.Value("@(Get-RelObject Membership).Count")));
        ps.Ok("Get-RelObject Group -AsQuery | Remove-RelObject -Confirm:$false");
        Assert.Equal(0, Convert.ToInt32(ps.Value("@(Get-RelObject Membership).Count")));
        Assert.Equal(0, Convert.ToInt32(ps.Value("@(Get-RelObject Group).Count")));
    }

    [DbFact]
    public void Get_RelModel_describes_models_fields_relations_and_tables()
    {
        Assert.Equal(["Group", "Membership", "Person"], ps.Strings("Get-RelModel | ForEach-Object Name").Order());
        Assert.Equal("membership", ps.Value("(Get-RelModel Membership).Table"));
        Assert.Equal(["Id", "Members", "Name"], ps.Strings("(Get-RelModel Group).Fields | ForEach-Object Name").Order());
        Assert.Equal("Members:ManyToMany:Person:Membership", ps.Joined("(Get-RelModel Group).Relations | Where-Object Name -eq 'Members' | ForEach-Object { \"$($_.Name):$($_.Kind):$($_.To):$($_.Through)\" }"));
        Assert.Equal("True", ps.Joined("'Groups' -in (Get-RelModel Person).Relations.Name"));
        Assert.Equal(["Group", "Membership"], ps.Strings("Get-RelModel -Name G*, M* | ForEach-Object Name").Order());
        Assert.Equal("Name", ps.Joined("(Get-RelModel Group).Ordering"));
        ps.Run("Get-RelModel | Out-Default").ShouldSucceed();
    }

    [DbFact]
    public void Connect_Get_Disconnect()
    {
        Assert.Equal(["Group", "Membership", "Person"], ps.Strings("(Get-RelDatabase).ModelNames").Order());
        Assert.Equal("RelationsPS.Core.Execution.RelDatabase", ps.Value("(Connect-RelDatabase -InMemory -PassThru).GetType().FullName"));
        Assert.Equal("Tag,Post,User,Profile", ps.Joined("Get-RelModel | ForEach-Object Name"));
        Assert.Equal(0, Convert.ToInt32(ps.Value("@(Get-Tag).Count")));
        ps.Ok("$db = Get-RelDatabase; Disconnect-RelDatabase");
        Assert.Equal("False", ps.Joined("$db.IsOpen"));
        ps.Ok("Connect-RelDatabase -InMemory");
        ps.Ok("$other = Connect-RelDatabase -InMemory -PassThru -Schema @{ Thing = @{ Name = @{ Type = 'Char'; MaxLength = 5 } } }; Connect-RelDatabase -InMemory");
        ps.Ok("$null = New-RelObject Thing @{ Name = 'x' } -Database $other");
        Assert.Equal("x", ps.Joined("Get-RelObject Thing -Database $other | ForEach-Object Name"));
        Assert.Equal(0, Convert.ToInt32(ps.Value("@(Get-Tag).Count")));
        ps.Ok("Disconnect-RelDatabase $other");
    }

    [DbFact]
    public void Connect_with_a_psd1_schema_and_a_file_path()
    {
        var dir = Directory.CreateTempSubdirectory("relps-");
        try
        {
            var schema = Path.Combine(dir.FullName, "schema.psd1");
            File.WriteAllText(schema, "@{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64; Unique = $true } } }");
            var db = Path.Combine(dir.FullName, "data.db");
            ps.Ok($"Connect-RelDatabase -Path '{db}' -Schema '{schema}'; $null = New-RelObject Server @{{ Name = 'web01' }}; Disconnect-RelDatabase");
            ps.Ok($"Connect-RelDatabase '{db}' -Schema '{schema}'");
            Assert.Equal("web01", ps.Joined("Get-RelObject Server | ForEach-Object Name"));
            ps.Ok("Disconnect-RelDatabase");
            var bad = ps.Run($"Connect-RelDatabase '{db}' -Schema @{{ Server = @{{ Name = @{{ Type = 'Integer' }} }} }}");
            Assert.Single(bad.Errors.Concat(bad.Terminating is System.Management.Automation.IContainsErrorRecord t ? [t.ErrorRecord] : []));
            var missing = ps.Run($"Connect-RelDatabase -InMemory -Schema '{Path.Combine(dir.FullName, "nope.psd1")}'").SingleError();
            Assert.Equal("SchemaFileNotFound", missing.Id());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [DbFact]
    public void A_schema_error_is_an_InvalidData_error_naming_the_problem()
    {
        var e = ps.Run("Connect-RelDatabase -InMemory -Schema @{ A = @{ Name = @{ Type = 'Char' } } }").SingleError();
        Assert.Equal("MissingMaxLength", e.Id());
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, e.CategoryInfo.Category);
        // A failed connect leaves the session refusing commands until a connect succeeds (issue 12).
        Assert.Equal(["ConnectFailed"], ps.Run("Get-RelModel").ErrorIds);
        ps.Ok(RelObjectTests.Schema);
        Assert.Equal(["Group", "Membership", "Person"], ps.Strings("Get-RelModel | ForEach-Object Name").Order());
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class RelObjectTestsOnPostgreSQL() : RelObjectTests(Db.PostgreSQL);
