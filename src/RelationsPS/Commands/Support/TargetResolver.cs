using System.Collections;
using System.Globalization;
using System.Management.Automation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Support;

/// <summary>
/// Resolves what a user passes for an object (<c>-Post</c>, <c>-Tag</c>, <c>-User</c>, <c>-Target</c>):
/// the object itself, an id (number or numeric string), a natural key (tag name, user name, post
/// title), a query, or a row with an Id property.
/// </summary>
internal static class TargetResolver
{
    /// <summary>The field that names an object for people: the blog's own, else the first unique text field.</summary>
    public static FieldDefinition? NaturalKey(ModelDefinition model) => model.Name switch
    {
        "Post" when model.FindField("Title") is { } t => t,
        "User" when model.FindField("UserName") is { } u => u,
        _ => model.FindField("Name") is { IsText: true } n ? n : model.ConcreteFields.FirstOrDefault(f => f.IsText && f.Unique),
    };

    public static IEnumerable<RelObject> Resolve(RelDatabase db, ModelDefinition model, object? value)
    {
        foreach (var item in Items(value))
            foreach (var row in ResolveOne(db, model, item))
                yield return row;
    }

    public static RelObject ResolveSingle(RelDatabase db, ModelDefinition model, object? value)
    {
        var rows = Resolve(db, model, value).Take(2).ToList();
        return rows.Count switch
        {
            1 => rows[0],
            0 => throw new NotFoundException($"No {model.Name} matches '{value}'.", value),
            _ => throw new RelationsException("AmbiguousObject", ErrorKind.InvalidArgument,
                $"'{value}' names more than one {model.Name}; pass the object or its id.", value),
        };
    }

    private static IEnumerable<object?> Items(object? value) => value switch
    {
        PSObject p when RelObjectAdapter.AsRelObject(p) is not null => [p],
        PSObject p when p.BaseObject is not PSCustomObject => Items(p.BaseObject),
        QueryHandle q => [q],
        string s => [s],
        IEnumerable e => e.Cast<object?>(),
        _ => [value],
    };

    private static IEnumerable<RelObject> ResolveOne(RelDatabase db, ModelDefinition model, object? item)
    {
        switch (RelObjectAdapter.AsRelObject(item) ?? item)
        {
            case null:
                throw new ValidationException("NullTarget", $"A {model.Name} cannot be $null here.", null);
            case RelObject o when IsForeign(db, o):
                return [FromOtherDatabase(db, model, o)];
            case RelObject o:
                return [Check(model, o)];
            case QueryHandle q when q.QuerySet.Model == model:
                return q.QuerySet;
            case QueryHandle q:
                throw new ValidationException("WrongModel", $"Expected {model.Name} objects, but the query returns {q.Model} objects.", q);
            case PSObject p:
                return ResolveRecord(db, model, p);
            // A numeric string names an object by its natural key when one has it (a tag named '123'), else by id.
            case string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sid):
                return NaturalKey(model) is { } key && db.Objects(model).Filter(new LookupQ(new F(key.Name), Lookup.Exact, s)).ToList() is { Count: > 0 } named
                    ? named
                    : [ById(db, model, sid)];
            case string s:
                return ByNaturalKey(db, model, s);
            case long or int or short or byte or uint:
                return [ById(db, model, Convert.ToInt64(item, CultureInfo.InvariantCulture))];
            default:
                throw new ValidationException("InvalidTarget", $"'{item}' does not name a {model.Name}: pass an object, an id or a {NaturalKey(model)?.Name ?? "Id"}.", item);
        }
    }

    /// <summary>
    /// Whether a row was read from another database than <paramref name="db"/>. Two connections to one
    /// file, or to one PostgreSQL database (same server, port, user and database), are one database (a row
    /// read before reconnecting stays usable); in-memory databases are each their own.
    /// </summary>
    public static bool IsForeign(RelDatabase db, RelObject row) =>
        row.Database is { } from && !ReferenceEquals(from, db)
        && !(from.Path is not null && db.Path is not null && string.Equals(from.Path, db.Path, StringComparison.Ordinal))
        && !(from.Provider == DatabaseProvider.PostgreSQL && db.Provider == DatabaseProvider.PostgreSQL && string.Equals(from.DisplayName, db.DisplayName, StringComparison.Ordinal));

    /// <summary>
    /// The row of <paramref name="db"/> that a row of another database stands for: the one with the same
    /// natural key (tag name, user name); ids are never carried across, since the same id names another
    /// row there. A model without a natural key is refused.
    /// </summary>
    private static RelObject FromOtherDatabase(RelDatabase db, ModelDefinition model, RelObject row)
    {
        if (!string.Equals(row.Model.Name, model.Name, StringComparison.Ordinal))
            throw new ValidationException("WrongModel", $"Expected a {model.Name}, got a {row.Model.Name}.", row);
        var key = NaturalKey(model);
        if (key is null || !key.Unique)
            throw new ValidationException("ObjectFromOtherDatabase",
                $"{Removal.Label(row)} was read from the database '{row.Database}', not from '{db}', and a {model.Name} has no unique name to find it by there. Read it from '{db}', or pass -Database.", row);
        var name = row.GetValue(row.Model.FindField(key.Name)!);
        return db.Objects(model).Filter(new LookupQ(new F(key.Name), Lookup.Exact, name)).FirstOrDefault()
            ?? throw new NotFoundException($"{Removal.Label(row)} was read from the database '{row.Database}'; '{db}' has no {model.Name} with {key.Name} '{name}'.", row);
    }

    /// <summary>A row this call changes must be of the call's database: a row of another is never written by its id here.</summary>
    public static RelObject RequireLocal(RelDatabase db, RelObject row) => IsForeign(db, row)
        ? throw new ValidationException("ObjectFromOtherDatabase",
            $"{Removal.Label(row)} was read from the database '{row.Database}', but this call works on '{db}'. Leave out -Database to change it where it is, or read it from '{db}'.", row)
        : row;

    /// <summary>The database the first row among <paramref name="value"/> (an object or a list) was read from, if it is still open.</summary>
    public static RelDatabase? DatabaseOf(object? value)
    {
        if (RelObjectAdapter.AsRelObject(value) is { Database: { IsOpen: true } db }) return db;
        if (RelObjectAdapter.Unwrap(value) is object?[] items)
            foreach (var item in items)
                if (RelObjectAdapter.AsRelObject(item) is { Database: { IsOpen: true } first }) return first;
        return null;
    }

    private static RelObject Check(ModelDefinition model, RelObject o) =>
        o.Model == model ? o : throw new ValidationException("WrongModel", $"Expected a {model.Name}, got a {o.Model.Name}.", o);

    private static RelObject ById(RelDatabase db, ModelDefinition model, long id) =>
        db.Objects(model).FirstOrDefaultById(id) ?? throw new NotFoundException($"{model.Name} with Id {id} does not exist.", id);

    private static IEnumerable<RelObject> ByNaturalKey(RelDatabase db, ModelDefinition model, string key)
    {
        var field = NaturalKey(model) ?? throw new ValidationException("NoNaturalKey", $"{model.Name} objects have no name to look them up by; pass an object or an id.", key);
        var rows = db.Objects(model).Filter(new LookupQ(new F(field.Name), Lookup.Exact, key)).ToList();
        if (rows.Count == 0) throw new NotFoundException($"No {model.Name} with {field.Name} '{key}' exists.", key);
        return rows;
    }

    /// <summary>A row from Import-Csv or Select-Object: its Id, else its natural key property.</summary>
    private static IEnumerable<RelObject> ResolveRecord(RelDatabase db, ModelDefinition model, PSObject record)
    {
        // An Id column is an id, also as text (Import-Csv), never a name.
        if (record.Properties["Id"]?.Value is { } id)
            return RelObjectAdapter.Unwrap(id) is string text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? [ById(db, model, parsed)]
                : ResolveOne(db, model, RelObjectAdapter.Unwrap(id));
        var key = NaturalKey(model);
        if (key is not null && record.Properties[key.Name]?.Value is { } name) return ByNaturalKey(db, model, LanguagePrimitives.ConvertTo<string>(name));
        // A CSV row with a column named after the model (User = 'alice') names it by id or natural key.
        if (record.Properties[model.Name]?.Value is { } named && RelObjectAdapter.Unwrap(named) is not PSObject { BaseObject: PSCustomObject })
            return ResolveOne(db, model, RelObjectAdapter.Unwrap(named));
        throw new ValidationException("InvalidTarget", $"The object has none of the properties Id, {(key is null ? "" : key.Name + ", ")}{model.Name} to find a {model.Name} by.", record);
    }
}
