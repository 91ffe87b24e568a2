using System.Management.Automation.Language;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Filters;

/// <summary>
/// Values of the row (annotations, and the expressions filters compare): <c>if/elseif/else</c> and
/// <c>switch</c> become CASE WHEN, <c>??</c> Coalesce, <c>[int]</c> a Cast, <c>.Length</c> a Length (of
/// text) and <c>.Count</c> a Count (of a to-many relation), <c>.ToLower() .ToUpper() .Trim()
/// .Substring(start[, length])</c> the database's functions, and <c>$_.Books.Where({ ... })</c> "some
/// related row matches all of these".
/// </summary>
public sealed partial class ScriptBlockFilter
{
    // Inside a switch clause's scriptblock, $_ is the switch's subject.
    private Expr? subject;
    private FieldDefinition? subjectField;

    /// <summary>An annotation value: an expression, a condition (true/false), an if/elseif/else or a switch.</summary>
    public Expr TranslateValue(System.Management.Automation.ScriptBlock block)
    {
        var ast = (ScriptBlockAst)block.Ast;
        var statements = ast.EndBlock?.Statements;
        if (ast.ParamBlock is not null || ast.BeginBlock is not null || ast.ProcessBlock is not null || statements is null || statements.Count != 1)
            throw new FilterTranslationException(ast, "an annotation is exactly one expression, if/elseif/else or switch");
        return StatementValue(statements[0]);
    }

    /// <summary>An aggregate's own condition (<c>Where</c> of an aggregate): a filter scriptblock.</summary>
    public Q TranslateCondition(System.Management.Automation.ScriptBlock block) => Translate(block);

    private Expr StatementValue(StatementAst s) => s switch
    {
        IfStatementAst i => new Case(
            i.Clauses.Select(c => new When(Condition(Single(c.Item1)), BlockValue(c.Item2))).ToArray(),
            i.ElseClause is null ? null : BlockValue(i.ElseClause)),
        SwitchStatementAst sw => SwitchValue(sw),
        _ => ExpressionValue(Single(s)),
    };

    private Expr BlockValue(StatementBlockAst block)
    {
        if (block.Statements.Count != 1 || block.Traps is { Count: > 0 })
            throw new FilterTranslationException(block, "each branch gives exactly one value");
        return StatementValue(block.Statements[0]);
    }

    private Expr ExpressionValue(ExpressionAst e)
    {
        if (IsCondition(e)) return new Core.Expressions.Condition(Condition(e));
        return MentionsRow(e) ? FieldExpression(e, out _) : new Const(Value(e));
    }

    private bool IsCondition(ExpressionAst e) => e switch
    {
        ParenExpressionAst p => p.Pipeline is PipelineAst { PipelineElements: [CommandExpressionAst ce] } && IsCondition(ce.Expression),
        BinaryExpressionAst b => b.Operator is TokenKind.And or TokenKind.Or || Comparisons.IsComparison(b.Operator),
        UnaryExpressionAst { TokenKind: TokenKind.Not or TokenKind.Exclaim } => true,
        InvokeMemberExpressionAst w => IsRelatedWhere(w),
        // { $_.Tags } has related rows; { $_.IsPublished } a Boolean field: as in a filter.
        MemberExpressionAst m when MentionsRow(m) && IsPlainPath(m) && TryResolve(Path(m)) is { } p => p.IsMultiValued,
        _ => false,
    };

    /// <summary>
    /// <c>switch ($_.Views) { 0 { 'none' } { $_ -gt 100 } { 'big' } default { 'small' } }</c>: the first
    /// clause that matches gives the value (as if each clause ended with <c>break</c>; SQL gives one
    /// value per row). Value clauses compare as <c>-eq</c> (or <c>-like</c> with -Wildcard, <c>-match</c>
    /// with -Regex; -CaseSensitive respected); in scriptblock clauses <c>$_</c> is the subject.
    /// </summary>
    private Case SwitchValue(SwitchStatementAst sw)
    {
        if (sw.Condition is null) throw new FilterTranslationException(sw, "switch -File cannot be translated");
        var subjectExpr = FieldExpression(Single(sw.Condition), out var field);
        var caseSensitive = sw.Flags.HasFlag(SwitchFlags.CaseSensitive);
        var whens = new List<When>();
        foreach (var (test, body) in sw.Clauses)
        {
            Q condition;
            if (test is ScriptBlockExpressionAst sb)
            {
                var (saved, savedField) = (subject, subjectField);
                (subject, subjectField) = (subjectExpr, field);
                try
                {
                    condition = Translate(sb.ScriptBlock);
                }
                finally
                {
                    (subject, subjectField) = (saved, savedField);
                }
            }
            else
            {
                var value = Value(test);
                condition = value is null ? new LookupQ(subjectExpr, Lookup.IsNull, true)
                    : sw.Flags.HasFlag(SwitchFlags.Wildcard) ? Like(subjectExpr, Text(test, value), caseSensitive)
                    : sw.Flags.HasFlag(SwitchFlags.Regex) ? new LookupQ(subjectExpr, caseSensitive ? Lookup.Regex : Lookup.IRegex, Text(test, value))
                    : Equality(subjectExpr, field, value, caseSensitive);
            }
            whens.Add(new When(condition, BlockValue(body)));
        }
        return new Case(whens, sw.Default is null ? null : BlockValue(sw.Default));
    }

    private static bool IsRelatedWhere(InvokeMemberExpressionAst w) =>
        w.Member is StringConstantExpressionAst { Value: var name } && name.Equals("Where", StringComparison.OrdinalIgnoreCase)
        && w.Arguments is [ScriptBlockExpressionAst] && MentionsRow(w.Expression);

    /// <summary><c>$_.Books.Where({ $_.Pages -gt 500 -and $_.Price -lt 30 })</c>: some related row satisfies the whole condition.</summary>
    private SharedQ RelatedWhere(InvokeMemberExpressionAst w)
    {
        if (w.Expression is not MemberExpressionAst m) throw new FilterTranslationException(w, ".Where({ ... }) follows a to-many relation of $_ (e.g. $_.Posts.Where({ $_.Views -gt 100 }))");
        var path = Path(m);
        var resolved = Resolve(path, m);
        if (resolved is null || !resolved.IsMultiValued || resolved.Relations.Count == 0)
            throw new FilterTranslationException(w, ".Where({ ... }) follows a to-many relation of $_ (e.g. $_.Posts.Where({ $_.Views -gt 100 }))");
        var target = resolved.Relations[^1].To;
        var inner = new ScriptBlockFilter(target, evaluate).Translate(((ScriptBlockExpressionAst)w.Arguments[0]).ScriptBlock);
        return new SharedQ(PathRewriter.Prefix(inner, path));
    }

    /// <summary><c>.Length</c> of text and <c>.Count</c> of a to-many relation (or of its <c>.Where({ ... })</c>), when the whole path is not a field.</summary>
    private Expr? PropertyOfValue(MemberExpressionAst m, out FieldDefinition? field)
    {
        field = null;
        if (m is InvokeMemberExpressionAst || m.Static || m.Member is not StringConstantExpressionAst { Value: var name }) return null;
        var isLength = name.Equals("Length", StringComparison.OrdinalIgnoreCase);
        var isCount = name.Equals("Count", StringComparison.OrdinalIgnoreCase);
        if (!isLength && !isCount) return null;
        if (IsPlainPath(m) && ResolvesQuietly(PathText(m))) return null;
        if (isCount && m.Expression is InvokeMemberExpressionAst w && IsRelatedWhere(w))
        {
            var shared = RelatedWhere(w);
            return new Aggregate(AggregateFunc.Count, Path((MemberExpressionAst)w.Expression)) { Where = shared.Inner };
        }
        if (isCount && m.Expression is MemberExpressionAst rel && IsPlainPath(rel) && ResolvesQuietly(PathText(rel)) is true
            && TryResolve(PathText(rel)) is { IsMultiValued: true })
            return new Aggregate(AggregateFunc.Count, Path(rel));
        if (isLength)
        {
            var inner = FieldExpression(m.Expression, out var innerField);
            if (IsText(innerField) || IsTextValued(inner)) return new Function(FunctionKind.Length, inner);
        }
        return null;
    }

    private static bool IsPlainPath(MemberExpressionAst m)
    {
        ExpressionAst current = m;
        while (current is MemberExpressionAst member and not InvokeMemberExpressionAst && !member.Static && member.Member is StringConstantExpressionAst)
            current = member.Expression;
        return current is VariableExpressionAst v && IsRow(v);
    }

    private static string PathText(MemberExpressionAst m) => Path(m);

    private bool ResolvesQuietly(string path) => TryResolve(path) is not null;

    private Core.Query.ResolvedPath? TryResolve(string path)
    {
        try
        {
            return Core.Query.ResolvedPath.Resolve(model, path);
        }
        catch (Core.Errors.UnknownNameException)
        {
            return null;
        }
    }

    private Expr MethodCall(InvokeMemberExpressionAst call, out FieldDefinition? field)
    {
        field = null;
        var name = (call.Member as StringConstantExpressionAst)?.Value ?? "";
        if (call.Static || !MentionsRow(call.Expression)) throw new FilterTranslationException(call, MethodsHint);
        var args = (IReadOnlyList<ExpressionAst>?)call.Arguments ?? [];
        var target = FieldExpression(call.Expression, out _);
        Expr Arg(int i) => MentionsRow(args[i]) ? FieldExpression(args[i], out _) : new Const(Value(args[i]));
        switch (name.ToUpperInvariant())
        {
            case "TOLOWER" or "TOLOWERINVARIANT" when args.Count == 0:
                return new Lower(target);
            case "TOUPPER" or "TOUPPERINVARIANT" when args.Count == 0:
                return new Function(FunctionKind.Upper, target);
            case "TRIM" when args.Count == 0:
                return new Function(FunctionKind.Trim, target);
            case "SUBSTRING" when args.Count is 1 or 2:
                // .NET counts from 0, SQL from 1.
                var start = Arg(0) is Const { Value: var v } && v is int or long ? (Expr)new Const(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) + 1) : new Arith(ArithOp.Add, Arg(0), new Const(1L));
                return args.Count == 1 ? new Function(FunctionKind.Substring, target, start) : new Function(FunctionKind.Substring, target, start, Arg(1));
            default:
                throw new FilterTranslationException(call, MethodsHint);
        }
    }

    private Cast CastTo(ConvertExpressionAst convert, out FieldDefinition? field)
    {
        field = null;
        var type = convert.Type.TypeName.GetReflectionType();
        FieldType? target = type switch
        {
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => FieldType.Integer,
            _ when type == typeof(double) || type == typeof(float) => FieldType.Float,
            _ when type == typeof(decimal) => FieldType.Decimal,
            _ when type == typeof(string) => FieldType.Text,
            _ when type == typeof(bool) => FieldType.Boolean,
            _ when type == typeof(DateTime) => FieldType.DateTime,
            _ => null,
        };
        if (target is null) throw new FilterTranslationException(convert, "only [int] [long] [double] [decimal] [string] [bool] [datetime] casts can be translated");
        return new Cast(FieldExpression(convert.Child, out _), target.Value);
    }

    private const string MethodsHint =
        "method calls cannot run in SQL, but for .ToLower() .ToUpper() .Trim() .Substring(start[, length]) on a value of $_ (compare them, e.g. -eq) and .Where({ ... }) on a to-many relation";

    private static bool IsTextValued(Expr e) => e switch
    {
        Lower or Concat => true,
        Function { Kind: FunctionKind.Upper or FunctionKind.Trim or FunctionKind.Substring or FunctionKind.Concat } => true,
        Cast { Type: FieldType.Text or FieldType.Char } => true,
        _ => false,
    };
}
