using System.Globalization;
using System.Text.RegularExpressions;
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

public enum AggregateFunc { Count, Sum, Avg, Min, Max }

/// <summary>An aggregate over a path: <c>Count(Id)</c>, <c>Avg(Books.Rating)</c>, <c>Count(Tags, Distinct)</c>.</summary>
public sealed partial record Aggregate(AggregateFunc Func, string Path, bool Distinct = false) : Expr
{
    [GeneratedRegex(@"^\s*(?<f>[A-Za-z]+)\s*\(\s*(?<p>[A-Za-z_][A-Za-z0-9_.]*)\s*(,\s*(?<d>[A-Za-z]+)\s*)?\)\s*$")]
    private static partial Regex Form();

    /// <summary>Parses <c>'Func(Path)'</c> or <c>'Func(Path, Distinct)'</c>.</summary>
    public static Aggregate Parse(string text)
    {
        var m = Form().Match(text ?? "");
        if (!m.Success || !Enum.TryParse<AggregateFunc>(m.Groups["f"].Value, ignoreCase: true, out var func)
            || (m.Groups["d"].Success && !m.Groups["d"].Value.Equals("Distinct", StringComparison.OrdinalIgnoreCase)))
            throw new RelationsException("InvalidAggregate", ErrorKind.InvalidArgument,
                $"'{text}' is not an aggregate. Write 'Func(Path)' or 'Func(Path, Distinct)' with Func one of Count, Sum, Avg, Min, Max (e.g. 'Avg(Views)', 'Count(Tags, Distinct)').", text);
        return new Aggregate(func, m.Groups["p"].Value.Replace("__", ".", StringComparison.Ordinal), m.Groups["d"].Success);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Func}({Path}{(Distinct ? ", Distinct" : "")})");
}
