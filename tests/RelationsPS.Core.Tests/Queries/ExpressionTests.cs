using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// Django's <c>tests/expressions</c> (F on plain fields, arithmetic, updates), restated. Models
/// (expressions/models.py):
/// <code>
/// new ModelSetBuilder()
///   .Model("Employee", m => m.Char("Firstname", 50).Char("Lastname", 50).Integer("Salary", nullable: true))
///   .Model("Company",  m => m.Char("Name", 100).Integer("NumEmployees").Integer("NumChairs")
///       .ForeignKey("Ceo", "Employee", OnDeleteAction.Cascade, relatedName: "CompanyCeoSet")
///       .ForeignKey("PointOfContact", "Employee", OnDeleteAction.SetNull, nullable: true, relatedName: "CompanyPointOfContactSet"))
///   .Model("Number",   m => m.Integer("Integer").Float("Float", nullable: true))
/// </code>
/// Data: Example Inc. (2300 employees, 5 chairs, CEO Joe Smith salary 10), Foobar Ltd. (3, 4, Frank
/// Meyer 20), Test GmbH (32, 1, Max Mustermann 30).
/// </summary>
public class ExpressionTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Open(b => b
        .Model("Employee", m => m.Char("Firstname", 50).Char("Lastname", 50).Integer("Salary", nullable: true))
        .Model("Company", m => m.Char("Name", 100).Integer("NumEmployees").Integer("NumChairs")
            .ForeignKey("Ceo", "Employee", OnDeleteAction.Cascade, relatedName: "CompanyCeoSet")
            .ForeignKey("PointOfContact", "Employee", OnDeleteAction.SetNull, nullable: true, relatedName: "CompanyPointOfContactSet"))
        .Model("Number", m => m.Integer("Integer").Float("Float", nullable: true)));

    public ExpressionTests()
    {
        Company("Example Inc.", 2300, 5, "Joe", "Smith", 10);
        Company("Foobar Ltd.", 3, 4, "Frank", "Meyer", 20);
        Company("Test GmbH", 32, 1, "Max", "Mustermann", 30);
    }

    private void Company(string name, int employees, int chairs, string first, string last, int salary)
    {
        var ceo = db.Add("Employee", ("Firstname", first), ("Lastname", last), ("Salary", salary));
        db.Add("Company", ("Name", name), ("NumEmployees", employees), ("NumChairs", chairs), ("Ceo", ceo));
    }

    public void Dispose() => db.Dispose();

    private QuerySet Companies => db.Objects("Company").OrderBy("Name", "NumEmployees", "NumChairs");

    /// <summary>Django's company_query: values(name, num_employees, num_chairs) ordered by them.</summary>
    private List<string> Rows(QuerySet? q = null) =>
        (q ?? Companies).Values("Name", "NumEmployees", "NumChairs").Select(r => $"{r["Name"]}|{r["NumEmployees"]}|{r["NumChairs"]}").ToList();

    [Fact]
    public void Filter_compares_two_fields_of_the_same_row() =>
        Assert.Equal(["Example Inc.|2300|5", "Test GmbH|32|1"], Rows(Companies.Filter("NumEmployees__gt", new F("NumChairs"))));

    [Fact]
    public void Update_sets_a_field_to_another_field()
    {
        Assert.Equal(3, Companies.Update(QueryDb.D(("NumChairs", new F("NumEmployees")))));
        Assert.Equal(["Example Inc.|2300|2300", "Foobar Ltd.|3|3", "Test GmbH|32|32"], Rows());
    }

    [Fact]
    public void Update_with_arithmetic()
    {
        Companies.Update(QueryDb.D(("NumChairs", new F("NumEmployees") + 2)));
        Assert.Equal(["Example Inc.|2300|2302", "Foobar Ltd.|3|5", "Test GmbH|32|34"], Rows());
    }

    [Fact]
    public void Multiplication_binds_tighter_than_addition()
    {
        Companies.Update(QueryDb.D(("NumChairs", new F("NumEmployees") + new Const(2L) * new F("NumEmployees"))));
        Assert.Equal(["Example Inc.|2300|6900", "Foobar Ltd.|3|9", "Test GmbH|32|96"], Rows());
    }

    [Fact]
    public void Parentheses_override_precedence()
    {
        Companies.Update(QueryDb.D(("NumChairs", (new F("NumEmployees") + 2) * new F("NumEmployees"))));
        Assert.Equal(["Example Inc.|2300|5294600", "Foobar Ltd.|3|15", "Test GmbH|32|1088"], Rows());
    }

    [Fact]
    public void Update_is_one_statement_with_the_increment_in_sql()
    {
        var log = SqlCorpus.Capture(() => Assert.Equal(3, db.Objects("Company").Update(QueryDb.D(("NumEmployees", new F("NumEmployees") + 1)))));
        var update = Assert.Single(log);
        if (Support.TestDatabases.OnPostgreSql)
        {
            // PostgreSQL's integer column checks the range itself.
            Assert.StartsWith("UPDATE \"company\" SET \"num_employees\" = (\"num_employees\" + @p0) WHERE \"id\" IN (", update.Sql);
            Assert.Equal(new object?[] { 1L }, update.Parameters);
        }
        else
        {
            Assert.StartsWith("UPDATE \"company\" SET \"num_employees\" = rel_int_check((\"num_employees\" + @p0), @p1, @p2, @p3) WHERE \"id\" IN (", update.Sql);
            Assert.Equal(new object?[] { 1L, (long)int.MinValue, (long)int.MaxValue, "Company.NumEmployees (Integer)" }, update.Parameters);
        }
        Assert.Equal(["Example Inc.|2301|5", "Foobar Ltd.|4|4", "Test GmbH|33|1"], Rows());
    }

    [Fact]
    public void A_foreign_key_can_be_updated_from_another_foreign_key()
    {
        Assert.Equal(3, db.Objects("Company").Update(QueryDb.D(("PointOfContact", new F("Ceo")))));
        Assert.Equal(["Joe Smith", "Frank Meyer", "Max Mustermann"],
            db.Objects("Company").Include("PointOfContact").Select(c => $"{c.RelatedObject("PointOfContact")!["Firstname"]} {c.RelatedObject("PointOfContact")!["Lastname"]}"));
    }

    [Fact]
    public void Update_to_null()
    {
        db.Add("Number", ("Integer", 1), ("Float", 1.0));
        db.Add("Number", ("Integer", 2));
        Assert.Equal(1, db.Objects("Number").Filter("Float__isnull", false).Update(QueryDb.D(("Float", null))));
        Assert.Equal(new object?[] { null, null }, db.Objects("Number").Select(n => n["Float"]).ToArray());
    }

    [Fact]
    public void F_spans_joins_in_filters_but_not_in_update_values()
    {
        db.Objects("Company").Update(QueryDb.D(("PointOfContact", new F("Ceo"))));
        var first = db.Objects("Company")[0];
        first["PointOfContact"] = db.Add("Employee", ("Firstname", "Guido"), ("Lastname", "van Rossum"));
        db.Save(first);
        var same = Q.Keyword("Ceo__Firstname", new F("PointOfContact__Firstname"));
        Assert.Equal(["Foobar Ltd.", "Test GmbH"], db.Objects("Company").Filter(same).Select(c => (string)c["Name"]!));
        db.Objects("Company").Exclude(same).Update(QueryDb.D(("Name", "foo")));
        Assert.Equal("foo", db.Objects("Company").Exclude(same).Get(Q.True)["Name"]);
        var e = Assert.Throws<RelationsException>(() => db.Objects("Company").Exclude(same).Update(QueryDb.D(("Name", new F("PointOfContact__Lastname")))));
        Assert.Equal("JoinInUpdate", e.ErrorId);
    }

    [Fact]
    public void Iexact_against_a_field()
    {
        db.Add("Employee", ("Firstname", "John"), ("Lastname", "Doe"));
        db.Add("Employee", ("Firstname", "Test"), ("Lastname", "test"));
        Assert.Equal(["Test"], db.Objects("Employee").Filter("Firstname__iexact", new F("Lastname")).Select(e => (string)e["Firstname"]!));
    }

    [Fact]
    public void Startswith_against_a_field_respects_case_and_istartswith_does_not()
    {
        db.Add("Employee", ("Firstname", "John"), ("Lastname", "Doe"));
        var e2 = db.Add("Employee", ("Firstname", "Jack"), ("Lastname", "Jackson"));
        var e3 = db.Add("Employee", ("Firstname", "Jack"), ("Lastname", "jackson"));
        Assert.Equal([e2.Id], db.Objects("Employee").Filter("Lastname__startswith", new F("Firstname")).Select(e => e.Id));
        Assert.Equal([e2.Id, e3.Id], db.Objects("Employee").Filter("Lastname__istartswith", new F("Firstname")).Select(e => e.Id));
    }

    [Fact]
    public void A_pattern_built_from_a_field_treats_its_wildcards_literally()
    {
        db.Add("Employee", ("Firstname", "a_"), ("Lastname", "ab"));
        db.Add("Employee", ("Firstname", "a%"), ("Lastname", "a%c"));
        Assert.Equal(["a%"], db.Objects("Employee").Filter("Lastname__istartswith", new F("Firstname")).Select(e => (string)e["Firstname"]!));
        Assert.Equal(["a%"], db.Objects("Employee").Filter("Lastname__contains", new F("Firstname")).Select(e => (string)e["Firstname"]!));
    }

    [Fact]
    public void F_and_a_lookup_on_the_same_reverse_relation_share_one_join()
    {
        var q = db.Objects("Employee").Filter(Q.Keyword("CompanyCeoSet__NumChairs", new F("CompanyCeoSet__NumEmployees")));
        Assert.Equal(1, CompanyTables(q.Sql));
        var q2 = db.Objects("Employee").Filter(Q.Keyword("CompanyCeoSet__NumChairs", new F("CompanyCeoSet__NumEmployees")) & Q.Keyword("CompanyCeoSet__NumChairs__gte", 1));
        Assert.Equal(1, CompanyTables(q2.Sql));
        var q3 = db.Objects("Employee").Filter(Q.Keyword("CompanyCeoSet__NumEmployees", new F("Id")) & Q.Keyword("Id", new F("CompanyCeoSet__NumEmployees")));
        Assert.Equal(1, CompanyTables(q3.Sql));
    }

    [Fact]
    public void Chained_filters_do_not_reuse_the_join_of_a_previous_filter()
    {
        var q = db.Objects("Employee").Filter(Q.Keyword("CompanyCeoSet__NumEmployees", new F("Id")))
            .Filter(Q.Keyword("CompanyCeoSet__NumEmployees", new F("CompanyCeoSet__NumEmployees")));
        Assert.Equal(2, CompanyTables(q.Sql));
    }

    // The company table once per subquery: joined, or the table the subquery starts at (join promotion).
    private static int CompanyTables(string sql) => (sql.Length - sql.Replace("\"company\"", "", StringComparison.Ordinal).Length) / "\"company\"".Length;

    [Fact]
    public void Annotation_of_field_arithmetic_can_be_filtered_and_ordered()
    {
        var q = db.Objects("Company").Annotate("Spare", new F("NumChairs") - new F("NumEmployees")).Filter("Spare__gt", -100).OrderBy("-Spare");
        Assert.Equal(["Foobar Ltd.|1", "Test GmbH|-31"], q.Select(c => $"{c["Name"]}|{c["Spare"]}"));
    }

    [Fact]
    public void Arithmetic_follows_sql_null_in_null_out_and_integer_division_truncates()
    {
        db.Add("Employee", ("Firstname", "No"), ("Lastname", "Salary"));
        var q = db.Objects("Employee").Annotate("Half", new F("Salary") / 4).OrderBy("Id");
        Assert.Equal(new object?[] { 2L, 5L, 7L, null }, q.Select(e => e["Half"]).ToArray());
    }

    [Fact]
    public void F_across_a_forward_relation_in_a_filter()
    {
        var rich = db.Objects("Company").Filter("NumChairs__gt", new F("Ceo__Salary") / 10 + 1);
        Assert.Equal(["Example Inc.", "Foobar Ltd."], rich.Select(c => (string)c["Name"]!));
    }

    [Fact]
    public void An_unknown_field_in_F_is_refused_when_the_query_is_built()
    {
        var e = Assert.Throws<UnknownNameException>(() => db.Objects("Company").Filter("NumChairs__gt", new F("NumTables")));
        Assert.Contains("Choices are: Id, Name, NumEmployees, NumChairs, Ceo, CeoId, PointOfContact, PointOfContactId.", e.Message);
    }
}
