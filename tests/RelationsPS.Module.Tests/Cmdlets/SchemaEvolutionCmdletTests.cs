using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>
/// Compare-RelSchema and Update-RelSchema as cmdlets: the differences they return, -PassThru, -WhatIf, -Force,
/// -Transform, and every refusal an ErrorRecord with its id and category, changing nothing. On SQLite a column
/// change rebuilds the table; on PostgreSQL (the subclass) it is ALTER TABLE statements: the outcome is the same.
/// Models: Server (Name Char(20)) holding web01, db01, cache-server-number-one; Rack (Label).
/// </summary>
public class SchemaEvolutionCmdletTests : IDisposable
{
    private const string V1 = "@{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 30 } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } }";

    private readonly PowerShellSession ps;

    public SchemaEvolutionCmdletTests() : this(Db.SQLite)
    {
    }

    protected SchemaEvolutionCmdletTests(Db db)
    {
        ps = new PowerShellSession(db, connectInMemory: false);
        ps.Ok($"Connect-RelDatabase -InMemory -Schema {V1}; 'web01', 'db01', 'cache-server-number-one' | ForEach-Object {{ $null = New-RelObject Server @{{ Name = $_ }} }}");
    }

    public void Dispose()
    {
        ps.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Rows(string model = "Server", string fields = "Name") =>
        ps.Joined($"Get-RelObject {model} -OrderBy Id | ForEach-Object {{ @({string.Join(", ", fields.Split(',').Select(f => $"$_.{f.Trim()}"))}) -join '/' }}");

    // The database's schema as Compare-RelSchema sees it against V1, plus the rows and the history: "nothing changed" in one value.
    private string State() => ps.Joined($"@(Compare-RelSchema -Schema {V1}).Count; @(Get-RelSchemaHistory).Count") + "|" + Rows();

    [DbFact]
    public void PassThru_returns_the_applied_differences_and_the_rows_take_the_new_fields_default()
    {
        var applied = ps.Strings("Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 30 }; Port = @{ Type = 'Integer'; Default = 22 } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } } -PassThru | ForEach-Object { \"$($_.Kind) $($_.Model).$($_.Field) $($_.LosesData)\" }");
        Assert.Equal(["AddField Server.Port False"], applied);
        Assert.Equal("web01/22,db01/22,cache-server-number-one/22", Rows(fields: "Name,Port"));
        Assert.Equal("AddField Server.Port", ps.Joined("(Get-RelSchemaHistory).Description").Split(':')[0]);
        Assert.Equal("0", ps.Joined("@(Compare-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 30 }; Port = @{ Type = 'Integer'; Default = 22 } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } }).Count"));
    }

    [DbFact]
    public void Refusals_are_error_records_with_ids_and_categories_and_change_nothing()
    {
        var before = State();
        var noDefault = ps.Run("Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 30 }; Port = @{ Type = 'Integer' } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } }");
        Assert.Equal(["NewFieldNeedsDefault"], noDefault.ErrorIds);
        Assert.Contains("A new field that is not Null needs a Default for the rows already there: Server.Port.", noDefault.Errors[0].ToString(), StringComparison.Ordinal);
        var narrow = ps.Run("Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 10 } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } }");
        Assert.Equal(["DataLossNeedsForce"], narrow.ErrorIds);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, narrow.Errors[0].CategoryInfo.Category);
        Assert.Contains("1 row with values longer than 10 in 'server.name', cut to 10 characters", narrow.Errors[0].ToString(), StringComparison.Ordinal);
        ps.Ok("$null = New-RelObject Server @{ Name = 'web01' }");
        var before2 = State();
        var unique = ps.Run("Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 30; Unique = $true }; Port = @{ Type = 'Integer'; Default = 1 } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } }");
        Assert.Equal(["UniqueViolation"], unique.ErrorIds);
        Assert.Equal(System.Management.Automation.ErrorCategory.ResourceExists, unique.Errors[0].CategoryInfo.Category);
        Assert.Equal(before2, State());
        Assert.Equal("0,0|web01,db01,cache-server-number-one", before);
    }

    [DbFact]
    public void WhatIf_changes_nothing_and_Force_applies_the_loss_it_described()
    {
        var before = State();
        const string Narrow = "@{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 10 } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } }";
        ps.Run($"Update-RelSchema -Schema {Narrow} -WhatIf").ShouldSucceed();
        Assert.Equal(before, State());
        Assert.Equal("1 row with values longer than 10 in 'server.name', cut to 10 characters", ps.Joined($"(Compare-RelSchema -Schema {Narrow}).Loss"));
        ps.Ok($"Update-RelSchema -Schema {Narrow} -Force -Confirm:$false");
        Assert.Equal("web01,db01,cache-serv", Rows());
        Assert.Equal("0", ps.Joined($"@(Compare-RelSchema -Schema {Narrow}).Count"));
    }

    [DbFact]
    public void A_new_relation_is_checked_after_the_transform_that_fills_it()
    {
        ps.Ok("$null = New-RelObject Rack @{ Label = 'R1' }");
        // Server.RackNo: a plain integer in column rack_id, 99 pointing at no rack; then that column becomes Server.Rack.
        ps.Ok("Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 30 }; RackNo = @{ Type = 'Integer'; Null = $true; DbColumn = 'rack_id' } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } }");
        ps.Ok("Get-RelObject Server | Set-RelObject -Property @{ RackNo = 99 }");
        const string WithRack = "@{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 30 }; Rack = @{ Type = 'ForeignKey'; To = 'Rack'; Null = $true; OnDelete = 'SetNull' } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } }";
        var dangling = ps.Run($"Update-RelSchema -Schema {WithRack}");
        Assert.Equal(["ForeignKeyCheckFailed"], dangling.ErrorIds);
        Assert.Equal("99/99/99", ps.Joined("(Get-RelObject Server).RackNo -join '/'"));
        // Savepoints were prepared by the writes before (regression: the migration unprepared them, then reused them).
        ps.Ok($"Update-RelSchema -Schema {WithRack} -Transform @{{ 'Server.Rack' = {{ $null }} }}");
        Assert.Equal("3", ps.Joined("@(Get-RelObject Server -Filter { $_.Rack -eq $null }).Count"));
        ps.Ok("Get-RelObject Server -Filter { $_.Name -eq 'db01' } | Set-RelObject -Property @{ Rack = 1 }");
        Assert.Equal("db01", ps.Joined("(Get-RelObject Server -Filter { $_.Rack.Label -eq 'R1' }).Name"));
        Assert.Equal("2", ps.Joined("@(Get-RelSchemaHistory).Count"));
    }
}

/// <summary>The same specs on PostgreSQL, where each column change is applied by ALTER TABLE statements.</summary>
[OnPostgreSQL]
public sealed class SchemaEvolutionCmdletTestsOnPostgreSQL() : SchemaEvolutionCmdletTests(Db.PostgreSQL);
