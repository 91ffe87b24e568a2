using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Reliability;

/// <summary>
/// Issue 12.4 and 12.9: nothing is converted silently or stored other than it was given. Values the
/// database cannot keep exactly are refused with InvalidArgument, and a refused write changes nothing.
/// <code>
/// .Model("Item", m => m.Decimal("Price", 20, 2).Field("Ratio", new FieldSpec(FieldType.Float) { Null = true })
///     .Field("Note", new FieldSpec(FieldType.Text) { Blank = true }).Integer("Count").Field("Big", new FieldSpec(FieldType.BigInteger) { HasDefault = true, Default = 0L }))
/// </code>
/// </summary>
public sealed class InputConversionTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Open(b => b.Model("Item", m => m
        .Field("Price", new Metadata.FieldSpec(Metadata.FieldType.Decimal) { MaxDigits = 20, DecimalPlaces = 2, HasDefault = true, Default = 0m })
        .Field("Ratio", new Metadata.FieldSpec(Metadata.FieldType.Float) { Null = true })
        .Field("Note", new Metadata.FieldSpec(Metadata.FieldType.Text) { Blank = true, HasDefault = true, Default = "" })
        .Field("Count", new Metadata.FieldSpec(Metadata.FieldType.Integer) { HasDefault = true, Default = 5L })
        .Field("Big", new Metadata.FieldSpec(Metadata.FieldType.BigInteger) { HasDefault = true, Default = 0L })));

    public void Dispose() => db.Dispose();

    private RelObject Reread(RelObject o) => db.Objects("Item").FirstOrDefaultById(o.Id!.Value)!;

    private void Refused(string errorId, params (string, object?)[] values)
    {
        var before = db.Objects("Item").Count();
        var e = Assert.ThrowsAny<RelationsException>(() => db.New("Item", values));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(before, db.Objects("Item").Count());
    }

    // ---- Decimal (12.4) ----------------------------------------------------------------------------

    [Theory]
    [InlineData("999999999999999999.99")]   // 20 significant digits: the value, read back as 1000000000000000000.00
    [InlineData("1234567890123456.7")]      // 17
    [InlineData("-1234567890123456.78")]
    public void A_decimal_the_database_would_round_is_refused(string value)
    {
        Refused("DecimalNotExact", ("Price", decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
        Refused("DecimalNotExact", ("Price", value));
    }

    [Theory]
    [InlineData("9999999999999.99")]          // 15 significant digits
    [InlineData("-9999999999999.99")]
    [InlineData("123456789012345678.00")]     // whole, 18 digits: an INTEGER
    [InlineData("-92233720368547758.00")]
    [InlineData("100000000000000000.00")]   // 18 digits, 1 significant
    [InlineData("0.01")]
    [InlineData("12.10")]
    public void A_decimal_within_what_is_kept_round_trips_exactly(string value)
    {
        var d = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var o = db.New("Item", ("Price", d));
        Assert.Equal(value, ((decimal)Reread(o)["Price"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // and compares exactly
        Assert.Equal(1, db.Objects("Item").Filter(Q.Where("Price", Lookup.Exact, d)).Count());
        Assert.Equal(0, db.Objects("Item").Filter(Q.Where("Price", Lookup.Gt, d)).Count());
    }

    [Fact]
    public void Whole_decimals_beyond_15_digits_compare_order_and_sum_exactly()
    {
        foreach (var v in new[] { 123456789012345678m, 123456789012345679m, 123456789012345677m }) db.New("Item", ("Price", v));
        Assert.Equal([123456789012345677.00m, 123456789012345678.00m, 123456789012345679.00m],
            db.Objects("Item").OrderBy("Price").Select(o => (decimal)o["Price"]!));
        Assert.Equal(1, db.Objects("Item").Filter(Q.Where("Price", Lookup.Gt, 123456789012345678m)).Count());
        var sum = db.Objects("Item").Aggregate(("S", "Sum(Price)"));
        Assert.Equal(370370367037037034.00m, sum["S"]);
    }

    [Fact]
    public void Decimal_text_with_a_comma_is_refused_not_read_as_thousands()
    {
        Refused("InvalidValue", ("Price", "1,5"));
    }

    // ---- Float (12.9) ------------------------------------------------------------------------------

    [Fact]
    public void Float_text_is_read_in_the_invariant_form_only()
    {
        Refused("InvalidValue", ("Ratio", "1,5"));
        Assert.Equal(1.5, Reread(db.New("Item", ("Ratio", "1.5")))["Ratio"]);
        Assert.Equal(1000.0, Reread(db.New("Item", ("Ratio", "1e3")))["Ratio"]);
    }

    [Fact]
    public void NaN_is_refused_and_infinities_round_trip()
    {
        Refused("InvalidValue", ("Ratio", double.NaN));
        Refused("InvalidValue", ("Ratio", "NaN"));
        Assert.Equal(double.PositiveInfinity, Reread(db.New("Item", ("Ratio", double.PositiveInfinity)))["Ratio"]);
        Assert.Equal(double.NegativeInfinity, Reread(db.New("Item", ("Ratio", double.NegativeInfinity)))["Ratio"]);
    }

    // ---- Text (12.9) -------------------------------------------------------------------------------

    [Fact]
    public void A_list_or_a_hashtable_for_a_text_field_is_refused()
    {
        Refused("InvalidValue", ("Note", new object[] { 1, 2 }));
        Refused("InvalidValue", ("Note", new System.Collections.Hashtable { ["a"] = 1 }));
        Refused("InvalidValue", ("Note", new object()));
        Assert.Equal("42", Reread(db.New("Item", ("Note", 42)))["Note"]);
    }

    [Fact]
    public void A_lone_surrogate_is_refused_and_pairs_round_trip()
    {
        Refused("InvalidText", ("Note", "a\uD800b"));
        Refused("InvalidText", ("Note", "a\uDC00"));
        Refused("InvalidText", ("Note", "\uD83D"));
        Assert.Equal("🐍 питон 日本語", Reread(db.New("Item", ("Note", "🐍 питон 日本語")))["Note"]);
    }

    // ---- Expression updates (12.9) -----------------------------------------------------------------

    [Theory]
    [InlineData(3_000_000_000L)]
    [InlineData(-3_000_000_000L)]
    public void An_expression_update_out_of_an_Integer_field_range_is_refused_and_changes_nothing(long add)
    {
        db.New("Item");
        db.New("Item", ("Count", 2_000_000_000L));
        var e = Assert.Throws<ValidationException>(() => db.Objects("Item").Update(new Dictionary<string, object?> { ["Count"] = new Arith(ArithOp.Add, new F("Count"), new Const(add)) }));
        Assert.Equal("ValueOutOfRange", e.ErrorId);
        Assert.Contains("Item.Count", e.Message);
        Assert.Equal([5L, 2_000_000_000L], db.Objects("Item").Pluck("Count"));
    }

    [Fact]
    public void An_overflowing_expression_is_refused_for_a_BigInteger_field()
    {
        db.New("Item", ("Big", long.MaxValue / 2));
        var e = Assert.Throws<ValidationException>(() => db.Objects("Item").Update(new Dictionary<string, object?> { ["Big"] = new Arith(ArithOp.Multiply, new F("Big"), new Const(1_000_000L)) }));
        Assert.Equal("ValueOutOfRange", e.ErrorId);
        Assert.Equal([long.MaxValue / 2], db.Objects("Item").Pluck("Big"));
        // In range, it is written.
        db.Objects("Item").Update(new Dictionary<string, object?> { ["Big"] = new Arith(ArithOp.Add, new F("Big"), new Const(1L)) });
        Assert.Equal([long.MaxValue / 2 + 1], db.Objects("Item").Pluck("Big"));
    }

    // ---- Aggregates (12.9) -------------------------------------------------------------------------

    [Theory]
    [InlineData("Sum(Note)")]
    [InlineData("Avg(Note)")]
    public void Sum_and_Avg_of_a_non_numeric_field_are_refused(string aggregate)
    {
        db.New("Item", ("Note", "x"));
        var e = Assert.Throws<RelationsException>(() => db.Objects("Item").Aggregate(("S", aggregate)));
        Assert.Equal("NonNumericAggregate", e.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("x", db.Objects("Item").Aggregate(("M", "Max(Note)"))["M"]);
    }

    // ---- Transactions the database ended (12.9) ----------------------------------------------------

    [Fact]
    public void A_full_disk_inside_a_transaction_reports_the_full_disk_then_TransactionAborted()
    {
        var path = Path.Combine(Path.GetTempPath(), $"relps-full-{Guid.NewGuid():N}.db");
        try
        {
            using (var file = RelDatabase.Open(path, Metadata.BlogSchema.Models))
            {
                var pages = Convert.ToInt64(file.Scalar(new SqlStatement("PRAGMA page_count", [])));
                file.Scalar(new SqlStatement($"PRAGMA max_page_count = {pages + 3}", []));
                var big = new string('x', 3000);
                var e = Assert.ThrowsAny<RelationsException>(() => file.InTransaction(() =>
                {
                    // Each post's failure is caught, as a cmdlet does per pipeline item; the outer commit then finds the transaction gone.
                    for (var i = 0; i < 50; i++)
                    {
                        try { file.New("Post", ("Title", $"p{i}"), ("Body", big)); }
                        catch (DatabaseException) { }
                    }
                }));
                Assert.Equal("TransactionAborted", e.ErrorId);
                Assert.Equal(ErrorKind.InvalidOperation, e.Kind);
                Assert.Equal(0, file.Objects("Post").Count());
            }
        }
        finally
        {
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        }
    }

    [Fact]
    public void Closing_the_connection_inside_a_transaction_reports_TransactionAborted()
    {
        var e = Assert.ThrowsAny<RelationsException>(() => db.InTransaction(() =>
        {
            db.New("Item");
            db.Dispose();
        }));
        Assert.Equal("TransactionAborted", e.ErrorId);
        Assert.Contains("closed", e.Message);
    }
}
