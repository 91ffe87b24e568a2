using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Expressions;

namespace RelationsPS.Core.Query;

/// <summary>Checks names and lookups when a query is built, so bad input fails at once with the choices listed.</summary>
internal static class QueryValidator
{
    public static Q Normalize(Q q, QueryState state) => q switch
    {
        KeyQ k => Check(QueryCompiler.Normalize(k, state.Model), state),
        LookupQ l => Check(l, state),
        AndQ a => new AndQ(a.Items.Select(i => Normalize(i, state)).ToArray()),
        OrQ o => new OrQ(o.Items.Select(i => Normalize(i, state)).ToArray()),
        NotQ n => new NotQ(Normalize(n.Inner, state)),
        SharedQ s => new SharedQ(Normalize(s.Inner, state)),
        _ => q,
    };

    private static LookupQ Check(LookupQ l, QueryState state)
    {
        CheckExpression(l.Left, state, forAnnotation: false);
        if (l.Value is Expr e) CheckExpression(e, state, forAnnotation: false);
        if (l.Lookup == Lookup.IsNull && l.Value is not bool)
            throw new RelationsException("InvalidLookupValue", ErrorKind.InvalidArgument, $"The isnull lookup takes $true or $false, not '{l.Value ?? "$null"}'.", l.Value);
        return l;
    }

    public static void CheckExpression(Expr e, QueryState state, bool forAnnotation)
    {
        switch (e)
        {
            case F f:
                if (IsAnnotation(f.Path, state)) return;
                var resolved = ResolvedPath.Resolve(state.Model, f.Path);
                // One value per row: a to-many path would repeat the row once per related row.
                if (forAnnotation && resolved.IsMultiValued)
                    throw new RelationsException("MultiValuedAnnotation", ErrorKind.InvalidArgument,
                        $"'{f.Path}' has many values per {state.Model.Name}; an annotation takes one: aggregate it ('Count({f.Path})', 'Max({f.Path})') or test it in a condition.", f.Path);
                return;
            case Aggregate { IsPlain: false } a:
                if (forAnnotation && a.Argument is not null && ReadsAnnotation(a.Argument, state))
                    throw new RelationsException("AggregateOfAnnotation", ErrorKind.InvalidArgument,
                        $"'{a}' aggregates an annotation; an annotation cannot aggregate another annotation.", a.ToString());
                CheckExpression(a.Argument ?? new F(a.Path), state, forAnnotation: false);
                if (a.Where is not null) Normalize(a.Where, state);
                return;
            case Aggregate a:
                if (IsAnnotation(a.Path, state))
                {
                    if (forAnnotation)
                        throw new RelationsException("AggregateOfAnnotation", ErrorKind.InvalidArgument,
                            $"'{a}' aggregates the annotation '{a.Path}'; an annotation cannot aggregate another annotation.", a.ToString());
                    return;
                }
                var field = ResolvedPath.Resolve(state.Model, a.Path).Field;
                if (a.Func is AggregateFunc.Sum or AggregateFunc.Avg && !IsNumeric(field.Type))
                    throw new RelationsException("NonNumericAggregate", ErrorKind.InvalidArgument,
                        $"'{a}' adds up '{field}', a {field.Type} field: Sum and Avg take Integer, BigInteger, Float or Decimal fields (Count, Min and Max take any).", a.ToString());
                return;
            case Arith ar:
                CheckExpression(ar.Left, state, forAnnotation);
                CheckExpression(ar.Right, state, forAnnotation);
                return;
            case Concat c:
                CheckExpression(c.Left, state, forAnnotation);
                CheckExpression(c.Right, state, forAnnotation);
                return;
            case LikeEscape le:
                CheckExpression(le.Inner, state, forAnnotation);
                return;
            case Lower lo:
                CheckExpression(lo.Inner, state, forAnnotation);
                return;
            case Function fn:
                foreach (var arg in fn.Arguments) CheckExpression(arg, state, forAnnotation);
                return;
            case Cast c:
                CheckExpression(c.Inner, state, forAnnotation);
                return;
            case Case k:
                foreach (var w in k.Whens)
                {
                    Normalize(w.Condition, state);
                    CheckExpression(w.Then, state, forAnnotation);
                }
                if (k.Else is not null) CheckExpression(k.Else, state, forAnnotation);
                return;
            case Condition c:
                Normalize(c.Inner, state);
                return;
        }
    }

    private static bool ReadsAnnotation(Expr e, QueryState state) => e switch
    {
        F f => IsAnnotation(f.Path, state),
        Arith a => ReadsAnnotation(a.Left, state) || ReadsAnnotation(a.Right, state),
        Function fn => fn.Arguments.Any(x => ReadsAnnotation(x, state)),
        Cast c => ReadsAnnotation(c.Inner, state),
        Concat c => ReadsAnnotation(c.Left, state) || ReadsAnnotation(c.Right, state),
        Lower lo => ReadsAnnotation(lo.Inner, state),
        _ => false,
    };

    private static bool IsNumeric(Metadata.FieldType type) => type is Metadata.FieldType.Integer or Metadata.FieldType.BigInteger
        or Metadata.FieldType.Float or Metadata.FieldType.Decimal or Metadata.FieldType.Duration or Metadata.FieldType.AutoId or Metadata.FieldType.ForeignKey or Metadata.FieldType.OneToOne;

    private static bool IsAnnotation(string name, QueryState state) =>
        state.Annotations.Any(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) && state.Model.FindAttribute(name, out _) is null;
}
