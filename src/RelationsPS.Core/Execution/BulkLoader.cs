using RelationsPS.Core.Compilation;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Execution;

/// <summary>
/// Bulk creates through the provider's bulk load (PostgreSQL's binary COPY), for as many rows as the
/// provider finds it faster (<see cref="RelDatabase.BulkLoadsRows"/>). What comes out is what the INSERT
/// path gives: the objects in order with their ids (drawn first, ascending, since a bulk load returns none),
/// defaults, AutoNow and validation as <see cref="Writer.Prepare"/> does them, the same values stored, the
/// same errors. The links of plain ManyToMany relations are new rows of the join table, loaded the same way
/// after their targets are checked to exist; other to-many values go through the related manager.
/// </summary>
internal static class BulkLoader
{
    /// <summary>
    /// Creates the objects of <paramref name="rows"/>, inside the caller's transaction or savepoint. With
    /// <paramref name="batchedInserts"/> (BulkCreate) the other way is multi-row INSERTs, which the bulk load
    /// beats only at more rows unless ManyToMany values add a link statement per row.
    /// </summary>
    public static IReadOnlyList<RelObject> Create(RelDatabase db, ModelDefinition model, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, bool batchedInserts)
    {
        var objects = new List<RelObject>(rows.Count);
        var toMany = new List<(int Row, Relation Relation, object? Value)>();
        foreach (var values in rows)
        {
            var obj = new RelObject(model, db, values);
            foreach (var (relation, value) in Writer.Apply(obj, values)) toMany.Add((objects.Count, relation, value));
            Writer.Prepare(obj, values);
            objects.Add(obj);
        }
        var inserts = batchedInserts && !db.BulkLoadsRows(objects.Count, overBatchedInserts: true) && !toMany.Any(t => RelatedManager.IsPlain(t.Relation));
        // Or a value the bulk load would store otherwise (a date at either end of DateTime's range).
        if (inserts || !LoadsExactly(db, objects)) return Insert(db, objects, toMany);
        var joins = new Dictionary<Relation, List<(int Row, List<long> Ids)>>();
        var others = new List<(int Row, Relation Relation, object? Value)>();
        foreach (var (row, relation, value) in toMany)
        {
            if (!RelatedManager.IsPlain(relation))
            {
                others.Add((row, relation, value));
                continue;
            }
            var ids = objects[row].Manager(relation.Name).LinkTargets(value);
            if (!joins.TryGetValue(relation, out var links)) joins[relation] = links = [];
            // One row naming the relation twice (two spellings of its name) links the union, as two Adds would.
            if (links.Count > 0 && links[^1].Row == row) links[^1].Ids.AddRange(ids.Where(id => !links[^1].Ids.Contains(id)));
            else links.Add((row, ids));
        }
        // An id with no generator to draw from (a table of a foreign database): INSERTs.
        if (db.ReserveIds(model, objects.Count) is not { } reserved) return Insert(db, objects, toMany);
        for (var i = 0; i < objects.Count; i++) objects[i].Id = reserved[i];
        try
        {
            Load(db, model, objects);
            foreach (var (relation, links) in joins) Link(db, relation, objects, links);
            foreach (var (row, relation, value) in others) objects[row].Manager(relation.Name).AddWithinTransaction(value);
        }
        catch
        {
            // Nothing was written (the caller's savepoint undoes it): the objects are not saved.
            foreach (var o in objects) o.Id = null;
            throw;
        }
        return objects;
    }

    private static List<RelObject> Insert(RelDatabase db, List<RelObject> objects, List<(int Row, Relation Relation, object? Value)> toMany)
    {
        BulkWriter.Insert(db, objects);
        foreach (var (row, relation, value) in toMany) objects[row].Manager(relation.Name).AddWithinTransaction(value);
        return objects;
    }

    private static bool LoadsExactly(RelDatabase db, List<RelObject> objects)
    {
        var fields = objects[0].Model.ConcreteFields;
        foreach (var o in objects)
        {
            for (var i = 1; i < fields.Count; i++)
                if (o.GetSlot(i) is { } v && !db.BulkLoads(fields[i].Type, v)) return false;
        }
        return true;
    }

    private static void Load(RelDatabase db, ModelDefinition model, List<RelObject> objects)
    {
        var fields = model.ConcreteFields;
        var columns = fields.Select(f => f.IsPrimaryKey ? model.IdColumn : f.Column!).ToList();
        var types = fields.Select(f => f.Type).ToList();
        db.BulkLoad(model.Table, columns, types, objects.Count,
            (r, c) => fields[c].Type == FieldType.Json ? FieldCodec.ToDatabase(fields[c], objects[r].GetSlot(c)) : objects[r].GetSlot(c),
            // The INSERT's parameters: every field but the id, as the database stores them.
            r => [.. fields.Skip(1).Select(f => FieldCodec.ToDatabase(f, objects[r].GetValue(f)))]);
    }

    private static readonly FieldType[] JoinTypes = [FieldType.ForeignKey, FieldType.ForeignKey];

    /// <summary>
    /// The new links of one relation: targets that do not exist are ObjectNotFound, named as the related
    /// manager names them for the first row that has one; then one bulk load of (owner, target) rows.
    /// </summary>
    private static void Link(RelDatabase db, Relation r, List<RelObject> objects, List<(int Row, List<long> Ids)> links)
    {
        var targets = new HashSet<long>();
        var count = 0;
        foreach (var (_, ids) in links)
        {
            targets.UnionWith(ids);
            count += ids.Count;
        }
        if (count == 0) return;
        var d = db.Dialect;
        var found = db.Query(new SqlStatement($"SELECT {d.Quote(r.To.IdColumn)} FROM {d.Quote(r.To.Table)} WHERE {d.InIds(d.Quote(r.To.IdColumn), d.Parameter(0))}", [d.IdsParameter([.. targets])]), static x => x.GetInt64(0)).ToHashSet();
        if (found.Count < targets.Count)
            foreach (var (row, ids) in links)
                if (ids.Any(id => !found.Contains(id)))
                    objects[row].Manager(r.Name).ThrowIfMissing([.. ids.Where(id => !found.Contains(id))]);
        var owners = new object[count];
        var to = new object[count];
        var n = 0;
        foreach (var (row, ids) in links)
        {
            var owner = objects[row].GetSlot(0)!;
            foreach (var id in ids)
            {
                owners[n] = owner;
                to[n++] = Boxes.Int64(id);
            }
        }
        db.BulkLoad(r.JoinTable!, [r.JoinFromColumn!, r.JoinToColumn!], JoinTypes, count, (i, c) => c == 0 ? owners[i] : to[i], i => [owners[i], to[i]]);
    }
}
