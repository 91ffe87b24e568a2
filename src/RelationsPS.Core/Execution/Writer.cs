using System.Collections.Concurrent;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Execution;

/// <summary>Inserts and updates single objects: defaults, AutoNow, validation, then one prepared statement.</summary>
internal static class Writer
{
    private static readonly ConcurrentDictionary<(ModelDefinition, string), string> InsertSql = new();

    public static object Now(FieldDefinition f) => f.Type == FieldType.Date ? DateTime.Today : DateTime.UtcNow;

    /// <summary>Applies a dictionary of values (fields, <c>&lt;Fk&gt;Id</c>, to-one relations) to an object; returns the to-many values.</summary>
    public static List<(Relation Relation, object? Value)> Apply(RelObject obj, IEnumerable<KeyValuePair<string, object?>> values)
    {
        var toMany = new List<(Relation, object?)>();
        foreach (var (name, value) in values)
        {
            var field = obj.Model.FindAttribute(name, out _);
            if (field is { IsPrimaryKey: true })
                throw new InvalidOperationRelException("IdReadOnly", $"'{obj.Model.Name}.Id' is set by the database.", name);
            if (field is { IsConcrete: true })
            {
                obj.SetValue(field, value);
                continue;
            }
            if (obj.Model.FindRelation(name) is { IsMultiValued: true } rel)
            {
                toMany.Add((rel, value));
                continue;
            }
            throw new UnknownNameException("UnknownField",
                $"'{name}' is not a field of '{obj.Model.Name}'. Choices are: {string.Join(", ", obj.Model.ConcreteFields.Where(f => !f.IsPrimaryKey).Select(f => f.Name).Concat(obj.Model.Relations.Values.Where(r => r.IsMultiValued).Select(r => r.Name)))}.", name);
        }
        return toMany;
    }

    /// <summary>Inserts a new object; an AutoNowAdd field named in <paramref name="explicitValues"/> keeps its given value.</summary>
    public static void Insert(RelDatabase db, RelObject obj, IReadOnlyDictionary<string, object?>? explicitValues = null, bool prepared = false)
    {
        var m = obj.Model;
        var fields = m.ConcreteFields;
        if (!prepared) Prepare(obj, explicitValues);
        var parameters = new object?[fields.Count - 1];
        for (var i = 1; i < fields.Count; i++) parameters[i - 1] = FieldCodec.ToDatabase(fields[i], obj.GetSlot(i));
        var sql = InsertSql.GetOrAdd((m, db.Dialect.Name), _ =>
        {
            var d = db.Dialect;
            var cols = string.Join(", ", fields.Skip(1).Select(f => d.Quote(f.Column!)));
            var ps = string.Join(", ", Enumerable.Range(0, fields.Count - 1).Select(d.Parameter));
            return d.ReturningId(fields.Count == 1
                ? $"INSERT INTO {d.Quote(m.Table)} DEFAULT VALUES"
                : $"INSERT INTO {d.Quote(m.Table)} ({cols}) VALUES ({ps})", m.IdColumn);
        });
        obj.Id = db.Insert(new SqlStatement(sql, parameters));
        obj.Database = db;
    }

    /// <summary>Sets AutoNow and AutoNowAdd (unless given in <paramref name="explicitValues"/>) and checks required fields, as before an insert.</summary>
    public static void Prepare(RelObject obj, IReadOnlyDictionary<string, object?>? explicitValues)
    {
        var fields = obj.Model.ConcreteFields;
        for (var i = 1; i < fields.Count; i++)
        {
            var f = fields[i];
            if ((f.AutoNowAdd && !Names(explicitValues, f.Name)) || f.AutoNow) obj.SetRaw(f, Now(f));
            Validate(f, obj.GetSlot(i));
        }
    }

    // Keys are matched ignoring case, as field names are; looked up only for AutoNowAdd fields.
    private static bool Names(IReadOnlyDictionary<string, object?>? values, string name) =>
        values is not null && (values.ContainsKey(name) || values.Keys.Any(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Sets AutoNow fields and checks required fields, as before an update.</summary>
    public static void PrepareUpdate(RelObject obj)
    {
        var fields = obj.Model.ConcreteFields;
        for (var i = 1; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.AutoNow) obj.SetRaw(f, Now(f));
            Validate(f, obj.GetSlot(i));
        }
    }

    public static void Update(RelDatabase db, RelObject obj)
    {
        var m = obj.Model;
        var fields = m.ConcreteFields;
        var d = db.Dialect;
        var parameters = new List<object?>();
        var sets = new List<string>();
        for (var i = 1; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.AutoNow) obj.SetRaw(f, Now(f));
            Validate(f, obj.GetSlot(i));
            parameters.Add(FieldCodec.ToDatabase(f, obj.GetSlot(i)));
            sets.Add($"{d.Quote(f.Column!)} = {d.Parameter(parameters.Count - 1)}");
        }
        if (sets.Count == 0) return;
        parameters.Add(obj.Id);
        var changed = db.Execute(new SqlStatement($"UPDATE {d.Quote(m.Table)} SET {string.Join(", ", sets)} WHERE {d.Quote(m.IdColumn)} = {d.Parameter(parameters.Count - 1)}", parameters));
        if (changed == 0) throw new NotFoundException($"{m.Name} {obj.Id} no longer exists.", obj);
    }

    private static void Validate(FieldDefinition f, object? value)
    {
        if (value is null && !f.Null)
            throw new ValidationException("NullNotAllowed", $"Field '{f}' is required (it cannot be null).", f.Name);
        if (value is string s && s.Length == 0 && !f.Blank)
            throw new ValidationException("BlankNotAllowed", $"Field '{f}' is required (it cannot be blank).", f.Name);
    }
}
