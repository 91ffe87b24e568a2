using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Expressions beyond F and arithmetic, restated from Django's tests: Case/When (expressions_case),
/// Coalesce Lower Upper Length Trim Substr Concat Cast (db_functions), aggregates of expressions,
/// StdDev/Variance and an aggregate's own filter (aggregation, aggregation_regress), nulls first/last
/// and random ordering (ordering), date parts week_day quarter week iso_year time (db_functions.datetime),
/// Exists/OuterRef and union/intersection/difference (expressions, queries.test_qs_combinators).
/// Models:
/// <code>
/// new ModelSetBuilder()
///   .Model("Author", m => m.Char("Name", 50).Char("Alias", 50, nullable: true).Char("GoesBy", 50, nullable: true))
///   .Model("Book",   m => m.Char("Name", 100).Integer("Pages").Decimal("Price", 6, 2).Float("Rating")
///       .Date("Pubdate").DateTime("Published", nullable: true).ForeignKey("Author", "Author", OnDeleteAction.Cascade, nullable: true, relatedName: "Books"))
/// </code>
/// Data: authors John Smith (alias smithj), Rhonda; six books (Django's aggregation fixture: pages 447,
/// 528, 300, 350, 1132, 946; prices 30.00, 23.09, 29.69, 29.69, 82.80, 75.00), the first three by John Smith.
/// </summary>
public class ExpressionFunctionTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Open(b => b
        .Model("Author", m => m.Char("Name", 50).Char("Alias", 50, nullable: true).Char("GoesBy", 50, nullable: true))
        .Model("Book", m => m.Char("Name", 100).Integer("Pages").Decimal("Price", 6, 2).Float("Rating").Date("Pubdate")
            .DateTime("Published", nullable: true).ForeignKey("Author", "Author", OnDeleteAction.Cascade, nullable: true, relatedName: "Books")));

    public ExpressionFunctionTests()
    {
        var john = db.Add("Author", ("Name", "John Smith"), ("Alias", "smithj"));
        db.Add("Author", ("Name", "Rhonda"));
        Book("The Definitive Guide to Django", 447, 30.00m, 4.5, "2007-12-06", john, new DateTime(2007, 12, 6, 13, 45, 30));
        Book("Sams Teach Yourself Django", 528, 23.09m, 3.0, "2008-06-23", john, null);
        Book("Practical Django Projects", 300, 29.69m, 4.0, "2008-11-03", john, null);
        Book("Python Web Development with Django", 350, 29.69m, 4.0, "2008-12-29", null, null);
        Book("Artificial Intelligence: A Modern Approach", 1132, 82.80m, 5.0, "2009-01-01", null, null);
        Book("Paradigms of AI Programming", 946, 75.00m, 4.0, "1991-10-15", null, null);
    }

    private void Book(string name, int pages, decimal price, double rating, string pubdate, object? author, DateTime? published) =>
        db.Add("Book", ("Name", name), ("Pages", pages), ("Price", price), ("Rating", rating), ("Pubdate", DateTime.Parse(pubdate, System.Globalization.CultureInfo.InvariantCulture)),
            ("Author", author), ("Published", published));

    public void Dispose() => db.Dispose();

    private QuerySet Authors => db.Objects("Author");
    private QuerySet Books => db.Objects("Book");

    private static List<string> Pairs(QuerySet q, string a, string b) =>
        q.Values(a, b).Select(r => $"{r[a]}|{Format(r[b])}").ToList();

    private static string Format(object? v) => v switch
    {
        null => "null",
        double d => d.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    // ---- Case / When (expressions_case) ------------------------------------------------------

    [Fact]
    public void Case_when_gives_the_first_matching_branch_else_the_default()
    {
        var size = new Case([
            new When(Q.Where("Pages", Lookup.Gt, 900), new Const("huge")),
            new When(Q.Where("Pages", Lookup.Gt, 400), new Const("big")),
        ], new Const("small"));
        Assert.Equal(["447|big", "528|big", "300|small", "350|small", "1132|huge", "946|huge"], Pairs(Books.Annotate("Size", size), "Pages", "Size"));
    }

    [Fact]
    public void Case_without_default_is_null_and_can_be_filtered_and_ordered_on()
    {
        var q = Books.Annotate("Cheap", new Case([new When(Q.Where("Price", Lookup.Lt, 30m), new Const(1L))]))
            .Filter(Q.Where("Cheap", Lookup.Exact, 1L)).OrderBy("-Pages");
        Assert.Equal(["528|1", "350|1", "300|1"], Pairs(q, "Pages", "Cheap"));
    }

    [Fact]
    public void A_condition_as_a_value_is_a_Boolean() =>
        Assert.Equal([true, true, false, false, true, true],
            Books.Annotate("Long", new Expressions.Condition(Q.Where("Pages", Lookup.Gt, 400))).Select(b => b.Annotations["Long"]).ToList());

    [Fact]
    public void Case_over_a_relation_reads_the_related_row() =>
        Assert.Equal(["447|John", "528|John", "300|John", "350|nobody", "1132|nobody", "946|nobody"],
            Pairs(Books.Annotate("By", new Case([new When(Q.Where("Author.Name", Lookup.StartsWith, "John"), new Const("John"))], new Const("nobody"))), "Pages", "By"));

    // ---- functions (db_functions) ------------------------------------------------------------

    [Fact]
    public void Coalesce_gives_the_first_non_null_argument() =>
        Assert.Equal(["John Smith|smithj", "Rhonda|Rhonda"], Pairs(Authors.Annotate("Display", "Coalesce(Alias, Name)"), "Name", "Display"));

    [Fact]
    public void Lower_Upper_Length_Trim() =>
        Assert.Equal(["John Smith|john smith|JOHN SMITH|10|6", "Rhonda|rhonda|RHONDA|6|null"],
            Authors.Annotate("L", "Lower(Name)").Annotate("U", "Upper(Name)").Annotate("N", "Length(Name)").Annotate("A", "Length(Alias)")
                .Values("Name", "L", "U", "N", "A").Select(r => $"{r["Name"]}|{r["L"]}|{r["U"]}|{Format(r["N"])}|{Format(r["A"])}").ToList());

    [Fact]
    public void Substr_counts_from_one() =>
        Assert.Equal(["John Smith|ohn S", "Rhonda|honda"], Pairs(Authors.Annotate("S", "Substring(Name, 2, 5)"), "Name", "S"));

    [Fact]
    public void Concat_treats_null_as_empty_text() =>
        Assert.Equal(["John Smith|John Smith (smithj)", "Rhonda|Rhonda ()"], Pairs(Authors.Annotate("C", "Concat(Name, ' (', Alias, ')')"), "Name", "C"));

    [Fact]
    public void Trim_and_functions_in_filters_and_ordering()
    {
        db.Add("Author", ("Name", "  Zed  "));
        Assert.Equal(["Zed"], Authors.Filter(Q.Where(new Function(FunctionKind.Trim, new F("Name")), Lookup.Exact, "Zed")).Select(a => ((string)a["Name"]!).Trim()).ToList());
        Assert.Equal(["Rhonda", "  Zed  ", "John Smith"], Authors.OrderBy("Length(Name)").Select(a => (string)a["Name"]!).ToList());
    }

    [Fact]
    public void Cast_converts_to_the_field_type()
    {
        var rows = Books.Annotate("Whole", "Cast(Price, Integer)").Annotate("Text", "Cast(Pages, Text)").Take(2).Values("Whole", "Text").ToList();
        Assert.Equal(30L, rows[0]["Whole"]);
        Assert.Equal("447", rows[0]["Text"]);
        Assert.Equal(23L, rows[1]["Whole"]);
    }

    [Fact]
    public void Arithmetic_annotation_is_one_statement()
    {
        db.Log.Clear();
        var values = Books.Annotate("Score", "Pages * 2 + Id").Select(b => b.Annotations["Score"]).ToList();
        Assert.Equal([895L, 1058L, 603L, 704L, 2269L, 1898L], values);
        Assert.Single(db.Log.Entries);
    }

    [Fact]
    public void An_annotation_of_a_to_many_path_is_refused_it_would_repeat_rows()
    {
        Assert.Equal("MultiValuedAnnotation", Assert.Throws<RelationsException>(() => Authors.Annotate("P", "Books.Pages")).ErrorId);
        Assert.Equal("MultiValuedAnnotation", Assert.Throws<RelationsException>(() => Authors.Annotate("P", "Books.Pages + 1")).ErrorId);
        Assert.Equal(["John Smith|1275", "Rhonda|null"], Pairs(Authors.Annotate("P", "Sum(Books.Pages)"), "Name", "P"));
    }

    [Fact]
    public void A_bad_expression_names_where_it_went_wrong()
    {
        var e = Assert.Throws<RelationsException>(() => Books.Annotate("X", "Lower(Name"));
        Assert.Equal("InvalidExpression", e.ErrorId);
        Assert.Contains("')' expected", e.Message);
        Assert.Equal("InvalidExpression", Assert.Throws<RelationsException>(() => Books.Annotate("X", "Frobnicate(Name)")).ErrorId);
    }

    // ---- aggregates (aggregation, aggregation_regress) ---------------------------------------

    [Fact]
    public void StdDev_and_Variance_are_of_the_population_by_default()
    {
        var r = Books.Aggregate(("Sd", "StdDev(Pages)"), ("SdS", "StdDev(Pages, Sample)"), ("V", "Variance(Pages)"), ("VS", "Variance(Pages, Sample)"), ("P", "StdDev(Price)"));
        Assert.Equal(311.47, (double)r["Sd"]!, 2);
        Assert.Equal(341.19, (double)r["SdS"]!, 2);
        Assert.Equal(97010.81, (double)r["V"]!, 2);
        Assert.Equal(116412.97, (double)r["VS"]!, 2);
        Assert.Equal(24.16, (double)r["P"]!, 2);
    }

    [Fact]
    public void StdDev_of_no_rows_is_null_and_of_one_sample_too()
    {
        Assert.Null(Books.Filter("Pages__gt", 5000).Aggregate(("S", "StdDev(Pages)"))["S"]);
        Assert.Null(Books.Filter("Pages", 447).Aggregate(("S", "StdDev(Pages, Sample)"))["S"]);
        Assert.Equal(0.0, Books.Filter("Pages", 447).Aggregate(("S", "StdDev(Pages)"))["S"]);
    }

    [Fact]
    public void Aggregate_of_an_expression()
    {
        var r = Books.Aggregate(("Total", "Sum(Price * Pages)"), ("Biggest", "Max(Pages * 2)"));
        Assert.Equal(209579.62, Convert.ToDouble(r["Total"], System.Globalization.CultureInfo.InvariantCulture), 2);
        Assert.Equal(2264L, r["Biggest"]);
    }

    [Fact]
    public void Aggregate_of_an_expression_over_a_relation_per_row() =>
        Assert.Equal(["John Smith|1275", "Rhonda|null"], Pairs(Authors.Annotate("Pages", "Sum(Books.Pages + 0)"), "Name", "Pages"));

    [Fact]
    public void An_aggregate_with_its_own_filter_counts_only_those_rows()
    {
        var big = new Aggregate(AggregateFunc.Count, "Books") { Where = Q.Where("Books.Pages", Lookup.Gt, 400) };
        Assert.Equal(["John Smith|2|3", "Rhonda|0|0"],
            Authors.Annotate("Big", big).Annotate("All", "Count(Books)").Values("Name", "Big", "All").Select(r => $"{r["Name"]}|{r["Big"]}|{r["All"]}").ToList());
        var whole = Books.Aggregate([("Big", new Aggregate(AggregateFunc.Count, "Id") { Where = Q.Where("Pages", Lookup.Gt, 400) }), ("All", new Aggregate(AggregateFunc.Count, "Id"))]);
        Assert.Equal(4L, whole["Big"]);
        Assert.Equal(6L, whole["All"]);
    }

    [Fact]
    public void Groups_with_a_filtered_aggregate_keep_every_group()
    {
        var rows = Books.Group([("Rating", "Rating")], [("Cheap", new Aggregate(AggregateFunc.Count, "Id") { Where = Q.Where("Price", Lookup.Lt, 30m) })]).ToList();
        Assert.Equal(["3|1", "4|2", "4.5|0", "5|0"], rows.Select(r => $"{Format(r["Rating"])}|{r["Cheap"]}").ToList());
    }

    [Fact]
    public void Groups_ordered_by_an_aggregate()
    {
        var rows = Books.Group([("Rating", "Rating")], [("N", Aggregate.Parse("Count(Id)"))], QueryCompilerOrdering("-N", "Rating")).ToList();
        Assert.Equal(["4|3", "3|1", "4.5|1", "5|1"], rows.Select(r => $"{Format(r["Rating"])}|{r["N"]}").ToList());
        var e = Assert.Throws<UnknownNameException>(() => Books.Group([("Rating", "Rating")], [("N", Aggregate.Parse("Count(Id)"))], QueryCompilerOrdering("Pages")).ToList());
        Assert.Contains("Rating, N", e.Message);
    }

    private static IReadOnlyList<OrderTerm> QueryCompilerOrdering(params string[] terms) => OrderTerms.Parse(terms);

    // ---- ordering ----------------------------------------------------------------------------

    [Fact]
    public void Nulls_first_and_last()
    {
        Assert.Equal(["Rhonda", "John Smith"], Authors.OrderBy("Alias:NullsFirst").Select(a => (string)a["Name"]!).ToList());
        Assert.Equal(["John Smith", "Rhonda"], Authors.OrderBy("Alias:NullsLast").Select(a => (string)a["Name"]!).ToList());
        Assert.Equal(["John Smith", "Rhonda"], Authors.OrderBy("-Alias:NullsLast").Select(a => (string)a["Name"]!).ToList());
        Assert.Equal("InvalidOrdering", Assert.Throws<RelationsException>(() => Authors.OrderBy("Alias:Sideways")).ErrorId);
    }

    [Fact]
    public void Random_order_returns_every_row_once()
    {
        var q = Books.OrderBy("?");
        Assert.Contains("random()", q.Sql);
        Assert.Equal(6, q.Select(b => b.Id).Distinct().Count());
    }

    // ---- date parts (db_functions.datetime) --------------------------------------------------

    [Fact]
    public void Week_day_quarter_week_and_iso_year()
    {
        Assert.Equal(["5|4|49|2007", "2|2|26|2008", "2|4|45|2008", "2|4|1|2009", "5|1|1|2009", "3|4|42|1991"],
            Books.Values("Pubdate.WeekDay", "Pubdate.Quarter", "Pubdate.Week", "Pubdate.IsoYear")
                .Select(r => $"{r["Pubdate.WeekDay"]}|{r["Pubdate.Quarter"]}|{r["Pubdate.Week"]}|{r["Pubdate.IsoYear"]}").ToList());
        Assert.Equal(2, Books.Filter("Pubdate__iso_year", 2009).Count());
        Assert.Equal(3, Books.Filter("Pubdate__week_day", 2).Count());
    }

    [Fact]
    public void Time_of_a_date_time()
    {
        Assert.Equal(new TimeSpan(13, 45, 30), Books.Filter("Published__isnull", false).Values("Published.Time").Single()["Published.Time"]);
        Assert.Equal(1, Books.Filter("Published__time__gt", new TimeSpan(12, 0, 0)).Count());
        Assert.Equal(0, Books.Filter("Published__time__gt", "14:00").Count());
    }

    // ---- Exists / OuterRef, sets -------------------------------------------------------------

    [Fact]
    public void Exists_with_OuterRef_as_a_filter_and_an_annotation()
    {
        var bigBooks = Books.Filter(Q.Where("Author", Lookup.Exact, new OuterRef("Id")) & Q.Where("Pages", Lookup.Gt, 500));
        Assert.Equal(["John Smith"], Authors.Filter(Q.Where(new Exists(bigBooks), Lookup.Exact, true)).Select(a => (string)a["Name"]!).ToList());
        Assert.Equal(["John Smith|True", "Rhonda|False"], Pairs(Authors.Annotate("HasBig", new Exists(bigBooks)), "Name", "HasBig"));
        Assert.Equal("OuterRefOutsideSubquery", Assert.Throws<RelationsException>(() => bigBooks.ToList()).ErrorId);
    }

    [Fact]
    public void Union_intersection_and_difference_of_one_model()
    {
        var big = Books.Filter("Pages__gt", 900);
        var cheap = Books.Filter("Price__lt", 30m);
        List<long> Pages(QuerySet q) => q.OrderBy("Pages").Select(b => (long)b["Pages"]!).ToList();
        Assert.Equal([300L, 350L, 528L, 946L, 1132L], Pages(big.Union(cheap)));
        Assert.Equal([946L, 1132L], Pages(big.Union(big)));
        Assert.Empty(Pages(big.Intersection(cheap)));
        Assert.Equal([300L, 350L], Pages(cheap.Intersection(Books.Filter("Pages__lt", 400))));
        Assert.Equal([528L], Pages(cheap.Difference(Books.Filter("Pages__lt", 400))));
        Assert.Equal(5, big.Union(cheap).Count());
        Assert.Equal("SetOfDifferentModels", Assert.Throws<RelationsException>(() => big.Union(Authors)).ErrorId);
    }
}
