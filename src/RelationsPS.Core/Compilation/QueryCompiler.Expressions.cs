using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

/// <summary>Database functions, aggregates of expressions and with their own filter (Django's db.models.functions, filter=).</summary>
internal sealed partial class QueryCompiler
{
    private string FunctionSql(Function fn, JoinScope scope, out FieldDefinition? field)
    {
        field = null;
        var args = fn.Arguments.Select(a => Expression(a, scope, out _)).ToList();
        switch (fn.Kind)
        {
            case FunctionKind.Coalesce:
                return $"COALESCE({string.Join(", ", args)})";
            case FunctionKind.Upper:
                return $"upper({args[0]})";
            case FunctionKind.Length:
                return $"length({args[0]})";
            case FunctionKind.Trim:
                return $"trim({args[0]})";
            case FunctionKind.Substring:
                return args.Count == 2 ? $"substr({args[0]}, {args[1]})" : $"substr({args[0]}, {args[1]}, {args[2]})";
            default:
                // Django's Concat: a NULL part is empty text (the empty text is a parameter like every value).
                return "(" + string.Join(" || ", args.Select(a => ctx.Dialect.IfNull(a, ctx.Param("")))) + ")";
        }
    }

    /// <summary>
    /// An aggregate of an expression or with its own filter, per row: over the row's related rows
    /// (<c>SELECT SUM(x.price * x.pages) FROM model s JOIN ... WHERE s.id = outer.id AND filter</c>),
    /// or, when nothing in it crosses a relation, the row's own value (<c>CASE WHEN filter THEN expr END</c>).
    /// </summary>
    private string ExpressionAggregate(Aggregate agg, JoinScope outer, int filtersBefore)
    {
        var argument = agg.Argument ?? new F(agg.Path);
        var paths = ExprPaths(argument, outer.Root).Concat(agg.Where is null ? [] : Paths(agg.Where, outer.Root)).ToList();
        var first = paths.FirstOrDefault(p => p.Relations.Count > 0)?.Relations[0];
        if (first is null)
        {
            var value = Expression(argument, outer, out _);
            if (agg.Where is not null) value = $"CASE WHEN {Condition(agg.Where, outer, sharedJoins: false)} THEN {value} END";
            return agg.Func == AggregateFunc.Count ? $"CASE WHEN {value} IS NULL THEN 0 ELSE 1 END" : value;
        }
        var sub = new JoinScope(ctx, outer.Root);
        var column = Expression(argument, sub, out _);
        var where = new List<string> { $"{sub.RootId} = {outer.RootId}" };
        if (agg.Where is not null) where.Add(Condition(agg.Where, sub, sharedJoins: true));
        foreach (var clause in state.Filters.Take(filtersBefore))
        {
            if (clause.Mode == FilterMode.Exclude || !Touches(clause.Condition, outer.Root, first)) continue;
            where.Add(Condition(clause.Condition, sub, sharedJoins: true));
        }
        var call = AggregateCall(agg, column);
        return $"SELECT {call}{sub.From} WHERE {string.Join(" AND ", where)}";
    }

    /// <summary>False when NULL in a part of the expression need not give NULL (CASE, COALESCE, Concat, EXISTS), so a missing joined row does not make a comparison false.</summary>
    private static bool PropagatesNull(Expr e) => e switch
    {
        Case or Expressions.Condition or Expressions.Exists or Function { Kind: FunctionKind.Coalesce or FunctionKind.Concat } => false,
        Arith a => PropagatesNull(a.Left) && PropagatesNull(a.Right),
        Concat c => PropagatesNull(c.Left) && PropagatesNull(c.Right),
        LikeEscape le => PropagatesNull(le.Inner),
        Lower lo => PropagatesNull(lo.Inner),
        Function fn => fn.Arguments.All(PropagatesNull),
        Cast c => PropagatesNull(c.Inner),
        _ => true,
    };
}
