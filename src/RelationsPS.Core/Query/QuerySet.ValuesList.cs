using System.Data.Common;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;

namespace RelationsPS.Core.Query;

/// <summary>
/// Django's <c>values_list()</c> for C# callers: the selected values as tuples of the types the caller
/// names (<c>ValuesList&lt;long, string&gt;("Id", "Title")</c>), or one value per row
/// (<c>values_list(..., flat=True)</c>). The same statement as <see cref="Values"/>; where Values hands out a
/// row readable by name (boxed values), these read an integer column as a <see cref="long"/> and a text
/// column as a <see cref="string"/> straight into the tuple, as a hand-written reader loop does.
/// A value is converted between numeric types (an Integer read as <see cref="int"/>); a NULL needs a
/// nullable type (<c>long?</c>), any other mismatch is a ValueTypeMismatch error.
/// </summary>
public sealed partial class QuerySet
{
    /// <summary>One path's value per row (Django's <c>values_list(path, flat=True)</c>).</summary>
    public IEnumerable<T> ValuesList<T>(string path)
    {
        var statement = ValuesStatement(path);
        var (read, readSafe) = (Typed<T>(path, required: true), Typed<T>(path, required: false));
        return Database.Query(statement, r =>
        {
            try
            {
                return read(r, 0);
            }
            catch (InvalidOperationException)
            {
                return readSafe(r, 0);
            }
        });
    }

    /// <summary>Two values per row, as a tuple (Django's <c>values_list(a, b)</c>).</summary>
    public IEnumerable<(T1, T2)> ValuesList<T1, T2>(string path1, string path2)
    {
        var statement = ValuesStatement(path1, path2);
        var (a, b) = (Typed<T1>(path1, required: true), Typed<T2>(path2, required: true));
        var (sa, sb) = (Typed<T1>(path1, required: false), Typed<T2>(path2, required: false));
        return Database.Query(statement, r =>
        {
            try
            {
                return (a(r, 0), b(r, 1));
            }
            catch (InvalidOperationException)
            {
                return (sa(r, 0), sb(r, 1));
            }
        });
    }

    /// <summary>Three values per row, as a tuple.</summary>
    public IEnumerable<(T1, T2, T3)> ValuesList<T1, T2, T3>(string path1, string path2, string path3)
    {
        var statement = ValuesStatement(path1, path2, path3);
        var (a, b, c) = (Typed<T1>(path1, required: true), Typed<T2>(path2, required: true), Typed<T3>(path3, required: true));
        var (sa, sb, sc) = (Typed<T1>(path1, required: false), Typed<T2>(path2, required: false), Typed<T3>(path3, required: false));
        return Database.Query(statement, r =>
        {
            try
            {
                return (a(r, 0), b(r, 1), c(r, 2));
            }
            catch (InvalidOperationException)
            {
                return (sa(r, 0), sb(r, 1), sc(r, 2));
            }
        });
    }

    /// <summary>Four values per row, as a tuple.</summary>
    public IEnumerable<(T1, T2, T3, T4)> ValuesList<T1, T2, T3, T4>(string path1, string path2, string path3, string path4)
    {
        var statement = ValuesStatement(path1, path2, path3, path4);
        var (a, b, c, d) = (Typed<T1>(path1, required: true), Typed<T2>(path2, required: true), Typed<T3>(path3, required: true), Typed<T4>(path4, required: true));
        var (sa, sb, sc, sd) = (Typed<T1>(path1, required: false), Typed<T2>(path2, required: false), Typed<T3>(path3, required: false), Typed<T4>(path4, required: false));
        return Database.Query(statement, r =>
        {
            try
            {
                return (a(r, 0), b(r, 1), c(r, 2), d(r, 3));
            }
            catch (InvalidOperationException)
            {
                return (sa(r, 0), sb(r, 1), sc(r, 2), sd(r, 3));
            }
        });
    }

    /// <summary>The statement of Values and ValuesList: the paths checked first (an unknown one fails before anything runs).</summary>
    private Compilation.SqlStatement ValuesStatement(params string[] paths)
    {
        foreach (var p in paths) QueryValidator.CheckExpression(new F(p), State, forAnnotation: false);
        return Cached("values:" + string.Join(",", paths), c => c.Values(paths));
    }

    /// <summary>
    /// A reader of one selected column as <typeparamref name="T"/>. <paramref name="required"/>: trust the
    /// model's own NOT NULL columns (a NULL there, in a file edited behind the engine's back, makes the
    /// provider throw and the row is read again with <paramref name="required"/> false, which checks).
    /// </summary>
    private Func<DbDataReader, int, T> Typed<T>(string path, bool required)
    {
        var general = KeyReader(path, required);
        if (IsAnnotationName(path)) return TypedValues.Reader<T>(path, null, required: false, general);
        var resolved = ResolvedPath.Resolve(Model, path);
        return TypedValues.Reader<T>(path, resolved.Field, required && IsOwnRequiredColumn(resolved), general);
    }
}
