using System.Management.Automation.Language;
using RelationsPS.Core.Expressions;

namespace RelationsPS.Filters;

internal enum CompareKind { Eq, Gt, Ge, Lt, Le, Like, Match, In, Contains }

/// <summary>A PowerShell comparison operator: what it compares, whether it respects case, whether it is negated.</summary>
internal readonly record struct Comparison(CompareKind Kind, bool CaseSensitive, bool Negated);

/// <summary>The operator table of the translator.</summary>
internal static class Comparisons
{
    private static readonly Dictionary<TokenKind, Comparison> Table = new()
    {
        [TokenKind.Ieq] = new(CompareKind.Eq, false, false),
        [TokenKind.Ceq] = new(CompareKind.Eq, true, false),
        [TokenKind.Ine] = new(CompareKind.Eq, false, true),
        [TokenKind.Cne] = new(CompareKind.Eq, true, true),
        [TokenKind.Igt] = new(CompareKind.Gt, false, false),
        [TokenKind.Cgt] = new(CompareKind.Gt, true, false),
        [TokenKind.Ige] = new(CompareKind.Ge, false, false),
        [TokenKind.Cge] = new(CompareKind.Ge, true, false),
        [TokenKind.Ilt] = new(CompareKind.Lt, false, false),
        [TokenKind.Clt] = new(CompareKind.Lt, true, false),
        [TokenKind.Ile] = new(CompareKind.Le, false, false),
        [TokenKind.Cle] = new(CompareKind.Le, true, false),
        [TokenKind.Ilike] = new(CompareKind.Like, false, false),
        [TokenKind.Clike] = new(CompareKind.Like, true, false),
        [TokenKind.Inotlike] = new(CompareKind.Like, false, true),
        [TokenKind.Cnotlike] = new(CompareKind.Like, true, true),
        [TokenKind.Imatch] = new(CompareKind.Match, false, false),
        [TokenKind.Cmatch] = new(CompareKind.Match, true, false),
        [TokenKind.Inotmatch] = new(CompareKind.Match, false, true),
        [TokenKind.Cnotmatch] = new(CompareKind.Match, true, true),
        [TokenKind.In] = new(CompareKind.In, false, false),
        [TokenKind.Iin] = new(CompareKind.In, false, false),
        [TokenKind.Cin] = new(CompareKind.In, true, false),
        [TokenKind.Inotin] = new(CompareKind.In, false, true),
        [TokenKind.Cnotin] = new(CompareKind.In, true, true),
        [TokenKind.Icontains] = new(CompareKind.Contains, false, false),
        [TokenKind.Ccontains] = new(CompareKind.Contains, true, false),
        [TokenKind.Inotcontains] = new(CompareKind.Contains, false, true),
        [TokenKind.Cnotcontains] = new(CompareKind.Contains, true, true),
    };

    public static bool IsComparison(TokenKind kind) => Table.ContainsKey(kind);

    public static Comparison Describe(TokenKind kind) => Table[kind];

    public static CompareKind Flip(CompareKind kind, Ast ast) => kind switch
    {
        CompareKind.Gt => CompareKind.Lt,
        CompareKind.Ge => CompareKind.Le,
        CompareKind.Lt => CompareKind.Gt,
        CompareKind.Le => CompareKind.Ge,
        CompareKind.Eq => CompareKind.Eq,
        _ => throw new FilterTranslationException(ast, "put the field of $_ on the left of -like and -match"),
    };

    public static Lookup Ordering(CompareKind kind) => kind switch
    {
        CompareKind.Gt => Lookup.Gt,
        CompareKind.Ge => Lookup.Gte,
        CompareKind.Lt => Lookup.Lt,
        _ => Lookup.Lte,
    };

    public static ArithOp? Arithmetic(TokenKind kind) => kind switch
    {
        TokenKind.Plus => ArithOp.Add,
        TokenKind.Minus => ArithOp.Subtract,
        TokenKind.Multiply => ArithOp.Multiply,
        TokenKind.Divide => ArithOp.Divide,
        TokenKind.Rem => ArithOp.Modulo,
        _ => null,
    };
}
