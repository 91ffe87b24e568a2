using System.Globalization;
using RelationsPS.Core.Errors;

namespace RelationsPS.Core.Expressions;

/// <summary>A value-producing expression: a field reference (F), a constant, arithmetic or an aggregate.</summary>
public abstract record Expr
{
    public static Expr operator +(Expr l, Expr r) => new Arith(ArithOp.Add, l, r);
    public static Expr operator -(Expr l, Expr r) => new Arith(ArithOp.Subtract, l, r);
    public static Expr operator *(Expr l, Expr r) => new Arith(ArithOp.Multiply, l, r);
    public static Expr operator /(Expr l, Expr r) => new Arith(ArithOp.Divide, l, r);
    public static Expr operator +(Expr l, long r) => new Arith(ArithOp.Add, l, new Const(r));
    public static Expr operator -(Expr l, long r) => new Arith(ArithOp.Subtract, l, new Const(r));
    public static Expr operator *(Expr l, long r) => new Arith(ArithOp.Multiply, l, new Const(r));
    public static Expr operator /(Expr l, long r) => new Arith(ArithOp.Divide, l, new Const(r));
}

/// <summary>Django's F(): a field, a relation path (<c>Author.Profile.Website</c>) or an annotation name.</summary>
public sealed record F(string Path) : Expr;

/// <summary>A constant value (always sent as a parameter).</summary>
public sealed record Const(object? Value) : Expr;

public enum ArithOp { Add, Subtract, Multiply, Divide, Modulo }

/// <summary>Arithmetic with SQL's rules: NULL in, NULL out; integer division truncates.</summary>
public sealed record Arith(ArithOp Op, Expr Left, Expr Right) : Expr;

/// <summary>Aggregate functions; StdDev and Variance are the population forms unless <see cref="Aggregate.Sample"/> (Django's default).</summary>
public enum AggregateFunc { Count, Sum, Avg, Min, Max, StdDev, Variance }

/// <summary>
/// An aggregate over a path: <c>Count(Id)</c>, <c>Avg(Books.Rating)</c>, <c>Count(Tags, Distinct)</c>; or over
/// an expression (<see cref="Argument"/>, then <see cref="Path"/> is empty): <c>Sum(Price * Pages)</c>.
/// <see cref="Where"/> is its own filter (Django's <c>filter=</c>): only rows that satisfy it are aggregated.
/// </summary>
public sealed record Aggregate(AggregateFunc Func, string Path, bool Distinct = false) : Expr
{
    /// <summary>The expression aggregated, when it is not a plain path.</summary>
    public Expr? Argument { get; init; }

    /// <summary>The aggregate's own condition (Django's <c>filter=</c>), or null.</summary>
    public Q? Where { get; init; }

    /// <summary>StdDev and Variance of a sample (n - 1) instead of the population (n, the default).</summary>
    public bool Sample { get; init; }

    /// <summary>As written (<c>'Sum(Price * Pages)'</c>), for messages.</summary>
    public string? Text { get; init; }

    /// <summary>A plain path aggregate without its own filter: the forms every optimisation knows.</summary>
    public bool IsPlain => Argument is null && Where is null;

    /// <summary>An aggregate of an expression: <c>new Aggregate(AggregateFunc.Sum, F("Price") * F("Pages"))</c>.</summary>
    public static Aggregate Of(AggregateFunc func, Expr argument, bool distinct = false) =>
        argument is F f ? new Aggregate(func, f.Path, distinct) : new Aggregate(func, "", distinct) { Argument = argument };

    /// <summary>Parses <c>'Func(Path)'</c>, <c>'Func(Path, Distinct)'</c>, <c>'StdDev(Path, Sample)'</c> or <c>'Func(expression)'</c>.</summary>
    public static Aggregate Parse(string text)
    {
        Expr parsed;
        try
        {
            parsed = ExpressionParser.Parse(text);
        }
        catch (RelationsException)
        {
            parsed = new Const(null);
        }
        return parsed as Aggregate ?? throw new RelationsException("InvalidAggregate", ErrorKind.InvalidArgument,
            $"'{text}' is not an aggregate. Write 'Func(Path)', 'Func(Path, Distinct)' or 'Func(expression)' with Func one of Count, Sum, Avg, Min, Max, StdDev, Variance (e.g. 'Avg(Views)', 'Count(Tags, Distinct)', 'Sum(Price * Pages)', 'StdDev(Views, Sample)').", text);
    }

    public override string ToString() => Text ?? string.Create(CultureInfo.InvariantCulture, $"{Func}({Path}{(Distinct ? ", Distinct" : "")}{(Sample ? ", Sample" : "")})");
}
