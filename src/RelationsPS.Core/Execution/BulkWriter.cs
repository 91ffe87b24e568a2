using System.Collections.Concurrent;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Execution;

/// <summary>
/// Many rows per statement (Django's bulk_create and bulk_update): multi-row INSERTs, and UPDATE ... FROM
/// (VALUES ...) joined on the id, each as many rows as the dialect's parameter limit allows.
/// </summary>
internal static class BulkWriter
{
    private static readonly ConcurrentDictionary<(ModelDefinition, string, int, bool), string> Sql = new();

    private static int RowsPerStatement(RelDatabase db, int parametersPerRow) =>
        Math.Max(1, Math.Min(db.BulkRowsPerStatement, db.Dialect.MaxParameters / Math.Max(1, parametersPerRow)));

    /// <summary>
    /// Inserts prepared objects (defaults, AutoNow and required fields done) with multi-row INSERTs and
    /// sets their ids, as the provider reads them (<see cref="ProviderBackend.ExecuteInsertMany"/>).
    /// </summary>
    public static void Insert(RelDatabase db, IReadOnlyList<RelObject> objects)
    {
        if (objects.Count == 0) return;
        var m = objects[0].Model;
        var fields = m.ConcreteFields;
        var columns = fields.Count - 1;
        if (columns == 0)
        {
            foreach (var o in objects) Writer.Insert(db, o, prepared: true);
            return;
        }
        var per = RowsPerStatement(db, columns);
        for (var start = 0; start < objects.Count; start += per)
        {
            var n = Math.Min(per, objects.Count - start);
            var parameters = new object?[n * columns];
            for (var r = 0; r < n; r++)
            {
                var o = objects[start + r];
                for (var i = 1; i < fields.Count; i++) parameters[r * columns + i - 1] = FieldCodec.ToDatabase(fields[i], o.GetSlot(i));
            }
            var sql = Sql.GetOrAdd((m, db.Dialect.Name, n, false), _ =>
            {
                var d = db.Dialect;
                var cols = string.Join(", ", fields.Skip(1).Select(f => d.Quote(f.Column!)));
                var rows = Enumerable.Range(0, n).Select(r => "(" + string.Join(", ", Enumerable.Range(r * columns, columns).Select(d.Parameter)) + ")");
                return d.ReturningId($"INSERT INTO {d.Quote(m.Table)} ({cols}) VALUES {string.Join(", ", rows)}", m.IdColumn);
            });
            var ids = db.InsertMany(new SqlStatement(sql, parameters), n);
            for (var r = 0; r < n; r++)
            {
                objects[start + r].Id = ids[r];
                objects[start + r].Database = db;
            }
        }
    }

    /// <summary>
    /// Writes every field of saved objects of one model, <c>UPDATE t SET c = v.columnN ... FROM (VALUES (id, ...), ...) v
    /// WHERE t.id = v.column1</c>. An object whose row is gone is <c>ObjectNotFound</c> (the whole call then changes nothing).
    /// </summary>
    public static int Update(RelDatabase db, IReadOnlyList<RelObject> objects)
    {
        if (objects.Count == 0) return 0;
        var m = objects[0].Model;
        var fields = m.ConcreteFields;
        if (fields.Count == 1) return 0;
        foreach (var o in objects)
        {
            if (o.Model != m) throw new InvalidOperationRelException("MixedModels", $"A bulk update takes objects of one model; {o} is not a {m.Name}.", o);
            if (o.Id is null) throw new InvalidOperationRelException("UnsavedObject", $"This {m.Name} is not saved, so it cannot be updated.", o);
            Writer.PrepareUpdate(o);
        }
        var per = RowsPerStatement(db, fields.Count);
        var changed = 0;
        for (var start = 0; start < objects.Count; start += per)
        {
            var n = Math.Min(per, objects.Count - start);
            var parameters = new object?[n * fields.Count];
            for (var r = 0; r < n; r++)
            {
                var o = objects[start + r];
                parameters[r * fields.Count] = o.GetSlot(0);
                for (var i = 1; i < fields.Count; i++) parameters[r * fields.Count + i] = FieldCodec.ToDatabase(fields[i], o.GetSlot(i));
            }
            var sql = Sql.GetOrAdd((m, db.Dialect.Name, n, true), _ =>
            {
                var d = db.Dialect;
                var sets = fields.Skip(1).Select((f, i) => $"{d.Quote(f.Column!)} = {d.Quote("v")}.{d.Quote("column" + (i + 2))}");
                // The first row says each column's type (a VALUES list has no table to take it from).
                var rows = Enumerable.Range(0, n).Select(r => "(" + string.Join(", ", Enumerable.Range(r * fields.Count, fields.Count).Select(i => r == 0 ? d.TypedParameter(d.Parameter(i), fields[i]) : d.Parameter(i))) + ")");
                return $"UPDATE {d.Quote(m.Table)} SET {string.Join(", ", sets)} FROM (VALUES {string.Join(", ", rows)}) AS {d.Quote("v")} WHERE {d.Quote(m.Table)}.{d.Quote("id")} = {d.Quote("v")}.{d.Quote("column1")}";
            });
            var rowsChanged = db.Execute(new SqlStatement(sql, parameters));
            if (rowsChanged != n)
                throw new NotFoundException($"{n - rowsChanged} of the {n} {m.Name} objects no longer exist (or one is given twice).", m.Name);
            changed += rowsChanged;
        }
        return changed;
    }
}
