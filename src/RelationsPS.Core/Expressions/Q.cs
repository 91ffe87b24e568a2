namespace RelationsPS.Core.Expressions;

/// <summary>The lookups of PRODUCT §4 (Django's), plus LIKE patterns for PowerShell's -like.</summary>
public enum Lookup
{
    Exact, IExact, Contains, IContains, StartsWith, IStartsWith, EndsWith, IEndsWith,
    In, Gt, Gte, Lt, Lte, Range, IsNull, Regex, IRegex,
    /// <summary>A LIKE pattern whose literal characters are already escaped with '\' (case-sensitive).</summary>
    Like,
    /// <summary>As <see cref="Like"/>, ignoring case.</summary>
    ILike,
}

/// <summary>Django's Q: conditions combined with AND, OR and NOT.</summary>
public abstract record Q
{
    public static Q operator &(Q l, Q r) => new AndQ([l, r]);
    public static Q operator |(Q l, Q r) => new OrQ([l, r]);
    public static Q operator !(Q q) => new NotQ(q);

    /// <summary>A lookup on a path: <c>Q.Where("Views", Lookup.Gt, 100)</c>.</summary>
    public static Q Where(string path, Lookup lookup, object? value) => new LookupQ(new F(path), lookup, value);

    /// <summary>A lookup on an expression (F arithmetic) against a value or another expression.</summary>
    public static Q Where(Expr left, Lookup lookup, object? value) => new LookupQ(left, lookup, value);

    /// <summary>A Django keyword such as <c>Title__icontains</c> (parsed against the model when the query compiles).</summary>
    public static Q Keyword(string key, object? value) => new KeyQ(key, value);

    public static readonly Q True = new ConstQ(true);
    public static readonly Q False = new ConstQ(false);
}

/// <summary>Left compared with Value by a lookup; Value may be a constant, a list, an <see cref="Expr"/>, an object or a query.</summary>
public sealed record LookupQ(Expr Left, Lookup Lookup, object? Value) : Q;

/// <summary>A Django keyword lookup not yet split into path and lookup (needs the model to tell a field <c>Gt</c> from the lookup <c>gt</c>).</summary>
public sealed record KeyQ(string Key, object? Value) : Q;

public sealed record AndQ(IReadOnlyList<Q> Items) : Q;

public sealed record OrQ(IReadOnlyList<Q> Items) : Q;

public sealed record NotQ(Q Inner) : Q;

public sealed record ConstQ(bool Value) : Q;
