using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Parts of Date and DateTime fields in paths, as Django's transforms (<c>At__year</c>,
/// <c>At__date</c>, <c>At__month__gte</c>) and as PowerShell reads a DateTime (<c>At.Year</c>): in
/// filters, F expressions, ordering, values, groups and aggregates, across relations, with NULL
/// dates giving NULL parts. Parts are read from the value as stored.
/// </summary>
public class DatePartTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Open(b => b
        .Model("Person", m => m.Char("Name", 20))
        .Model("Event", m => m
            .Char("Name", 20)
            .DateTime("At", nullable: true)
            .Date("On", nullable: true)
            .ForeignKey("Host", "Person", OnDeleteAction.Cascade, nullable: true, relatedName: "Events")));

    public DatePartTests()
    {
        var ann = db.New("Person", ("Name", "ann"));
        var bob = db.New("Person", ("Name", "bob"));
        db.New("Event", ("Name", "a"), ("At", new DateTime(2024, 2, 29, 13, 45, 30).AddTicks(1234567)), ("On", new DateTime(2024, 2, 29)), ("Host", ann));
        db.New("Event", ("Name", "b"), ("At", new DateTime(2023, 12, 31, 23, 59, 59, DateTimeKind.Utc)), ("On", new DateTime(2023, 12, 31)), ("Host", bob));
        db.New("Event", ("Name", "c"), ("At", null), ("On", null), ("Host", null));
        db.New("Event", ("Name", "d"), ("At", new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc)), ("On", new DateTime(2024, 3, 1)), ("Host", ann));
    }

    public void Dispose() => db.Dispose();

    private List<string> Events(Func<Query.QuerySet, Query.QuerySet> q) => q(db.Objects("Event")).Names();

    [Fact]
    public void Django_keywords_compare_a_part()
    {
        Assert.Equal(["a", "d"], Events(q => q.Filter("At__year", 2024)));
        Assert.Equal(["a"], Events(q => q.Filter("At__month", 2)));
        Assert.Equal(["a", "b"], Events(q => q.Filter("At__day__gte", 29)));
        Assert.Equal(["b"], Events(q => q.Filter("At__hour", 23)));
        Assert.Equal(["a"], Events(q => q.Filter("At__minute", 45)));
        Assert.Equal(["a"], Events(q => q.Filter("At__second", 30)));
        Assert.Equal(["b"], Events(q => q.Filter("At__year__in", new[] { 2023, 2022 })));
        Assert.Equal(["b", "d"], Events(q => q.Filter("At__month__range", new[] { 3, 12 })));
        Assert.Equal(["a"], Events(q => q.Filter("At__date", new DateTime(2024, 2, 29))));
        Assert.Equal(["a", "b"], Events(q => q.Filter("At__date__lt", new DateTime(2024, 3, 1))));
        Assert.Equal(["a", "d"], Events(q => q.Filter("On__year", 2024)));
        Assert.Equal(["b"], Events(q => q.Filter("On__month", 12)));
        // A part given as text is converted as the part's type.
        Assert.Equal(["a", "d"], Events(q => q.Filter("At__year", "2024")));
    }

    [Fact]
    public void A_missing_date_has_no_parts()
    {
        Assert.Equal(["c"], Events(q => q.Filter("At__year__isnull", true)));
        Assert.Equal(["a", "b", "d"], Events(q => q.Filter("At__month__isnull", false)));
        // Exclude keeps rows whose date is missing (NOT of an unknown comparison), as Django does.
        Assert.Equal(["b", "c"], Events(q => q.Exclude("At__year", 2024)));
        Assert.Equal(["c"], Events(q => q.Filter("At__year", null)));
    }

    [Fact]
    public void Parts_in_paths_order_select_group_and_aggregate()
    {
        Assert.Equal(["a", "d", "b", "c"], Events(q => q.OrderBy("-At.Year", "Name")));
        var months = db.Objects("Event").Values("Name", "At.Month", "At.Date").Select(r => $"{r["Name"]}:{r["At.Month"]}:{(r["At.Date"] as DateTime?)?.ToString("yyyy-MM-dd")}");
        Assert.Equal(["a:2:2024-02-29", "b:12:2023-12-31", "c::", "d:3:2024-03-01"], months);
        Assert.IsType<long>(db.Objects("Event").Values("At.Year").First()["At.Year"]);
        var years = db.Objects("Event").Group([("Year", "At.Year")], [("N", Aggregate.Parse("Count(Id)"))]).Select(r => $"{r["Year"]}={r["N"]}");
        Assert.Equal(["=1", "2023=1", "2024=2"], years);
        var totals = db.Objects("Event").Aggregate(("Last", "Max(At.Year)"), ("Dated", "Count(At.Year)"), ("Sum", "Sum(On.Day)"));
        Assert.Equal(2024L, totals["Last"]);
        Assert.Equal(3L, totals["Dated"]);
        Assert.Equal(29L + 31 + 1, totals["Sum"]);
    }

    [Fact]
    public void Parts_compare_with_other_fields_and_across_relations()
    {
        Assert.Equal(["a", "b", "d"], Events(q => q.Filter(Q.Where(new F("At.Month"), Lookup.Exact, new F("On.Month")))));
        Assert.Equal(["a"], Events(q => q.Filter(Q.Where(new F("At.Day"), Lookup.Gt, new F("At.Month") * 10))));
        Assert.Equal(["bob"], db.Objects("Person").Filter("Events__At__year", 2023).Names());
        Assert.Equal(["ann"], db.Objects("Person").Filter("Events__On__month__gte", 2).Filter("Events__On__year", 2024).Distinct().Names());
        Assert.Equal(["b", "d"], Events(q => q.Filter(Q.Keyword("Host__Name", "bob") | Q.Keyword("At__day", 1))));
    }

    [Fact]
    public void A_meta_ordering_by_a_part_orders_queries_and_prefetched_members()
    {
        using var agenda = TestDb.Open(b => b
            .Model("Person", m => m.Char("Name", 20))
            .Model("Slot", m => m.Char("Name", 20).DateTime("At").ForeignKey("Host", "Person", OnDeleteAction.Cascade, relatedName: "Slots")
                .Ordering("-At.Year", "Name")));
        var ann = agenda.New("Person", ("Name", "ann"));
        agenda.New("Slot", ("Name", "z"), ("At", new DateTime(2023, 1, 1)), ("Host", ann));
        agenda.New("Slot", ("Name", "y"), ("At", new DateTime(2024, 12, 1)), ("Host", ann));
        agenda.New("Slot", ("Name", "x"), ("At", new DateTime(2024, 1, 1)), ("Host", ann));
        Assert.Equal(["x", "y", "z"], agenda.Objects("Slot").Names());
        var host = agenda.Objects("Person").Include("Slots").First();
        Assert.Equal(["x", "y", "z"], host.Manager("Slots").Names());
    }

    [Fact]
    public void A_part_a_field_does_not_have_is_an_error_that_lists_the_parts()
    {
        var e = Assert.Throws<UnknownNameException>(() => db.Objects("Event").Filter("At__fortnight", 1).ToList());
        Assert.Contains("'fortnight'", e.Message);
        Assert.Contains("Year, Month, Day, Hour, Minute, Second, Date, WeekDay, Quarter, Week, IsoYear, Time", e.Message);
        // A Date has no time of day.
        var onHour = Assert.Throws<UnknownNameException>(() => db.Objects("Event").Filter("On__hour", 1).ToList());
        Assert.Contains("its parts are Year, Month, Day, WeekDay, Quarter, Week, IsoYear.", onHour.Message);
        Assert.Throws<UnknownNameException>(() => db.Objects("Event").Filter("Name__year", 1).ToList());
        Assert.Throws<UnknownNameException>(() => db.Objects("Event").Filter("At__year__month", 1).ToList());
        Assert.ThrowsAny<RelationsException>(() => db.Objects("Event").Filter("At__year", "soon").ToList());
    }
}
