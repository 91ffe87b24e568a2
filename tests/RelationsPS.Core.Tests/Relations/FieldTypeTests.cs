using System.Collections;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// The field types admins need (issue 14, "Fields admins need"), restated from Django's model_fields tests
/// where they apply: Duration (Django's DurationField: microseconds in a bigint on SQLite).
///
/// Model:
/// <code>
/// Job: Name Char(20), Length Duration, Timeout Duration (null)
/// </code>
/// </summary>
public sealed class FieldTypeTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Open(b => b.Model("Job", m => m
        .Char("Name", 20)
        .Field("Length", new FieldSpec(FieldType.Duration))
        .Field("Timeout", new FieldSpec(FieldType.Duration) { Null = true })));

    public void Dispose() => db.Dispose();

    private RelObject Job(string name, object? length, object? timeout = null) =>
        db.New("Job", ("Name", name), ("Length", length), ("Timeout", timeout));

    private string ColumnType(string table, string column) =>
        db.Query(new SqlStatement($"SELECT type FROM pragma_table_info('{table}') WHERE name = '{column}'", []), r => r.GetString(0)).Single();

    // ---- Duration ----

    [Fact]
    public void Duration_is_a_bigint_column_of_microseconds_and_round_trips_exactly()
    {
        var t = new TimeSpan(1, 2, 3, 4, 567) + TimeSpan.FromTicks(8900);   // 1.02:03:04.5678900
        var job = Job("a", t);
        Assert.Equal(t, job["Length"]);
        Assert.Equal(t, db.Objects("Job").FirstOrDefaultById(job.Id!.Value)!["Length"]);
        Assert.Null(db.Objects("Job").FirstOrDefaultById(job.Id!.Value)!["Timeout"]);
        Assert.Equal("bigint", ColumnType("job", "length"));
        Assert.Equal(["93784567890"], db.Rows("job", "length"));
    }

    [Fact]
    public void Duration_takes_invariant_text_and_negative_values()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), Job("a", "01:30:00")["Length"]);
        Assert.Equal(new TimeSpan(2, 3, 4, 5, 500), Job("b", "2.03:04:05.5")["Length"]);
        Assert.Equal(TimeSpan.FromSeconds(-1), Job("c", "-00:00:01")["Length"]);
        Assert.Equal(["-1000000", "5400000000", "183845500000"], db.Rows("job", "length"));
    }

    [Theory]
    [InlineData("ninety minutes", "InvalidValue")]
    [InlineData("1,5", "InvalidValue")]
    [InlineData(90, "InvalidValue")]
    public void Duration_refuses_what_is_not_a_duration(object value, string errorId)
    {
        var e = Assert.Throws<ValidationException>(() => Job("a", value));
        Assert.Equal(errorId, e.ErrorId);
        Assert.StartsWith("Field 'Job.Length' takes a duration", e.Message);
        Assert.Empty(db.Rows("job", "id"));
    }

    [Fact]
    public void Duration_finer_than_a_microsecond_is_refused_not_rounded()
    {
        var e = Assert.Throws<ValidationException>(() => Job("a", TimeSpan.FromTicks(15)));
        Assert.Equal("DurationNotExact", e.ErrorId);
        Assert.Equal("Field 'Job.Length' keeps a duration to the microsecond; '00:00:00.0000015' has a finer part, so it is refused rather than rounded.", e.Message);
        Assert.Empty(db.Rows("job", "id"));
    }

    [Fact]
    public void Duration_compares_orders_and_aggregates()
    {
        Job("short", TimeSpan.FromMinutes(5));
        Job("long", TimeSpan.FromHours(2));
        Job("mid", "00:30:00.000001");
        Assert.Equal(["long", "mid"], db.Objects("Job").Filter("Length__gt", TimeSpan.FromMinutes(10)).OrderBy("-Length").Names());
        Assert.Equal(["short"], db.Objects("Job").Filter("Length__lte", "00:05:00").Names());
        Assert.Equal(["short", "mid", "long"], db.Objects("Job").OrderBy("Length").Names());
        Assert.Equal(["mid"], db.Objects("Job").Filter("Length", new TimeSpan(0, 0, 30, 0) + TimeSpan.FromTicks(10)).Names());
        var agg = db.Objects("Job").Aggregate(("Sum", "Sum(Length)"), ("Avg", "Avg(Length)"), ("Min", "Min(Length)"), ("Max", "Max(Length)"));
        Assert.Equal(new TimeSpan(0, 2, 35, 0) + TimeSpan.FromTicks(10), agg["Sum"]);
        Assert.Equal(TimeSpan.FromSeconds(3100), agg["Avg"]);   // 9300000001 µs / 3, to the microsecond
        Assert.Equal(TimeSpan.FromMinutes(5), agg["Min"]);
        Assert.Equal(TimeSpan.FromHours(2), agg["Max"]);
    }

    [Fact]
    public void Duration_from_a_schema_hashtable_round_trips_through_the_schema_writer()
    {
        var models = SchemaReader.Read(TestDb.Ht(("Job", TestDb.Ht(
            ("Length", TestDb.Ht(("Type", "Duration"), ("Default", "01:00:00")))))));
        Assert.Equal(FieldType.Duration, models.Get("Job").FindField("Length")!.Type);
        var psd1 = SchemaWriter.ToPsd1(models);
        Assert.Contains("Length = @{ Type = 'Duration'; Default = '01:00:00' }", psd1);
        var again = SchemaReader.Read(SchemaWriter.ToDictionary(models));
        Assert.Equal(FieldType.Duration, again.Get("Job").FindField("Length")!.Type);
        using var d = TestDb.Open(models);
        Assert.Equal(TimeSpan.FromHours(1), d.Create("Job", new Dictionary<string, object?>())["Length"]);
    }
}
