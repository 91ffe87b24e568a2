using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Django's <c>tests/lookup</c>, restated. Models (Django's lookup/models.py):
/// <code>
/// new ModelSetBuilder()
///   .Model("Author",  m => m.Char("Name", 100).Ordering("Name"))
///   .Model("Article", m => m.Char("Headline", 100).DateTime("PublicationDate")
///                           .ForeignKey("Author", "Author", OnDeleteAction.SetNull, nullable: true, relatedName: "Articles")
///                           .Ordering("-PublicationDate", "Headline"))
///   .Model("Tag",     m => m.ManyToMany("Articles", "Article", relatedName: "Tags").Char("Name", 100).Ordering("Name"))
///   .Model("Season",  m => m.Integer("Year").Integer("Gt", nullable: true))        // a field named like a lookup
///   .Model("Game",    m => m.ForeignKey("Season", "Season", OnDeleteAction.Cascade, relatedName: "Games").Char("Home", 100).Char("Away", 100))
///   .Model("Player",  m => m.Char("Name", 100).ManyToMany("Games", "Game", relatedName: "Players"))
/// </code>
/// Data (Django's setUp): authors "Author 1", "Author 2"; articles 1-7 (dates 2005-07-26, 07-27, 07-27,
/// 07-28, 08-01 09:00, 08-01 08:00, 07-27; 1-4 by Author 1, 5-7 by Author 2); Tag 1 = {1,2,3},
/// Tag 2 = {3,4,5}, Tag 3 = {5,6,7}. Default order: -PublicationDate, Headline.
/// </summary>
public class LookupTests : IDisposable
{
    internal static ModelSet Models => new ModelSetBuilder()
        .Model("Author", m => m.Char("Name", 100).Ordering("Name"))
        .Model("Article", m => m.Char("Headline", 100).DateTime("PublicationDate")
            .ForeignKey("Author", "Author", OnDeleteAction.SetNull, nullable: true, relatedName: "Articles")
            .Ordering("-PublicationDate", "Headline"))
        .Model("Tag", m => m.ManyToMany("Articles", "Article", relatedName: "Tags").Char("Name", 100).Ordering("Name"))
        .Model("Season", m => m.Integer("Year").Integer("Gt", nullable: true))
        .Model("Game", m => m.ForeignKey("Season", "Season", OnDeleteAction.Cascade, relatedName: "Games").Char("Home", 100).Char("Away", 100))
        .Model("Player", m => m.Char("Name", 100).ManyToMany("Games", "Game", relatedName: "Players"))
        .Build();

    private static readonly string[] DefaultOrder = ["Article 5", "Article 6", "Article 4", "Article 2", "Article 3", "Article 7", "Article 1"];

    private readonly RelDatabase db = QueryDb.Open(Models);
    private readonly long[] a = new long[8];

    public LookupTests()
    {
        var au1 = db.Add("Author", ("Name", "Author 1"));
        var au2 = db.Add("Author", ("Name", "Author 2"));
        var dates = new[] { new DateTime(2005, 7, 26), new DateTime(2005, 7, 27), new DateTime(2005, 7, 27), new DateTime(2005, 7, 28),
            new DateTime(2005, 8, 1, 9, 0, 0), new DateTime(2005, 8, 1, 8, 0, 0), new DateTime(2005, 7, 27) };
        for (var i = 1; i <= 7; i++)
            a[i] = db.Add("Article", ("Headline", $"Article {i}"), ("PublicationDate", dates[i - 1]), ("Author", i <= 4 ? au1 : au2)).Id!.Value;
        db.Add("Tag", ("Name", "Tag 1"), ("Articles", new[] { a[1], a[2], a[3] }));
        db.Add("Tag", ("Name", "Tag 2"), ("Articles", new[] { a[3], a[4], a[5] }));
        db.Add("Tag", ("Name", "Tag 3"), ("Articles", new[] { a[5], a[6], a[7] }));
    }

    public void Dispose() => db.Dispose();

    private QuerySet Articles => db.Objects("Article");

    private static List<string> H(IEnumerable<Materialization.RelObject> q) => q.Select(o => (string)o["Headline"]!).ToList();

    [Fact]
    public void Exists_is_true_until_every_article_is_deleted()
    {
        Assert.True(Articles.Exists());
        foreach (var article in Articles.ToList()) db.Delete(article);
        Assert.False(Articles.Exists());
    }

    [Fact]
    public void An_integer_field_can_be_queried_with_a_string_iexact() =>
        Assert.Equal(["Article 1"], H(Articles.Filter("Id__iexact", a[1].ToString(System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void Rows_stream_in_the_default_ordering() => Assert.Equal(DefaultOrder, H(Articles));

    [Fact]
    public void Endswith_finds_one_article() => Assert.Equal(["Article 4"], H(Articles.Filter("Headline__endswith", "4")));

    [Theory]
    [InlineData(null, null, 7)]
    [InlineData("PublicationDate__exact", "2005-07-27 00:00:00", 3)]
    [InlineData("Headline__startswith", "Blah blah", 0)]
    [InlineData("Author__Name", "Author 2", 3)]
    [InlineData("Tags__Name", "Tag 2", 3)]
    public void Count_returns_the_number_of_matching_rows(string? key, string? value, long expected)
    {
        var q = key is null ? Articles : Articles.Filter(key, value);
        Assert.Equal(expected, q.Count());
    }

    [Fact]
    public void A_datetime_value_matches_the_stored_datetime() =>
        Assert.Equal(3L, Articles.Filter("PublicationDate__exact", new DateTime(2005, 7, 27)).Count());

    [Theory]
    [InlineData(0, 4, 4)]
    [InlineData(1, 99, 6)]
    [InlineData(10, 90, 0)]
    [InlineData(6, null, 1)]
    public void Count_respects_the_slice(int offset, int? limit, long expected) =>
        Assert.Equal(expected, Articles.Slice(offset, limit).Count());

    [Fact]
    public void In_with_ids_fetches_those_articles_in_bulk()
    {
        Assert.Equal(["Article 2", "Article 1"], H(Articles.Filter("Id__in", new[] { a[1], a[2] })));
        Assert.Equal(["Article 3"], H(Articles.Filter("Id__in", new[] { a[3] })));
        Assert.Empty(Articles.Filter("Id__in", new[] { 1000L }));
        Assert.Empty(Articles.Filter("Id__in", Array.Empty<long>()));
    }

    [Fact]
    public void Values_returns_the_named_fields_in_query_order()
    {
        Assert.Equal(DefaultOrder, Articles.Values("Headline").Select(r => (string)r["Headline"]!));
        Assert.Equal([a[2], a[3], a[7]], Articles.Filter("PublicationDate", new DateTime(2005, 7, 27)).Values("Id").Select(r => (long)r["Id"]!));
    }

    [Fact]
    public void Values_follow_forward_relations()
    {
        var rows = Articles.Values("Headline", "Author__Name").Select(r => $"{r["Headline"]}|{r["Author__Name"]}").ToList();
        Assert.Equal(["Article 5|Author 2", "Article 6|Author 2", "Article 4|Author 1", "Article 2|Author 1",
            "Article 3|Author 1", "Article 7|Author 2", "Article 1|Author 1"], rows);
    }

    [Fact]
    public void Values_follow_reverse_relations_one_row_per_related_row()
    {
        var rows = db.Objects("Author").OrderBy("Name", "Articles.Headline").Values("Name", "Articles.Headline")
            .Select(r => $"{r["Name"]}|{r["Articles.Headline"]}").ToList();
        Assert.Equal(["Author 1|Article 1", "Author 1|Article 2", "Author 1|Article 3", "Author 1|Article 4",
            "Author 2|Article 5", "Author 2|Article 6", "Author 2|Article 7"], rows);
    }

    [Fact]
    public void Values_follow_two_multi_valued_steps()
    {
        var rows = db.Objects("Author").OrderBy("Name", "Articles.Headline", "Articles.Tags.Name")
            .Values("Name", "Articles.Headline", "Articles.Tags.Name")
            .Select(r => $"{r["Name"]}|{r["Articles.Headline"]}|{r["Articles.Tags.Name"]}").ToList();
        Assert.Equal([
            "Author 1|Article 1|Tag 1", "Author 1|Article 2|Tag 1", "Author 1|Article 3|Tag 1", "Author 1|Article 3|Tag 2",
            "Author 1|Article 4|Tag 2", "Author 2|Article 5|Tag 2", "Author 2|Article 5|Tag 3", "Author 2|Article 6|Tag 3",
            "Author 2|Article 7|Tag 3"], rows);
    }

    [Fact]
    public void Values_of_an_unknown_field_is_an_error() =>
        Assert.Throws<UnknownNameException>(() => Articles.Values("Id", "IdPlusTwo").ToList());

    [Fact]
    public void Underscore_percent_and_backslash_are_literal()
    {
        db.Add("Article", ("Headline", "Article_ with underscore"), ("PublicationDate", new DateTime(2005, 11, 20)));
        Assert.Equal(["Article_ with underscore", .. DefaultOrder], H(Articles.Filter("Headline__startswith", "Article")));
        Assert.Equal(["Article_ with underscore"], H(Articles.Filter("Headline__startswith", "Article_")));
        db.Add("Article", ("Headline", "Article% with percent sign"), ("PublicationDate", new DateTime(2005, 11, 21)));
        Assert.Equal(["Article% with percent sign", "Article_ with underscore", .. DefaultOrder], H(Articles.Filter("Headline__startswith", "Article")));
        Assert.Equal(["Article% with percent sign"], H(Articles.Filter("Headline__startswith", "Article%")));
        db.Add("Article", ("Headline", "Article with \\ backslash"), ("PublicationDate", new DateTime(2005, 11, 22)));
        Assert.Equal(["Article with \\ backslash"], H(Articles.Filter("Headline__contains", "\\")));
    }

    [Fact]
    public void Exclude_is_the_opposite_of_filter()
    {
        db.Add("Article", ("Headline", "Article_ with underscore"), ("PublicationDate", new DateTime(2005, 11, 20)));
        db.Add("Article", ("Headline", "Article% with percent sign"), ("PublicationDate", new DateTime(2005, 11, 21)));
        db.Add("Article", ("Headline", "Article with \\ backslash"), ("PublicationDate", new DateTime(2005, 11, 22)));
        Assert.Equal(DefaultOrder, H(Articles.Filter("Headline__contains", "Article").Exclude("Headline__contains", "with")));
        Assert.Equal(["Article with \\ backslash", "Article% with percent sign", .. DefaultOrder], H(Articles.Exclude("Headline__startswith", "Article_")));
        Assert.Equal(["Article with \\ backslash", "Article% with percent sign", "Article_ with underscore",
            "Article 5", "Article 6", "Article 4", "Article 2", "Article 3", "Article 1"], H(Articles.Exclude("Headline", "Article 7")));
    }

    [Fact]
    public void In_an_empty_list_matches_nothing_and_excluding_it_keeps_everything()
    {
        Assert.Empty(Articles.Filter("Id__in", Array.Empty<object>()));
        Assert.Equal(DefaultOrder, H(Articles.Exclude("Id__in", Array.Empty<object>())));
    }

    [Fact]
    public void An_unknown_keyword_lists_the_choices_reverse_relations_included()
    {
        var e = Assert.Throws<UnknownNameException>(() => Articles.Filter("PublicationDateYear", "2005"));
        Assert.Equal("Cannot resolve keyword 'PublicationDateYear' into field. Choices are: Id, Headline, PublicationDate, Author, AuthorId, Tags.", e.Message);
        var t = Assert.Throws<UnknownNameException>(() => db.Objects("Author").Filter("Books__Name", "x"));
        Assert.Contains("Choices are: Id, Name, Articles.", t.Message);
    }

    [Fact]
    public void An_unsupported_lookup_on_a_field_is_an_error() =>
        Assert.Throws<UnknownNameException>(() => Articles.Filter("Headline__starts", "Article"));

    [Theory]
    [InlineData("Article", "Author__Editor__Name")]
    [InlineData("Tag", "Articles__Foo")]
    [InlineData("Article", "Headline__blahblah")]
    [InlineData("Article", "Headline__blahblah__exact")]
    [InlineData("Article", "blahblah")]
    public void A_lookup_through_a_non_field_is_an_error(string model, string key) =>
        Assert.Throws<UnknownNameException>(() => db.Objects(model).Filter(key, 99));

    [Fact]
    public void Isnull_takes_a_Boolean_only()
    {
        Assert.Equal(["Article 5"], H(Articles.Filter("Author__isnull", false).Filter("Headline", "Article 5")));
        db.Add("Article", ("Headline", "Anonymous"), ("PublicationDate", new DateTime(2006, 1, 1)));
        Assert.Equal(["Anonymous"], H(Articles.Filter("Author__isnull", true)));
        Assert.Equal(["Anonymous"], H(Articles.Filter("AuthorId__isnull", true)));
        var e = Assert.Throws<RelationsException>(() => Articles.Filter("Author__isnull", "yes"));
        Assert.Equal("InvalidLookupValue", e.ErrorId);
        Assert.Throws<RelationsException>(() => Articles.Filter("Author__isnull", 1));
        Assert.Throws<RelationsException>(() => Articles.Filter("Author__isnull", null));
    }

    [Fact]
    public void In_ignores_null_items() =>
        Assert.Equal(["Article 2", "Article 1"], H(Articles.Filter("Id__in", new object?[] { a[1], null, a[2] })));

    [Fact]
    public void Range_is_inclusive_at_both_ends() =>
        Assert.Equal(["Article 4", "Article 2", "Article 3", "Article 7"],
            H(Articles.Filter("PublicationDate__range", new[] { new DateTime(2005, 7, 27), new DateTime(2005, 7, 28) })));

    [Theory]
    [InlineData("Gt", 1)]
    [InlineData("Gte", 2)]
    [InlineData("Lt", 5)]
    [InlineData("Lte", 6)]
    public void Comparison_lookups_on_dates(string lookup, int expected) =>
        Assert.Equal(expected, Articles.Filter($"PublicationDate__{lookup}", new DateTime(2005, 8, 1, 8, 0, 0)).Count());

    [Fact]
    public void A_related_object_or_its_id_is_a_filter_value()
    {
        var au2 = db.Objects("Author").Get(Q.Keyword("Name", "Author 2"));
        Assert.Equal(["Article 5", "Article 6", "Article 7"], H(Articles.Filter("Author", au2)));
        Assert.Equal(["Article 5", "Article 6", "Article 7"], H(Articles.Filter("Author", au2.Id)));
        Assert.Equal(["Article 5", "Article 6", "Article 7"], H(Articles.Filter("AuthorId", au2.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void A_query_is_the_value_of_an_in_filter()
    {
        var tagged = db.Objects("Tag").Filter("Name", "Tag 1");
        Assert.Equal(["Article 2", "Article 3", "Article 1"], H(Articles.Filter("Tags__in", tagged)));
        var byAuthor2 = db.Objects("Author").Filter("Name", "Author 2");
        Assert.Equal(["Article 5", "Article 6", "Article 7"], H(Articles.Filter("Author__in", byAuthor2)));
        Assert.Equal(1, db.CountQueries(() => Articles.Filter("Author__in", byAuthor2).ToList()));
    }

    private void RegexArticles(params string[] headlines)
    {
        foreach (var x in Articles.ToList()) db.Delete(x);
        foreach (var h in headlines) db.Add("Article", ("Headline", h), ("PublicationDate", new DateTime(2010, 1, 1)));
    }

    [Theory]
    [InlineData("regex", "fo*", "f,fo,foo,fooo")]
    [InlineData("iregex", "fo*", "f,fo,foo,fooo,hey-Foo")]
    [InlineData("regex", "fo+", "fo,foo,fooo")]
    [InlineData("regex", "fooo?", "foo,fooo")]
    [InlineData("regex", "^b", "bar,baxZ,baz")]
    [InlineData("iregex", "^a", "AbBa")]
    [InlineData("regex", "z$", "baz")]
    [InlineData("iregex", "z$", "baxZ,baz")]
    [InlineData("regex", "ba[rz]", "bar,baz")]
    [InlineData("regex", "ba.[RxZ]", "baxZ")]
    [InlineData("iregex", "ba[RxZ]", "bar,baxZ,baz")]
    public void Regex_lookups(string lookup, string pattern, string expected)
    {
        RegexArticles("f", "fo", "foo", "fooo", "hey-Foo", "bar", "AbBa", "baz", "baxZ");
        Assert.Equal(expected.Split(','), H(Articles.Filter($"Headline__{lookup}", pattern)));
    }

    [Theory]
    [InlineData("regex", "oo(f|b)", "barfoobaz,foobar,foobarbaz,foobaz")]
    [InlineData("iregex", "oo(f|b)", "barfoobaz,foobar,foobarbaz,foobaz,ooF")]
    [InlineData("regex", "^foo(f|b)", "foobar,foobarbaz,foobaz")]
    [InlineData("regex", "b.*az", "barfoobaz,baz,bazbaRFOO,foobarbaz,foobaz")]
    [InlineData("iregex", "b.*ar", "bar,barfoobaz,bazbaRFOO,foobar,foobarbaz")]
    [InlineData("regex", @"b(.).*b\1", "barfoobaz,bazbaRFOO,foobarbaz")]
    public void Regex_alternation_greed_and_backreferences(string lookup, string pattern, string expected)
    {
        RegexArticles("f", "fo", "foo", "fooo", "hey-Foo", "bar", "AbBa", "baz", "baxZ",
            "foobar", "foobaz", "ooF", "foobarbaz", "zoocarfaz", "barfoobaz", "bazbaRFOO");
        Assert.Equal(expected.Split(','), H(Articles.Filter($"Headline__{lookup}", pattern)));
    }

    [Fact]
    public void Regex_does_not_fail_on_null_or_non_text_values()
    {
        db.Add("Season", ("Year", 2012), ("Gt", null));
        db.Add("Season", ("Year", 2013), ("Gt", 444));
        Assert.Empty(db.Objects("Season").Filter("Gt__regex", "^$"));
        Assert.Equal(new object?[] { 2013L }, db.Objects("Season").Filter("Gt__regex", "^444$").Pluck("Year"));
    }

    [Fact]
    public void Regex_matches_non_ascii_text()
    {
        db.Add("Player", ("Name", "\u2660"));
        Assert.Equal("\u2660", db.Objects("Player").Get(Q.Keyword("Name__regex", "\u2660"))["Name"]);
    }

    private void Seasons()
    {
        var s2009 = db.Add("Season", ("Year", 2009), ("Gt", 111));
        db.Add("Game", ("Season", s2009), ("Home", "Houston Astros"), ("Away", "St. Louis Cardinals"));
        var s2010 = db.Add("Season", ("Year", 2010), ("Gt", 222));
        foreach (var away in new[] { "Chicago Cubs", "Milwaukee Brewers", "St. Louis Cardinals" })
            db.Add("Game", ("Season", s2010), ("Home", "Houston Astros"), ("Away", away));
        var s2011 = db.Add("Season", ("Year", 2011), ("Gt", 333));
        foreach (var away in new[] { "St. Louis Cardinals", "Milwaukee Brewers" })
            db.Add("Game", ("Season", s2011), ("Home", "Houston Astros"), ("Away", away));
        db.Add("Player", ("Name", "Hunter Pence")).Manager("Games").Set(db.Objects("Game").Filter("Season__Year__in", new[] { 2009, 2010 }).ToList());
        db.Add("Player", ("Name", "Ivan Rodriquez")).Manager("Games").Set(db.Objects("Game").Filter("Season__Year", 2009).ToList());
        db.Add("Player", ("Name", "Pedro Feliz")).Manager("Games").Set(db.Objects("Game").Filter("Season__Year__in", new[] { 2011 }).ToList());
        db.Add("Player", ("Name", "Johnson")).Manager("Games").Set(db.Objects("Game").Filter("Season__Year__in", new[] { 2011 }).ToList());
    }

    [Theory]
    [InlineData("Season__Year", 2010, 3)]
    [InlineData("Season__Year__exact", 2010, 3)]
    [InlineData("Season__Gt", 222, 3)]
    [InlineData("Season__Gt__exact", 222, 3)]
    [InlineData("Season__Year", 2011, 2)]
    [InlineData("Season__Gt", 333, 2)]
    [InlineData("Season__Year__gt", 2010, 2)]
    [InlineData("Season__Gt__gt", 222, 2)]
    [InlineData("Season__Year__gt", 2009, 5)]
    [InlineData("Season__Gt__gt", 111, 5)]
    public void A_field_named_like_a_lookup_is_a_field(string key, int value, long expected)
    {
        Seasons();
        Assert.Equal(expected, db.Objects("Game").Filter(key, value).Count());
    }

    [Fact]
    public void In_lookups_on_a_field_named_like_a_lookup()
    {
        Seasons();
        Assert.Equal(5L, db.Objects("Game").Filter("Season__Year__in", new[] { 2010, 2011 }).Count());
        Assert.Equal(5L, db.Objects("Game").Filter("Season__Gt__in", new[] { 222, 333 }).Count());
    }

    [Theory]
    [InlineData("Games__Season__Year", 2009, 2)]
    [InlineData("Games__Season__Gt", 111, 2)]
    [InlineData("Games__Season__Gt__exact", 111, 2)]
    [InlineData("Games__Season__Year", 2010, 1)]
    [InlineData("Games__Season__Gt", 222, 1)]
    [InlineData("Games__Season__Year", 2011, 2)]
    [InlineData("Games__Season__Year__gt", 2010, 2)]
    [InlineData("Games__Season__Gt__gt", 222, 2)]
    public void Players_by_season_count_each_player_once(string key, int value, long expected)
    {
        Seasons();
        Assert.Equal(expected, db.Objects("Player").Filter(key, value).Count());
        Assert.Equal(expected, db.Objects("Player").Filter(key, value).Distinct().Count());
    }
}
