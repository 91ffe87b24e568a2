using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Query;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// Django's tests/many_to_many restated as specifications.
///
/// Models (Django's many_to_many/models.py):
/// <code>
/// new ModelSetBuilder()
///     .Model("Publication", m => m.Char("Title", 30).Ordering("Title"))
///     .Model("Article", m => m.Char("Headline", 100).ManyToMany("Publications", "Publication").Ordering("Headline"))
///     // related_name='+' on two models (Django's AbstractArticle / InheritedArticleA, B without inheritance)
///     .Model("HiddenArticleA", m => m.ManyToMany("Publications", "Publication", relatedName: "+"))
///     .Model("HiddenArticleB", m => m.ManyToMany("Publications", "Publication", relatedName: "+"))
/// </code>
/// The reverse accessor is the pluralised model name (PRODUCT §3): <c>Publication.Articles</c> (Django: article_set).
/// Join table <c>article_publications(id, article_id, publication_id)</c>.
///
/// Difference: a filter across a to-many relation never repeats rows (PRODUCT §7 / QueryCompiler), where
/// Django repeats them until distinct(); those cases assert the distinct rows.
///
/// Left out: test_add_remove_set_by_to_field (no to_field), test_fast_add_ignore_conflicts and
/// test_slow_add_ignore_conflicts (Django internals: bulk_create / mocked add plans),
/// test_add_relations*, test_remove_relations*, test_reverse_*_relations (a bulk add_relations API we do not have),
/// test_inherited_models_selects (model inheritance; its related_name='+' part is kept, without inheritance),
/// Set(clear=True) variants (no clear flag: Clear() then Set() is shown instead),
/// the Tag model with a BigAutoField id (every model has the integer Id).
/// </summary>
public class ManyToManyTests : IDisposable
{
    private readonly RelDatabase db;
    private readonly RelObject p1, p2, p3, p4, a1, a2, a3, a4;

    public ManyToManyTests()
    {
        db = TestDb.Open(b => b
            .Model("Publication", m => m.Char("Title", 30).Ordering("Title"))
            .Model("Article", m => m.Char("Headline", 100).ManyToMany("Publications", "Publication").Ordering("Headline"))
            .Model("HiddenArticleA", m => m.ManyToMany("Publications", "Publication", relatedName: "+"))
            .Model("HiddenArticleB", m => m.ManyToMany("Publications", "Publication", relatedName: "+")));
        p1 = db.New("Publication", ("Title", "The Python Journal"));
        p2 = db.New("Publication", ("Title", "Science News"));
        p3 = db.New("Publication", ("Title", "Science Weekly"));
        p4 = db.New("Publication", ("Title", "Highlights for Children"));
        a1 = db.New("Article", ("Headline", "Django lets you build Web apps easily"));
        a1.Manager("Publications").Add(p1);
        a2 = db.New("Article", ("Headline", "NASA uses Python"));
        a2.Manager("Publications").Add(new[] { p1, p2, p3, p4 });
        a3 = db.New("Article", ("Headline", "NASA finds intelligent life on Earth"));
        a3.Manager("Publications").Add(p2);
        a4 = db.New("Article", ("Headline", "Oxygen-free diet works wonders"));
        a4.Manager("Publications").Add(p2);
    }

    public void Dispose() => db.Dispose();

    private List<string> Links() => db.Rows("article_publications", "article_id", "publication_id");

    private static List<string> Titles(IEnumerable<RelObject> objects) => objects.Names("Title");

    private static List<string> Headlines(IEnumerable<RelObject> objects) => objects.Names("Headline");

    private const string Django = "Django lets you build Web apps easily";
    private const string Nasa = "NASA uses Python";
    private const string Earth = "NASA finds intelligent life on Earth";
    private const string Oxygen = "Oxygen-free diet works wonders";
    private const string Python = "The Python Journal";
    private const string News = "Science News";
    private const string Weekly = "Science Weekly";
    private const string Children = "Highlights for Children";

    [Fact]
    public void Setup_writes_one_join_row_per_link()
    {
        Assert.Equal(["1,1", "2,1", "2,2", "2,3", "2,4", "3,2", "4,2"], Links());
    }

    [Fact]
    public void An_unsaved_article_cannot_use_its_relation()
    {
        var a5 = new RelObject(db.Models.Get("Article"), db) { ["Headline"] = "Django lets you create Web apps easily" };
        var e = Assert.Throws<InvalidOperationRelException>(() => a5.Manager("Publications").Add(p1));
        Assert.Equal("UnsavedObject", e.ErrorId);
        Assert.Throws<InvalidOperationRelException>(() => a5.Manager("Publications").Count);
        db.Save(a5);
        a5.Manager("Publications").Add(p1);
        Assert.Equal([Python], Titles(a5.Manager("Publications")));
        Assert.Contains("5,1", Links());
    }

    [Fact]
    public void Add_links_and_adding_again_is_a_no_op()
    {
        var a6 = db.New("Article", ("Headline", "ESA uses Python"));
        var first = a6.Manager("Publications").Add(new[] { p1, p2 });
        a6.Manager("Publications").Add(p3);
        var again = a6.Manager("Publications").Add(p3);
        Assert.Equal([LinkStatus.Added, LinkStatus.Added], first.Select(c => c.Status));
        Assert.Equal([LinkStatus.AlreadyPresent], again.Select(c => c.Status));
        Assert.Equal([News, Weekly, Python], Titles(a6.Manager("Publications")));
        Assert.Equal(["5,1", "5,2", "5,3"], Links().Where(r => r.StartsWith("5,")));
    }

    [Fact]
    public void Adding_an_object_of_the_wrong_model_is_refused_and_writes_nothing()
    {
        var a6 = db.New("Article", ("Headline", "ESA uses Python"));
        a6.Manager("Publications").Add(p1);
        var e = Assert.Throws<ValidationException>(() => a6.Manager("Publications").Add(new[] { p2, a1 }));
        Assert.Equal("WrongModel", e.ErrorId);
        Assert.Equal([Python], Titles(a6.Manager("Publications")));
    }

    [Fact]
    public void Create_through_the_manager_creates_and_links_the_target()
    {
        var a6 = db.New("Article", ("Headline", "ESA uses Python"));
        a6.Manager("Publications").Add(new[] { p1, p2, p3 });
        var created = a6.Manager("Publications").Create(new Dictionary<string, object?> { ["Title"] = "Highlights for Adults" });
        Assert.Equal(5L, created.Id);
        Assert.Equal(["Highlights for Adults", News, Weekly, Python], Titles(a6.Manager("Publications")));
        Assert.Contains("5,5", Links());
    }

    [Fact]
    public void Add_remove_and_set_take_ids()
    {
        var a5 = db.New("Article", ("Headline", "Django lets you create Web apps easily"));
        a5.Manager("Publications").Add(p1.Id);
        Assert.Equal([Python], Titles(a5.Manager("Publications")));
        a5.Manager("Publications").Set(new object[] { p2.Id! });
        Assert.Equal([News], Titles(a5.Manager("Publications")));
        a5.Manager("Publications").Remove("2");
        Assert.Empty(a5.Manager("Publications"));
        Assert.DoesNotContain(Links(), r => r.StartsWith("5,"));
    }

    [Fact]
    public void Adding_an_id_that_does_not_exist_is_refused()
    {
        var e = Assert.Throws<NotFoundException>(() => a1.Manager("Publications").Add(new object[] { 2L, 99L }));
        Assert.Equal("ObjectNotFound", e.ErrorId);
        Assert.Equal(["1,1", "2,1", "2,2", "2,3", "2,4", "3,2", "4,2"], Links());
    }

    [Fact]
    public void Reverse_add_and_create()
    {
        var a5 = db.New("Article", ("Headline", "NASA finds intelligent life on Mars"));
        p2.Manager("Articles").Add(a5);
        Assert.Equal([Earth, "NASA finds intelligent life on Mars", Nasa, Oxygen], Headlines(p2.Manager("Articles")));
        Assert.Equal([News], Titles(a5.Manager("Publications")));
        Assert.Contains("5,2", Links());

        p2.Manager("Articles").Create(new Dictionary<string, object?> { ["Headline"] = "Carbon-free diet works wonders" });
        Assert.Equal(["Carbon-free diet works wonders", Earth, "NASA finds intelligent life on Mars", Nasa, Oxygen], Headlines(p2.Manager("Articles")));
        var a6 = p2.Manager("Articles").Query()[3];
        Assert.Equal(Nasa, a6["Headline"]);
        Assert.Equal([Children, News, Weekly, Python], Titles(a6.Manager("Publications")));
    }

    [Fact]
    public void Related_sets_in_both_directions()
    {
        Assert.Equal([Python], Titles(a1.Manager("Publications")));
        Assert.Equal([Children, News, Weekly, Python], Titles(a2.Manager("Publications")));
        Assert.Equal([Earth, Nasa, Oxygen], Headlines(p2.Manager("Articles")));
        Assert.Equal([Django, Nasa], Headlines(p1.Manager("Articles")));
        Assert.Equal([Nasa], Headlines(db.Objects("Publication").FirstOrDefaultById(4)!.Manager("Articles")));
    }

    [Fact]
    public void Filter_across_the_relation_by_id_object_and_pk_forms()
    {
        var expected = new List<string> { Django, Nasa };
        Assert.Equal(expected, Headlines(db.Objects("Article").Filter("Publications__Id__exact", p1.Id)));
        Assert.Equal(expected, Headlines(db.Objects("Article").Filter("Publications__Id", p1.Id)));
        Assert.Equal(expected, Headlines(db.Objects("Article").Filter("Publications", p1.Id)));
        Assert.Equal(expected, Headlines(db.Objects("Article").Filter("Publications", p1)));
    }

    [Fact]
    public void Filter_across_the_relation_never_repeats_rows()
    {
        // Django repeats "NASA uses Python" (two matching publications) until distinct(); our
        // to-many conditions are `id IN (subquery)`, so rows are never multiplied (QueryCompiler).
        var q = db.Objects("Article").Filter("Publications__Title__startswith", "Science");
        Assert.Equal([Earth, Nasa, Oxygen], Headlines(q));
        Assert.Equal([Earth, Nasa, Oxygen], Headlines(q.Distinct()));
        Assert.Equal(3L, q.Count());
        Assert.Equal(3L, q.Distinct().Count());
    }

    [Fact]
    public void Filter_in_takes_ids_objects_or_both()
    {
        var expected = new List<string> { Django, Earth, Nasa, Oxygen };
        Assert.Equal(expected, Headlines(db.Objects("Article").Filter("Publications__in", new object?[] { p1.Id, p2.Id }).Distinct()));
        Assert.Equal(expected, Headlines(db.Objects("Article").Filter("Publications__in", new object?[] { p1.Id, p2 }).Distinct()));
        Assert.Equal(expected, Headlines(db.Objects("Article").Filter("Publications__in", new object?[] { p1, p2 }).Distinct()));
    }

    [Fact]
    public void Exclude_a_related_object()
    {
        Assert.Equal([Django], Headlines(db.Objects("Article").Exclude("Publications", p2)));
    }

    [Fact]
    public void Reverse_selects()
    {
        var journal = new List<string> { Python };
        Assert.Equal(journal, Titles(db.Objects("Publication").Filter("Id__exact", p1.Id)));
        Assert.Equal(journal, Titles(db.Objects("Publication").Filter("Id", p1.Id)));
        // Django lists Science News twice (two NASA articles); rows are never multiplied here.
        Assert.Equal([Children, News, Weekly, Python], Titles(db.Objects("Publication").Filter("Articles__Headline__startswith", "NASA")));
        Assert.Equal(journal, Titles(db.Objects("Publication").Filter("Articles__Id__exact", a1.Id)));
        Assert.Equal(journal, Titles(db.Objects("Publication").Filter("Articles__Id", a1.Id)));
        Assert.Equal(journal, Titles(db.Objects("Publication").Filter("Articles", a1.Id)));
        Assert.Equal(journal, Titles(db.Objects("Publication").Filter("Articles", a1)));
        var all = new List<string> { Children, News, Weekly, Python };
        Assert.Equal(all, Titles(db.Objects("Publication").Filter("Articles__in", new object?[] { a1.Id, a2.Id }).Distinct()));
        Assert.Equal(all, Titles(db.Objects("Publication").Filter("Articles__in", new object?[] { a1.Id, a2 }).Distinct()));
        Assert.Equal(all, Titles(db.Objects("Publication").Filter("Articles__in", new object?[] { a1, a2 }).Distinct()));
    }

    [Fact]
    public void Deleting_either_side_removes_its_join_rows()
    {
        var r1 = db.Delete(p1);
        Assert.Equal(2, r1.CountOf("Article.Publications"));
        Assert.Equal(1, r1.CountOf("Publication"));
        Assert.Equal([Children, News, Weekly], Titles(db.Objects("Publication")));
        Assert.Empty(a1.Manager("Publications"));
        Assert.Equal(["2,2", "2,3", "2,4", "3,2", "4,2"], Links());

        db.Delete(a2);
        Assert.Equal([Django, Earth, Oxygen], Headlines(db.Objects("Article")));
        Assert.Equal([Earth, Oxygen], Headlines(p2.Manager("Articles")));
        Assert.Equal(["3,2", "4,2"], Links());
    }

    [Fact]
    public void Bulk_delete_removes_the_join_rows_of_every_deleted_object()
    {
        var result = db.Objects("Publication").Filter("Title__startswith", "Science").Delete();
        Assert.Equal(2, result.CountOf("Publication"));
        Assert.Equal(4, result.CountOf("Article.Publications"));
        Assert.Equal([Children, Python], Titles(db.Objects("Publication")));
        Assert.Equal([Django, Earth, Nasa, Oxygen], Headlines(db.Objects("Article")));
        Assert.Equal([Children, Python], Titles(a2.Manager("Publications")));
        Assert.Equal(["1,1", "2,1", "2,4"], Links());

        var q = db.Objects("Article").Filter("Headline__startswith", "Django");
        Assert.Equal([Django], Headlines(q));
        q.Delete();
        Assert.Empty(q);
        Assert.Equal([Nasa], Headlines(p1.Manager("Articles")));
        Assert.Equal(["2,1", "2,4"], Links());
    }

    [Fact]
    public void Remove_from_either_side()
    {
        Assert.Equal([Earth, Nasa, Oxygen], Headlines(p2.Manager("Articles")));
        var removed = a4.Manager("Publications").Remove(p2);
        Assert.Equal([LinkStatus.Removed], removed.Select(c => c.Status));
        Assert.Equal([Earth, Nasa], Headlines(p2.Manager("Articles")));
        Assert.Empty(a4.Manager("Publications"));
        p2.Manager("Articles").Remove(a3);
        Assert.Equal([Nasa], Headlines(p2.Manager("Articles")));
        Assert.Empty(a3.Manager("Publications"));
        Assert.Equal(["1,1", "2,1", "2,2", "2,3", "2,4"], Links());
    }

    [Fact]
    public void Removing_a_non_member_is_a_no_op()
    {
        var changes = a1.Manager("Publications").Remove(p3);
        Assert.Equal([LinkStatus.NotPresent], changes.Select(c => c.Status));
        Assert.Equal(["1,1", "2,1", "2,2", "2,3", "2,4", "3,2", "4,2"], Links());
    }

    [Fact]
    public void Set_from_either_side_writes_only_the_difference()
    {
        var changes = p2.Manager("Articles").Set(new[] { a4, a3 });
        Assert.Equal([2L], changes.Where(c => c.Status == LinkStatus.Removed).Select(c => c.TargetId));
        Assert.DoesNotContain(changes, c => c.Status == LinkStatus.Added);
        Assert.Equal([Earth, Oxygen], Headlines(p2.Manager("Articles")));
        Assert.Equal([News], Titles(a4.Manager("Publications")));
        a4.Manager("Publications").Set(new object[] { p3.Id! });
        Assert.Equal([Earth], Headlines(p2.Manager("Articles")));
        Assert.Equal([Weekly], Titles(a4.Manager("Publications")));
        Assert.Equal(["1,1", "2,1", "2,3", "2,4", "3,2", "4,3"], Links());

        p2.Manager("Articles").Set(Array.Empty<object>());
        Assert.Empty(p2.Manager("Articles"));
        a4.Manager("Publications").Set(Array.Empty<object>());
        Assert.Empty(a4.Manager("Publications"));
        Assert.Equal(["1,1", "2,1", "2,3", "2,4"], Links());
    }

    [Fact]
    public void Clear_then_set_recreates_the_links()
    {
        p2.Manager("Articles").Clear();
        p2.Manager("Articles").Set(new[] { a4, a3 });
        Assert.Equal([Earth, Oxygen], Headlines(p2.Manager("Articles")));
        a4.Manager("Publications").Clear();
        a4.Manager("Publications").Set(new object[] { p3.Id! });
        Assert.Equal([Earth], Headlines(p2.Manager("Articles")));
        Assert.Equal([Weekly], Titles(a4.Manager("Publications")));
    }

    [Fact]
    public void Assigning_to_either_side_of_the_relation_is_refused()
    {
        var e1 = Assert.Throws<InvalidOperationRelException>(() => p2["Articles"] = new[] { a4, a3 });
        Assert.Equal("RelationAssignment", e1.ErrorId);
        var e2 = Assert.Throws<InvalidOperationRelException>(() => a1["Publications"] = new[] { p1, p2 });
        Assert.Equal("RelationAssignment", e2.ErrorId);
        Assert.Equal(["1,1", "2,1", "2,2", "2,3", "2,4", "3,2", "4,2"], Links());
    }

    [Fact]
    public void Set_takes_ids()
    {
        p2.Manager("Articles").Set(new object[] { a4.Id!, a3.Id! });
        Assert.Equal([Earth, Oxygen], Headlines(p2.Manager("Articles")));
        Assert.Equal([News], Titles(a4.Manager("Publications")));
        a4.Manager("Publications").Set(new object[] { p3.Id! });
        Assert.Equal([Earth], Headlines(p2.Manager("Articles")));
        Assert.Equal([Weekly], Titles(a4.Manager("Publications")));
    }

    [Fact]
    public void Set_with_a_query_of_its_own_members_evaluates_the_query_first()
    {
        a1.Manager("Publications").Set(new[] { p1, p2 });
        var qs = a1.Manager("Publications").Filter(TestDb.Ht(("Title", Python)));
        a1.Manager("Publications").Set(qs);
        Assert.Equal(1L, a1.Manager("Publications").Count);
        Assert.Equal(1L, qs.Count());
    }

    [Fact]
    public void Reverse_set_with_a_query_of_its_own_members()
    {
        p1.Manager("Articles").Set(new[] { a1, a2 });
        var qs = p1.Manager("Articles").Filter(TestDb.Ht(("Headline", Django)));
        p1.Manager("Articles").Set(qs);
        Assert.Equal(1L, p1.Manager("Articles").Count);
        Assert.Equal(1L, qs.Count());
        Assert.Equal(["1,1", "2,2", "2,3", "2,4", "3,2", "4,2"], Links());
    }

    [Fact]
    public void Clear_from_either_side()
    {
        var cleared = p2.Manager("Articles").Clear();
        Assert.Equal(3, cleared.Count);
        Assert.Empty(p2.Manager("Articles"));
        Assert.Empty(a4.Manager("Publications"));
        p2.Manager("Articles").Add(new[] { a3, a4 });
        Assert.Equal([Earth, Oxygen], Headlines(p2.Manager("Articles")));
        Assert.Equal([News], Titles(a4.Manager("Publications")));
        a4.Manager("Publications").Clear();
        Assert.Empty(a4.Manager("Publications"));
        Assert.Equal([Earth], Headlines(p2.Manager("Articles")));
        Assert.Equal(["1,1", "2,1", "2,3", "2,4", "3,2"], Links());
    }

    private RelObject PrefetchedA4() => db.Objects("Article").Include("Publications").Get(Expressions.Q.Keyword("Id", a4.Id));

    [Fact]
    public void Clear_after_include_is_seen_by_the_same_object()
    {
        var a = PrefetchedA4();
        Assert.Equal([News], Titles(a.Manager("Publications")));
        a.Manager("Publications").Clear();
        Assert.Empty(a.Manager("Publications"));
    }

    [Fact]
    public void Remove_after_include_is_seen_by_the_same_object()
    {
        var a = PrefetchedA4();
        Assert.Equal([News], Titles(a.Manager("Publications")));
        a.Manager("Publications").Remove(p2);
        Assert.Empty(a.Manager("Publications"));
    }

    [Fact]
    public void Add_after_include_is_counted()
    {
        var a = PrefetchedA4();
        Assert.Equal(1L, a.Manager("Publications").Count);
        a.Manager("Publications").Add(p1);
        Assert.Equal(2L, a.Manager("Publications").Count);
    }

    [Fact]
    public void Set_after_include_is_counted()
    {
        var a = PrefetchedA4();
        Assert.Equal(1L, a.Manager("Publications").Count);
        a.Manager("Publications").Set(new[] { p2, p1 });
        Assert.Equal(2L, a.Manager("Publications").Count);
        a.Manager("Publications").Set(new[] { p1 });
        Assert.Equal(1L, a.Manager("Publications").Count);
    }

    [Fact]
    public void Add_then_remove_after_include()
    {
        var a = PrefetchedA4();
        Assert.Equal(1L, a.Manager("Publications").Count);
        a.Manager("Publications").Add(p1);
        Assert.Equal(2L, a.Manager("Publications").Count);
        a.Manager("Publications").Remove(p1);
        Assert.Equal([News], Titles(a.Manager("Publications")));
    }

    [Fact]
    public void Hidden_related_name_on_two_models_keeps_their_links_apart()
    {
        Assert.Null(db.Models.Get("Publication").FindRelation("HiddenArticleAs"));
        Assert.DoesNotContain(db.Models.Get("Publication").NameChoices(), n => n.StartsWith("Hidden", StringComparison.Ordinal));
        var a = db.New("HiddenArticleA");
        var b = db.New("HiddenArticleB");
        a.Manager("Publications").Add(new[] { p1, p2 });
        Assert.Equal([News, Python], Titles(a.Manager("Publications")));
        Assert.Empty(b.Manager("Publications"));
        b.Manager("Publications").Add(p3);
        Assert.Equal([News, Python], Titles(a.Manager("Publications")));
        Assert.Equal([Weekly], Titles(b.Manager("Publications")));
        Assert.Equal(["1,1", "1,2"], db.Rows("hidden_article_a_publications", "hidden_article_a_id", "publication_id"));
        Assert.Equal(["1,3"], db.Rows("hidden_article_b_publications", "hidden_article_b_id", "publication_id"));
    }

    [Fact]
    public void Count_and_exists_agree_with_the_query()
    {
        var a5 = db.New("Article", ("Headline", "deleted"));
        a5.Manager("Publications").Add(p2);
        Assert.Equal(p2.Manager("Articles").Query().Count(), p2.Manager("Articles").Count);
        Assert.Equal(4L, p2.Manager("Articles").Count);
        Assert.True(p3.Manager("Articles").Query().Exists());
        Assert.False(db.New("Publication", ("Title", "Empty")).Manager("Articles").Query().Exists());
    }

    [Fact]
    public void Relation_members_read_the_database_each_time()
    {
        var manager = a1.Manager("Publications");
        Assert.Equal([Python], Titles(manager));
        db.Execute(new Compilation.SqlStatement("INSERT INTO article_publications (article_id, publication_id) VALUES (1, 2)", []));
        Assert.Equal([News, Python], Titles(manager));
        Assert.Equal(1, db.CountQueries(() => _ = manager.Count));
    }
}
