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
        PSObject { BaseObject: RelObject } p => [p],
        PSObject p when p.BaseObject is not PSCustomObject => Items(p.BaseObject),
        QueryHandle q => [q],
        string s => [s],
        IEnumerable e => e.Cast<object?>(),
        _ => [value],
    };

    private static IEnumerable<RelObject> ResolveOne(RelDatabase db, ModelDefinition model, object? item)
    {
        switch (item)
        {
            case null:
                throw new ValidationException("NullTarget", $"A {model.Name} cannot be $null here.", null);
            case PSObject { BaseObject: RelObject o }:
                return [Check(model, o)];
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
