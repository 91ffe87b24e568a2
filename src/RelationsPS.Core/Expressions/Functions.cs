using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Expressions;

/// <summary>The database functions an expression may call (Django's <c>db.models.functions</c>).</summary>
public enum FunctionKind
{
    /// <summary>The first argument that is not NULL (Django's Coalesce, PowerShell's <c>??</c>).</summary>
    Coalesce,
    /// <summary>Text in upper case (<c>.ToUpper()</c>).</summary>
    Upper,
    /// <summary>The number of characters (<c>.Length</c>); NULL stays NULL.</summary>
    Length,
    /// <summary>Text without leading and trailing spaces (<c>.Trim()</c>).</summary>
    Trim,
    /// <summary>Text from a 1-based position, optionally of a length (Django's Substr; <c>.Substring(0, 3)</c> is <c>Substring(x, 1, 3)</c>).</summary>
    Substring,
    /// <summary>Texts joined; a NULL argument counts as empty text (Django's Concat).</summary>
    Concat,
}

/// <summary>A database function over expressions: <c>Coalesce(Bio, Website)</c>, <c>Upper(Title)</c>.</summary>
public sealed record Function(FunctionKind Kind, IReadOnlyList<Expr> Arguments) : Expr
{
    public Function(FunctionKind kind, params Expr[] arguments) : this(kind, (IReadOnlyList<Expr>)arguments) { }
}

/// <summary>An expression converted to a field type (Django's Cast; PowerShell's <c>[int]$_.X</c>).</summary>
public sealed record Cast(Expr Inner, FieldType Type) : Expr;

/// <summary>One branch of a <see cref="Case"/>: when the condition holds, the value.</summary>
public sealed record When(Q Condition, Expr Then);

/// <summary>
/// Django's Case/When: the value of the first branch whose condition holds, else <see cref="Else"/>
/// (NULL when there is none). A scriptblock's <c>if/elseif/else</c> and <c>switch</c> become one.
/// </summary>
public sealed record Case(IReadOnlyList<When> Whens, Expr? Else = null) : Expr;

/// <summary>A condition used as a value: true or false (never NULL), e.g. an annotation <c>{ $_.Views -gt 100 }</c>.</summary>
public sealed record Condition(Q Inner) : Expr;

/// <summary>
/// Django's Exists(subquery): whether the query has a row. Inside it, <see cref="OuterRef"/> reads the
/// row of the query it is used in (<c>Exists(Post.Filter(Author = OuterRef("Id")))</c>).
/// </summary>
public sealed record Exists(Query.QuerySet Query) : Expr;

/// <summary>Django's OuterRef: a field of the outer query's row, inside an <see cref="Exists"/> or <c>in</c> subquery.</summary>
public sealed record OuterRef(string Path) : Expr;

/// <summary>A random number per row (ordering by <c>'?'</c>).</summary>
public sealed record RandomOrder : Expr
{
    public static readonly RandomOrder Instance = new();
}
