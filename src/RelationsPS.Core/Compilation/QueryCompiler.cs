using System.Collections;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

/// <summary>
/// Compiles a <see cref="QueryState"/> into SQL for one dialect. Conditions on multi-valued
/// relations become <c>id IN (subquery)</c> forms, so rows are never multiplied: a filter call's
/// conditions share one join inside its subquery (Django), scriptblock conditions get one each,
/// and exclude keeps rows with no matching related row. Aggregates that cross relations are
/// correlated subqueries, so two multi-valued aggregates never inflate each other.
/// </summary>
internal sealed partial class QueryCompiler
{
    private readonly SqlContext ctx;
    private readonly QueryState state;
    // The scope of the query this one is a subquery of, where OuterRef reads.
    private readonly JoinScope? outer;

    public QueryCompiler(SqlContext ctx, QueryState state, JoinScope? outer = null)
    {
        this.ctx = ctx;
        this.state = state;
        this.outer = outer;
    }

    private ModelDefinition Model => state.Model;

    private Annotation? FindAnnotation(string name) =>
        state.Annotations.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    // ---- expressions -------------------------------------------------------------------------

    /// <summary>Compiles an expression in a scope; <paramref name="field"/> is the field it reads, when it reads one directly.</summary>
    public string Expression(Expr e, JoinScope scope, out FieldDefinition? field)
    {
        field = null;
        switch (e)
        {
            case F f when scope.Root == Model && FindAnnotation(f.Path) is { } a && Model.FindAttribute(f.Path, out _) is null:
                return "(" + AnnotationSql(a, scope) + ")";
            case F f:
                var path = ResolvedPath.Resolve(scope.Root, f.Path);
                field = path.Field;
                return scope.Column(path);
            case Const c:
                return ctx.Param(GenericParameter(c.Value));
            case Arith ar:
                var l = Expression(ar.Left, scope, out var lf);
                var r = Expression(ar.Right, scope, out var rf);
                field = lf ?? rf;
                if (field is not null && !(field.Type is FieldType.Integer or FieldType.BigInteger or FieldType.Float or FieldType.Decimal or FieldType.AutoId)) field = null;
                var op = ar.Op switch
                {
                    ArithOp.Add => "+",
                    ArithOp.Subtract => "-",
                    ArithOp.Multiply => "*",
                    ArithOp.Divide => "/",
                    _ => "%",
                };
                return $"({l} {op} {r})";
            case Aggregate agg:
                return "(" + CorrelatedAggregate(agg, scope, filtersBefore: state.Filters.Count) + ")";
            case Concat c:
                return $"({Expression(c.Left, scope, out _)} || {Expression(c.Right, scope, out _)})";
            case Lower lo:
                return $"lower({Expression(lo.Inner, scope, out field)})";
            case LikeEscape le:
                // Fixed escape syntax, not user values: the field's own text must not act as wildcards.
                return $"replace(replace(replace({Expression(le.Inner, scope, out _)}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')";
            case Function fn:
                return FunctionSql(fn, scope, out field);
            case Cast c:
                return ctx.Dialect.Cast(Expression(c.Inner, scope, out _), c.Type);
            case Case k:
                var branches = string.Concat(k.Whens.Select(w => $" WHEN {Condition(w.Condition, scope, sharedJoins: false)} THEN {Expression(w.Then, scope, out _)}"));
                return $"(CASE{branches}{(k.Else is null ? "" : " ELSE " + Expression(k.Else, scope, out _))} END)";
            case Expressions.Condition cond:
                return $"(CASE WHEN {Condition(cond.Inner, scope, sharedJoins: false)} THEN 1 ELSE 0 END)";
            case Expressions.Exists ex:
                return $"EXISTS ({new QueryCompiler(ctx, ex.Query.State, scope).ExistsBody()})";
            case OuterRef o:
                if (outer is null)
                    throw new RelationsException("OuterRefOutsideSubquery", ErrorKind.InvalidArgument, $"OuterRef('{o.Path}') reads the outer query's row: use it inside Exists(...) or an in-subquery.", o.Path);
                var outerPath = ResolvedPath.Resolve(outer.Root, o.Path);
                field = outerPath.Field;
                return outer.Column(outerPath);
            case RandomOrder:
                return ctx.Dialect.Random;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown expression.");
        }
    }

    private string AnnotationSql(Annotation a, JoinScope scope) => a.Expression switch
    {
        Aggregate agg when IsJoinedAggregate(a) && scope.Root == Model && scope.RootedAt is null && !scope.Bare => AggregateJoinColumn(a, agg, scope),
        Aggregate agg => CorrelatedAggregate(agg, scope, a.FiltersBefore),
        var other => Expression(other, scope, out _),
    };

    /// <summary>An annotation as a column of the row: parenthesised, as any expression in a select list.</summary>
    private string AnnotationColumn(Annotation a, JoinScope scope) => "(" + AnnotationSql(a, scope) + ")";

    /// <summary>A value that is not compared with a known field: dates, Booleans and Guids as the database stores them.</summary>
    private static object? GenericParameter(object? value) => value switch
    {
        RelObject o => o.Id,
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture) + (dt.Kind == DateTimeKind.Utc ? "Z" : ""),
        bool b => b ? 1L : 0L,
        Guid g => g.ToString("D"),
        decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture),
        int i => (long)i,
        _ => value,
    };

    /// <summary>
    /// <c>SELECT func(...) FROM model s JOIN path WHERE s.id = outer.id</c>, restricted by the filter
    /// clauses before the annotation that touch the same relation (they share its joins).
    /// </summary>
    private string CorrelatedAggregate(Aggregate agg, JoinScope outer, int filtersBefore)
    {
        if (!agg.IsPlain) return ExpressionAggregate(agg, outer, filtersBefore);
        if (FindAnnotation(agg.Path) is not null && Model.FindAttribute(agg.Path, out _) is null)
            throw new RelationsException("AggregateOfAnnotation", ErrorKind.InvalidArgument,
                $"'{agg}' aggregates the annotation '{agg.Path}'; an annotation cannot aggregate another annotation.", agg.ToString());
        var path = ResolvedPath.Resolve(outer.Root, agg.Path);
        if (path.Relations.Count == 0)
        {
            var col = outer.Column(path);
            return agg.Func == AggregateFunc.Count ? $"CASE WHEN {col} IS NULL THEN 0 ELSE 1 END" : col;
        }
        var first = path.Relations[0];
        if (AggregatesFromRelation(path, filtersBefore))
        {
            var rooted = JoinScope.StartingAt(ctx, outer.Root, first);
            var call0 = RootedAggregateCall(agg, rooted, path);
            return $"SELECT {call0}{rooted.From} WHERE {rooted.RootId} = {outer.RootId}";
        }
        var sub = new JoinScope(ctx, outer.Root);
        var column = sub.Column(path);
        var where = new List<string> { $"{sub.RootId} = {outer.RootId}" };
        foreach (var clause in state.Filters.Take(filtersBefore))
        {
            if (clause.Mode == FilterMode.Exclude || !Touches(clause.Condition, outer.Root, first)) continue;
            where.Add(Condition(clause.Condition, sub, sharedJoins: true));
        }
        var call = AggregateCall(agg, column);
        // Built after the WHERE so the joins it added are in the FROM clause.
        return $"SELECT {call}{sub.From} WHERE {string.Join(" AND ", where)}";
    }

    private string AggregateCall(Aggregate agg, string column) => agg.Func switch
    {
        AggregateFunc.StdDev => ctx.Dialect.StdDev(column, agg.Sample),
        AggregateFunc.Variance => ctx.Dialect.Variance(column, agg.Sample),
        _ => $"{agg.Func.ToString().ToUpperInvariant()}({(agg.Distinct ? "DISTINCT " : "")}{column})",
    };

    /// <summary>
    /// An aggregate in a scope that starts at its relation. Counting the targets of an automatic
    /// join table there is <c>COUNT(*)</c>: each of its rows has a target id (the column is NOT NULL),
    /// and COUNT(*) reads the owner key's own index, where <c>COUNT(j.tag_id)</c> reads the wider
    /// (owner, target) one. A Through model's target key may be null, so there the column is counted.
    /// </summary>
    private string RootedAggregateCall(Aggregate agg, JoinScope rooted, ResolvedPath path)
    {
        var r = rooted.RootedAt!;
        var countsRows = agg.Func == AggregateFunc.Count && !agg.Distinct && r.IsManyToMany && r.Through is null
            && path.Relations.Count == 1 && path.Field.IsPrimaryKey;
        return countsRows ? "COUNT(*)" : AggregateCall(agg, rooted.Column(path));
    }

    // ---- conditions --------------------------------------------------------------------------

    /// <summary>Compiles one filter clause for the outer query.</summary>
    public string Clause(FilterClause clause, JoinScope scope) => clause.Mode switch
    {
        FilterMode.Shared => Shared(clause.Condition, scope),
        FilterMode.EachCondition => Condition(clause.Condition, scope, sharedJoins: false),
        _ => $"NOT {ctx.Dialect.IfNull(Group(clause.Condition, scope), ctx.Dialect.False)}",
    };

    /// <summary>
    /// A filter clause of the query itself. Over to-one paths only, the joins the condition requires
    /// (it is false when their row is missing) become INNER JOINs, as Django promotes them: the rows
    /// are the same, and SQLite may then start from either table (a LEFT JOIN fixes the order).
    /// Not inside Exclude or NOT, where a missing row makes the condition true.
    /// </summary>
    private string Shared(Q q, JoinScope scope)
    {
        var sql = Group(q, scope);
        if (!TouchesMultiValued(q, scope.Root)) scope.Require(RequiredJoins(q, scope.Root));
        return sql;
    }

    /// <summary>Conditions that share joins: on multi-valued paths, inside one <c>id IN (subquery)</c>.</summary>
    private string Group(Q q, JoinScope scope)
    {
        if (!TouchesMultiValued(q, scope.Root)) return Condition(q, scope, sharedJoins: true);
        var required = RequiredJoins(q, scope.Root);
        var start = StartRelation(q, scope.Root, required);
        var sub = start is null ? new JoinScope(ctx, scope.Root) : JoinScope.StartingAt(ctx, scope.Root, start);
        var where = Condition(q, sub, sharedJoins: true);
        sub.Require(required);
        return $"{scope.RootId} IN (SELECT {sub.RootId}{sub.From} WHERE {where}{StartFilter(sub)})";
    }

    private string Condition(Q q, JoinScope scope, bool sharedJoins)
    {
        switch (q)
        {
            case ConstQ c:
                return c.Value ? ctx.Dialect.True : ctx.Dialect.False;
            case AndQ a:
                return a.Items.Count == 0 ? ctx.Dialect.True : "(" + string.Join(" AND ", a.Items.Select(i => Condition(i, scope, sharedJoins))) + ")";
            case OrQ o:
                return o.Items.Count == 0 ? ctx.Dialect.False : "(" + string.Join(" OR ", o.Items.Select(i => Condition(i, scope, sharedJoins))) + ")";
            case NotQ n:
                // NOT over a to-many condition means "no related row matches": its own group.
                // (Each-condition mode already gives every to-many leaf its own subquery.)
                var inner = sharedJoins && TouchesMultiValued(n.Inner, scope.Root) ? Group(n.Inner, scope) : Condition(n.Inner, scope, sharedJoins);
                return $"NOT {ctx.Dialect.IfNull(inner, ctx.Dialect.False)}";
            case KeyQ k:
                return Condition(Normalize(k, scope.Root), scope, sharedJoins);
            case MemberOfQ m:
                return MemberOf(m, scope);
            case SharedQ sq:
                return Group(sq.Inner, scope);
            case LookupQ l when HavingForm(l, scope) is { } having:
                return having;
            case LookupQ l when !sharedJoins && TouchesMultiValued(l, scope.Root):
                return Group(l, scope);
            case LookupQ l:
                return Leaf(l, scope);
            default:
                throw new ArgumentOutOfRangeException(nameof(q), q, "Unknown condition.");
        }
    }

    public static LookupQ Normalize(KeyQ k, ModelDefinition model)
    {
        var (path, lookup) = ResolvedPath.SplitKey(model, k.Key);
        return new LookupQ(new F(path), lookup, k.Value);
    }

    /// <summary>
    /// A related manager's own filter (the members of one owner) over an automatic join table, which
    /// holds each pair once: an INNER JOIN of that table and <c>j.post_id = ?</c>. Its (from, to) index
    /// then yields the members directly, where <c>id IN (SELECT ...)</c> builds a temporary list per
    /// execution (an N+1 loop runs it once per owner). Through models may repeat a pair, so they keep IN.
    /// </summary>
    private string? MembersByJoin(FilterClause clause, JoinScope scope)
    {
        if (clause is not { Mode: FilterMode.Shared, Condition: MemberOfQ { Relation: { IsManyToMany: true, Through: null } r } m }
            || scope.RootedAt is not null || scope.Bare) return null;
        var alias = scope.MembersJoin(r);
        return $"{alias}.{ctx.Q(r.JoinFromColumn!)} = {ctx.Param(m.OwnerId)}";
    }

    private string MemberOf(MemberOfQ m, JoinScope scope)
    {
        var r = m.Relation;
        var owner = ctx.Param(m.OwnerId);
        if (r.IsManyToMany)
            return $"{scope.RootId} IN (SELECT {ctx.Q(r.JoinToColumn!)} FROM {ctx.Q(r.JoinTable!)} WHERE {ctx.Q(r.JoinFromColumn!)} = {owner})";
        if (r.IsReverse) return $"{scope.RootColumn(r.Field.Column!)} = {owner}";
        return $"{scope.RootId} = (SELECT {ctx.Q(r.Field.Column!)} FROM {ctx.Q(r.From.Table)} WHERE {ctx.Q(r.From.IdColumn)} = {owner})";
    }

    private bool TouchesMultiValued(Q q, ModelDefinition root) => Paths(q, root).Any(p => p.IsMultiValued);

    private bool Touches(Q q, ModelDefinition root, Relation relation) =>
        Paths(q, root).Any(p => p.Relations.Count > 0 && p.Relations[0] == relation);

    private IEnumerable<ResolvedPath> Paths(Q q, ModelDefinition root) => q switch
    {
        AndQ a => a.Items.SelectMany(i => Paths(i, root)),
        OrQ o => o.Items.SelectMany(i => Paths(i, root)),
        NotQ n => Paths(n.Inner, root),
        SharedQ s => Paths(s.Inner, root),
        KeyQ k => Paths(Normalize(k, root), root),
        LookupQ l => ExprPaths(l.Left, root).Concat(l.Value is Expr e ? ExprPaths(e, root) : []),
        _ => [],
    };

    private IEnumerable<ResolvedPath> ExprPaths(Expr e, ModelDefinition root) => e switch
    {
        F f when root == Model && FindAnnotation(f.Path) is not null && Model.FindAttribute(f.Path, out _) is null => [],
        F f => [ResolvedPath.Resolve(root, f.Path)],
        Arith a => ExprPaths(a.Left, root).Concat(ExprPaths(a.Right, root)),
        Concat c => ExprPaths(c.Left, root).Concat(ExprPaths(c.Right, root)),
        LikeEscape le => ExprPaths(le.Inner, root),
        Lower lo => ExprPaths(lo.Inner, root),
        Function fn => fn.Arguments.SelectMany(a => ExprPaths(a, root)),
        Cast c => ExprPaths(c.Inner, root),
        Case k => k.Whens.SelectMany(w => Paths(w.Condition, root).Concat(ExprPaths(w.Then, root))).Concat(k.Else is null ? [] : ExprPaths(k.Else, root)),
        Expressions.Condition c => Paths(c.Inner, root),
        _ => [],
    };

    private string Leaf(LookupQ l, JoinScope scope)
    {
        var left = Expression(l.Left, scope, out var field);
        if (field is { Type: FieldType.Binary } && l.Lookup is not (Lookup.Exact or Lookup.IsNull))
            throw Unsupported(l, $"Binary field '{field}' (it takes exact and isnull only)");
        var d = ctx.Dialect;
        if (l.Value is Expr right)
        {
            var r = Expression(right, scope, out _);
            return l.Lookup switch
            {
                Lookup.Exact => $"{left} = {r}",
                Lookup.Gt => $"{left} > {r}",
                Lookup.Gte => $"{left} >= {r}",
                Lookup.Lt => $"{left} < {r}",
                Lookup.Lte => $"{left} <= {r}",
                // lower() folds ASCII only on SQLite; the dialect's insensitive match folds every letter.
                Lookup.IExact => d.ExactInsensitive(left, Escaped(right, scope), asciiPattern: false),
                Lookup.Contains => d.ContainsCaseSensitive(left, r),
                Lookup.StartsWith => d.StartsWithCaseSensitive(left, r),
                Lookup.EndsWith => d.EndsWithCaseSensitive(left, r),
                Lookup.Like => d.LikeSensitive(left, r),
                Lookup.ILike => d.LikeInsensitive(left, r, asciiPattern: false),
                Lookup.IContains => d.LikeInsensitive(left, $"('%' || {Escaped(right, scope)} || '%')", asciiPattern: false),
                Lookup.IStartsWith => d.LikeInsensitive(left, $"({Escaped(right, scope)} || '%')", asciiPattern: false),
                Lookup.IEndsWith => d.LikeInsensitive(left, $"('%' || {Escaped(right, scope)})", asciiPattern: false),
                _ => throw Unsupported(l, "a field expression"),
            };
        }
        switch (l.Lookup)
        {
            case Lookup.IsNull:
                if (l.Value is not bool isNull)
                    throw new RelationsException("InvalidLookupValue", ErrorKind.InvalidArgument, $"The isnull lookup takes $true or $false, not '{l.Value}'.", l.Value);
                return $"{left} IS {(isNull ? "" : "NOT ")}NULL";
            case Lookup.In:
                return In(left, field, l.Value);
            case Lookup.Range:
                var pair = Items(l.Value).ToList();
                if (pair.Count != 2)
                    throw new RelationsException("InvalidLookupValue", ErrorKind.InvalidArgument, "The range lookup takes two values: the lower and upper bound.", l.Value);
                return $"{left} BETWEEN {ctx.Param(Convert(field, pair[0]))} AND {ctx.Param(Convert(field, pair[1]))}";
        }
        if (l.Value is QuerySet qs)
        {
            if (l.Lookup != Lookup.Exact) throw Unsupported(l, "a query");
            return $"{left} = ({SubqueryIds(qs)})";
        }
        if (l.Value is null)
        {
            if (l.Lookup is Lookup.Exact or Lookup.IExact) return $"{left} IS NULL";
            throw new RelationsException("NullComparison", ErrorKind.InvalidArgument,
                $"Cannot use the {l.Lookup.ToString().ToLowerInvariant()} lookup with $null; use isnull.", null);
        }
        if (l.Value is string s)
        {
            // Each parameter is made from the lookup's value by a function of it alone, so a cached
            // statement (StatementCache) makes the next query's parameter the same way.
            switch (l.Lookup)
            {
                case Lookup.IExact:
                    var exact = SqlDialectEscape(s);
                    return d.ExactInsensitive(left, ctx.Param(exact, l, static v => SqlDialectEscape((string)v!)), Ascii(s), HasEscapes(exact));
                case Lookup.IContains: return LikeInsensitive(left, l, static v => "%" + SqlDialectEscape((string)v!) + "%");
                case Lookup.IStartsWith: return LikeInsensitive(left, l, static v => SqlDialectEscape((string)v!) + "%");
                case Lookup.IEndsWith: return LikeInsensitive(left, l, static v => "%" + SqlDialectEscape((string)v!));
                case Lookup.Contains: return s.Length == 0 ? $"{left} IS NOT NULL" : d.ContainsCaseSensitive(left, ctx.Param(s, l, AsIs));
                case Lookup.StartsWith: return s.Length == 0 ? $"{left} IS NOT NULL" : d.StartsWithCaseSensitive(left, ctx.Param(s, l, AsIs));
                case Lookup.EndsWith: return s.Length == 0 ? $"{left} IS NOT NULL" : d.EndsWithCaseSensitive(left, ctx.Param(s, l, AsIs));
                case Lookup.Like: return d.LikeSensitive(left, ctx.Param(s, l, AsIs));
                case Lookup.ILike: return LikeInsensitive(left, l, AsIs);
                case Lookup.Regex: return d.Regex(left, ctx.Param(s, l, AsIs), ignoreCase: false);
                case Lookup.IRegex: return d.Regex(left, ctx.Param(s, l, AsIs), ignoreCase: true);
            }
        }
        var p = ctx.Param(Convert(field, l.Value), l, v => Convert(field, v));
        return l.Lookup switch
        {
            Lookup.Exact => $"{left} = {p}",
            Lookup.Gt => $"{left} > {p}",
            Lookup.Gte => $"{left} >= {p}",
            Lookup.Lt => $"{left} < {p}",
            Lookup.Lte => $"{left} <= {p}",
            Lookup.IExact => $"{left} = {p}",
            Lookup.Contains => d.ContainsCaseSensitive(left, p),
            Lookup.StartsWith => d.StartsWithCaseSensitive(left, p),
            Lookup.EndsWith => d.EndsWithCaseSensitive(left, p),
            Lookup.IContains => d.LikeInsensitive(left, $"('%' || {p} || '%')"),
            _ => throw Unsupported(l, "this value"),
        };
    }

    /// <summary>
    /// Another field's text inside a LIKE pattern: its <c>% _ \</c> must stay literal, as they do in
    /// string values (Django's istartswith=F(...) means "begins with that text").
    /// </summary>
    private string Escaped(Expr right, JoinScope scope) => Expression(new LikeEscape(right), scope, out _);

    /// <summary>True when the pattern holds ASCII only (then a dialect may use its native case folding).</summary>
    private static bool Ascii(string s) => System.Text.Ascii.IsValid(s);

    private static string SqlDialectEscape(string s) => Dialects.SqlDialect.EscapeLike(s);

    private string LikeInsensitive(string left, LookupQ l, Func<object?, object?> makePattern)
    {
        var pattern = (string)makePattern(l.Value)!;
        return ctx.Dialect.LikeInsensitive(left, ctx.Param(pattern, l, makePattern), Ascii(pattern), HasEscapes(pattern));
    }

    private static readonly Func<object?, object?> AsIs = static v => v;

    // A pattern without a '\' means the same with or without an escape character.
    private static bool HasEscapes(string pattern) => pattern.Contains('\\');

    private static RelationsException Unsupported(LookupQ l, string what) =>
        new("UnsupportedLookup", ErrorKind.InvalidArgument, $"The {l.Lookup.ToString().ToLowerInvariant()} lookup cannot be used with {what}.", l.Lookup.ToString());

    private string In(string left, FieldDefinition? field, object? value)
    {
        if (value is QuerySet qs) return $"{left} IN ({SubqueryIds(qs)})";
        var items = Items(value).Where(v => v is not null).Select(v => Convert(field, v)).ToList();
        if (items.Count == 0) return ctx.Dialect.False;
        if (items.Count == 1) return $"{left} = {ctx.Param(items[0])}";
        // One JSON parameter keeps the statement text (and its prepared command) the same for any list length,
        // and binding it is far cheaper than thousands of separate parameters.
        return ctx.Dialect.InList(left, ctx.Param(ctx.Dialect.ListParameter(items)));
    }

    private string SubqueryIds(QuerySet qs)
    {
        var inner = new QueryCompiler(ctx, qs.State);
        return inner.IdsBody(qs.State.IsSliced);
    }

    internal static IEnumerable<object?> Items(object? value) => value switch
    {
        null => [],
        string s => [s],
        IEnumerable e => e.Cast<object?>(),
        _ => [value],
    };

    private static object? Convert(FieldDefinition? field, object? value)
    {
        if (value is RelObject o) return o.Id;
        if (field is null) return GenericParameter(value);
        return FieldCodec.ToParameter(field, value);
    }
}

/// <summary>Rows of a relation's target that belong to one owner (related managers use it).</summary>
public sealed record MemberOfQ(Relation Relation, long OwnerId) : Q;
