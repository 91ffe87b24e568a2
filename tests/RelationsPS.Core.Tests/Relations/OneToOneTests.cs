using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// Django's tests/one_to_one restated as specifications.
///
/// Models (Django's one_to_one/models.py; OneToOne reverse accessors are the model name, PRODUCT §3):
/// <code>
/// new ModelSetBuilder()
///     .Model("Place", m => m.Char("Name", 50).Char("Address", 80, blank: true))
///     .Model("Restaurant", m => m.OneToOne("Place", "Place", OnDeleteAction.Cascade).Boolean("ServesHotDogs").Boolean("ServesPizza"))
///     .Model("Bar", m => m.OneToOne("Place", "Place", OnDeleteAction.Cascade).Boolean("ServesCocktails", true))
///     .Model("UndergroundBar", m => m.OneToOne("Place", "Place", OnDeleteAction.SetNull, nullable: true).Boolean("ServesCocktails", true))
///     .Model("Waiter", m => m.ForeignKey("Restaurant", "Restaurant", OnDeleteAction.Cascade).Char("Name", 50))
///     .Model("Favorites", m => m.Char("Name", 50).ManyToMany("Restaurants", "Restaurant", relatedName: "FavoredBy"))
///     .Model("Target", m => m.Char("Name", 50, unique: true))
///     .Model("Pointer", m => m.OneToOne("Other", "Target", OnDeleteAction.Cascade))
///     .Model("Pointer2", m => m.OneToOne("Other", "Target", OnDeleteAction.Cascade, relatedName: "SecondPointer"))
///     .Model("HiddenPointer", m => m.OneToOne("Target", "Target", OnDeleteAction.Cascade, relatedName: "+"))
///     .Model("MultiModel", m => m.OneToOne("Link1", "Place", OnDeleteAction.Cascade).OneToOne("Link2", "Target", OnDeleteAction.Cascade).Char("Name", 50))
/// </code>
/// Differences from Django: a OneToOne is never the primary key here (every model has its own Id), so
/// moving a restaurant to another place moves the row rather than creating a new one; a missing reverse
/// object is null rather than DoesNotExist; relation members are read from the database each time (no
/// related-object cache), and assigning to a reverse OneToOne is refused.
///
/// Left out: test_related_object and test_hasattr_related_object (custom managers, use_for_related_fields),
/// the caching tests test_related_object_cache, test_reverse_object_cache*, test_reverse_object_cached_* and
/// test_reverse_object_does_not_exist_cache (we cache nothing: replaced by one "reads each time" case),
/// test_primary_key_to_field_filter and ManualPrimaryKey (no to_field, no custom primary keys),
/// test_create_reverse_o2o_error / test_save_nullable_o2o_after_parent (Django-internal save order).
/// </summary>
public class OneToOneTests : IDisposable
{
    private readonly RelDatabase db;
    private readonly RelObject p1, p2, r1, b1;

    public OneToOneTests()
    {
        db = TestDb.Open(b => b
            .Model("Place", m => m.Char("Name", 50).Char("Address", 80, blank: true))
            .Model("Restaurant", m => m.OneToOne("Place", "Place", OnDeleteAction.Cascade).Boolean("ServesHotDogs").Boolean("ServesPizza"))
            .Model("Bar", m => m.OneToOne("Place", "Place", OnDeleteAction.Cascade).Boolean("ServesCocktails", true))
            .Model("UndergroundBar", m => m.OneToOne("Place", "Place", OnDeleteAction.SetNull, nullable: true).Boolean("ServesCocktails", true))
            .Model("Waiter", m => m.ForeignKey("Restaurant", "Restaurant", OnDeleteAction.Cascade).Char("Name", 50))
            .Model("Favorites", m => m.Char("Name", 50).ManyToMany("Restaurants", "Restaurant", relatedName: "FavoredBy"))
            .Model("Target", m => m.Char("Name", 50, unique: true))
            .Model("Pointer", m => m.OneToOne("Other", "Target", OnDeleteAction.Cascade))
            .Model("Pointer2", m => m.OneToOne("Other", "Target", OnDeleteAction.Cascade, relatedName: "SecondPointer"))
            .Model("HiddenPointer", m => m.OneToOne("Target", "Target", OnDeleteAction.Cascade, relatedName: "+"))
            .Model("MultiModel", m => m.OneToOne("Link1", "Place", OnDeleteAction.Cascade).OneToOne("Link2", "Target", OnDeleteAction.Cascade).Char("Name", 50)));
        p1 = db.New("Place", ("Name", "Demon Dogs"), ("Address", "944 W. Fullerton"));
        p2 = db.New("Place", ("Name", "Ace Hardware"), ("Address", "1013 N. Ashland"));
        r1 = db.New("Restaurant", ("Place", p1), ("ServesHotDogs", true), ("ServesPizza", false));
        b1 = db.New("Bar", ("Place", p1), ("ServesCocktails", false));
    }

    public void Dispose() => db.Dispose();

    private static string PlaceName(RelObject? o) => (string)o!["Name"]!;

    [Fact]
    public void Getter_in_both_directions_and_null_when_missing()
    {
        Assert.Equal("Demon Dogs", PlaceName(r1.RelatedObject("Place")));
        Assert.Equal(r1, p1.RelatedObject("Restaurant"));
        Assert.Equal(r1.Id, ((RelObject)p1["Restaurant"]!).Id);
        Assert.Null(p2["Restaurant"]);
        Assert.Equal(1L, r1["PlaceId"]);
    }

    [Fact]
    public void Setter_moves_the_restaurant_to_another_place()
    {
        r1["Place"] = p2;
        db.Save(r1);
        Assert.Equal(r1, p2.RelatedObject("Restaurant"));
        Assert.Equal("Ace Hardware", PlaceName(r1.RelatedObject("Place")));
        Assert.Null(p1["Restaurant"]);
        Assert.Equal(["1,2"], db.Rows("restaurant", "id", "place_id"));
        r1["PlaceId"] = p1.Id;
        db.Save(r1);
        Assert.Equal("Demon Dogs", PlaceName(db.Objects("Restaurant").FirstOrDefaultById(r1.Id!.Value)!.RelatedObject("Place")));
    }

    [Fact]
    public void Assigning_to_the_reverse_side_is_refused()
    {
        var e = Assert.Throws<InvalidOperationRelException>(() => p1["Restaurant"] = r1);
        Assert.Equal("RelationAssignment", e.ErrorId);
    }

    [Fact]
    public void All_returns_the_restaurants_only_and_places_regardless()
    {
        Assert.Equal([r1.Id], db.Objects("Restaurant").Select(r => r.Id));
        Assert.Equal(["Ace Hardware", "Demon Dogs"], db.Objects("Place").OrderBy("Name").Names());
    }

    [Theory]
    [InlineData("Place__Id__exact")]
    [InlineData("Place__Id")]
    [InlineData("Place__exact")]
    [InlineData("Place")]
    [InlineData("PlaceId")]
    [InlineData("Place__Id__in")]
    public void Get_restaurant_by_its_place_id(string key)
    {
        var value = key.EndsWith("__in", StringComparison.Ordinal) ? new object?[] { p1.Id } : (object?)p1.Id;
        Assert.Equal(r1, db.Objects("Restaurant").Get(Q.Keyword(key, value)));
    }

    [Fact]
    public void Get_restaurant_by_place_object_and_place_fields()
    {
        Assert.Equal(r1, db.Objects("Restaurant").Get(Q.Keyword("Place__exact", p1)));
        Assert.Equal(r1, db.Objects("Restaurant").Get(Q.Keyword("Place", p1)));
        Assert.Equal(r1, db.Objects("Restaurant").Get(Q.Keyword("Id", r1.Id)));
        Assert.Equal(r1, db.Objects("Restaurant").Get(Q.Keyword("Place__Name__startswith", "Demon")));
    }

    [Fact]
    public void Get_place_through_the_reverse_one_to_one()
    {
        var expected = p1;
        Assert.Equal(expected, db.Objects("Place").Get(Q.Keyword("Restaurant__Place__exact", p1.Id)));
        Assert.Equal(expected, db.Objects("Place").Get(Q.Keyword("Restaurant__Place__exact", p1)));
        Assert.Equal(expected, db.Objects("Place").Get(Q.Keyword("Restaurant__Place__Id", p1.Id)));
        Assert.Equal(expected, db.Objects("Place").Get(Q.Keyword("Restaurant__exact", r1.Id)));
        Assert.Equal(expected, db.Objects("Place").Get(Q.Keyword("Restaurant__exact", r1)));
        Assert.Equal(expected, db.Objects("Place").Get(Q.Keyword("Restaurant__Id", r1.Id)));
        Assert.Equal(expected, db.Objects("Place").Get(Q.Keyword("Restaurant", r1.Id)));
        Assert.Equal(expected, db.Objects("Place").Get(Q.Keyword("Restaurant", r1)));
        Assert.Equal(expected, db.Objects("Place").Get(Q.Keyword("Id__exact", p1.Id)));
    }

    [Fact]
    public void Foreign_key_to_a_one_to_one_model_filters_and_cascades()
    {
        var w = r1.Manager("Waiters").Create(new Dictionary<string, object?> { ["Name"] = "Joe" });
        Assert.Equal(r1.Id, w["RestaurantId"]);
        foreach (var (key, value) in new (string, object?)[]
        {
            ("Restaurant__Place__exact", p1.Id), ("Restaurant__Place__exact", p1), ("Restaurant__Place__Id", p1.Id),
            ("Restaurant__exact", r1.Id), ("Restaurant__exact", r1), ("Restaurant__Id", r1.Id), ("Restaurant", r1.Id),
            ("Restaurant", r1), ("Id__exact", w.Id), ("Id", w.Id),
        })
            Assert.Equal(["Joe"], db.Objects("Waiter").Filter(key, value).Names());
        var result = db.Delete(db.Objects("Restaurant").FirstOrDefaultById(r1.Id!.Value)!);
        Assert.Equal(1, result.CountOf("Waiter"));
        Assert.Equal(0L, db.Objects("Waiter").Count());
        Assert.Empty(db.Rows("waiter", "id"));
    }

    [Fact]
    public void Each_one_to_one_field_is_unique()
    {
        var t = db.New("Target", ("Name", "t"));
        var x1 = db.New("MultiModel", ("Link1", p1), ("Link2", t), ("Name", "x1"));
        Assert.Equal(x1, t.RelatedObject("MultiModel"));
        var e = Assert.Throws<DuplicateException>(() => db.New("MultiModel", ("Link1", p2), ("Link2", t), ("Name", "x1")));
        Assert.Equal("UniqueViolation", e.ErrorId);
        Assert.Equal(ErrorKind.ResourceExists, e.Kind);
        Assert.Equal(["1,1,1"], db.Rows("multi_model", "id", "link1_id", "link2_id"));
    }

    [Fact]
    public void A_second_restaurant_for_a_place_is_a_unique_violation()
    {
        var e = Assert.Throws<DuplicateException>(() => db.New("Restaurant", ("Place", p1)));
        Assert.Equal("UniqueViolation", e.ErrorId);
        Assert.Contains("restaurant.place_id", e.Message);
        Assert.Equal(["1,1"], db.Rows("restaurant", "id", "place_id"));
    }

    [Fact]
    public void An_unsaved_place_has_no_restaurant_and_cannot_be_linked()
    {
        var place = new RelObject(db.Models.Get("Place"), db) { ["Name"] = "User", ["Address"] = "London" };
        Assert.Null(place["Restaurant"]);
        var e = Assert.Throws<InvalidOperationRelException>(() => db.New("Restaurant", ("Place", place), ("ServesHotDogs", true)));
        Assert.Equal("UnsavedObject", e.ErrorId);
        Assert.Null(place["Restaurant"]);
        Assert.Equal(1L, db.Objects("Restaurant").Count());
    }

    [Fact]
    public void Unlinking_before_the_delete_keeps_the_underground_bar()
    {
        var bar = db.New("UndergroundBar", ("Place", p1), ("ServesCocktails", false));
        Assert.Equal(bar, p1.RelatedObject("UndergroundBar"));
        bar["Place"] = null;
        db.Save(bar);
        db.Delete(p1);
        Assert.Equal(1L, db.Objects("Place").Count());
        Assert.Equal(1L, db.Objects("UndergroundBar").Count());
        Assert.Equal(["1,null"], db.Rows("underground_bar", "id", "place_id"));
    }

    [Fact]
    public void Many_to_many_to_a_model_with_a_one_to_one()
    {
        var f = db.New("Favorites", ("Name", "Fred"));
        f.Manager("Restaurants").Set(new[] { r1 });
        Assert.Equal([r1], f.Manager("Restaurants").ToList());
        Assert.Equal(["Fred"], r1.Manager("FavoredBy").Names());
        Assert.Equal(["1,1"], db.Rows("favorites_restaurants", "favorites_id", "restaurant_id"));
    }

    [Fact]
    public void Each_reverse_accessor_finds_its_own_model()
    {
        Assert.Equal(r1, p1.RelatedObject("Restaurant"));
        Assert.Equal(b1, p1.RelatedObject("Bar"));
        Assert.Null(p1.RelatedObject("UndergroundBar"));
    }

    [Fact]
    public void Nullable_one_to_one_can_be_set_to_null_and_saved()
    {
        var ug = db.New("UndergroundBar", ("Place", p1), ("ServesCocktails", false));
        ug["Place"] = null;
        Assert.Null(ug["Place"]);
        db.Save(ug);
        var fresh = db.Objects("UndergroundBar").FirstOrDefaultById(ug.Id!.Value)!;
        Assert.Null(fresh["Place"]);
        Assert.Null(fresh["PlaceId"]);
        Assert.Null(p1["UndergroundBar"]);
    }

    [Fact]
    public void Non_null_one_to_one_cannot_be_set_to_null()
    {
        var e = Assert.Throws<ValidationException>(() => r1["Place"] = null);
        Assert.Equal("NullNotAllowed", e.ErrorId);
        var wrong = Assert.Throws<ValidationException>(() => r1["Place"] = r1);
        Assert.Equal("WrongModel", wrong.ErrorId);
        Assert.Equal(1L, r1["PlaceId"]);
    }

    [Fact]
    public void Filter_on_a_missing_reverse_one_to_one()
    {
        db.New("Target", ("Name", "lonely"));
        Assert.Equal(["lonely"], db.Objects("Target").Filter("Pointer__isnull", true).Names());
        Assert.Empty(db.Objects("Target").Exclude("Pointer__isnull", true));
        Assert.Equal(["lonely"], db.Objects("Target").Filter("SecondPointer__isnull", true).Names());
        Assert.Empty(db.Objects("Target").Exclude("SecondPointer__isnull", true));
        Assert.Equal(["lonely"], db.Objects("Target").Filter("Pointer", null).Names());
    }

    [Fact]
    public void Deleting_through_a_filtered_query_counts_per_model()
    {
        var t = db.New("Target", ("Name", "name"));
        db.New("Pointer", ("Other", t));
        var result = db.Objects("Pointer").Filter("Other__Name", "name").Delete();
        Assert.Equal(1, result.Total);
        Assert.Equal([new DeleteCount("Pointer", "pointer", 1)], result.Counts);
        Assert.Equal(["1"], db.Rows("target", "id"));
    }

    [Fact]
    public void An_unsaved_place_reads_no_underground_bar_without_querying()
    {
        var p = new RelObject(db.Models.Get("Place"), db);
        Assert.Equal(0, db.CountQueries(() => Assert.Null(p["UndergroundBar"])));
        db.New("UndergroundBar");
        Assert.Equal(0, db.CountQueries(() => Assert.Null(p["UndergroundBar"])));
        db.New("UndergroundBar");
        Assert.Equal(0, db.CountQueries(() => Assert.Null(p["UndergroundBar"])));
    }

    [Fact]
    public void Saving_with_an_unsaved_place_is_refused()
    {
        var p = new RelObject(db.Models.Get("Place"), db) { ["Name"] = "x" };
        var b = db.New("UndergroundBar");
        var e = Assert.Throws<InvalidOperationRelException>(() => b["Place"] = p);
        Assert.Equal("UnsavedObject", e.ErrorId);
        Assert.Equal(["1,null"], db.Rows("underground_bar", "id", "place_id"));
    }

    [Fact]
    public void Deleting_a_place_after_unlinking_by_id_keeps_the_bar()
    {
        var u = db.New("UndergroundBar", ("Place", p1));
        u["PlaceId"] = null;
        db.Save(u);
        db.Delete(p1);
        Assert.True(db.Objects("UndergroundBar").Filter("Id", u.Id).Exists());
        Assert.Null(db.Objects("UndergroundBar").FirstOrDefaultById(u.Id!.Value)!["Place"]);
    }

    [Fact]
    public void Hidden_reverse_accessor_is_not_added()
    {
        var target = db.Models.Get("Target");
        Assert.Null(target.FindRelation("HiddenPointer"));
        Assert.Equal(["Id", "Name", "Pointer", "SecondPointer", "MultiModel"], target.NameChoices());
        var t = db.New("Target", ("Name", "t"));
        Assert.Throws<UnknownNameException>(() => t["HiddenPointer"]);
    }

    [Fact]
    public void Update_of_a_foreign_key_to_a_one_to_one_model()
    {
        var q1 = db.New("Place", ("Name", "p3"));
        var q2 = db.New("Place", ("Name", "p4"));
        var ra = db.New("Restaurant", ("Place", q1));
        var rb = db.New("Restaurant", ("Place", q2));
        var w = db.New("Waiter", ("Restaurant", ra), ("Name", "w"));
        db.Objects("Waiter").Update(new Dictionary<string, object?> { ["Restaurant"] = rb });
        Assert.Equal(rb, db.Objects("Waiter").FirstOrDefaultById(w.Id!.Value)!.RelatedObject("Restaurant"));
    }

    [Fact]
    public void Subquery_on_the_same_model_by_its_key()
    {
        var r = db.Objects("Restaurant").First();
        var q1 = db.Objects("Restaurant").Filter("PlaceId", r["PlaceId"]);
        Assert.Equal([r], db.Objects("Restaurant").Filter("Id__in", q1).ToList());
        var q2 = db.Objects("Restaurant").Filter("Id__in", db.Objects("Restaurant").Filter("Place__Id", r.RelatedObject("Place")!.Id));
        Assert.Equal([r], q2.ToList());
    }

    [Fact]
    public void Id_exact_takes_an_object()
    {
        var r = db.Objects("Restaurant").First();
        Assert.Equal(r, db.Objects("Restaurant").Filter("Id__exact", r).First());
    }

    [Fact]
    public void Reverse_access_reads_the_database_each_time()
    {
        Assert.Equal(1, db.CountQueries(() => Assert.Equal(r1, p1.RelatedObject("Restaurant"))));
        db.Delete(r1);
        Assert.Null(p1.RelatedObject("Restaurant"));
        var fresh = db.New("Restaurant", ("Place", p1));
        Assert.Equal(fresh, p1.RelatedObject("Restaurant"));
    }
}
