using System.Collections;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Query;

public sealed partial class QuerySet
{
    /// <summary>How many rows are read before their related rows are prefetched.</summary>
    public int PrefetchChunkSize { get; init; } = 2000;

    /// <summary>Runs the query and streams its rows (prefetching Include relations chunk by chunk).</summary>
    public IEnumerator<RelObject> GetEnumerator()
    {
        if (State.Includes.Count == 0)
        {
            var plain = State.Annotations.Count == 0 ? Database.MaterializerOf(Model) : new RowMaterializer(Model, Database, State.Annotations);
            return Database.Query(Statement, plain.ReadRow).GetEnumerator();
        }
        // Each row holds what Include loads for the first relation in place of a record of its own (RowContext.Prefetched).
        var materializer = new RowMaterializer(Model, Database, State.Annotations, prefetched: ResolvedPath.Split(State.Includes[0])[0]);
        // To-one paths are joined into this statement (select_related); to-many ones are prefetched.
        var (joined, prefetched) = SelectRelated.Split(Model, State.Includes);
        var read = joined.Count == 0 ? materializer.ReadRow : SelectRelated.Reader(materializer, Model, State.Annotations.Count, Database, joined);
        var rows = Database.Query(Statement, read);
        if (prefetched.Count == 0) return rows.GetEnumerator();
        return Prefetcher.Stream(Database, rows, prefetched, PrefetchChunkSize).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The rows read a page at a time (<paramref name="firstPage"/> rows, doubling up to
    /// <paramref name="largestPage"/>), each page a statement of its own that is read to its end
    /// before its first row is handed out. For callers that may stop without disposing the enumerator
    /// (PowerShell's <c>foreach</c>, a pipe, <c>.Where()</c> never dispose it): no reader is left open
    /// to hold a snapshot or a lock. Rows are ordered as the query orders them, then by id, so pages
    /// neither repeat nor skip rows while nothing else writes; a page read after another writer
    /// committed sees that write.
    /// </summary>
    public IEnumerable<RelObject> InPages(int firstPage = 100, int largestPage = 10_000)
    {
        var query = WithIdLast();
        long read = 0;
        var size = firstPage;
        while (true)
        {
            var page = query.Slice(read, size).ToList();
            foreach (var row in page) yield return row;
            if (page.Count < size) yield break;
            read += page.Count;
            size = Math.Min(size * 2, largestPage);
        }
    }

    /// <summary>This query's ordering with the id as its last term, so that equal keys come in one order every time.</summary>
    private QuerySet WithIdLast()
    {
        var terms = State.Ordering ?? (Model.Ordering.Count > 0 ? [.. QueryCompiler.ParseOrdering(Model.Ordering)] : []);
        if (terms.Any(t => t.Expression is F { Path: var p } && p.Equals("Id", StringComparison.OrdinalIgnoreCase))) return this;
        return With(State with { Ordering = [.. terms, new OrderTerm(new F("Id"), false)], Unordered = false });
    }

    /// <summary>How many rows the query returns (slice included).</summary>
    public long Count() => Convert.ToInt64(Database.Scalar(CountStatement), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The statement <see cref="Count"/> runs.</summary>
    internal SqlStatement CountStatement => Cached("count", static c => c.Count());

    public bool Exists() => Convert.ToInt64(Database.Scalar(Compiler().Exists()), System.Globalization.CultureInfo.InvariantCulture) != 0;

    public RelObject? FirstOrDefault() => Take(1).AsEnumerable().FirstOrDefault();

    public RelObject First() => FirstOrDefault() ?? throw new NotFoundException($"No {Model.Name} matches the query.", this);

    /// <summary>The last row in the query's order (the ordering reversed, then the first row).</summary>
    public RelObject? LastOrDefault()
    {
        var compiler = Compiler();
        var terms = State.Ordering ?? (Model.Ordering.Count > 0 ? [.. QueryCompiler.ParseOrdering(Model.Ordering)] : []);
        var reversed = terms.Select(t => t with { Descending = !t.Descending }).ToList();
        if (!reversed.Any(t => t.Expression is F { Path: var p } && p.Equals("Id", StringComparison.OrdinalIgnoreCase)))
            reversed.Add(new OrderTerm(new F("Id"), true));
        return With(State with { Ordering = [.. reversed], Unordered = false }).FirstOrDefault();
    }

    private IEnumerable<RelObject> AsEnumerable() => this;

    /// <summary>The one row with this id, or null.</summary>
    public RelObject? FirstOrDefaultById(long id) => Filter(new LookupQ(new F("Id"), Lookup.Exact, id)).FirstOrDefault();

    /// <summary>Exactly one row matching the condition (Django's get()).</summary>
    public RelObject Get(Q condition)
    {
        var rows = Filter(condition).Take(2).ToList();
        return rows.Count switch
        {
            1 => rows[0],
            0 => throw new NotFoundException($"{Model.Name} matching query does not exist.", condition),
            _ => throw new InvalidOperationRelException("MultipleObjectsReturned", $"get() returned more than one {Model.Name}.", condition),
        };
    }

    internal QuerySet FilterEquals(FieldDefinition field, long id) =>
        Filter(new LookupQ(new F(field.Name + (field.IsToOne ? "Id" : "")), Lookup.Exact, id));

    /// <summary>Aggregates over the whole query: one row, one value per name.</summary>
    public IReadOnlyDictionary<string, object?> Aggregate(IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates)
    {
        if (aggregates.Count == 0) throw new RelationsException("NoAggregate", ErrorKind.InvalidArgument, "Name at least one aggregate, e.g. @{ Posts = 'Count(Id)' }.");
        foreach (var (_, a) in aggregates) QueryValidator.CheckExpression(a, State, forAnnotation: false);
        var statement = Compiler().Aggregate(aggregates);
        var converters = aggregates.Select(a => AggregateValues.Converter(Model, a.Aggregate, State.Annotations)).ToArray();
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in Database.Query(statement, r => Enumerable.Range(0, aggregates.Count).Select(i => FieldCodec.ReadAny(r, i)).ToArray()))
            for (var i = 0; i < aggregates.Count; i++) result[aggregates[i].Name] = converters[i](row[i]);
        return result;
    }

    public IReadOnlyDictionary<string, object?> Aggregate(params (string Name, string Aggregate)[] aggregates) =>
        Aggregate(aggregates.Select(a => (a.Name, Expressions.Aggregate.Parse(a.Aggregate))).ToList());

    /// <summary>One row per group of <paramref name="by"/> paths with the aggregates (values(...).annotate(...)).</summary>
    public IEnumerable<IReadOnlyDictionary<string, object?>> Group(IReadOnlyList<(string Name, string Path)> by, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates) =>
        Group(by, aggregates, null);

    /// <summary>
    /// As <see cref="Group(IReadOnlyList{ValueTuple{string, string}}, IReadOnlyList{ValueTuple{string, Aggregate}})"/>, ordered by
    /// group and aggregate names (<c>'-N'</c>: Django's <c>values().annotate(n=...).order_by('-n')</c>); ties by the group keys.
    /// </summary>
    public IEnumerable<IReadOnlyDictionary<string, object?>> Group(IReadOnlyList<(string Name, string Path)> by, IReadOnlyList<(string Name, Aggregate Aggregate)> aggregates, IReadOnlyList<OrderTerm>? ordering)
    {
        if (by.Count == 0) throw new RelationsException("NoGroup", ErrorKind.InvalidArgument, "Name at least one path to group by.");
        foreach (var (_, path) in by) QueryValidator.CheckExpression(new F(path), State, forAnnotation: false);
        foreach (var (_, a) in aggregates) QueryValidator.CheckExpression(a, State, forAnnotation: false);
        var statement = Compiler().Group(by, aggregates, ordering);
        var keyReaders = by.Select(b => KeyReader(b.Path)).ToArray();
        var converters = aggregates.Select(a => AggregateValues.Converter(Model, a.Aggregate, State.Annotations)).ToArray();
        var shape = new RowShape([.. by.Select(b => b.Name), .. aggregates.Select(a => a.Name)]);
        return Database.Query(statement, r =>
        {
            var row = ValueRow.Create(shape);
            for (var i = 0; i < by.Count; i++) row.Set(shape.SlotOf(i), keyReaders[i](r, i));
            for (var i = 0; i < aggregates.Count; i++) row.Set(shape.SlotOf(by.Count + i), converters[i](FieldCodec.ReadAny(r, by.Count + i)));
            return (IReadOnlyDictionary<string, object?>)row;
        });
    }

    /// <summary>Selected values as rows (Django's values()).</summary>
    public IEnumerable<IReadOnlyDictionary<string, object?>> Values(params string[] paths)
    {
        var statement = ValuesStatement(paths);
        // The model's own required columns are read without a NULL check, as RowMaterializer reads them;
        // a NULL there (a file edited behind the engine's back) reads the row again with the checks.
        var readers = paths.Select(p => KeyReader(p, required: true)).ToArray();
        var safe = paths.Select(p => KeyReader(p)).ToArray();
        var shape = new RowShape(paths);
        return Database.Query(statement, r =>
        {
            var row = ValueRow.Create(shape);
            try
            {
                for (var i = 0; i < readers.Length; i++) row.Set(shape.SlotOf(i), readers[i](r, i));
            }
            catch (InvalidOperationException)
            {
                for (var i = 0; i < safe.Length; i++) row.Set(shape.SlotOf(i), safe[i](r, i));
            }
            return (IReadOnlyDictionary<string, object?>)row;
        });
    }

    private Func<System.Data.Common.DbDataReader, int, object?> KeyReader(string path) => KeyReader(path, required: false);

    private Func<System.Data.Common.DbDataReader, int, object?> KeyReader(string path, bool required)
    {
        if (IsAnnotationName(path))
        {
            var a = State.Annotations.First(a => a.Name.Equals(path, StringComparison.OrdinalIgnoreCase));
            var convert = AggregateValues.Converter(Model, a.Expression, State.Annotations);
            return (r, i) => convert(FieldCodec.ReadAny(r, i));
        }
        var resolved = ResolvedPath.Resolve(Model, path);
        return required && IsOwnRequiredColumn(resolved) ? FieldCodec.NotNullReader(resolved.Field) : FieldCodec.Reader(resolved.Field);
    }

    private bool IsAnnotationName(string path) =>
        State.Annotations.Any(a => a.Name.Equals(path, StringComparison.OrdinalIgnoreCase)) && Model.FindAttribute(path, out _) is null;

    // Through a relation the row may be missing (a LEFT JOIN), so only the model's own columns count as required.
    private static bool IsOwnRequiredColumn(ResolvedPath resolved) =>
        resolved.Relations.Count == 0 && !resolved.Field.Null && resolved.Field.JsonPath is null && resolved.Field.Part is null;

    /// <summary>One UPDATE for every row of the query; values may be <see cref="Expr"/>s of the row's own fields.</summary>
    public int Update(IReadOnlyDictionary<string, object?> values)
    {
        var assignments = new List<(FieldDefinition, object?)>();
        foreach (var (name, value) in values)
        {
            var field = Model.FindAttribute(name, out _);
            if (field is null || !field.IsConcrete || field.IsPrimaryKey)
                throw new UnknownNameException("UnknownField",
                    $"Cannot update '{name}' on '{Model.Name}'. Choices are: {string.Join(", ", Model.ConcreteFields.Where(f => !f.IsPrimaryKey).Select(f => f.Name))}.", name);
            if (value is Expr e)
            {
                QueryValidator.CheckExpression(e, State, forAnnotation: false);
                assignments.Add((field, e));
            }
            else
            {
                var normalized = FieldCodec.Normalize(field, field.IsToOne ? RelObject.RelatedId(field, value) : value);
                assignments.Add((field, normalized));
            }
        }
        if (assignments.Count == 0) return 0;
        foreach (var f in Model.ConcreteFields.Where(f => f.AutoNow && !values.ContainsKey(f.Name)))
            assignments.Add((f, Writer.Now(f)));
        var statement = Compiler().Update(assignments);
        return Database.InTransaction(() => Database.Execute(statement));
    }

    /// <summary>Deletes every row of the query, honouring each relation's OnDelete; one transaction.</summary>
    public DeleteResult Delete()
    {
        if (State.IsSliced) throw new InvalidOperationRelException("SlicedQuery", "Cannot delete a query once a slice has been taken.");
        return Database.InTransaction(() => DeleteCollector.Collect(Database, Model, DistinctIds()).Execute(Database));
    }

    /// <summary>What <see cref="Delete"/> would remove, without removing anything (for -WhatIf).</summary>
    public DeleteResult PlanDelete() => DeleteCollector.Collect(Database, Model, DistinctIds()).Result;

    // Ordering by a to-many path repeats rows; a delete counts each row once.
    private List<long> DistinctIds() => Ids().Distinct().ToList();

    /// <summary>The ids of the rows, in query order.</summary>
    public IReadOnlyList<long> Ids() => Database.Query(Compiler().Ids(), r => r.GetInt64(0)).ToList();
}
