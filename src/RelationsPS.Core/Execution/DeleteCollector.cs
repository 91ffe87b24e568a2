using Humanizer;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Execution;

/// <summary>
/// Django's Collector: finds everything a delete reaches through OnDelete (cascades through every
/// relation kind, join-table links, SetNull/SetDefault updates), refuses Protect and Restrict
/// before anything is written, then deletes in one transaction. It walks level by level, not by
/// recursion: each model's newly reached ids are one work item, answered with one set-based query
/// per relation (<c>IN (SELECT value FROM json_each(@p0))</c>), so a self-referencing chain as deep
/// as the data (10,000 levels and more) needs no deeper stack than one level.
/// </summary>
internal sealed class DeleteCollector
{
    private readonly RelDatabase db;
    private readonly Dictionary<ModelDefinition, SortedSet<long>> deletes = [];
    private readonly List<(FieldDefinition Field, List<long> Ids, object? Value)> updates = [];
    private readonly List<(Relation Relation, string Column, List<long> Ids, long Count)> links = [];
    private readonly List<(FieldDefinition Field, ModelDefinition Child, List<long> ChildIds)> restricted = [];

    private DeleteCollector(RelDatabase db) => this.db = db;

    public static DeleteCollector Collect(RelDatabase db, ModelDefinition model, IReadOnlyCollection<long> ids)
    {
        var c = new DeleteCollector(db);
        var pending = new Queue<(ModelDefinition Model, IEnumerable<long> Ids)>();
        pending.Enqueue((model, ids));
        while (pending.TryDequeue(out var level)) c.Add(level.Model, level.Ids, pending);
        c.CheckRestricted();
        return c;
    }

    private string Q(string identifier) => db.Dialect.Quote(identifier);

    private object Json(IEnumerable<long> ids) => db.Dialect.IdsParameter(ids as IReadOnlyList<long> ?? ids.ToList());

    /// <summary>Records the ids not yet reached and queues what their cascades reach (the next level).</summary>
    private void Add(ModelDefinition model, IEnumerable<long> ids, Queue<(ModelDefinition, IEnumerable<long>)> pending)
    {
        if (!deletes.TryGetValue(model, out var set)) deletes[model] = set = [];
        var fresh = ids.Where(set.Add).ToList();
        if (fresh.Count == 0) return;
        var json = Json(fresh);

        foreach (var rel in db.Models.AutoJoinRelations.Where(r => r.From == model || r.To == model))
        {
            foreach (var column in rel.From == model && rel.To == model ? [rel.JoinFromColumn!, rel.JoinToColumn!] : new[] { rel.From == model ? rel.JoinFromColumn! : rel.JoinToColumn! })
            {
                var n = Convert.ToInt64(db.Scalar(new SqlStatement(
                    $"SELECT COUNT(*) FROM {Q(rel.JoinTable!)} WHERE {db.Dialect.InIds(Q(column), db.Dialect.Parameter(0))}", [json])));
                if (n > 0) links.Add((rel, column, fresh, n));
            }
        }

        foreach (var field in db.Models.Models.SelectMany(m => m.ConcreteFields).Where(f => f.IsToOne && f.Target == model))
        {
            var child = field.Model;
            var childIds = db.Query(new SqlStatement(
                $"SELECT {Q(child.IdColumn)} FROM {Q(child.Table)} WHERE {db.Dialect.InIds(Q(field.Column!), db.Dialect.Parameter(0))} ORDER BY {Q(child.IdColumn)}", [json]),
                r => r.GetInt64(0)).ToList();
            if (childIds.Count == 0) continue;
            switch (field.OnDelete)
            {
                case OnDeleteAction.Cascade:
                    pending.Enqueue((child, childIds));
                    break;
                case OnDeleteAction.Protect:
                    throw new ProtectedException("ProtectedError",
                        $"Cannot delete {model.Name} {string.Join(", ", fresh)} because {Naming.Quantity(child.Name, childIds.Count)} ({string.Join(", ", childIds.Select(i => $"{child.Name} {i}"))}) still point at it through the protected foreign key '{field}'.",
                        childIds.Select(i => (object)$"{child.Name} {i}").ToList(), model.Name);
                case OnDeleteAction.Restrict:
                    restricted.Add((field, child, childIds));
                    break;
                case OnDeleteAction.SetNull:
                    updates.Add((field, childIds, null));
                    break;
                case OnDeleteAction.SetDefault:
                    updates.Add((field, childIds, field.DefaultValue() is Materialization.RelObject o ? o.Id : field.DefaultValue()));
                    break;
                case OnDeleteAction.DoNothing:
                    break;
            }
        }
    }

    /// <summary>Restrict allows the delete only when the restricted rows are deleted by a cascade too (Django).</summary>
    private void CheckRestricted()
    {
        foreach (var (field, child, ids) in restricted)
        {
            var left = ids.Where(i => !deletes.TryGetValue(child, out var set) || !set.Contains(i)).ToList();
            if (left.Count > 0)
                throw new ProtectedException("RestrictedError",
                    $"Cannot delete these {field.Target!.Name} objects because {Naming.Quantity(child.Name, left.Count)} ({string.Join(", ", left.Select(i => $"{child.Name} {i}"))}) still point at them through the restricted foreign key '{field}'.",
                    left.Select(i => (object)$"{child.Name} {i}").ToList(), field.Target.Name);
        }
    }

    public DeleteResult Result
    {
        get
        {
            var counts = new List<DeleteCount>();
            foreach (var (model, ids) in deletes.Where(d => d.Value.Count > 0))
                counts.Add(new DeleteCount(model.Name, Naming.Noun(model.Name), ids.Count));
            foreach (var group in links.GroupBy(l => l.Relation))
                counts.Add(new DeleteCount($"{group.Key.From.Name}.{group.Key.Name}", Naming.Noun(group.Key.Name.Singularize(inputIsKnownToBePlural: false)) + " link", group.Sum(l => l.Count)));
            foreach (var (fk, ids, _) in updates)
                counts.Add(new DeleteCount(fk.Model.Name, Naming.Noun(fk.Model.Name), ids.Count, IsUpdate: true));
            return new DeleteResult(counts);
        }
    }

    public DeleteResult Execute(RelDatabase database)
    {
        var p = database.Dialect.Parameter(0);
        foreach (var (field, ids, value) in updates)
        {
            var remaining = ids.Where(i => !deletes.TryGetValue(field.Model, out var set) || !set.Contains(i)).ToList();
            if (remaining.Count == 0) continue;
            database.Execute(new SqlStatement(
                $"UPDATE {Q(field.Model.Table)} SET {Q(field.Column!)} = {database.Dialect.Parameter(1)} WHERE {database.Dialect.InIds(Q(field.Model.IdColumn), p)}",
                [Json(remaining), value]));
        }
        foreach (var (rel, column, ids, _) in links)
            database.Execute(new SqlStatement($"DELETE FROM {Q(rel.JoinTable!)} WHERE {database.Dialect.InIds(Q(column), p)}", [Json(ids)]));
        foreach (var (model, ids) in deletes.Where(d => d.Value.Count > 0))
            database.Execute(new SqlStatement($"DELETE FROM {Q(model.Table)} WHERE {database.Dialect.InIds(Q(model.IdColumn), p)}", [Json(ids)]));
        return Result;
    }
}
