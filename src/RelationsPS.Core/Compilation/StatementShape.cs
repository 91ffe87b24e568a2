using System.Globalization;
using System.Text;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

/// <summary>
/// The key of a query's statement in the <see cref="StatementCache"/>: everything of a
/// <see cref="QueryState"/> that the SQL text depends on, with its lookup values left out (they are
/// parameters) but what the compiler decides by them kept (a string's emptiness, ASCII-ness and
/// escape characters; a value's type). A state holding anything else whose text depends on a value
/// (IN lists, ranges, isnull, nulls, expressions and constants inside conditions or annotations,
/// subqueries, aggregates with their own filter, a related manager's owner) has no key: it is
/// compiled every time, as every statement was before the cache.
/// </summary>
internal static class StatementShape
{
    /// <summary>
    /// The key of <paramref name="state"/>'s statement of <paramref name="kind"/> (Select, Values...), and
    /// its lookups in the order the key names them; null when the state is not one the cache may hold.
    /// </summary>
    public static string? Key(QueryState state, string kind, out List<LookupQ> leaves)
    {
        leaves = [];
        var sb = new StringBuilder(128).Append(kind).Append('|').Append(state.Model.Name);
        foreach (var a in state.Annotations)
        {
            sb.Append("|a:").Append(a.Name).Append(':').Append(a.FiltersBefore.ToString(CultureInfo.InvariantCulture)).Append(':');
            if (!Expression(a.Expression, sb)) return null;
        }
        foreach (var clause in state.Filters)
        {
            sb.Append("|f").Append((int)clause.Mode).Append(':');
            if (!Condition(clause.Condition, state, sb, leaves)) return null;
        }
        if (state.Ordering is { } ordering)
        {
            sb.Append("|o");
            foreach (var term in ordering)
            {
                sb.Append(term.Descending ? '-' : '+').Append((int)term.Nulls);
                if (!Expression(term.Expression, sb)) return null;
            }
        }
        sb.Append('|').Append(state.Offset is null ? '-' : 'o').Append(state.Limit is null ? '-' : 'l')
          .Append(state.Distinct ? 'd' : '-').Append(state.Unordered ? 'u' : '-');
        foreach (var include in state.Includes) sb.Append("|i:").Append(include);
        return sb.ToString();
    }

    private static bool Condition(Q q, QueryState state, StringBuilder sb, List<LookupQ> leaves)
    {
        switch (q)
        {
            case AndQ and:
                return Items('&', and.Items, state, sb, leaves);
            case OrQ or:
                return Items('|', or.Items, state, sb, leaves);
            case NotQ not:
                sb.Append('!');
                return Condition(not.Inner, state, sb, leaves);
            case SharedQ shared:
                sb.Append('s');
                return Condition(shared.Inner, state, sb, leaves);
            case ConstQ c:
                sb.Append(c.Value ? 'T' : 'F');
                return true;
            case LookupQ l when l.Left is F f && Value(l, f, state, sb):
                sb.Append('[').Append(f.Path).Append(':').Append((int)l.Lookup).Append(']');
                leaves.Add(l);
                return true;
            default:
                return false;
        }
    }

    private static bool Items(char op, IReadOnlyList<Q> items, QueryState state, StringBuilder sb, List<LookupQ> leaves)
    {
        sb.Append('(').Append(op);
        foreach (var item in items)
            if (!Condition(item, state, sb, leaves)) return false;
        sb.Append(')');
        return true;
    }

    /// <summary>What the statement's text depends on in a lookup's value; false for values whose text depends on more.</summary>
    private static bool Value(LookupQ l, F left, QueryState state, StringBuilder sb)
    {
        if (l.Lookup is Lookup.In or Lookup.Range or Lookup.IsNull) return false;
        switch (l.Value)
        {
            case string s:
                // Empty (contains ''), ASCII (SQLite's LIKE), wildcards and escapes (the escape clause).
                sb.Append("s:").Append(s.Length == 0 ? '0' : '1').Append(System.Text.Ascii.IsValid(s) ? 'a' : 'u')
                  .Append(s.AsSpan().IndexOfAny('%', '_') >= 0 ? 'w' : '-').Append(s.Contains('\\') ? 'e' : '-');
                break;
            case long or int or short or byte or sbyte or ushort or uint or ulong or double or float or decimal or bool or DateTime or DateTimeOffset or Guid or TimeSpan:
                sb.Append(l.Value.GetType().Name);
                break;
            default:
                return false;
        }
        // A condition on an annotation may become a HAVING whose form depends on the number itself
        // (Count > -1 keeps rows without related ones): the value is part of the key there.
        if (IsAnnotation(left.Path, state))
            sb.Append('=').Append(System.Convert.ToString(l.Value, CultureInfo.InvariantCulture));
        return true;
    }

    private static bool IsAnnotation(string path, QueryState state)
    {
        foreach (var a in state.Annotations)
            if (a.Name.Equals(path, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Paths, plain aggregates of a path and random order: the expressions with nothing but names in them.</summary>
    private static bool Expression(Expr e, StringBuilder sb)
    {
        switch (e)
        {
            case F f:
                sb.Append("F(").Append(f.Path).Append(')');
                return true;
            case Aggregate { IsPlain: true } a:
                sb.Append((int)a.Func).Append('(').Append(a.Path).Append(a.Distinct ? ",d" : "").Append(a.Sample ? ",s" : "").Append(')');
                return true;
            case RandomOrder:
                sb.Append('?');
                return true;
            default:
                return false;
        }
    }
}
