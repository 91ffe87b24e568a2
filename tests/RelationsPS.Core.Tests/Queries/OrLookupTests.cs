using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Django's <c>tests/or_lookups</c>, restated with Q objects (Django's <c>qs1 | qs2</c> and
/// <c>qs1 &amp; qs2</c> are written as one Q, or as chained filters). Model (or_lookups/models.py):
/// <code>
/// new ModelSetBuilder().Model("Article", m => m.Char("Headline", 50).DateTime("PubDate").Ordering("PubDate"))
/// </code>
/// Data: "Hello" (2005-11-27), "Goodbye" (2005-11-28), "Hello and goodbye" (2005-11-29).
/// </summary>
public class OrLookupTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Open(b => b.Model("Article", m => m.Char("Headline", 50).DateTime("PubDate").Ordering("PubDate")));
    private readonly long a1, a2, a3;

    public OrLookupTests()
    {
        a1 = db.Add("Article", ("Headline", "Hello"), ("PubDate", new DateTime(2005, 11, 27))).Id!.Value;
        a2 = db.Add("Article", ("Headline", "Goodbye"), ("PubDate", new DateTime(2005, 11, 28))).Id!.Value;
        a3 = db.Add("Article", ("Headline", "Hello and goodbye"), ("PubDate", new DateTime(2005, 11, 29))).Id!.Value;
    }

    public void Dispose() => db.Dispose();

    private QuerySet Articles => db.Objects("Article");

    private static Q K(string key, object? value) => Q.Keyword(key, value);

    private static List<string> H(IEnumerable<Materialization.RelObject> q) => q.Select(o => (string)o["Headline"]!).ToList();

    public static TheoryData<string, object, string, object> Ors => new()
    {
        { "Headline__startswith", "Hello", "Headline__startswith", "Goodbye" },
        { "Headline__contains", "Hello", "Headline__contains", "bye" },
        { "Headline__iexact", "Hello", "Headline__contains", "ood" },
    };

    [Theory]
    [MemberData(nameof(Ors))]
    public void Or_of_two_lookups_finds_either(string k1, object v1, string k2, object v2) =>
        Assert.Equal(["Hello", "Goodbye", "Hello and goodbye"], H(Articles.Filter(K(k1, v1) | K(k2, v2))));

    [Fact]
    public void Chained_filters_intersect()
    {
        Assert.Empty(Articles.Filter("Headline__startswith", "Hello").Filter("Headline__startswith", "Goodbye"));
        Assert.Equal(["Hello and goodbye"], H(Articles.Filter("Headline__startswith", "Hello").Filter("Headline__contains", "bye")));
    }

    [Fact]
    public void Or_on_primary_keys()
    {
        Assert.Equal(["Hello", "Goodbye"], H(Articles.Filter(K("Id", a1) | K("Id", a2))));
        Assert.Equal(["Hello", "Goodbye", "Hello and goodbye"], H(Articles.Filter(K("Id", a1) | K("Id", a2) | K("Id", a3))));
    }

    [Fact]
    public void In_on_primary_keys_from_lists_and_unknown_ids()
    {
        Assert.Equal(["Hello", "Goodbye", "Hello and goodbye"], H(Articles.Filter("Id__in", new[] { a1, a2, a3 })));
        Assert.Equal(["Hello", "Goodbye", "Hello and goodbye"], H(Articles.Filter("Id__in", new List<long> { a3, a1, a2 })));
        Assert.Equal(["Hello", "Goodbye", "Hello and goodbye"], H(Articles.Filter("Id__in", new[] { a1, a2, a3, 40000 })));
    }

    [Fact]
    public void Q_can_be_negated()
    {
        Assert.Equal(["Hello", "Hello and goodbye"], H(Articles.Filter(K("Id", a1) | !K("Id", a2))));
        Assert.Equal(["Hello and goodbye"], H(Articles.Filter(!K("Id", a1) & !K("Id", a2))));
        Assert.Equal(["Hello"], H(Articles.Filter(K("Id", a1) & (!K("Id", a2) | K("Id", a3)))));
    }

    [Fact]
    public void A_dictionary_is_one_filter_call() =>
        Assert.Equal(["Hello"], H(Articles.Filter(QueryDb.D(("Id", a1)))));

    [Fact]
    public void Empty_in_matches_nothing_but_can_be_ored()
    {
        Assert.Empty(Articles.Filter("Id__in", Array.Empty<long>()));
        Assert.Equal(["Goodbye", "Hello and goodbye"], H(Articles.Filter(K("Id__in", Array.Empty<long>()) | K("Headline__icontains", "goodbye"))));
    }

    [Fact]
    public void And_of_Q_objects_in_either_order()
    {
        Assert.Equal(["Hello and goodbye"], H(Articles.Filter(K("Headline__startswith", "Hello") & K("Headline__contains", "bye"))));
        Assert.Equal(["Hello and goodbye"], H(Articles.Filter(K("Headline__contains", "bye") & K("Headline__startswith", "Hello"))));
        Assert.Empty(Articles.Filter(K("Headline__startswith", "Hello") & K("Headline__startswith", "Goodbye")));
    }

    [Fact]
    public void Exclude_takes_a_Q() => Assert.Equal(["Goodbye"], H(Articles.Exclude(K("Headline__startswith", "Hello"))));

    [Fact]
    public void Exclude_of_an_or_removes_both() =>
        Assert.Equal(["Goodbye"], H(Articles.Exclude(K("Headline", "Hello") | K("Headline", "Hello and goodbye"))));

    [Fact]
    public void Get_count_and_values_take_Q_conditions()
    {
        Assert.Equal("Hello and goodbye", Articles.Get(K("Headline__startswith", "Hello") & K("Headline__contains", "bye"))["Headline"]);
        Assert.Equal(3L, Articles.Filter(K("Headline__startswith", "Hello") | K("Headline__contains", "bye")).Count());
        var row = Assert.Single(Articles.Filter(K("Headline__startswith", "Hello") & K("Headline__contains", "bye")).Values("Headline", "Id", "PubDate"));
        Assert.Equal("Hello and goodbye", row["Headline"]);
        Assert.Equal(a3, row["Id"]);
        Assert.Equal(new DateTime(2005, 11, 29), row["PubDate"]);
        Assert.Equal(["Hello"], H(Articles.Filter(K("Headline__startswith", "Hello")).Filter("Id__in", new[] { a1, a2 })));
    }

    [Fact]
    public void Get_refuses_none_and_several()
    {
        Assert.Throws<NotFoundException>(() => Articles.Get(K("Headline", "Nope")));
        var e = Assert.Throws<InvalidOperationRelException>(() => Articles.Get(K("Headline__startswith", "Hello")));
        Assert.Equal("MultipleObjectsReturned", e.ErrorId);
    }

    [Fact]
    public void Empty_and_and_or_are_true_and_false()
    {
        Assert.Equal(3L, Articles.Filter(new AndQ([])).Count());
        Assert.Equal(0L, Articles.Filter(new OrQ([])).Count());
        Assert.Equal(3L, Articles.Filter(Q.True).Count());
        Assert.Equal(0L, Articles.Filter(Q.False).Count());
    }

    [Fact]
    public void Deeply_nested_conditions()
    {
        var q = (K("Headline__startswith", "H") & !(K("Headline__endswith", "o") | K("Id", a2))) | K("PubDate__lt", new DateTime(2005, 11, 28));
        Assert.Equal(["Hello", "Hello and goodbye"], H(Articles.Filter(q)));
    }
}
