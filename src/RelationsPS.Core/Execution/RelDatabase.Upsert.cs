using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Execution;

public sealed partial class RelDatabase
{
    /// <summary>
    /// What the last upsert statement's conflict branch reported through <c>rel_upsert_mark</c>:
    /// 0 not taken (the row was inserted), 1 the row existed unchanged, 2 it existed and differed.
    /// </summary>
    private int upsertMark;

    /// <summary>Registers the marker function the upsert statement calls in its DO UPDATE branch.</summary>
    private void RegisterUpsertMark() =>
        ((Microsoft.Data.Sqlite.SqliteConnection)connection).CreateFunction<object?, long, object?>("rel_upsert_mark", (value, changed) =>
        {
            upsertMark = changed != 0 ? 2 : 1;
            return value;
        }, isDeterministic: false);

    /// <summary>
    /// Creates an object, or finds the one with the same <paramref name="key"/> fields (Django's
    /// get_or_create with <see cref="IfExists.Get"/>, update_or_create with <see cref="IfExists.Update"/>).
    /// Without <paramref name="key"/>, the key is the unique fields among <paramref name="values"/> (a
    /// Unique field, or a UniqueTogether set given whole). When the key is a unique constraint of the
    /// table, this is one statement, <c>INSERT ... ON CONFLICT (key) DO UPDATE ... RETURNING</c>, so no
    /// other writer can slip in between the lookup and the write; otherwise a lookup and a write inside
    /// one write transaction (BEGIN IMMEDIATE holds the database's write lock, so it is race-free too).
    /// With <see cref="IfExists.Update"/>, AutoNow fields change only when a given value differs.
    /// </summary>
    public UpsertResult Upsert(ModelDefinition model, IReadOnlyDictionary<string, object?> values, IfExists ifExists, IReadOnlyList<string>? key = null)
    {
        if (ifExists == IfExists.Error) return new UpsertResult(Create(model, values), UpsertOutcome.Created);
        var obj = new RelObject(model, this, values);
        var toMany = Writer.Apply(obj, values);
        if (toMany.Count > 0)
            throw new RelationsException("UpsertToMany", ErrorKind.InvalidArgument,
                $"'{toMany[0].Relation.Name}' is a to-many relation: an upsert writes the row only; link afterwards (Add-RelLink, Set-RelLink).", toMany[0].Relation.Name);
        var given = values.Keys.Select(k => model.FindAttribute(k, out _)!).Distinct().ToList();
        var keyFields = KeyFields(model, given, key);
        Writer.Prepare(obj, values);
        return UniqueConstraintOf(model, keyFields)
            ? Dialect.UpsertReportsConflictByFunction ? UpsertStatement(obj, given, keyFields, ifExists) : UpsertReturning(obj, given, keyFields, ifExists)
            : InTransaction(() => UpsertByLookup(obj, given, keyFields, ifExists));
    }

    public UpsertResult Upsert(string model, IReadOnlyDictionary<string, object?> values, IfExists ifExists, IReadOnlyList<string>? key = null) =>
        Upsert(Models.Get(model), values, ifExists, key);

    private static List<FieldDefinition> KeyFields(ModelDefinition model, List<FieldDefinition> given, IReadOnlyList<string>? key)
    {
        if (key is { Count: > 0 })
        {
            var fields = new List<FieldDefinition>();
            foreach (var name in key)
            {
                var f = model.FindAttribute(name, out _);
                if (f is null || !f.IsConcrete)
                    throw new UnknownNameException("UnknownField",
                        $"'{name}' is not a field of '{model.Name}'. Choices are: {string.Join(", ", model.ConcreteFields.Where(x => !x.IsPrimaryKey).Select(x => x.Name))}.", name);
                if (!given.Contains(f))
                    throw new RelationsException("UpsertKeyMissing", ErrorKind.InvalidArgument, $"The key field '{f.Name}' has no value: give it with the other values.", name);
                if (!fields.Contains(f)) fields.Add(f);
            }
            return fields;
        }
        var unique = given.Where(f => f.Unique && !f.IsPrimaryKey).ToList();
        if (unique.Count == 0)
            foreach (var group in model.UniqueTogether)
            {
                var members = group.Select(n => model.FindAttribute(n, out _)!).ToList();
                if (members.All(given.Contains)) return members;
            }
        if (unique.Count == 0)
            throw new RelationsException("UpsertNeedsKey", ErrorKind.InvalidArgument,
                $"None of the given fields of '{model.Name}' is unique, so there is nothing to find an existing object by: name the lookup fields (-Key).", model.Name);
        // Several unique fields given: the first (schema order) is the key; the others are values.
        return [unique[0]];
    }

    private static bool UniqueConstraintOf(ModelDefinition model, List<FieldDefinition> key) =>
        (key.Count == 1 && key[0].Unique)
        || model.UniqueTogether.Any(g => g.Count == key.Count && g.All(n => key.Contains(model.FindAttribute(n, out _)!)));

    /// <summary>
    /// <c>INSERT INTO t (all columns) VALUES (...) ON CONFLICT (key) DO UPDATE SET ... RETURNING all columns</c>.
    /// The conflict branch calls <c>rel_upsert_mark</c>, which records whether it ran and whether a
    /// given value differed from the stored one (plain column names there are the stored values).
    /// </summary>
    private UpsertResult UpsertStatement(RelObject obj, List<FieldDefinition> given, List<FieldDefinition> key, IfExists ifExists)
    {
        var m = obj.Model;
        var d = Dialect;
        var fields = m.ConcreteFields;
        var parameters = new List<object?>();
        for (var i = 1; i < fields.Count; i++) parameters.Add(FieldCodec.ToDatabase(fields[i], obj.GetSlot(i)));
        var cols = string.Join(", ", fields.Skip(1).Select(f => d.Quote(f.Column!)));
        var ps = string.Join(", ", Enumerable.Range(0, fields.Count - 1).Select(d.Parameter));
        string Col(FieldDefinition f) => d.Quote(f.Column!);
        var updated = ifExists == IfExists.Update ? given.Where(f => !key.Contains(f) && !f.IsPrimaryKey).ToList() : [];
        var changed = updated.Count == 0 ? "0" : string.Join(" OR ", updated.Select(f => $"{Col(f)} IS NOT excluded.{Col(f)}"));
        var sets = new List<string>();
        var marked = updated.Count > 0 ? updated[0] : key[0];
        sets.Add($"{Col(marked)} = rel_upsert_mark({(updated.Count > 0 ? "excluded." : "")}{Col(marked)}, {changed})");
        sets.AddRange(updated.Skip(1).Select(f => $"{Col(f)} = excluded.{Col(f)}"));
        if (updated.Count > 0)
            sets.AddRange(fields.Where(f => f.AutoNow && !given.Contains(f)).Select(f => $"{Col(f)} = CASE WHEN {changed} THEN excluded.{Col(f)} ELSE {Col(f)} END"));
        var sql = $"INSERT INTO {d.Quote(m.Table)} ({cols}) VALUES ({ps}) ON CONFLICT ({string.Join(", ", key.Select(Col))}) DO UPDATE SET {string.Join(", ", sets)} RETURNING {string.Join(", ", fields.Select(Col))}";
        var materializer = MaterializerOf(m);
        lock (gate)
        {
            upsertMark = 0;
            var row = Query(new SqlStatement(sql, parameters), materializer.ReadRow).Single();
            var outcome = upsertMark switch { 0 => UpsertOutcome.Created, 1 => UpsertOutcome.Unchanged, _ => UpsertOutcome.Updated };
            return new UpsertResult(row, outcome);
        }
    }

    /// <summary>
    /// The upsert where the database says itself which branch ran (PostgreSQL), in one statement:
    /// <c>WITH w AS (INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE a given value differs RETURNING all
    /// columns, xmax = 0) SELECT ... FROM w UNION ALL SELECT ... FROM t WHERE key AND NOT EXISTS (w)</c>. A row
    /// inserted has no deleting transaction (xmax 0), a row updated has; a row of the second part is the
    /// existing one, left as it was. When another writer's row made the conflict after this statement's
    /// snapshot was taken, the second part cannot see it: then it is read by its key in a statement of its own
    /// (the conflict locked it, so it is there).
    /// </summary>
    private UpsertResult UpsertReturning(RelObject obj, List<FieldDefinition> given, List<FieldDefinition> key, IfExists ifExists)
    {
        var m = obj.Model;
        var d = Dialect;
        var fields = m.ConcreteFields;
        var parameters = new List<object?>();
        for (var i = 1; i < fields.Count; i++) parameters.Add(FieldCodec.ToDatabase(fields[i], obj.GetSlot(i)));
        string Col(FieldDefinition f) => d.Quote(f.Column!);
        var order = fields.ToList();
        string Param(FieldDefinition f) => d.Parameter(order.IndexOf(f) - 1);
        var table = d.Quote(m.Table);
        var cols = string.Join(", ", fields.Skip(1).Select(Col));
        var ps = string.Join(", ", fields.Skip(1).Select(Param));
        var updated = ifExists == IfExists.Update ? given.Where(f => !key.Contains(f) && !f.IsPrimaryKey).ToList() : [];
        var changed = updated.Count == 0 ? d.False : string.Join(" OR ", updated.Select(f => $"{table}.{Col(f)} IS DISTINCT FROM excluded.{Col(f)}"));
        var sets = updated.Count == 0 ? [$"{Col(key[0])} = excluded.{Col(key[0])}"] : updated.Select(f => $"{Col(f)} = excluded.{Col(f)}").ToList();
        if (updated.Count > 0) sets.AddRange(fields.Where(f => f.AutoNow && !given.Contains(f)).Select(f => $"{Col(f)} = excluded.{Col(f)}"));
        var all = string.Join(", ", fields.Select(Col));
        var where = string.Join(" AND ", key.Select(f => $"{Col(f)} = {Param(f)}"));
        var w = d.Quote("w");
        var sql = $"WITH {w} AS (INSERT INTO {table} ({cols}) VALUES ({ps}) ON CONFLICT ({string.Join(", ", key.Select(Col))}) DO UPDATE SET {string.Join(", ", sets)} WHERE {changed} " +
                  $"RETURNING {string.Join(", ", fields.Select(f => $"{table}.{Col(f)}"))}, ({table}.xmax = 0) AS {d.Quote("rel_created")}) " +
                  $"SELECT {all}, {d.Quote("rel_created")}, {d.True} FROM {w} UNION ALL SELECT {all}, {d.False}, {d.False} FROM {table} WHERE {where} AND NOT EXISTS (SELECT 1 FROM {w})";
        var materializer = MaterializerOf(m);
        return InTransaction(() =>
        {
            var rows = Query(new SqlStatement(sql, parameters), r => (Row: materializer.Read(r), Created: r.GetBoolean(fields.Count), Written: r.GetBoolean(fields.Count + 1))).ToList();
            if (rows.Count == 1)
                return new UpsertResult(rows[0].Row, rows[0].Created ? UpsertOutcome.Created : rows[0].Written ? UpsertOutcome.Updated : UpsertOutcome.Unchanged);
            var keyValues = key.Select(f => FieldCodec.ToDatabase(f, obj.GetValue(f))).ToList();
            var existing = Query(new SqlStatement($"SELECT {all} FROM {table} WHERE {string.Join(" AND ", key.Select((f, i) => $"{Col(f)} = {d.Parameter(i)}"))}", keyValues), materializer.ReadRow).Single();
            return new UpsertResult(existing, UpsertOutcome.Unchanged);
        });
    }

    /// <summary>The key is no unique constraint: look up, then insert or update, inside the caller's write transaction.</summary>
    private UpsertResult UpsertByLookup(RelObject obj, List<FieldDefinition> given, List<FieldDefinition> key, IfExists ifExists)
    {
        var m = obj.Model;
        var query = Objects(m);
        foreach (var f in key)
        {
            var v = obj.GetValue(f);
            query = query.Filter(new Expressions.LookupQ(new Expressions.F(f.IsToOne ? f.IdAttribute! : f.Name), v is null ? Expressions.Lookup.IsNull : Expressions.Lookup.Exact, v ?? true));
        }
        var found = query.Take(2).ToList();
        if (found.Count > 1)
            throw new InvalidOperationRelException("MultipleObjectsReturned",
                $"More than one {m.Name} has {string.Join(", ", key.Select(f => $"{f.Name} = {obj.GetValue(f)}"))}: an upsert needs a key that finds one object.", obj);
        if (found.Count == 0)
        {
            Writer.Insert(this, obj, given.ToDictionary(f => f.Name, f => (object?)null, StringComparer.OrdinalIgnoreCase), prepared: true);
            return new UpsertResult(obj, UpsertOutcome.Created);
        }
        var existing = found[0];
        if (ifExists == IfExists.Get) return new UpsertResult(existing, UpsertOutcome.Unchanged);
        var differs = false;
        foreach (var f in given.Where(f => !key.Contains(f) && !f.IsPrimaryKey))
        {
            var v = obj.GetValue(f);
            if (Equals(FieldCodec.ToDatabase(f, existing.GetValue(f)), FieldCodec.ToDatabase(f, v))) continue;
            existing.SetValue(f, v);
            differs = true;
        }
        if (!differs) return new UpsertResult(existing, UpsertOutcome.Unchanged);
        Writer.Update(this, existing);
        return new UpsertResult(existing, UpsertOutcome.Updated);
    }
}
