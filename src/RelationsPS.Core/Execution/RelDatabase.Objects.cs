using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Execution;

public sealed partial class RelDatabase
{
    /// <summary>All rows of a model, as a lazy query (Django's Model.objects.all()).</summary>
    public QuerySet Objects(ModelDefinition model) => new(this, new QueryState(model));

    public QuerySet Objects(string model) => Objects(Models.Get(model));

    /// <summary>
    /// Creates an object from field values (field names, <c>&lt;Fk&gt;Id</c>, to-one relations as objects
    /// or ids, to-many relations as lists of objects or ids) in one transaction, and returns it with its Id.
    /// </summary>
    public RelObject Create(ModelDefinition model, IReadOnlyDictionary<string, object?> values)
    {
        var obj = new RelObject(model, this, values);
        var toMany = Writer.Apply(obj, values);
        // Inside a transaction a lone INSERT is atomic by itself; links after it need a savepoint,
        // so that a failing link undoes the row too.
        if (toMany.Count == 0 && IsInTransaction) Insert(obj, values, toMany);
        else InTransaction(() => Insert(obj, values, toMany));
        return obj;
    }

    private void Insert(RelObject obj, IReadOnlyDictionary<string, object?> values, List<(Relation Relation, object? Value)> toMany)
    {
        Writer.Insert(this, obj, values);
        foreach (var (relation, value) in toMany) obj.Manager(relation.Name).AddWithinTransaction(value);
    }

    public RelObject Create(string model, IReadOnlyDictionary<string, object?> values) => Create(Models.Get(model), values);

    /// <summary>
    /// Creates many objects in one transaction (imports): with one prepared statement per row, or, on a
    /// provider with a bulk load (PostgreSQL's COPY) and enough rows for it to be faster, through that, the
    /// plain ManyToMany links too (<see cref="BulkLoader"/>). A failing row undoes the whole call, so the
    /// rows need no savepoint each. The objects come back in order, with ascending ids.
    /// </summary>
    public IReadOnlyList<RelObject> CreateMany(ModelDefinition model, IEnumerable<IReadOnlyDictionary<string, object?>> rows) =>
        InTransaction(() =>
        {
            // Counted first only where a bulk load may take them (a SQLite import streams its rows).
            if (BulkLoadRows != int.MaxValue)
            {
                var list = rows as IReadOnlyList<IReadOnlyDictionary<string, object?>> ?? rows.ToList();
                if (BulkLoadsRows(list.Count, overBatchedInserts: false)) return BulkLoader.Create(this, model, list, batchedInserts: false);
                rows = list;
            }
            return (IReadOnlyList<RelObject>)rows.Select(values =>
            {
                var obj = new RelObject(model, this, values);
                Insert(obj, values, Writer.Apply(obj, values));
                return obj;
            }).ToList();
        });

    /// <summary>
    /// The most rows one INSERT or UPDATE of <see cref="BulkCreate(ModelDefinition, IReadOnlyList{IReadOnlyDictionary{string, object?}})"/>
    /// and <see cref="BulkUpdate"/> carries (within the dialect's parameter limit). Microsoft.Data.Sqlite
    /// binds parameters by name, which costs more per parameter the longer the statement, so long
    /// statements lose what they save; BENCHMARKS.md (query API) has the measurements behind the default.
    /// </summary>
    public int BulkRowsPerStatement { get; set; } = 5;

    /// <summary>
    /// Creates many objects with multi-row INSERTs (Django's bulk_create), in one transaction (a savepoint
    /// inside one): each statement carries as many rows as the parameter limit allows (at most <see cref="BulkRowsPerStatement"/>);
    /// on a provider with a bulk load and enough rows, through that (<see cref="CreateMany(ModelDefinition, IEnumerable{IReadOnlyDictionary{string, object?}})"/>). Values are as for <see cref="Create(ModelDefinition, IReadOnlyDictionary{string, object?})"/>;
    /// to-many values are linked after the rows are in. A failing row undoes the whole call; the objects
    /// come back in order, with their ids.
    /// </summary>
    public IReadOnlyList<RelObject> BulkCreate(ModelDefinition model, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => InTransaction(() =>
    {
        if (BulkLoadsRows(rows.Count, overBatchedInserts: false)) return BulkLoader.Create(this, model, rows, batchedInserts: true);
        var objects = new List<RelObject>(rows.Count);
        var links = new List<(RelObject, List<(Relation Relation, object? Value)>)>();
        foreach (var values in rows)
        {
            var obj = new RelObject(model, this, values);
            var toMany = Writer.Apply(obj, values);
            Writer.Prepare(obj, values);
            objects.Add(obj);
            if (toMany.Count > 0) links.Add((obj, toMany));
        }
        BulkWriter.Insert(this, objects);
        foreach (var (obj, toMany) in links)
            foreach (var (relation, value) in toMany) obj.Manager(relation.Name).AddWithinTransaction(value);
        return (IReadOnlyList<RelObject>)objects;
    });

    public IReadOnlyList<RelObject> BulkCreate(string model, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => BulkCreate(Models.Get(model), rows);

    /// <summary>
    /// Writes every field of many saved objects of one model in batched UPDATEs (Django's bulk_update), in
    /// one transaction; AutoNow fields are set. Returns the rows written; an object whose row is gone
    /// undoes the call (<c>ObjectNotFound</c>).
    /// </summary>
    public int BulkUpdate(IReadOnlyList<RelObject> objects) => InTransaction(() => BulkWriter.Update(this, objects));

    /// <summary>Inserts a new object or writes every field of a saved one.</summary>
    public void Save(RelObject obj) => InTransaction(() =>
    {
        if (obj.IsSaved) Writer.Update(this, obj);
        else Writer.Insert(this, obj);
    });

    /// <summary>Deletes one object with what OnDelete reaches from it.</summary>
    public DeleteResult Delete(RelObject obj)
    {
        if (obj.Id is not long id)
            throw new Errors.InvalidOperationRelException("UnsavedObject", $"This {obj.Model.Name} is not saved, so it cannot be deleted.", obj);
        return InTransaction(() => DeleteCollector.Collect(this, obj.Model, [id]).Execute(this));
    }

    /// <summary>What deleting the object would remove, without removing anything.</summary>
    public DeleteResult PlanDelete(RelObject obj) =>
        DeleteCollector.Collect(this, obj.Model, [obj.Id ?? throw new Errors.InvalidOperationRelException("UnsavedObject", "Unsaved objects have nothing to delete.", obj)]).Result;
}
