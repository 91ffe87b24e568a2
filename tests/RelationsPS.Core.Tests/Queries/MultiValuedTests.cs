using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Django's "Spanning multi-valued relationships" (docs/topics/db/queries.txt), restated with exact
/// data. Models (the documentation's Blog/Entry/Author):
/// <code>
/// new ModelSetBuilder()
///   .Model("Blog",   m => m.Char("Name", 100))
///   .Model("Author", m => m.Char("Name", 200))
///   .Model("Entry",  m => m.ForeignKey("Blog", "Blog", OnDeleteAction.Cascade, relatedName: "Entries")
///       .Char("Headline", 255).Date("PubDate").ManyToMany("Authors", "Author", relatedName: "Entries"))
/// </code>
/// Data: Beatles Blog — "Lennon and McCartney" (2008-03-01, by Paul), "Ringo" (2007-06-01);
/// Pop Blog — "Lennon tribute" (2007-12-08), "New releases" (2008-05-05, by Paul);
/// Jazz Blog — "Coltrane" (2008-01-01, by Ella); Empty Blog — no entries.
/// "2008" is written as a range lookup (there is no year lookup).
/// </summary>
public class MultiValuedTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Open(b => b
        .Model("Blog", m => m.Char("Name", 100))
        .Model("Author", m => m.Char("Name", 200))
        .Model("Entry", m => m.ForeignKey("Blog", "Blog", OnDeleteAction.Cascade, relatedName: "Entries")
            .Char("Headline", 255).Date("PubDate").ManyToMany("Authors", "Author", relatedName: "Entries")));

    private static readonly DateTime[] Year2008 = [new(2008, 1, 1), new(2008, 12, 31)];

    public MultiValuedTests()
    {
        var paul = db.Add("Author", ("Name", "Paul"));
        var ella = db.Add("Author", ("Name", "Ella"));
        var beatles = db.Add("Blog", ("Name", "Beatles Blog"));
        var pop = db.Add("Blog", ("Name", "Pop Blog"));
        var jazz = db.Add("Blog", ("Name", "Jazz Blog"));
        db.Add("Blog", ("Name", "Empty Blog"));
        db.Add("Entry", ("Blog", beatles), ("Headline", "Lennon and McCartney"), ("PubDate", new DateTime(2008, 3, 1)), ("Authors", new[] { paul }));
        db.Add("Entry", ("Blog", beatles), ("Headline", "Ringo"), ("PubDate", new DateTime(2007, 6, 1)));
        db.Add("Entry", ("Blog", pop), ("Headline", "Lennon tribute"), ("PubDate", new DateTime(2007, 12, 8)));
        db.Add("Entry", ("Blog", pop), ("Headline", "New releases"), ("PubDate", new DateTime(2008, 5, 5)), ("Authors", new[] { paul }));
        db.Add("Entry", ("Blog", jazz), ("Headline", "Coltrane"), ("PubDate", new DateTime(2008, 1, 1)), ("Authors", new[] { ella }));
    }

    public void Dispose() => db.Dispose();

    private QuerySet Blogs => db.Objects("Blog");

    private static List<string> N(IEnumerable<Materialization.RelObject> q) => q.Select(o => (string)o["Name"]!).ToList();

    private static Q Lennon => Q.Keyword("Entries__Headline__contains", "Lennon");

    private static Q In2008 => Q.Keyword("Entries__PubDate__range", Year2008);

    [Fact]
    public void Conditions_of_one_filter_call_refer_to_the_same_entry() =>
        Assert.Equal(["Beatles Blog"], N(Blogs.Filter(QueryDb.D(("Entries__Headline__contains", "Lennon"), ("Entries__PubDate__range", Year2008)))));

    [Fact]
    public void A_Q_and_in_one_filter_call_refers_to_the_same_entry() => Assert.Equal(["Beatles Blog"], N(Blogs.Filter(Lennon & In2008)));

    [Fact]
    public void Chained_filters_may_refer_to_different_entries() => Assert.Equal(["Beatles Blog", "Pop Blog"], N(Blogs.Filter(Lennon).Filter(In2008)));

    [Fact]
    public void Each_condition_form_lets_every_condition_stand_on_its_own() =>
        Assert.Equal(["Beatles Blog", "Pop Blog"], N(Blogs.FilterEach(Lennon & In2008)));

    [Fact]
    public void Exclude_keeps_blogs_with_no_entry_matching_all_its_conditions()
    {
        // The rows kept are those with no related row matching the whole call (PRODUCT §4); Django's
        // documentation gets this meaning with exclude(entry__in=Entry.objects.filter(...)).
        Assert.Equal(["Pop Blog", "Jazz Blog", "Empty Blog"], N(Blogs.Exclude(Lennon & In2008)));
        var entries = db.Objects("Entry").Filter(QueryDb.D(("Headline__contains", "Lennon"), ("PubDate__range", Year2008)));
        Assert.Equal(["Pop Blog", "Jazz Blog", "Empty Blog"], N(Blogs.Exclude("Entries__in", entries)));
    }

    [Fact]
    public void Exclude_on_one_condition_keeps_blogs_without_entries() => Assert.Equal(["Jazz Blog", "Empty Blog"], N(Blogs.Exclude(Lennon)));

    [Fact]
    public void Chained_excludes_each_remove_their_blogs() => Assert.Equal(["Empty Blog"], N(Blogs.Exclude(Lennon).Exclude(In2008)));

    [Fact]
    public void Not_around_a_to_many_condition_means_no_related_row_matches()
    {
        Assert.Equal(["Jazz Blog", "Empty Blog"], N(Blogs.Filter(!Lennon)));
        Assert.Equal(["Jazz Blog", "Empty Blog"], N(Blogs.FilterEach(!Lennon)));
    }

    [Fact]
    public void Or_across_conditions_on_the_same_relation() => Assert.Equal(["Beatles Blog", "Pop Blog", "Jazz Blog"], N(Blogs.Filter(Lennon | In2008)));

    [Fact]
    public void A_filter_on_a_to_many_path_lists_each_row_once()
    {
        // Django returns Pop Blog twice here (two entries contain "e") unless distinct() is added.
        var q = Blogs.Filter("Entries__Headline__contains", "e");
        Assert.Equal(["Beatles Blog", "Pop Blog", "Jazz Blog"], N(q));
        Assert.Equal(3L, q.Count());
    }

    [Fact]
    public void Isnull_on_a_reverse_relation()
    {
        Assert.Equal(["Empty Blog"], N(Blogs.Filter("Entries__isnull", true)));
        Assert.Equal(["Beatles Blog", "Pop Blog", "Jazz Blog"], N(Blogs.Filter("Entries__isnull", false)));
    }

    [Fact]
    public void Ordering_by_a_to_many_path_repeats_rows_as_Django_does()
    {
        // One row per entry (and one for the blog without entries, whose NULL date sorts first).
        Assert.Equal(["Empty Blog", "Beatles Blog", "Pop Blog", "Jazz Blog", "Beatles Blog", "Pop Blog"], N(Blogs.OrderBy("Entries.PubDate")));
        Assert.Equal(6L, Blogs.OrderBy("Entries.PubDate").Count());
    }

    [Fact]
    public void Two_step_paths_share_the_join_within_one_call()
    {
        Assert.Equal(["Beatles Blog", "Pop Blog"], N(Blogs.Filter("Entries__Authors__Name", "Paul")));
        Assert.Equal(["Beatles Blog"], N(Blogs.Filter(Q.Keyword("Entries__Authors__Name", "Paul") & Lennon)));
        Assert.Equal(["Beatles Blog", "Pop Blog"], N(Blogs.Filter("Entries__Authors__Name", "Paul").Filter(Lennon)));
        Assert.Equal(["Jazz Blog", "Empty Blog"], N(Blogs.Exclude("Entries__Authors__Name", "Paul")));
    }

    [Fact]
    public void Reverse_many_to_many_from_the_author_side()
    {
        Assert.Equal(["Paul"], N(db.Objects("Author").Filter("Entries__Blog__Name", "Pop Blog")));
        Assert.Equal(["Ella"], N(db.Objects("Author").Exclude("Entries__Blog__Name", "Beatles Blog")));
    }

    [Fact]
    public void A_single_valued_path_is_a_plain_join()
    {
        var q = db.Objects("Entry").Exclude("Blog__Name", "Beatles Blog");
        Assert.Equal(["Lennon tribute", "New releases", "Coltrane"], q.Select(e => (string)e["Headline"]!));
        Assert.DoesNotContain(" IN (", q.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Filtering_by_a_related_object()
    {
        var coltrane = db.Objects("Entry").Get(Q.Keyword("Headline", "Coltrane"));
        Assert.Equal(["Jazz Blog"], N(Blogs.Filter("Entries", coltrane)));
        Assert.Equal(["Jazz Blog"], N(Blogs.Filter("Entries__in", new[] { coltrane })));
    }

    [Fact]
    public void Annotation_counts_follow_the_filter_order()
    {
        var before = Blogs.Filter(In2008).Annotate("N", "Count(Entries)");
        Assert.Equal(["Beatles Blog|1", "Pop Blog|1", "Jazz Blog|1"], before.Select(x => $"{x["Name"]}|{x["N"]}"));
        var after = Blogs.Annotate("N", "Count(Entries)").Filter(In2008);
        Assert.Equal(["Beatles Blog|2", "Pop Blog|2", "Jazz Blog|1"], after.Select(x => $"{x["Name"]}|{x["N"]}"));
    }

    [Fact]
    public void Each_condition_form_inside_or()
    {
        var q = Blogs.FilterEach((Lennon & In2008) | Q.Keyword("Name", "Empty Blog"));
        Assert.Equal(["Beatles Blog", "Pop Blog", "Empty Blog"], N(q));
    }
}
