using System.Globalization;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Expressions;

/// <summary>
/// The string form of expressions (<c>-Annotate @{ N = 'Lower(Title)' }</c>, <c>'Sum(Price * Pages)'</c>,
/// <c>-OrderBy 'Length(Title)'</c>): paths, numbers, 'quoted text', <c>+ - * / %</c> with the usual
/// precedence, parentheses, and the functions Count Sum Avg Min Max StdDev Variance (aggregates),
/// Coalesce Lower Upper Length Trim Substring Concat Cast. Names are matched ignoring case. Values
/// become parameters when compiled, like every value.
/// </summary>
public sealed class ExpressionParser
{
    private readonly string text;
    private int pos;

    private ExpressionParser(string text) => this.text = text;

    /// <summary>Parses a whole expression; a bad one is <c>InvalidExpression</c> naming where it went wrong.</summary>
    public static Expr Parse(string text)
    {
        var p = new ExpressionParser(text ?? "");
        var e = p.Sum();
        p.Space();
        if (p.pos < p.text.Length) throw p.Error($"unexpected '{p.text[p.pos..]}'");
        return e;
    }

    /// <summary>True when the text is more than a path (a call or an operator), so it must be parsed.</summary>
    public static bool IsExpression(string text) => text.IndexOfAny(['(', '+', '*', '/', '%', '\'', ' ']) >= 0;

    private Expr Sum()
    {
        var left = Product();
        while (true)
        {
            Space();
            if (Eat('+')) left = new Arith(ArithOp.Add, left, Product());
            else if (Eat('-')) left = new Arith(ArithOp.Subtract, left, Product());
            else return left;
        }
    }

    private Expr Product()
    {
        var left = Unary();
        while (true)
        {
            Space();
            if (Eat('*')) left = new Arith(ArithOp.Multiply, left, Unary());
            else if (Eat('/')) left = new Arith(ArithOp.Divide, left, Unary());
            else if (Eat('%')) left = new Arith(ArithOp.Modulo, left, Unary());
            else return left;
        }
    }

    private Expr Unary()
    {
        Space();
        if (Eat('-')) return Unary() is Const { Value: long l } ? new Const(-l) : new Arith(ArithOp.Subtract, new Const(0L), Unary());
        return Primary();
    }

    private Expr Primary()
    {
        Space();
        if (pos >= text.Length) throw Error("an expression is missing");
        var c = text[pos];
        if (c == '(')
        {
            pos++;
            var inner = Sum();
            Expect(')');
            return inner;
        }
        if (c == '\'') return new Const(Quoted());
        if (char.IsAsciiDigit(c)) return Number();
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var name = Name();
            Space();
            if (!Eat('(')) return name.Equals("null", StringComparison.OrdinalIgnoreCase) ? new Const(null) : new F(name.Replace("__", ".", StringComparison.Ordinal));
            return Call(name);
        }
        throw Error($"unexpected '{c}'");
    }

    private Expr Call(string name)
    {
        var start = pos;
        if (Enum.TryParse<AggregateFunc>(name, ignoreCase: true, out var func) && !name.Any(char.IsAsciiDigit)) return AggregateCall(func, name, start);
        var args = Arguments();
        Expr One() => args.Count == 1 ? args[0] : throw Error($"{name}() takes one argument");
        switch (name.ToUpperInvariant())
        {
            case "COALESCE":
                if (args.Count < 2) throw Error("Coalesce() takes two or more arguments");
                return new Function(FunctionKind.Coalesce, args);
            case "LOWER": return new Lower(One());
            case "UPPER": return new Function(FunctionKind.Upper, One());
            case "LENGTH": return new Function(FunctionKind.Length, One());
            case "TRIM": return new Function(FunctionKind.Trim, One());
            case "SUBSTRING" or "SUBSTR":
                if (args.Count is < 2 or > 3) throw Error("Substring(text, start[, length]) takes two or three arguments (start counts from 1)");
                return new Function(FunctionKind.Substring, args);
            case "CONCAT":
                if (args.Count < 2) throw Error("Concat() takes two or more arguments");
                return new Function(FunctionKind.Concat, args);
            case "CAST":
                if (args.Count != 2 || args[1] is not F { Path: var typeName } || !Enum.TryParse<FieldType>(typeName, ignoreCase: true, out var type)
                    || type is FieldType.AutoId or FieldType.ForeignKey or FieldType.OneToOne or FieldType.ManyToMany)
                    throw Error("Cast(value, Type) takes a field type: Integer, BigInteger, Float, Decimal, Char, Text, Boolean, Date or DateTime");
                return new Cast(args[0], type);
            default:
                throw Error($"unknown function '{name}'; the functions are Count, Sum, Avg, Min, Max, StdDev, Variance, Coalesce, Lower, Upper, Length, Trim, Substring, Concat, Cast");
        }
    }

    private Aggregate AggregateCall(AggregateFunc func, string name, int start)
    {
        var argument = Sum();
        bool distinct = false, sample = false;
        Space();
        while (Eat(','))
        {
            Space();
            var option = Name();
            if (option.Equals("Distinct", StringComparison.OrdinalIgnoreCase)) distinct = true;
            else if (option.Equals("Sample", StringComparison.OrdinalIgnoreCase) && func is AggregateFunc.StdDev or AggregateFunc.Variance) sample = true;
            else throw Error($"'{option}' is not an option of {name}(); write Distinct{(func is AggregateFunc.StdDev or AggregateFunc.Variance ? " or Sample" : "")}");
            Space();
        }
        Expect(')');
        return Aggregate.Of(func, argument, distinct) with { Sample = sample, Text = name + "(" + text[start..(pos - 1)].Trim() + ")" };
    }

    private List<Expr> Arguments()
    {
        var args = new List<Expr>();
        Space();
        if (Eat(')')) return args;
        do args.Add(Sum());
        while (SpaceThen(','));
        Expect(')');
        return args;
    }

    private bool SpaceThen(char c)
    {
        Space();
        return Eat(c);
    }

    private string Name()
    {
        var start = pos;
        while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '_' or '.')) pos++;
        if (pos == start) throw Error("a name is missing");
        return text[start..pos];
    }

    private Const Number()
    {
        var start = pos;
        while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == '.')) pos++;
        var s = text[start..pos];
        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var l)) return new Const(l);
        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) return new Const(d);
        throw Error($"'{s}' is not a number");
    }

    private string Quoted()
    {
        var sb = new System.Text.StringBuilder();
        pos++;
        while (true)
        {
            if (pos >= text.Length) throw Error("a quoted text is not closed");
            if (text[pos] == '\'')
            {
                if (pos + 1 < text.Length && text[pos + 1] == '\'') { sb.Append('\''); pos += 2; continue; }
                pos++;
                return sb.ToString();
            }
            sb.Append(text[pos++]);
        }
    }

    private void Space()
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    private bool Eat(char c)
    {
        if (pos < text.Length && text[pos] == c)
        {
            pos++;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        Space();
        if (!Eat(c)) throw Error($"'{c}' expected");
    }

    private RelationsException Error(string why) =>
        new("InvalidExpression", ErrorKind.InvalidArgument, $"'{text}' is not an expression: {why} (at character {pos + 1}).", text);
}
