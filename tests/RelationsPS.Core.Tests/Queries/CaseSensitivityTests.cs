using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>
/// PRODUCT §4 case rules and literal wildcards: <c>exact contains startswith endswith regex</c> respect
/// case, their <c>i</c> forms do not (on SQLite too, whose LIKE ignores ASCII case); <c>% _ \</c> in
/// values are literal characters. Model (one table):
/// <code>new ModelSetBuilder().Model("Word", m => m.Char("Text", 50))</code>
/// Data, in id order: Python, python, PYTHON!, Jython, 50% off, 50 off, a_c, abc, back\slash, backXslash,
/// écrire, Écrire.
/// </summary>
public class CaseSensitivityTests : IDisposable
{
    private readonly RelDatabase db = QueryDb.Open(b => b.Model("Word", m => m.Char("Text", 50)));

    public CaseSensitivityTests()
    {
        foreach (var w in new[] { "Python", "python", "PYTHON!", "Jython", "50% off", "50 off", "a_c", "abc", "back\\slash", "backXslash", "écrire", "Écrire" })
            db.Add("Word", ("Text", w));
    }

    public void Dispose() => db.Dispose();

    private string Find(string lookup, object value) =>
        string.Join("|", db.Objects("Word").Filter($"Text__{lookup}", value).Select(w => (string)w["Text"]!));

    [Theory]
    [InlineData("exact", "python", "python")]
    [InlineData("exact", "PYTHON", "")]
    [InlineData("iexact", "PYTHON", "Python|python")]
    [InlineData("iexact", "pYtHoN", "Python|python")]
    [InlineData("contains", "ytho", "Python|python|Jython")]
    [InlineData("contains", "YTHO", "PYTHON!")]
    [InlineData("icontains", "YTHO", "Python|python|PYTHON!|Jython")]
    [InlineData("startswith", "Py", "Python")]
    [InlineData("startswith", "py", "python")]
    [InlineData("istartswith", "py", "Python|python|PYTHON!")]
    [InlineData("endswith", "ON", "")]
    [InlineData("endswith", "on", "Python|python|Jython")]
    [InlineData("iendswith", "ON", "Python|python|Jython")]
    [InlineData("regex", "^[Pp]y", "Python|python")]
    [InlineData("regex", "^py", "python")]
    [InlineData("iregex", "^py", "Python|python|PYTHON!")]
    public void Plain_forms_respect_case_and_i_forms_ignore_it(string lookup, string value, string expected) =>
        Assert.Equal(expected, Find(lookup, value));

    [Theory]
    [InlineData("contains", "%", "50% off")]
    [InlineData("icontains", "% O", "50% off")]
    [InlineData("startswith", "50%", "50% off")]
    [InlineData("istartswith", "50%", "50% off")]
    [InlineData("exact", "a_c", "a_c")]
    [InlineData("iexact", "A_C", "a_c")]
    [InlineData("contains", "_", "a_c")]
    [InlineData("icontains", "_", "a_c")]
    [InlineData("endswith", "\\slash", "back\\slash")]
    [InlineData("iendswith", "\\SLASH", "back\\slash")]
    [InlineData("icontains", "k\\s", "back\\slash")]
    [InlineData("istartswith", "%", "")]
    [InlineData("iexact", "_bc", "")]
    public void Percent_underscore_and_backslash_are_literal(string lookup, string value, string expected) =>
        Assert.Equal(expected, Find(lookup, value));

    [Theory]
    [InlineData("iexact", "ÉCRIRE", "écrire|Écrire")]
    [InlineData("icontains", "CRIR", "écrire|Écrire")]
    [InlineData("istartswith", "é", "écrire|Écrire")]
    [InlineData("exact", "écrire", "écrire")]
    [InlineData("startswith", "É", "Écrire")]
    [InlineData("iregex", "^é", "écrire|Écrire")]
    public void Case_rules_hold_beyond_ascii(string lookup, string value, string expected) =>
        Assert.Equal(expected, Find(lookup, value));

    [Fact]
    public void Like_patterns_keep_their_wildcards_and_their_case_rule()
    {
        Assert.Equal("Python", string.Join("|", db.Objects("Word").Filter(Q.Where("Text", Lookup.Like, "Py%")).Select(w => w["Text"])));
        Assert.Equal("Python|python|PYTHON!", string.Join("|", db.Objects("Word").Filter(Q.Where("Text", Lookup.ILike, "py%")).Select(w => w["Text"])));
        Assert.Equal("a_c|abc", string.Join("|", db.Objects("Word").Filter(Q.Where("Text", Lookup.Like, "a_c")).Select(w => w["Text"])));
        Assert.Equal("a_c", string.Join("|", db.Objects("Word").Filter(Q.Where("Text", Lookup.Like, "a\\_c")).Select(w => w["Text"])));
    }

    [Fact]
    public void Exact_null_is_isnull_and_other_lookups_refuse_null()
    {
        Assert.Equal("", Find("exact", null!));
        Assert.Equal("NullComparison", Assert.Throws<Errors.RelationsException>(() => db.Objects("Word").Filter("Text__contains", null).ToList()).ErrorId);
    }
}
