using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Django's <c>tests/aggregation</c>, restated. Models (aggregation/models.py):
/// <code>
/// new ModelSetBuilder()
///   .Model("Author",    m => m.Char("Name", 100).Integer("Age").ManyToMany("Friends", "self", blank: true))   // symmetrical
///   .Model("Publisher", m => m.Char("Name", 255).Integer("NumAwards"))
///   .Model("Book",      m => m.Char("Isbn", 9).Char("Name", 255).Integer("Pages").Float("Rating").Decimal("Price", 6, 2)
///       .ManyToMany("Authors", "Author", relatedName: "Books")
///       .ForeignKey("Contact", "Author", OnDeleteAction.Cascade, relatedName: "BookContactSet")
///       .ForeignKey("Publisher", "Publisher", OnDeleteAction.Cascade, relatedName: "Books")
///       .Date("PubDate"))
///   .Model("Store",     m => m.Char("Name", 255).ManyToMany("Books", "Book", relatedName: "Stores").DateTime("OriginalOpening"))
/// </code>
/// Data (Django's setUpTestData): nine authors (Adrian Holovaty 34 ... Stuart Russell 46) with their
/// friendships; publishers Apress, Sams, Prentice Hall, Morgan Kaufmann, Jonno's House of Books; six
/// books b1-b6; stores Amazon.com (all six books), Books.com (b1 b3 b5 b6), Mamma and Pappa's Books (b3 b4 b6).
/// Book b4 ("Python Web Development with Django") has 3 authors and is in 2 stores.
/// </summary>
public class AggregationTests : IDisposable
{
    internal static ModelSet Models => new ModelSetBuilder()
        .Model("Author", m => m.Char("Name", 100).Integer("Age").ManyToMany("Friends", "self", blank: true))
        .Model("Publisher", m => m.Char("Name", 255).Integer("NumAwards"))
        .Model("Book", m => m.Char("Isbn", 9).Char("Name", 255).Integer("Pages").Float("Rating").Decimal("Price", 6, 2)
            .ManyToMany("Authors", "Author", relatedName: "Books")
            .ForeignKey("Contact", "Author", OnDeleteAction.Cascade, relatedName: "BookContactSet")
            .ForeignKey("Publisher", "Publisher", OnDeleteAction.Cascade, relatedName: "Books")
            .Date("PubDate"))
        .Model("Store", m => m.Char("Name", 255).ManyToMany("Books", "Book", relatedName: "Stores").DateTime("OriginalOpening"))
        .Build();

    /// <summary>Django's setUpTestData; returns the authors a[1..9], publishers p[1..5] and books b[1..6].</summary>
    internal static (RelObject[] A, RelObject[] P, RelObject[] B) Seed(RelDatabase db)
    {
        var a = new RelObject[10];
        var people = new (string, int)[] { ("Adrian Holovaty", 34), ("Jacob Kaplan-Moss", 35), ("Brad Dayley", 45), ("James Bennett", 29),
            ("Jeffrey Forcier", 37), ("Paul Bissex", 29), ("Wesley J. Chun", 25), ("Peter Norvig", 57), ("Stuart Russell", 46) };
        for (var i = 0; i < 9; i++) a[i + 1] = db.Add("Author", ("Name", people[i].Item1), ("Age", people[i].Item2));
        a[1].Manager("Friends").Add(new[] { a[2], a[4] });
        a[2].Manager("Friends").Add(new[] { a[1], a[7] });
        a[4].Manager("Friends").Add(a[1]);
        a[5].Manager("Friends").Add(new[] { a[6], a[7] });
        a[6].Manager("Friends").Add(new[] { a[5], a[7] });
        a[7].Manager("Friends").Add(new[] { a[2], a[5], a[6] });
        a[8].Manager("Friends").Add(a[9]);
        a[9].Manager("Friends").Add(a[8]);
        var p = new RelObject[6];
        var pubs = new (string, int)[] { ("Apress", 3), ("Sams", 1), ("Prentice Hall", 7), ("Morgan Kaufmann", 9), ("Jonno's House of Books", 0) };
        for (var i = 0; i < 5; i++) p[i + 1] = db.Add("Publisher", ("Name", pubs[i].Item1), ("NumAwards", pubs[i].Item2));
        var b = new RelObject[7];
        RelObject Book(string isbn, string name, int pages, double rating, string price, RelObject contact, RelObject publisher, DateTime date, params RelObject[] authors) =>
            db.Add("Book", ("Isbn", isbn), ("Name", name), ("Pages", pages), ("Rating", rating), ("Price", decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)),
                ("Contact", contact), ("Publisher", publisher), ("PubDate", date), ("Authors", authors));
        b[1] = Book("159059725", "The Definitive Guide to Django: Web Development Done Right", 447, 4.5, "30.00", a[1], p[1], new DateTime(2007, 12, 6), a[1], a[2]);
        b[2] = Book("067232959", "Sams Teach Yourself Django in 24 Hours", 528, 3.0, "23.09", a[3], p[2], new DateTime(2008, 3, 3), a[3]);
        b[3] = Book("159059996", "Practical Django Projects", 300, 4.0, "29.69", a[4], p[1], new DateTime(2008, 6, 23), a[4]);
        b[4] = Book("013235613", "Python Web Development with Django", 350, 4.0, "29.69", a[5], p[3], new DateTime(2008, 11, 3), a[5], a[6], a[7]);
        b[5] = Book("013790395", "Artificial Intelligence: A Modern Approach", 1132, 4.0, "82.80", a[8], p[3], new DateTime(1995, 1, 15), a[8], a[9]);
        b[6] = Book("155860191", "Paradigms of Artificial Intelligence Programming: Case Studies in Common Lisp", 946, 5.0, "75.00", a[8], p[4], new DateTime(1991, 10, 15), a[8]);
        db.Add("Store", ("Name", "Amazon.com"), ("OriginalOpening", new DateTime(1994, 4, 23, 9, 17, 42)), ("Books", b[1..7]));
        db.Add("Store", ("Name", "Books.com"), ("OriginalOpening", new DateTime(2001, 3, 15, 11, 23, 37)), ("Books", new[] { b[1], b[3], b[5], b[6] }));
        db.Add("Store", ("Name", "Mamma and Pappa's Books"), ("OriginalOpening", new DateTime(1945, 4, 25, 16, 24, 14)), ("Books", new[] { b[3], b[4], b[6] }));
        return (a, p, b);
    }

    private readonly RelDatabase db = QueryDb.Open(Models);
    private readonly RelObject[] a, p, b;

    public AggregationTests() => (a, p, b) = Seed(db);

    public void Dispose() => db.Dispose();

    private QuerySet O(string model) => db.Objects(model);

    private static List<string> Pairs(IEnumerable<RelObject> rows, string name, string value) =>
        rows.Select(r => $"{r[name]}|{Fmt(r[value])}").ToList();

    private static string Fmt(object? v) => v switch
    {
        null => "null",
        double d => Math.Round(d, 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString()!,
    };

    // ---- aggregate() -------------------------------------------------------------------------

    [Fact]
    public void Single_aggregate() => Assert.Equal(37.44, (double)O("Author").Aggregate(("AgeAvg", "Avg(Age)"))["AgeAvg"]!, 2);

    [Fact]
    public void Multiple_aggregates()
    {
        var v = O("Author").Aggregate(("Sum", "Sum(Age)"), ("Avg", "Avg(Age)"));
        Assert.Equal(337L, v["Sum"]);
        Assert.Equal(37.44, (double)v["Avg"]!, 2);
    }

    [Fact]
    public void Filter_then_aggregate() => Assert.Equal(254L, O("Author").Filter("Age__gt", 29).Aggregate(("S", "Sum(Age)"))["S"]);

    [Theory]
    [InlineData("Author", null, null, "Avg(Friends.Age)", 34.07)]
    [InlineData("Book", "Rating__lt", 4.5, "Avg(Authors.Age)", 38.29)]
    [InlineData("Author", "Name__contains", "a", "Avg(Books.Rating)", 4.0)]
    [InlineData("Store", "Name", "Amazon.com", "Avg(Books.Rating)", 4.08)]
    public void Related_average(string model, string? key, object? value, string aggregate, double expected)
    {
        var q = key is null ? O(model) : O(model).Filter(key, value);
        Assert.Equal(expected, (double)q.Aggregate(("V", aggregate))["V"]!, 2);
    }

    [Theory]
    [InlineData("Book", "Sum(Publisher.NumAwards)", 30L)]
    [InlineData("Store", "Max(Books.Authors.Age)", 57L)]
    [InlineData("Author", "Min(Books.Publisher.NumAwards)", 1L)]
    [InlineData("Book", "Count(Rating)", 6L)]
    [InlineData("Book", "Count(Rating, Distinct)", 4L)]
    [InlineData("Book", "Count(Authors)", 10L)]
    [InlineData("Book", "Count(Stores)", 13L)]
    [InlineData("Book", "Count(Authors, Distinct)", 9L)]
    [InlineData("Store", "Count(Books.Authors, Distinct)", 9L)]
    public void Integer_aggregates_over_relations(string model, string aggregate, long expected) =>
        Assert.Equal(expected, O(model).Aggregate(("V", aggregate))["V"]);

    [Fact]
    public void Sum_of_Decimal_is_Decimal()
    {
        var v = O("Publisher").Aggregate(("Total", "Sum(Books.Price)"))["Total"];
        Assert.IsType<decimal>(v);
        Assert.Equal(270.27m, v);
        Assert.Equal(82.80m, O("Book").Aggregate(("M", "Max(Price)"))["M"]);
    }

    [Fact]
    public void Empty_aggregates_are_null_and_empty_count_is_zero()
    {
        var v = O("Book").Filter("Name", "No such book").Aggregate(("S", "Sum(Price)"), ("A", "Avg(Rating)"), ("Min", "Min(Pages)"), ("Max", "Max(PubDate)"), ("N", "Count(Id)"), ("L", "Count(Authors)"));
        Assert.Null(v["S"]);
        Assert.Null(v["A"]);
        Assert.Null(v["Min"]);
        Assert.Null(v["Max"]);
        Assert.Equal(0L, v["N"]);
        Assert.Equal(0L, v["L"]);
    }

    [Fact]
    public void Min_and_Max_keep_the_field_type()
    {
        var v = O("Store").Aggregate(("Open", "Min(OriginalOpening)"), ("Last", "Max(Books.PubDate)"));
        Assert.Equal(new DateTime(1945, 4, 25, 16, 24, 14), v["Open"]);
        Assert.Equal(new DateTime(2008, 11, 3), v["Last"]);
    }

    [Fact]
    public void Aggregate_of_an_annotation() =>
        Assert.Equal(1.67, (double)O("Book").Annotate("NumAuthors", "Count(Authors.Id)").Aggregate(("A", "Avg(NumAuthors)"))["A"]!, 2);

    [Fact]
    public void Aggregate_over_a_slice_uses_only_the_slice() =>
        Assert.Equal(4.5, (double)O("Book").OrderBy("-Rating").Slice(0, 3).Aggregate(("A", "Avg(Rating)"))["A"]!, 6);

    [Fact]
    public void Filter_on_a_multi_valued_relation_does_not_duplicate_rows_and_distinct_changes_nothing()
    {
        // Django counts 3 here (the join duplicates Peter Norvig) and needs distinct() to get 2: we never duplicate.
        var authors = O("Author").Filter("Books__in", new[] { b[5], b[6] });
        Assert.Equal(2L, authors.Count());
        Assert.Equal(2L, authors.Distinct().Count());
        Assert.Equal(103L, authors.Distinct().Aggregate(("S", "Sum(Age)"))["S"]);
        Assert.Equal(103L, authors.Aggregate(("S", "Sum(Age)"))["S"]);
    }

    // ---- annotate() --------------------------------------------------------------------------

    [Fact]
    public void Annotate_mean_age_of_one_book()
    {
        var book = O("Book").Annotate("MeanAge", "Avg(Authors.Age)").Get(Q.Keyword("Id", b[1].Id));
        Assert.Equal("The Definitive Guide to Django: Web Development Done Right", book["Name"]);
        Assert.Equal(34.5, book["MeanAge"]);
    }

    [Fact]
    public void Annotate_average_over_a_many_to_many_after_a_filter() =>
        Assert.Equal(["Artificial Intelligence: A Modern Approach|51.5", "Practical Django Projects|29", "Python Web Development with Django|30.33", "Sams Teach Yourself Django in 24 Hours|45"],
            Pairs(O("Book").Filter("Rating__lt", 4.5).Annotate("AvgAge", "Avg(Authors.Age)").OrderBy("Name"), "Name", "AvgAge"));

    [Fact]
    public void Annotate_count_over_a_many_to_many() =>
        Assert.Equal(["Artificial Intelligence: A Modern Approach|2", "Paradigms of Artificial Intelligence Programming: Case Studies in Common Lisp|1",
            "Practical Django Projects|1", "Python Web Development with Django|3", "Sams Teach Yourself Django in 24 Hours|1",
            "The Definitive Guide to Django: Web Development Done Right|2"],
            Pairs(O("Book").Annotate("NumAuthors", "Count(Authors)").OrderBy("Name"), "Name", "NumAuthors"));

    [Fact]
    public void Annotate_over_a_reverse_many_to_many()
    {
        Assert.Equal(["Adrian Holovaty|4.5", "Brad Dayley|3", "Jacob Kaplan-Moss|4.5", "James Bennett|4", "Paul Bissex|4", "Stuart Russell|4"],
            Pairs(O("Author").Filter("Name__contains", "a").Annotate("R", "Avg(Books.Rating)").OrderBy("Name"), "Name", "R"));
        Assert.Equal(["Adrian Holovaty|1", "Brad Dayley|1", "Jacob Kaplan-Moss|1", "James Bennett|1", "Jeffrey Forcier|1", "Paul Bissex|1",
            "Peter Norvig|2", "Stuart Russell|1", "Wesley J. Chun|1"],
            Pairs(O("Author").Annotate("NumBooks", "Count(Books)").OrderBy("Name"), "Name", "NumBooks"));
    }

    [Fact]
    public void Annotate_over_a_forward_foreign_key() =>
        Assert.Equal(["Artificial Intelligence: A Modern Approach|7", "Paradigms of Artificial Intelligence Programming: Case Studies in Common Lisp|9",
            "Practical Django Projects|3", "Python Web Development with Django|7", "Sams Teach Yourself Django in 24 Hours|1",
            "The Definitive Guide to Django: Web Development Done Right|3"],
            Pairs(O("Book").Annotate("Awards", "Sum(Publisher.NumAwards)").OrderBy("Name"), "Name", "Awards"));

    [Fact]
    public void Annotate_sum_of_decimals_over_a_reverse_foreign_key_empty_is_null() =>
        Assert.Equal(["Apress|59.69", "Jonno's House of Books|null", "Morgan Kaufmann|75.00", "Prentice Hall|112.49", "Sams|23.09"],
            Pairs(O("Publisher").Annotate("Total", "Sum(Books.Price)").OrderBy("Name"), "Name", "Total"));

    [Fact]
    public void Annotate_average_over_a_symmetrical_self_relation() =>
        Assert.Equal(["Adrian Holovaty|32", "Brad Dayley|null", "Jacob Kaplan-Moss|29.5", "James Bennett|34", "Jeffrey Forcier|27", "Paul Bissex|31",
            "Peter Norvig|46", "Stuart Russell|57", "Wesley J. Chun|33.67"],
            Pairs(O("Author").Annotate("FriendsAge", "Avg(Friends.Age)").OrderBy("Name"), "Name", "FriendsAge"));

    [Fact]
    public void Annotated_values_select_the_annotation_by_name()
    {
        var row = Assert.Single(O("Book").Filter("Id", b[1].Id).Annotate("MeanAge", "Avg(Authors.Age)").Values("Id", "Isbn", "MeanAge"));
        Assert.Equal(b[1].Id, row["Id"]);
        Assert.Equal("159059725", row["Isbn"]);
        Assert.Equal(34.5, row["MeanAge"]);
    }

    [Fact]
    public void Annotations_that_are_not_aggregates_are_values_per_row()
    {
        var rows = O("Book").Annotate("Salaries", new F("Contact.Age")).Filter("Rating", 4.0).OrderBy("Id");
        Assert.Equal(["Practical Django Projects|29", "Python Web Development with Django|37", "Artificial Intelligence: A Modern Approach|57"], Pairs(rows, "Name", "Salaries"));
    }

    // ---- filters on annotations (HAVING) -----------------------------------------------------

    private void ExpensiveBooks()
    {
        var pub = db.Add("Publisher", ("Name", "Expensive Publisher"), ("NumAwards", 0));
        var i = 0;
        foreach (var (rating, price) in new[] { (3.5, 1000m), (4.0, 1000m), (4.5, 35m) })
            db.Add("Book", ("Name", $"ExpensiveBook{++i}"), ("Pages", 1), ("Isbn", $"{i}{i}{i}"), ("Rating", rating), ("Price", price),
                ("Publisher", pub), ("Contact", a[1]), ("PubDate", new DateTime(2008, 12, i)));
    }

    private List<string> Publishers(QuerySet q) => q.OrderBy("Id").Select(x => (string)x["Name"]!).ToList();

    [Fact]
    public void Filter_on_an_annotation()
    {
        ExpensiveBooks();
        Assert.Equal(["Apress", "Prentice Hall", "Expensive Publisher"], Publishers(O("Publisher").Annotate("NumBooks", "Count(Books.Id)").Filter("NumBooks__gt", 1)));
    }

    [Fact]
    public void Filter_on_a_reverse_relation_lists_each_publisher_once()
    {
        ExpensiveBooks();
        // Django lists Apress twice (one row per matching book); a filter never multiplies rows here.
        Assert.Equal(["Apress", "Sams", "Prentice Hall", "Expensive Publisher"], Publishers(O("Publisher").Filter("Books__Price__lt", 40m)));
    }

    [Fact]
    public void Filter_on_an_annotation_and_a_relation_in_one_call()
    {
        ExpensiveBooks();
        Assert.Equal(["Apress", "Prentice Hall", "Expensive Publisher"],
            Publishers(O("Publisher").Annotate("NumBooks", "Count(Books.Id)").Filter(QueryDb.D(("NumBooks__gt", 1), ("Books__Price__lt", 40m)))));
    }

    [Fact]
    public void A_filter_before_the_annotation_restricts_what_it_counts()
    {
        ExpensiveBooks();
        Assert.Equal(["Apress"], Publishers(O("Publisher").Filter("Books__Price__lt", 40m).Annotate("NumBooks", "Count(Books.Id)").Filter("NumBooks__gt", 1)));
    }

    [Theory]
    [InlineData("range", new[] { 1, 3 }, "Apress,Sams,Prentice Hall,Morgan Kaufmann,Expensive Publisher")]
    [InlineData("range", new[] { 1, 2 }, "Apress,Sams,Prentice Hall,Morgan Kaufmann")]
    [InlineData("in", new[] { 1, 3 }, "Sams,Morgan Kaufmann,Expensive Publisher")]
    [InlineData("lte", 0, "Jonno's House of Books")]
    [InlineData("exact", 2, "Apress,Prentice Hall")]
    public void Lookups_on_an_annotation(string lookup, object value, string expected)
    {
        ExpensiveBooks();
        Assert.Equal(expected.Split(','), Publishers(O("Publisher").Annotate("NumBooks", "Count(Books)").Filter($"NumBooks__{lookup}", value)));
    }

    [Fact]
    public void A_count_annotation_is_never_null()
    {
        Assert.Empty(O("Publisher").Annotate("NumBooks", "Count(Books)").Filter("NumBooks__isnull", true));
        Assert.Equal(5L, O("Publisher").Annotate("NumBooks", "Count(Books)").Filter("NumBooks__isnull", false).Count());
    }

    [Fact]
    public void Annotation_filters_from_Djangos_test_annotation()
    {
        Assert.Equal(2L, O("Author").Filter("Id", a[1].Id).Aggregate(("N", "Count(Friends.Id)"))["N"]);
        Assert.Equal(["The Definitive Guide to Django: Web Development Done Right", "Artificial Intelligence: A Modern Approach"],
            O("Book").Annotate("NumAuthors", "Count(Authors.Name)").Filter("NumAuthors__exact", 2).OrderBy("Id").Select(x => (string)x["Name"]!));
        Assert.Equal(["Brad Dayley"], O("Author").Annotate("NumFriends", "Count(Friends.Id, Distinct)").Filter("NumFriends", 0).OrderBy("Id").Select(x => (string)x["Name"]!));
        Assert.Equal(["Artificial Intelligence: A Modern Approach"],
            O("Book").Annotate("NumAuthors", "Count(Authors.Id)").Filter(QueryDb.D(("Authors__Name__contains", "Norvig"), ("NumAuthors__gt", 1))).Select(x => (string)x["Name"]!));
    }

    [Fact]
    public void Aggregate_after_filtering_on_an_annotation()
    {
        b[1].Manager("Authors").Add(a[8]);
        var v = O("Book").Annotate("NumAuthors", "Count(Authors.Id)").Filter(QueryDb.D(("Authors__Name__contains", "Norvig"), ("NumAuthors__gt", 1))).Aggregate(("R", "Avg(Rating)"));
        Assert.Equal(4.25, v["R"]);
    }

    [Fact]
    public void Exclude_and_order_by_a_date_annotation_then_values()
    {
        var rows = O("Publisher").Annotate("EarliestBook", "Min(Books.PubDate)").Exclude("EarliestBook", null).OrderBy("EarliestBook")
            .Values("EarliestBook", "NumAwards", "Id", "Name")
            .Select(r => $"{(DateTime)r["EarliestBook"]!:yyyy-MM-dd}|{r["NumAwards"]}|{r["Id"]}|{r["Name"]}").ToList();
        Assert.Equal(["1991-10-15|9|4|Morgan Kaufmann", "1995-01-15|7|3|Prentice Hall", "2007-12-06|3|1|Apress", "2008-03-03|1|2|Sams"], rows);
    }

    // ---- PRODUCT §7: the order of filters and annotations ---------------------------------

    [Fact]
    public void A_filter_after_the_annotation_even_on_the_same_relation_does_not_change_its_value()
    {
        // Django joins Books a second time and reports Apress with 4; the count stays 2 here.
        var after = O("Publisher").Annotate("NumBooks", "Count(Books)").Filter("Books__Price__lt", 40m).OrderBy("Id");
        Assert.Equal(["Apress|2", "Sams|1", "Prentice Hall|2"], Pairs(after, "Name", "NumBooks"));
        var before = O("Publisher").Filter("Books__Price__lt", 40m).Annotate("NumBooks", "Count(Books)").OrderBy("Id");
        Assert.Equal(["Apress|2", "Sams|1", "Prentice Hall|1"], Pairs(before, "Name", "NumBooks"));
    }

    [Fact]
    public void A_filter_before_the_annotation_restricts_sums_and_averages_too()
    {
        var q = O("Publisher").Filter("Books__Rating__gte", 4.0).Annotate("Pages", "Sum(Books.Pages)").Annotate("Rating", "Avg(Books.Rating)").OrderBy("Id");
        Assert.Equal(["Apress|747|4.25", "Prentice Hall|1482|4", "Morgan Kaufmann|946|5"], q.Select(x => $"{x["Name"]}|{x["Pages"]}|{Fmt(x["Rating"])}"));
    }

    [Fact]
    public void A_filter_before_the_annotation_on_another_relation_does_not_restrict_it()
    {
        var q = O("Book").Filter("Stores__Name", "Books.com").Annotate("NumAuthors", "Count(Authors)").OrderBy("Id");
        Assert.Equal([2L, 1L, 2L, 1L], q.Select(x => (long)x["NumAuthors"]!));
    }

    // ---- Count over two multi-valued relations (beyond Django) ------------------------------

    [Fact]
    public void Two_multi_valued_counts_on_one_row_are_not_multiplied()
    {
        // Django joins both relations and reports 6 and 6 for this book.
        var book = O("Book").Annotate("NumAuthors", "Count(Authors)").Annotate("NumStores", "Count(Stores)").Get(Q.Keyword("Id", b[4].Id));
        Assert.Equal(3L, book["NumAuthors"]);
        Assert.Equal(2L, book["NumStores"]);
    }

    [Fact]
    public void Two_multi_valued_counts_for_every_row()
    {
        var q = O("Book").Annotate("NumAuthors", "Count(Authors)").Annotate("NumStores", "Count(Stores)").OrderBy("Id");
        Assert.Equal(["2|2", "1|1", "1|3", "3|2", "2|2", "1|3"], q.Select(x => $"{x["NumAuthors"]}|{x["NumStores"]}"));
    }

    [Fact]
    public void Two_multi_valued_aggregates_over_the_query()
    {
        var v = O("Book").Filter("Id", b[4].Id).Aggregate(("Authors", "Count(Authors)"), ("Stores", "Count(Stores)"), ("Age", "Sum(Authors.Age)"));
        Assert.Equal(3L, v["Authors"]);
        Assert.Equal(2L, v["Stores"]);
        Assert.Equal(91L, v["Age"]);
    }

    [Fact]
    public void Two_multi_valued_aggregates_per_group()
    {
        // Joined, Apress would report 7 and 7 (b1: 2 authors x 2 stores, b3: 1 x 3).
        var rows = O("Book").Group([("Publisher", "Publisher.Name")], [("Authors", Aggregate.Parse("Count(Authors)")), ("Stores", Aggregate.Parse("Count(Stores)")), ("Age", Aggregate.Parse("Sum(Authors.Age)"))])
            .Select(r => $"{r["Publisher"]}|{r["Authors"]}|{r["Stores"]}|{r["Age"]}").ToList();
        Assert.Equal(["Apress|3|5|98", "Morgan Kaufmann|1|3|57", "Prentice Hall|5|4|194", "Sams|1|1|45"], rows);
    }

    // ---- values(...).annotate(...) -----------------------------------------------------------

    [Fact]
    public void Group_by_rating_with_two_aggregates_over_one_relation()
    {
        var rows = O("Book").Group([("Rating", "Rating")], [("NAuthors", Aggregate.Parse("Count(Authors.Id)")), ("MeanAge", Aggregate.Parse("Avg(Authors.Age)"))])
            .Select(r => $"{Fmt(r["Rating"])}|{r["NAuthors"]}|{Fmt(r["MeanAge"])}").ToList();
        Assert.Equal(["3|1|45", "4|6|37.17", "4.5|2|34.5", "5|1|57"], rows);
    }

    [Fact]
    public void Group_by_rating_max_author_age()
    {
        var rows = O("Book").Group([("Rating", "Rating")], [("Oldest", Aggregate.Parse("Max(Authors.Age)"))]).Select(r => $"{Fmt(r["Rating"])}|{r["Oldest"]}").ToList();
        Assert.Equal(["3|45", "4|57", "4.5|35", "5|57"], rows);
    }

    [Fact]
    public void Group_by_a_decimal()
    {
        var rows = O("Book").Group([("Price", "Price")], [("Count", Aggregate.Parse("Count(Price)"))]).Select(r => $"{Fmt(r["Price"])}|{r["Count"]}").ToList();
        Assert.Equal(["23.09|1", "29.69|2", "30.00|1", "75.00|1", "82.80|1"], rows);
    }

    [Fact]
    public void Group_after_a_filter_and_by_distinct_foreign_key()
    {
        var rows = O("Book").Filter("Rating", 4.0).Group([("Rating", "Rating")], [("Count", Aggregate.Parse("Count(PublisherId, Distinct)"))]).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(4.0, row["Rating"]);
        Assert.Equal(2L, row["Count"]);
    }

    [Fact]
    public void Group_by_a_multi_valued_path()
    {
        var rows = O("Book").Group([("Store", "Stores.Name")], [("Books", Aggregate.Parse("Count(Id)")), ("Pages", Aggregate.Parse("Sum(Pages)"))])
            .Select(r => $"{r["Store"]}|{r["Books"]}|{r["Pages"]}").ToList();
        Assert.Equal(["Amazon.com|6|3703", "Books.com|4|2825", "Mamma and Pappa's Books|3|1596"], rows);
    }

    [Fact]
    public void Group_on_an_annotation()
    {
        var rows = O("Book").Annotate("NumAuthors", "Count(Authors)").Group([("N", "NumAuthors")], [("Books", Aggregate.Parse("Count(Id)"))])
            .Select(r => $"{r["N"]}|{r["Books"]}").ToList();
        Assert.Equal(["1|3", "2|2", "3|1"], rows);
    }

    // ---- errors ------------------------------------------------------------------------------

    [Fact]
    public void An_annotation_cannot_aggregate_another_annotation()
    {
        var e = Assert.Throws<RelationsException>(() => O("Book").Annotate("N", "Count(Authors)").Annotate("M", "Sum(N)"));
        Assert.Equal("AggregateOfAnnotation", e.ErrorId);
    }

    [Theory]
    [InlineData("Name", "AnnotationClash")]
    [InlineData("Authors", "AnnotationClash")]
    public void An_annotation_cannot_reuse_a_field_or_relation_name(string name, string error) =>
        Assert.Equal(error, Assert.Throws<RelationsException>(() => O("Book").Annotate(name, "Count(Authors)")).ErrorId);

    [Theory]
    [InlineData("Median(Age)")]
    [InlineData("Count(Age, Unique)")]
    [InlineData("Count Age")]
    public void A_malformed_aggregate_is_refused(string text) =>
        Assert.Equal("InvalidAggregate", Assert.Throws<RelationsException>(() => Aggregate.Parse(text)).ErrorId);

    [Fact]
    public void An_aggregate_over_an_unknown_path_lists_the_choices()
    {
        var e = Assert.Throws<UnknownNameException>(() => O("Publisher").Aggregate(("X", "Sum(Book.Price)")));
        Assert.Equal("Cannot resolve keyword 'Book' into field (in 'Book.Price'). Choices are: Id, Name, NumAwards, Books.", e.Message);
    }

    [Fact]
    public void Aggregate_needs_at_least_one_aggregate() =>
        Assert.Equal("NoAggregate", Assert.Throws<RelationsException>(() => O("Book").Aggregate(Array.Empty<(string, string)>())).ErrorId);
}
