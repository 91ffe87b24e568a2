using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>What you write is what you read back: DateTime, Decimal, Boolean, Int64, Guid; $null, never DBNull.</summary>
public class RoundTripTests : IDisposable
{
    private const string Schema = """
        Connect-RelDatabase -InMemory -Schema @{
            Sample = @{ When   = @{ Type = 'DateTime'; Null = $true }
                        Day    = @{ Type = 'Date'; Null = $true }
                        Amount = @{ Type = 'Decimal'; MaxDigits = 15; DecimalPlaces = 6; Null = $true }
                        Flag   = @{ Type = 'Boolean'; Null = $true }
                        Big    = @{ Type = 'BigInteger'; Null = $true }
                        Key    = @{ Type = 'Uuid'; Null = $true }
                        Ratio  = @{ Type = 'Float'; Null = $true }
                        Note   = @{ Type = 'Text'; Null = $true } }
        }
        """;

    private readonly PowerShellSession ps;

    public RoundTripTests() : this(Db.SQLite)
    {
    }

    protected RoundTripTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Schema);
    }

    public void Dispose() => ps.Dispose();

    [DbFact]
    public void Values_round_trip_exactly_with_their_types()
    {
        ps.Ok("""
            $when = [datetime]::new(2024, 2, 29, 13, 45, 12, [DateTimeKind]::Utc).AddTicks(1234567)
            $key = [guid]'6c0f3f43-5a8e-4b57-9d3c-2f1f0b9a6e21'
            $created = New-RelObject Sample @{ When = $when; Day = [datetime]'2023-12-31'; Amount = [decimal]'123456789.123456'; Flag = $false; Big = 9007199254740993; Key = $key; Ratio = 0.1; Note = 'x' }
            $read = Get-RelObject -Model Sample -First 1
            """);
        // PostgreSQL keeps timestamps to the microsecond (as Django's DateTimeField there): 0.1234567 s reads back as 0.123457 s.
        var read = ps.Database == Db.PostgreSQL ? 1234570 : 1234567;
        foreach (var (v, ticks) in new[] { ("$created", 1234567), ("$read", read) })
        {
            Assert.Equal(new DateTime(2024, 2, 29, 13, 45, 12, DateTimeKind.Utc).AddTicks(ticks), ps.Value($"{v}.When"));
            Assert.Equal(new DateTime(2024, 2, 29, 13, 45, 12).AddTicks(ticks).Ticks, ps.Value($"{v}.When.Ticks"));
            Assert.Equal(new DateTime(2023, 12, 31), ps.Value($"{v}.Day"));
            Assert.Equal(123456789.123456m, ps.Value($"{v}.Amount"));
            Assert.Equal("123456789.123456", ps.Value($"{v}.Amount.ToString([cultureinfo]::InvariantCulture)"));
            Assert.Equal(false, ps.Value($"{v}.Flag"));
            Assert.Equal(9007199254740993L, ps.Value($"{v}.Big"));
            Assert.Equal(Guid.Parse("6c0f3f43-5a8e-4b57-9d3c-2f1f0b9a6e21"), ps.Value($"{v}.Key"));
            Assert.Equal(0.1d, ps.Value($"{v}.Ratio"));
            Assert.IsType<long>(ps.Value($"{v}.Id"));
        }
        Assert.Equal("True", ps.Joined($"$read.When -eq $when.AddTicks({read - 1234567})"));
        // SQLite's text keeps the kind; PostgreSQL's timestamp (without time zone, as Django's with USE_TZ off) reads back unspecified.
        Assert.Equal(ps.Database == Db.PostgreSQL ? "Unspecified" : "Utc", ps.Joined("$read.When.Kind"));
    }

    [DbFact]
    public void Values_filter_by_their_own_type()
    {
        ps.Ok("""
            $null = New-RelObject Sample @{ Amount = [decimal]'10.50'; Flag = $true; Big = 9007199254740993; Key = [guid]'00000000-0000-0000-0000-000000000001'; When = [datetime]'2024-01-01T10:00:00' }
            $null = New-RelObject Sample @{ Amount = [decimal]'10.5'; Flag = $false; Big = 9007199254740992; Key = [guid]'00000000-0000-0000-0000-000000000002'; When = [datetime]'2024-01-02T10:00:00' }
            """);
        Assert.Equal("1,2", ps.Joined("Get-RelObject -Model Sample -Filter { $_.Amount -eq [decimal]'10.5' } | ForEach-Object Id"));
        Assert.Equal("1", ps.Joined("Get-RelObject -Model Sample -Filter { $_.Big -eq 9007199254740993 } | ForEach-Object Id"));
        Assert.Equal("2", ps.Joined("Get-RelObject -Model Sample -Filter { $_.Key -eq [guid]'00000000-0000-0000-0000-000000000002' } | ForEach-Object Id"));
        Assert.Equal("1", ps.Joined("Get-RelObject -Model Sample -Filter { $_.Flag } | ForEach-Object Id"));
        Assert.Equal("2", ps.Joined("Get-RelObject -Model Sample -Filter { $_.When -gt [datetime]'2024-01-01T12:00:00' } | ForEach-Object Id"));
        Assert.Equal("1", ps.Joined("Get-RelObject -Model Sample -Filter @{ Key = '00000000-0000-0000-0000-000000000001' } | ForEach-Object Id"));
        Assert.Equal(21.0m, ps.Value("(Measure-RelObject -Model Sample -Aggregate @{ S = 'Sum(Amount)' }).S"));
    }

    [DbFact]
    public void Null_is_null_never_DBNull()
    {
        ps.Ok("$o = New-RelObject Sample @{}; $r = Get-RelObject -Model Sample -First 1");
        foreach (var field in new[] { "When", "Day", "Amount", "Flag", "Big", "Key", "Ratio", "Note" })
        {
            Assert.Equal("True|False|True", ps.Joined($"\"$($null -eq $r.{field})|$($r.{field} -is [DBNull])|$($null -eq $o.{field})\""));
            Assert.Null(ps.Ok($"$r.{field}").SingleOrDefault()?.BaseObject);
        }
        Assert.Equal("True", ps.Joined("$null -eq (Measure-RelObject -Model Sample -Aggregate @{ S = 'Sum(Amount)' }).S"));
        Assert.Equal("True", ps.Joined("$m = Measure-RelObject -Model Sample -Aggregate @{ S = 'Max(When)' }; $m.S -isnot [DBNull] -and $null -eq $m.S"));
    }

    [DbFact]
    public void Setting_values_back_to_null_and_reading_them()
    {
        ps.Ok("$o = New-RelObject Sample @{ Note = 'x'; Big = 5 }; $o | Set-RelObject -Property @{ Note = $null; Big = $null }");
        Assert.Equal("True|True", ps.Joined("$r = Get-RelObject -Model Sample -First 1; \"$($null -eq $r.Note)|$($null -eq $r.Big)\""));
    }

    [DbFact]
    public void Blog_dates_and_counts_are_plain_values()
    {
        using var blog = new PowerShellSession(ps.Database);
        blog.Ok(Seed.Blog);
        Assert.Equal("System.DateTime|System.Int64|System.Int64|System.String", blog.Joined("$p = Get-Post -Id 1; \"$($p.Created.GetType().FullName)|$($p.Views.GetType().FullName)|$($p.AuthorId.GetType().FullName)|$($p.Title.GetType().FullName)\""));
        Assert.Equal("True", blog.Joined("$null -eq (Get-Post -Id 3).AuthorId"));
        Assert.Equal("True", blog.Joined("$null -eq (Get-Post -Id 3).Author"));
        Assert.Equal("True", blog.Joined("([datetime]::UtcNow - (Get-Post -Id 1).Created.ToUniversalTime()).TotalMinutes -lt 5"));
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class RoundTripTestsOnPostgreSQL() : RoundTripTests(Db.PostgreSQL);
