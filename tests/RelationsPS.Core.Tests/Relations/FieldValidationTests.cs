using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// Field validation and conversion before anything is written (issue 3): MaxLength, Null/Blank,
/// Decimal digits, type conversion, defaults, AutoNow/AutoNowAdd, unique violations, and exact
/// round-trips of DateTime, Decimal, Boolean, Int64 and Guid values.
///
/// Model:
/// <code>
/// new ModelSetBuilder().Model("Item", m => m
///     .Char("Name", 5).Char("Code", 3, unique: true, blank: true, nullable: true).Text("Notes", blank: true)
///     .Integer("Count", @default: 7).BigInteger("Big", nullable: true).Float("Ratio", nullable: true)
///     .Decimal("Price", 5, 2, nullable: true).Boolean("Active", true).Date("Day", nullable: true)
///     .DateTime("At", nullable: true).DateTime("Created", autoNowAdd: true).DateTime("Modified", autoNow: true)
///     .Field("Key", new FieldSpec(FieldType.Uuid) { Null = true }).Char("Label", 10, @default: "none"))
/// </code>
/// </summary>
public class FieldValidationTests : IDisposable
{
    /// <summary>A row's text as the database stores it: SQLite's (Booleans 1/0, decimals as numbers), or PostgreSQL's (true/false, the column's scale).</summary>
    private static string Stored(string sqlite, string postgreSql) => TestDatabases.OnPostgreSql ? postgreSql : sqlite;

    private readonly RelDatabase db = TestDb.Open(b => b.Model("Item", m => m
        .Char("Name", 5).Char("Code", 3, unique: true, blank: true, nullable: true).Text("Notes", blank: true)
        .Integer("Count", @default: 7).BigInteger("Big", nullable: true).Float("Ratio", nullable: true)
        .Decimal("Price", 5, 2, nullable: true).Boolean("Active", true).Date("Day", nullable: true)
        .DateTime("At", nullable: true).DateTime("Created", autoNowAdd: true).DateTime("Modified", autoNow: true)
        .Field("Key", new FieldSpec(FieldType.Uuid) { Null = true }).Char("Label", 10, @default: "none")));

    public void Dispose() => db.Dispose();

    /// <summary>Creates an Item named "a" unless the values say otherwise.</summary>
    private RelObject Item(params (string Key, object? Value)[] values)
    {
        var all = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Name"] = "a" };
        foreach (var (k, v) in values) all[k] = v;
        return db.Create("Item", all);
    }

    private RelObject Reload(RelObject o) => db.Objects("Item").FirstOrDefaultById(o.Id!.Value)!;

    private List<string> Items() => db.Rows("item", "id", "name");

    private T Refused<T>(params (string, object?)[] values) where T : Exception
    {
        var e = Assert.Throws<T>(() => Item(values));
        Assert.Empty(Items());
        return e;
    }

    [Fact]
    public void Max_length_is_checked_before_writing()
    {
        var e = Refused<ValidationException>(("Name", "toolong"));
        Assert.Equal("ValueTooLong", e.ErrorId);
        Assert.Equal("Field 'Item.Name' takes at most 5 characters; the value has 7.", e.Message);
        Assert.Equal("abcde", Item(("Name", "abcde"))["Name"]);
    }

    [Fact]
    public void Null_is_refused_unless_the_field_allows_it()
    {
        Assert.Equal("NullNotAllowed", Refused<ValidationException>(("Name", null)).ErrorId);
        Assert.Equal("NullNotAllowed", Refused<ValidationException>(("Count", null)).ErrorId);
        var ok = Item(("Code", null), ("Big", null));
        Assert.Null(Reload(ok)["Code"]);
    }

    [Fact]
    public void Blank_is_refused_unless_the_field_allows_it()
    {
        Assert.Equal("BlankNotAllowed", Refused<ValidationException>(("Name", "")).ErrorId);
        var e = Assert.Throws<ValidationException>(() => db.New("Item"));
        Assert.Equal("BlankNotAllowed", e.ErrorId);
        var ok = Item(("Notes", ""), ("Code", ""));
        Assert.Equal("", Reload(ok)["Notes"]);
    }

    [Fact]
    public void Decimal_digits_and_places_are_checked()
    {
        Assert.Equal("TooManyDigits", Refused<ValidationException>(("Price", 1234.5m)).ErrorId);
        Assert.Equal("TooManyDecimalPlaces", Refused<ValidationException>(("Price", 1.234m)).ErrorId);
        Assert.Equal("TooManyDigits", Refused<ValidationException>(("Price", "-1000")).ErrorId);
        Assert.Equal(999.99m, Reload(Item(("Price", 999.99m)))["Price"]);
    }

    [Fact]
    public void Values_are_converted_to_the_field_type()
    {
        var o = Item(("Count", "42"), ("Big", 5), ("Ratio", "0.25"), ("Price", "12.1"), ("Active", "false"), ("Day", "2024-02-29"), ("Key", "6f9619ff-8b86-d011-b42d-00cf4fc964ff"));
        var r = Reload(o);
        Assert.Equal(42L, r["Count"]);
        Assert.Equal(5L, r["Big"]);
        Assert.Equal(0.25, r["Ratio"]);
        Assert.Equal("12.10", ((decimal)r["Price"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(false, r["Active"]);
        Assert.Equal(new DateTime(2024, 2, 29), r["Day"]);
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), r["Key"]);
        Assert.Equal([Stored("1,0.25,12.1,0,2024-02-29,6f9619ff-8b86-d011-b42d-00cf4fc964ff", "1,0.25,12.10,false,2024-02-29,6f9619ff-8b86-d011-b42d-00cf4fc964ff")],
            db.Rows("item", "id", "ratio", "price", "active", "day", "key"));
    }

    [Fact]
    public void Values_that_do_not_convert_are_refused()
    {
        Assert.Equal("InvalidValue", Refused<ValidationException>(("Count", "many")).ErrorId);
        Assert.Equal("InvalidValue", Refused<ValidationException>(("Count", 1.5)).ErrorId);
        Assert.Equal("ValueOutOfRange", Refused<ValidationException>(("Count", 3_000_000_000L)).ErrorId);
        Assert.Equal("InvalidValue", Refused<ValidationException>(("Active", 2)).ErrorId);
        Assert.Equal("InvalidValue", Refused<ValidationException>(("Day", "someday")).ErrorId);
        Assert.Equal("InvalidValue", Refused<ValidationException>(("Key", "not-a-guid")).ErrorId);
        var e = Refused<UnknownNameException>(("Colour", "red"));
        Assert.Equal("UnknownField", e.ErrorId);
        Assert.Contains("Choices are: Name, Code", e.Message);
    }

    [Fact]
    public void Setting_an_attribute_validates_at_once()
    {
        var o = Item();
        Assert.Equal("ValueTooLong", Assert.Throws<ValidationException>(() => o["Name"] = "toolong").ErrorId);
        Assert.Equal("a", o["Name"]);
        Assert.Equal("IdReadOnly", Assert.Throws<InvalidOperationRelException>(() => o["Id"] = 5).ErrorId);
        Assert.Equal("IdReadOnly", Assert.Throws<InvalidOperationRelException>(() => Item(("Id", 5))).ErrorId);
    }

    [Fact]
    public void Defaults_fill_what_is_not_given()
    {
        var r = Reload(Item());
        Assert.Equal(7L, r["Count"]);
        Assert.Equal(true, r["Active"]);
        Assert.Equal("none", r["Label"]);
        Assert.Equal("", r["Notes"]);
        Assert.Null(r["Price"]);
        Assert.Equal([Stored("1,7,1,none", "1,7,true,none")], db.Rows("item", "id", "count", "active", "label"));
    }

    [Fact]
    public void Auto_now_add_is_set_on_create_and_auto_now_on_every_save()
    {
        var before = DateTime.UtcNow;
        var o = Item();
        var created = (DateTime)Reload(o)["Created"]!;
        var modified = (DateTime)Reload(o)["Modified"]!;
        Assert.InRange(created, before, DateTime.UtcNow);
        // PostgreSQL's timestamp keeps no zone (docs/POSTGRESQL.md).
        Assert.Equal(TestDatabases.OnPostgreSql ? DateTimeKind.Unspecified : DateTimeKind.Utc, created.Kind);
        Thread.Sleep(5);
        o["Name"] = "b";
        db.Save(o);
        var r = Reload(o);
        Assert.Equal(created, r["Created"]);
        Assert.True((DateTime)r["Modified"]! > modified);
    }

    [Fact]
    public void Auto_now_add_keeps_an_explicit_value_on_create_and_may_be_changed_later()
    {
        var when = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        var o = Item(("Created", when));
        Assert.Equal(when, Reload(o)["Created"]);
        var later = new DateTime(2002, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        db.Objects("Item").Update(new Dictionary<string, object?> { ["Created"] = later });
        Assert.Equal(later, Reload(o)["Created"]);
    }

    [Fact]
    public void Unique_violation_is_reported_as_such_and_writes_nothing()
    {
        Item(("Code", "abc"));
        var e = Assert.Throws<DuplicateException>(() => Item(("Code", "abc")));
        Assert.Equal("UniqueViolation", e.ErrorId);
        Assert.Equal(ErrorKind.ResourceExists, e.Kind);
        Assert.Equal("An object with the same value already exists (item.code must be unique).", e.Message);
        Assert.Equal(["1,a"], Items());
    }

    [Fact]
    public void A_second_profile_for_a_user_is_a_unique_violation()
    {
        using var blog = TestDb.Blog();
        var alice = blog.New("User", ("UserName", "alice"));
        blog.New("Profile", ("User", alice), ("Bio", "first"));
        var e = Assert.Throws<DuplicateException>(() => blog.New("Profile", ("User", alice), ("Bio", "second")));
        Assert.Equal("UniqueViolation", e.ErrorId);
        Assert.Contains("profile.user_id", e.Message);
        Assert.Equal(["1,1,first"], blog.Rows("profile", "id", "user_id", "bio"));
        Assert.Equal("first", alice.RelatedObject("Profile")!["Bio"]);
    }

    [Fact]
    public void A_failed_create_with_links_leaves_no_row_and_no_link()
    {
        using var blog = TestDb.Blog();
        var tag = blog.New("Tag", ("Name", "t"), ("Slug", "t"));
        Assert.Throws<NotFoundException>(() => blog.New("Post", ("Title", "x"), ("Tags", new object[] { tag, 99L })));
        Assert.Empty(blog.Rows("post", "id"));
        Assert.Empty(blog.Rows("post_tags", "id"));
    }

    [Fact]
    public void DateTime_round_trips_exactly()
    {
        var utc = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);
        var local = new DateTime(1999, 12, 31, 23, 59, 59, 999, DateTimeKind.Unspecified).AddTicks(9999);
        var a = Reload(Item(("At", utc)));
        var b = Reload(Item(("At", local)));
        if (TestDatabases.OnPostgreSql)
        {
            // PostgreSQL's timestamp: microseconds (the seventh digit rounded), no zone.
            Assert.Equal(new DateTime(utc.Ticks + 3, DateTimeKind.Unspecified), a["At"]);
            Assert.Equal(DateTimeKind.Unspecified, ((DateTime)a["At"]!).Kind);
            Assert.Equal(new DateTime(2000, 1, 1), b["At"]);
            Assert.Equal(["2000-01-01 00:00:00", "2024-05-06 07:08:09.123457"], db.Rows("item", "at"));
            return;
        }
        Assert.Equal(utc, a["At"]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)a["At"]!).Kind);
        Assert.Equal(utc.Ticks, ((DateTime)a["At"]!).Ticks);
        Assert.Equal(local.Ticks, ((DateTime)b["At"]!).Ticks);
        Assert.Equal(["1999-12-31 23:59:59.9999999", "2024-05-06 07:08:09.1234567Z"], db.Rows("item", "at"));
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("-999.99")]
    [InlineData("100.00")]
    [InlineData("12.50")]
    public void Decimal_round_trips_with_its_scale(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var back = (decimal)Reload(Item(("Price", value)))["Price"]!;
        Assert.Equal(value, back);
        Assert.Equal(text, back.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Boolean_int64_guid_and_float_round_trip()
    {
        var key = Guid.NewGuid();
        var o = Reload(Item(("Active", false), ("Big", long.MaxValue), ("Key", key), ("Ratio", 0.1 + 0.2)));
        Assert.Equal(false, o["Active"]);
        Assert.Equal(long.MaxValue, o["Big"]);
        Assert.Equal(key, o["Key"]);
        Assert.Equal(0.1 + 0.2, o["Ratio"]);
        var min = Reload(Item(("Big", long.MinValue), ("Active", true)));
        Assert.Equal(long.MinValue, min["Big"]);
        Assert.Equal(true, min["Active"]);
        Assert.Equal([Stored($"1,{long.MaxValue},0", $"1,{long.MaxValue},false"), Stored($"2,{long.MinValue},1", $"2,{long.MinValue},true")], db.Rows("item", "id", "big", "active"));
        Assert.Equal(1L, db.Objects("Item").Filter("Key", key).Count());
        Assert.Equal(1L, db.Objects("Item").Filter("Key", key.ToString().ToUpperInvariant()).Count());
    }

    [Fact]
    public void Save_validates_before_writing()
    {
        var o = Item(("Name", "ok"));
        o.RawValuesForTest("Name", "");
        Assert.Equal("BlankNotAllowed", Assert.Throws<ValidationException>(() => db.Save(o)).ErrorId);
        Assert.Equal(["1,ok"], Items());
    }
}

internal static class RelObjectTestExtensions
{
    /// <summary>Puts a raw value in place, as a materialized row could hold it, to show Save checks again.</summary>
    public static void RawValuesForTest(this RelObject o, string field, object? value) =>
        typeof(RelObject).GetMethod("SetRaw", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .Invoke(o, [o.Model.FindField(field)!, value]);

}
