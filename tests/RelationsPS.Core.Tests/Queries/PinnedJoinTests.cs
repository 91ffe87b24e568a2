using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// A filter across a multi-valued relation that pins one related row by a unique column (or the key)
/// is joined into the query instead of <c>id IN (SELECT ...)</c>: an automatic join table holds each
/// pair once and a unique column holds each value once, so no row repeats. The rows are exactly those
/// of the subquery form: one call's conditions hold for the same related row, chained calls each for
/// a row of their own, and where a pair or a value may repeat (a Through model, a column that is not
/// unique) the subquery form stays.
/// </summary>
public class PinnedJoinTests : IDisposable
{
    private readonly RelDatabase db = TestDb.Open(b => b
        .Model("Label", m => m.Char("Name", 20, unique: true).Char("Color", 20))
        .Model("Writer", m => m.Char("Name", 20))
        .Model("Article", m => m.Char("Title", 20)
            .ForeignKey("Writer", "Writer", OnDeleteAction.Cascade, nullable: true, relatedName: "Articles")
            .Char("Code", 20, unique: true)
            .ManyToMany("Labels", "Label", relatedName: "Articles", blank: true)
            .ManyToMany("Editors", "Writer", through: "Edit", relatedName: "Edited"))
        .Model("Edit", m => m
            .ForeignKey("Article", "Article", OnDeleteAction.Cascade)
            .ForeignKey("Writer", "Writer", OnDeleteAction.Cascade)
            .Char("Role", 20, blank: true)));

    private readonly RelObject red1, red2, blue, ann, bob;

    public PinnedJoinTests()
    {
        red1 = db.New("Label", ("Name", "red-1"), ("Color", "red"));
        red2 = db.New("Label", ("Name", "red-2"), ("Color", "red"));
        blue = db.New("Label", ("Name", "blue"), ("Color", "blue"));
        ann = db.New("Writer", ("Name", "ann"));
        bob = db.New("Writer", ("Name", "bob"));
        var a = db.New("Article", ("Title", "a"), ("Code", "A"), ("Writer", ann), ("Labels", new List<RelObject> { red1, red2, blue }));
        db.New("Article", ("Title", "b"), ("Code", "B"), ("Writer", ann), ("Labels", new List<RelObject> { red1 }));
        var c = db.New("Article", ("Title", "c"), ("Code", "C"), ("Writer", bob), ("Labels", new List<RelObject> { blue, red2 }));
        db.New("Article", ("Title", "d"), ("Code", "D"));
        // ann edits a twice (two roles): the Through model holds the pair twice.
        db.New("Edit", ("Article", a), ("Writer", ann), ("Role", "copy"));
        db.New("Edit", ("Article", a), ("Writer", ann), ("Role", "proof"));
        db.New("Edit", ("Article", c), ("Writer", bob), ("Role", ""));
    }

    public void Dispose() => db.Dispose();

    private static List<string> Titles(IEnumerable<RelObject> rows) => rows.Select(r => (string)r["Title"]!).ToList();

    private string OnlyStatement(Action run)
    {
        db.Log.Clear();
        run();
        return Assert.Single(db.Log.Entries).Sql;
    }

    [Fact]
    public void A_unique_column_of_a_many_to_many_target_is_joined_and_each_row_comes_once()
    {
        List<string> titles = [];
        var sql = OnlyStatement(() => titles = Titles(db.Objects("Article").Filter("Labels__Name", "red-1")));
        Assert.Equal(["a", "b"], titles);
        Assert.Contains("JOIN \"article_labels\"", sql);
        Assert.DoesNotContain(" IN (", sql);
        Assert.Equal(2, db.Objects("Article").Filter("Labels__Name", "red-1").Count());
        Assert.True(db.Objects("Article").Filter("Labels__Name", "blue").Exists());
        Assert.False(db.Objects("Article").Filter("Labels__Name", "green").Exists());
    }

    [Fact]
    public void The_related_key_is_read_from_the_join_table_alone()
    {
        var sql = OnlyStatement(() => Assert.Equal(["a", "c"], Titles(db.Objects("Article").Filter("Labels", red2.Id))));
        Assert.Contains("JOIN \"article_labels\"", sql);
        Assert.DoesNotContain("JOIN \"label\"", sql);
    }

    [Fact]
    public void Conditions_of_one_call_hold_for_the_same_related_row()
    {
        // red-1 is red; blue is not: no label of any article is both "blue" and red.
        Assert.Empty(db.Objects("Article").Filter(Q.Keyword("Labels__Name", "blue") & Q.Keyword("Labels__Color", "red")));
        Assert.Equal(["a", "c"], Titles(db.Objects("Article").Filter(Q.Keyword("Labels__Name", "red-2") & Q.Keyword("Labels__Color", "red"))));
        // A condition on the article itself in the same call.
        Assert.Equal(["c"], Titles(db.Objects("Article").Filter(Q.Keyword("Labels__Name", "red-2") & Q.Keyword("Title", "c"))));
    }

    [Fact]
    public void Chained_calls_each_pin_a_related_row_of_their_own()
    {
        Assert.Equal(["a", "c"], Titles(db.Objects("Article").Filter("Labels__Name", "blue").Filter("Labels__Name", "red-2")));
        Assert.Equal(["a"], Titles(db.Objects("Article").Filter("Labels__Name", "red-1").Filter("Labels__Name", "blue")));
        Assert.Empty(db.Objects("Article").Filter("Labels__Name", "red-1").Filter("Labels__Name", "green"));
    }

    [Fact]
    public void A_column_that_is_not_unique_keeps_the_subquery_and_returns_each_row_once()
    {
        List<string> titles = [];
        // Article a has two red labels: a join on the colour would return it twice.
        var sql = OnlyStatement(() => titles = Titles(db.Objects("Article").Filter("Labels__Color", "red")));
        Assert.Equal(["a", "b", "c"], titles);
        Assert.Contains(" IN (SELECT", sql);
        Assert.Equal(3, db.Objects("Article").Filter("Labels__Color", "red").Count());
    }

    [Fact]
    public void A_through_model_that_may_repeat_a_pair_keeps_the_subquery()
    {
        List<string> titles = [];
        var sql = OnlyStatement(() => titles = Titles(db.Objects("Article").Filter("Editors__Id", ann.Id)));
        Assert.Equal(["a"], titles);
        Assert.Contains(" IN (SELECT", sql);
    }

    [Fact]
    public void A_unique_column_of_reverse_foreign_key_rows_is_joined()
    {
        List<string> names = [];
        var sql = OnlyStatement(() => names = db.Objects("Writer").Filter("Articles__Code", "C").Select(w => (string)w["Name"]!).ToList());
        Assert.Equal(["bob"], names);
        Assert.DoesNotContain(" IN (", sql);
        // Title is not unique: the subquery form, each writer once.
        Assert.Equal(["ann"], db.Objects("Writer").Filter(Q.Keyword("Articles__Title__in", new[] { "a", "b" })).Select(w => (string)w["Name"]!).ToList());
    }

    [Fact]
    public void Inexact_and_negated_conditions_keep_their_forms()
    {
        Assert.Equal(["a", "b", "c"], Titles(db.Objects("Article").Filter("Labels__Name__startswith", "red")));
        Assert.Equal(["b", "d"], Titles(db.Objects("Article").Exclude("Labels__Name", "red-2")));
        Assert.Equal(["a", "b"], Titles(db.Objects("Article").Filter(Q.Keyword("Labels__Name", "red-1") | Q.Keyword("Labels__Name", "missing"))));
    }

    [Fact]
    public void Updates_deletes_ordering_and_slices_see_the_same_rows()
    {
        Assert.Equal(["c", "a"], Titles(db.Objects("Article").Filter("Labels__Name", "blue").OrderBy("-Title")));
        Assert.Equal(["c"], Titles(db.Objects("Article").Filter("Labels__Name", "blue").OrderBy("-Title").Take(1)));
        Assert.Equal(2, db.Objects("Article").Filter("Labels__Name", "red-2").Update(new Dictionary<string, object?> { ["Title"] = "x" }));
        Assert.Equal(["x", "b", "x", "d"], Titles(db.Objects("Article")));
        db.Objects("Article").Filter("Labels__Name", "red-1").Delete();
        Assert.Equal(["x"], Titles(db.Objects("Article").Filter("Labels__Name", "blue")));
        Assert.Equal(2, db.Objects("Article").Count());
    }

    [Fact]
    public void An_annotation_over_the_same_relation_counts_every_related_row()
    {
        var rows = db.Objects("Article").Filter("Labels__Name", "blue").Annotate("N", "Count(Labels)")
            .Select(a => ((string)a["Title"]!, (long)a.Annotations["N"]!)).ToList();
        Assert.Equal([("a", 1L), ("c", 1L)], rows);
    }
}
