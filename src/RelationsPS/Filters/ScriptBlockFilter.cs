using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;
using RelationsPS.Objects;

namespace RelationsPS.Filters;

/// <summary>
/// Translates a filter scriptblock (<c>{ $_.Views -gt 100 -or $_.Title -like 'Django*' }</c>) from its
/// AST into the engine's query tree, with PowerShell's semantics: <c>-eq -like -match</c> ignore
/// case and their <c>c</c> forms do not, <c>$null</c> on either side, field-to-field comparisons
/// and arithmetic become F expressions, and anything else that mentions <c>$_</c> is refused with
/// the offending text. Parts without <c>$_</c> are values, evaluated once in the caller's scope.
/// </summary>
public sealed partial class ScriptBlockFilter
{
    private readonly ModelDefinition model;
    private readonly Func<ExpressionAst, object?> evaluate;
    private readonly IReadOnlyCollection<string> annotations;

    /// <param name="model">The model the rows belong to.</param>
    /// <param name="evaluate">Evaluates a value expression in the caller's scope.</param>
    /// <param name="annotations">Annotation names the filter may use like fields.</param>
    public ScriptBlockFilter(ModelDefinition model, Func<ExpressionAst, object?> evaluate, IReadOnlyCollection<string>? annotations = null)
    {
        this.model = model;
        this.evaluate = evaluate;
        this.annotations = annotations ?? [];
    }

    public Q Translate(ScriptBlock filter) => Translate((ScriptBlockAst)filter.Ast);

    public Q Translate(ScriptBlockAst ast)
    {
        if (ast.ParamBlock is not null || ast.BeginBlock is not null || ast.ProcessBlock is not null || ast.DynamicParamBlock is not null)
            throw new FilterTranslationException(ast, "a filter is a single condition, without param, begin or process blocks");
        var statements = ast.EndBlock?.Statements;
        if (statements is null || statements.Count != 1)
            throw new FilterTranslationException(ast, "a filter is exactly one condition (combine conditions with -and / -or)");
        return Condition(Single(statements[0]));
    }

    /// <summary>A value expression of the row (<c>{ $_.Views + 1 }</c>), for updates and annotations.</summary>
    public Expr TranslateExpression(ScriptBlock block)
    {
        var ast = (ScriptBlockAst)block.Ast;
        var statements = ast.EndBlock?.Statements;
        if (ast.ParamBlock is not null || ast.BeginBlock is not null || ast.ProcessBlock is not null || statements is null || statements.Count != 1)
            throw new FilterTranslationException(ast, "an update value is exactly one expression");
        var e = Single(statements[0]);
        return MentionsRow(e) ? FieldExpression(e, out _) : new Const(Value(e));
    }

    private static ExpressionAst Single(StatementAst statement)
    {
        if (statement is PipelineAst { PipelineElements.Count: 1 } p && p.PipelineElements[0] is CommandExpressionAst { Redirections.Count: 0 } ce)
            return ce.Expression;
        throw new FilterTranslationException(statement, statement switch
        {
            PipelineAst { PipelineElements.Count: > 1 } => "pipelines and commands cannot run in SQL",
            PipelineAst { PipelineElements: [CommandAst] } => "commands cannot run in SQL",
            AssignmentStatementAst => "assignments cannot run in SQL",
            IfStatementAst or SwitchStatementAst or LoopStatementAst => "statements (if, switch, loops) cannot run in SQL",
            _ => "only an expression can be translated",
        });
    }

    private Q Condition(ExpressionAst e)
    {
        switch (e)
        {
            case ParenExpressionAst paren:
                return Condition(Single(paren.Pipeline));
            case BinaryExpressionAst { Operator: TokenKind.And } b:
                return new AndQ([Condition(b.Left), Condition(b.Right)]);
            case BinaryExpressionAst { Operator: TokenKind.Or } b:
                return new OrQ([Condition(b.Left), Condition(b.Right)]);
            case UnaryExpressionAst { TokenKind: TokenKind.Not or TokenKind.Exclaim } u:
                return new NotQ(Condition(u.Child));
            case BinaryExpressionAst b when Comparisons.IsComparison(b.Operator):
                return Comparison(b);
            case BinaryExpressionAst b:
                throw new FilterTranslationException(b, $"the operator '{b.ErrorPosition.Text}' has no SQL translation here; use -eq -ne -gt -ge -lt -le -like -notlike -match -notmatch -in -notin -contains -notcontains -and -or -not");
            case InvokeMemberExpressionAst w when IsRelatedWhere(w):
                return RelatedWhere(w);
            case InvokeMemberExpressionAst call when MentionsRow(call):
                throw new FilterTranslationException(call, MethodsHint);
            case MemberExpressionAst m when MentionsRow(m):
                return Truthy(m);
            case ConstantExpressionAst or VariableExpressionAst when !MentionsRow(e):
                return LanguagePrimitives.IsTrue(Value(e)) ? Q.True : Q.False;
            default:
                throw new FilterTranslationException(e, MentionsRow(e)
                    ? "this expression of the row has no SQL translation"
                    : "a condition must compare a field of $_ (e.g. $_.Views -gt 100)");
        }
    }

    /// <summary><c>{ $_.IsPublished }</c>: a Boolean field, or "has related rows" for a to-many path.</summary>
    private Q Truthy(MemberExpressionAst m)
    {
        var path = Path(m);
        var resolved = Resolve(path, m);
        if (resolved is null || resolved.Field.Type != FieldType.Boolean && !resolved.IsMultiValued)
            throw new FilterTranslationException(m, "only a Boolean field or a to-many relation can stand alone as a condition; compare it (e.g. -eq, -gt)");
        return resolved.Field.Type == FieldType.Boolean
            ? new LookupQ(new F(path), Lookup.Exact, true)
            : new LookupQ(new F(path), Lookup.IsNull, false);
    }

    private Q Comparison(BinaryExpressionAst b)
    {
        var op = Comparisons.Describe(b.Operator);
        var leftIsRow = MentionsRow(b.Left);
        var rightIsRow = MentionsRow(b.Right);
        if (!leftIsRow && !rightIsRow)
            throw new FilterTranslationException(b, "neither side mentions a field of $_");

        // `'python' -in $_.Tags.Name` and `$list -contains $_.Name` put the row on the collection side.
        if (op.Kind is CompareKind.In or CompareKind.Contains && !(op.Kind == CompareKind.In ? leftIsRow : rightIsRow))
        {
            var field = op.Kind == CompareKind.In ? b.Right : b.Left;
            var item = op.Kind == CompareKind.In ? b.Left : b.Right;
            if (MentionsRow(item)) throw new FilterTranslationException(b, "both sides mention $_; -in/-contains compare fields with values");
            var fieldExpr = FieldExpression(field, out var rf);
            var value = Value(item);
            var q = value is null ? new LookupQ(fieldExpr, Lookup.IsNull, true) : Equality(fieldExpr, rf, value, op.CaseSensitive);
            return op.Negated ? new NotQ(q) : q;
        }

        if (op.Kind is CompareKind.In or CompareKind.Contains)
        {
            var fieldSide = op.Kind == CompareKind.In ? b.Left : b.Right;
            var listSide = op.Kind == CompareKind.In ? b.Right : b.Left;
            if (MentionsRow(listSide)) throw new FilterTranslationException(b, "both sides mention $_; -in/-contains compare a field with a list of values");
            var fieldExpr = FieldExpression(fieldSide, out var listField);
            var list = ListValue(Value(listSide));
            Q q = !op.CaseSensitive && IsText(listField) && list is object?[] items && items.Any(i => i is string)
                ? InIgnoringCase(fieldExpr, items)
                : new LookupQ(fieldExpr, Lookup.In, list);
            return op.Negated ? new NotQ(q) : q;
        }

        // Put the row on the left; flip the comparison if it was on the right.
        var (rowSide, otherSide, kind) = leftIsRow ? (b.Left, b.Right, op.Kind) : (b.Right, b.Left, Comparisons.Flip(op.Kind, b));
        var left = FieldExpression(rowSide, out var leftField);
        Q result;
        if (MentionsRow(otherSide))
        {
            var right = FieldExpression(otherSide, out var rightField);
            result = kind switch
            {
                CompareKind.Eq => new LookupQ(left, !op.CaseSensitive && IsText(leftField) && IsText(rightField) ? Lookup.IExact : Lookup.Exact, right),
                CompareKind.Like => new LookupQ(left, op.CaseSensitive ? Lookup.Like : Lookup.ILike, LikePattern(otherSide)),
                CompareKind.Match => throw new FilterTranslationException(otherSide, "-match needs a pattern value, not a field"),
                _ when !op.CaseSensitive && IsText(leftField) && IsText(rightField) => new LookupQ(new Lower(left), Comparisons.Ordering(kind), new Lower(right)),
                _ => new LookupQ(left, Comparisons.Ordering(kind), right),
            };
        }
        else
        {
            var value = Value(otherSide);
            result = kind switch
            {
                CompareKind.Eq when value is null => new LookupQ(left, Lookup.IsNull, true),
                CompareKind.Eq => Equality(left, leftField, value, op.CaseSensitive),
                CompareKind.Like => Like(left, Text(otherSide, value), op.CaseSensitive),
                CompareKind.Match => new LookupQ(left, op.CaseSensitive ? Lookup.Regex : Lookup.IRegex, Text(otherSide, value)),
                _ when value is null => throw new FilterTranslationException(b, "ordering comparisons with $null have no meaning in SQL; test -eq $null or -ne $null"),
                // -gt -lt on strings ignore case, as PowerShell's do; -cgt -clt do not.
                _ when !op.CaseSensitive && IsText(leftField) && value is string s => new LookupQ(new Lower(left), Comparisons.Ordering(kind), s.ToLowerInvariant()),
                _ => new LookupQ(left, Comparisons.Ordering(kind), Scalar(otherSide, value)),
            };
        }
        return op.Negated ? new NotQ(result) : result;
    }

    /// <summary><c>-in</c> / <c>-contains</c> on text ignore case, as PowerShell's do: one iexact per string, the rest by IN.</summary>
    private static Q InIgnoringCase(Expr left, object?[] items)
    {
        var parts = items.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Select(s => (Q)new LookupQ(left, Lookup.IExact, s)).ToList();
        var others = items.Where(i => i is not string and not null).ToArray();
        if (others.Length > 0) parts.Add(new LookupQ(left, Lookup.In, others));
        return parts.Count == 1 ? parts[0] : new OrQ(parts);
    }

    private static Q Equality(Expr left, FieldDefinition? field, object value, bool caseSensitive) =>
        new LookupQ(left, !caseSensitive && IsText(field) && value is string ? Lookup.IExact : Lookup.Exact, value);

    private static Q Like(Expr left, string pattern, bool caseSensitive)
    {
        if (WildcardPatterns.ToLike(pattern) is { } like)
            return new LookupQ(left, caseSensitive ? Lookup.Like : Lookup.ILike, like);
        return new LookupQ(left, caseSensitive ? Lookup.Regex : Lookup.IRegex, WildcardPatterns.ToRegex(pattern));
    }

    /// <summary>A pattern built from fields: <c>($_.Last + '*')</c>; field text is literal, constants keep their wildcards.</summary>
    private Expr LikePattern(ExpressionAst e)
    {
        switch (e)
        {
            case ParenExpressionAst p:
                return LikePattern(Single(p.Pipeline));
            case BinaryExpressionAst { Operator: TokenKind.Plus } b:
                return new Concat(LikePattern(b.Left), LikePattern(b.Right));
            case MemberExpressionAst m when MentionsRow(m):
                return new LikeEscape(FieldExpression(m, out _));
            case var other when !MentionsRow(other):
                var text = Text(other, Value(other));
                return new Const(WildcardPatterns.ToLike(text) ?? throw new FilterTranslationException(other, "[..] character sets cannot be combined with fields in a -like pattern"));
            default:
                throw new FilterTranslationException(e, "a -like pattern may combine fields of $_ and strings with +");
        }
    }

    private static bool IsText(FieldDefinition? f) => f is { IsText: true };

    private static string Text(Ast ast, object? value) =>
        value as string ?? (value is null ? throw new FilterTranslationException(ast, "a pattern cannot be $null") : LanguagePrimitives.ConvertTo<string>(value));

    private static object? Scalar(Ast ast, object? value) =>
        value is IEnumerable and not string ? throw new FilterTranslationException(ast, "a list cannot be compared with -gt/-lt; use -in") : value;

    private static object? ListValue(object? value) => value switch
    {
        QuerySet q => q,
        null => Array.Empty<object?>(),
        string s => new object?[] { s },
        IEnumerable items => items.Cast<object?>().Select(Unwrap).ToArray(),
        _ => new[] { value },
    };

    private static object? Unwrap(object? value) => value is PSObject p ? RelObjectAdapter.AsRelObject(p) ?? p.BaseObject : value;

    private object? Value(ExpressionAst e) => e switch
    {
        ConstantExpressionAst c => c.Value,
        _ => Unwrap(evaluate(e)),
    };

    /// <summary>An expression of the row: a path, or arithmetic over paths and values.</summary>
    private Expr FieldExpression(ExpressionAst e, out FieldDefinition? field)
    {
        field = null;
        switch (e)
        {
            case ParenExpressionAst p:
                return FieldExpression(Single(p.Pipeline), out field);
            case VariableExpressionAst v when IsRow(v) && subject is not null:
                field = subjectField;
                return subject;
            case InvokeMemberExpressionAst call:
                return MethodCall(call, out field);
            case MemberExpressionAst m when PropertyOfValue(m, out field) is { } property:
                return property;
            // PowerShell 7's ?? (the reference assemblies are PowerShell Standard's, which predate it).
            case BinaryExpressionAst b when b.Operator.ToString() == "QuestionQuestion":
                var first = MentionsRow(b.Left) ? FieldExpression(b.Left, out field) : new Const(Value(b.Left));
                var second = MentionsRow(b.Right) ? FieldExpression(b.Right, out var sf) : new Const(Value(b.Right));
                return new Function(FunctionKind.Coalesce, first, second);
            case ConvertExpressionAst convert when MentionsRow(convert.Child):
                return CastTo(convert, out field);
            case MemberExpressionAst m:
                var path = Path(m);
                field = Resolve(path, m)?.Field;
                return new F(path);
            case BinaryExpressionAst b when Comparisons.Arithmetic(b.Operator) is { } op:
                var l = MentionsRow(b.Left) ? FieldExpression(b.Left, out var lf) : new Const(Value(b.Left));
                var r = MentionsRow(b.Right) ? FieldExpression(b.Right, out _) : new Const(Value(b.Right));
                if (op == ArithOp.Add && (l is F && IsText(Resolve(((F)l).Path, b.Left)?.Field) || l is Const { Value: string } || IsTextValued(l)))
                    return new Concat(l, r);
                return new Arith(op, l, r);
            case UnaryExpressionAst { TokenKind: TokenKind.Minus } u:
                return new Arith(ArithOp.Subtract, new Const(0L), FieldExpression(u.Child, out field));
            case VariableExpressionAst v when IsRow(v):
                throw new FilterTranslationException(e, "compare a field of the row ($_.Name), not the row itself");
            default:
                throw new FilterTranslationException(e, "only fields of $_, arithmetic (+ - * / %) and values can be translated (and ??, [int] casts, .Length, .Count, .ToLower() .ToUpper() .Trim() .Substring())");
        }
    }

    /// <summary><c>$_.Author.Profile.Website</c> → <c>Author.Profile.Website</c>.</summary>
    private static string Path(MemberExpressionAst m)
    {
        var names = new List<string>();
        ExpressionAst current = m;
        while (current is MemberExpressionAst member)
        {
            if (member is InvokeMemberExpressionAst)
                throw new FilterTranslationException(member, "method calls cannot run in SQL");
            if (member.Static || member.Member is not StringConstantExpressionAst name)
                throw new FilterTranslationException(member, "only plain property names can be translated");
            names.Insert(0, name.Value);
            current = member.Expression;
        }
        if (current is not VariableExpressionAst v || !IsRow(v))
            throw new FilterTranslationException(current, "a path must start at $_");
        return string.Join('.', names);
    }

    private ResolvedPath? Resolve(string path, Ast ast)
    {
        if (annotations.Contains(path, StringComparer.OrdinalIgnoreCase) && model.FindAttribute(path, out _) is null) return null;
        try
        {
            return ResolvedPath.Resolve(model, path);
        }
        catch (UnknownNameException e)
        {
            throw new FilterTranslationException(ast, e.Message.TrimEnd('.'));
        }
    }

    private static bool IsRow(VariableExpressionAst v) =>
        v.VariablePath.UserPath.Equals("_", StringComparison.Ordinal) || v.VariablePath.UserPath.Equals("PSItem", StringComparison.OrdinalIgnoreCase);

    private static bool MentionsRow(Ast ast) => ast.Find(a => a is VariableExpressionAst v && IsRow(v), searchNestedScriptBlocks: true) is not null;
}
