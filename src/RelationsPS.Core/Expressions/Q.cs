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

/// <summary>
/// Conditions that share one join per multi-valued relation wherever they are used (as the conditions of
/// one Django <c>filter()</c> call do): "some related row satisfies all of them". The scriptblock form
/// <c>$_.Books.Where({ $_.Pages -gt 500 -and $_.Price -lt 30 })</c> becomes one.
/// </summary>
public sealed record SharedQ(Q Inner) : Q;

/// <summary>Rewrites paths of conditions and expressions.</summary>
public static class PathRewriter
{
    /// <summary>The condition with every path read from <paramref name="prefix"/> (<c>Pages</c> → <c>Books.Pages</c>).</summary>
    public static Q Prefix(Q q, string prefix) => q switch
    {
        AndQ a => new AndQ(a.Items.Select(i => Prefix(i, prefix)).ToArray()),
        OrQ o => new OrQ(o.Items.Select(i => Prefix(i, prefix)).ToArray()),
        NotQ n => new NotQ(Prefix(n.Inner, prefix)),
        SharedQ s => new SharedQ(Prefix(s.Inner, prefix)),
        KeyQ k => new KeyQ(prefix + "." + k.Key, k.Value),
        LookupQ l => new LookupQ(Prefix(l.Left, prefix), l.Lookup, l.Value is Expr e ? Prefix(e, prefix) : l.Value),
        _ => q,
    };

    public static Expr Prefix(Expr e, string prefix) => e switch
    {
        F f => new F(prefix + "." + f.Path),
        Arith a => new Arith(a.Op, Prefix(a.Left, prefix), Prefix(a.Right, prefix)),
        Concat c => new Concat(Prefix(c.Left, prefix), Prefix(c.Right, prefix)),
        Lower lo => new Lower(Prefix(lo.Inner, prefix)),
        LikeEscape le => new LikeEscape(Prefix(le.Inner, prefix)),
        Function fn => new Function(fn.Kind, fn.Arguments.Select(x => Prefix(x, prefix)).ToArray()),
        Cast c => new Cast(Prefix(c.Inner, prefix), c.Type),
        Case k => new Case(k.Whens.Select(w => new When(Prefix(w.Condition, prefix), Prefix(w.Then, prefix))).ToArray(), k.Else is null ? null : Prefix(k.Else, prefix)),
        Condition c => new Condition(Prefix(c.Inner, prefix)),
        Aggregate ag when ag.IsPlain => ag with { Path = prefix + "." + ag.Path },
        _ => e,
    };
}
