using System.Collections;
using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Internal;
using System.Reflection;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Support;

/// <summary>
/// A model's fields as parameters of their own (<c>New-RelObject Server -Name web-01 -Role db</c>), so that
/// PowerShell's tab completion, which never asks a parameter's completer about a value inside a hashtable,
/// offers a field's Choices (<see cref="Completion.FieldValueCompleter"/>). The values go to the engine as
/// the same hashtable -Property would give, so conversion and validation, and their errors, are the engine's.
/// </summary>
/// <remarks>
/// A field named like one of the cmdlet's own parameters, a common parameter or one of their aliases (Model,
/// Property, Database, Debug, ...) gets no parameter: it is set through -Property. A text field's parameter is a
/// string, so that <c>-Zip 01234</c> keeps its zero (PowerShell reads an unquoted number as a number); every
/// other field's is an object, converted by the engine as a hashtable value is. None takes pipeline input: piped
/// objects go to -Property / -InputObject as before.
/// </remarks>
internal static class FieldParameters
{
    private static readonly ConcurrentDictionary<Type, HashSet<string>> Taken = new();

    /// <summary>
    /// One parameter per settable field of the models (a name several models have is one parameter, a string when
    /// each of them is text); to-many relations too when <paramref name="toMany"/> (New-RelObject sets them, Set-RelObject
    /// leaves them to Set-RelLink). As <paramref name="filters"/> (Get-RelObject) each takes several values.
    /// </summary>
    public static RuntimeDefinedParameterDictionary Define(Type cmdlet, IEnumerable<ModelDefinition> models, bool toMany, string parameterSet, bool filters = false)
    {
        var taken = Taken.GetOrAdd(cmdlet, NamesOf);
        var settable = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            foreach (var f in model.ConcreteFields.Where(f => !f.IsPrimaryKey))
                settable[f.Name] = settable.GetValueOrDefault(f.Name, true) && f.IsText;
            if (toMany)
                foreach (var r in model.Relations.Values.Where(r => r.IsMultiValued))
                    settable[r.Name] = false;
        }
        var parameters = new RuntimeDefinedParameterDictionary();
        foreach (var (name, isText) in settable)
        {
            if (taken.Contains(name)) continue;
            var attributes = new Collection<Attribute>
            {
                new ParameterAttribute { ParameterSetName = parameterSet },
                new ArgumentCompleterAttribute(typeof(Completion.FieldValueCompleter)),
            };
            var type = (isText, filters) switch
            {
                (true, false) => typeof(string),
                (true, true) => typeof(string[]),
                (false, false) => typeof(object),
                (false, true) => typeof(object[]),
            };
            parameters.Add(name, new RuntimeDefinedParameter(name, type, attributes));
        }
        return parameters;
    }

    /// <summary>
    /// The models whose fields a call's parameters are: that of the row or query in -InputObject, else the one named in
    /// -Model (none when it names no model), else, when the cmdlet is being called (run, or bound for tab completion),
    /// where rows or a query may come down the pipeline with their model known only per item, every model (see
    /// <see cref="AnyModel"/>); a field the piped item's model does not have is then that item's UnknownField error, as
    /// in a hashtable. Get-Command, listing the parameters of no call in particular, binds with no invocation name and
    /// is shown none of them.
    /// </summary>
    public static IEnumerable<ModelDefinition>? Models(PSCmdlet cmdlet, RelDatabase? database, string? model, object? input)
    {
        var value = input is PSObject { BaseObject: QueryHandle } p ? p.BaseObject : input;
        if (value is QueryHandle q) return [q.QuerySet.Model];
        if (RelObjectAdapter.AsRelObject(input) is { } row) return [row.Model];
        if (!string.IsNullOrEmpty(model)) return (database ?? SessionDatabases.ForCompletion())?.Models.Find(model) is { } m ? [m] : null;
        return string.IsNullOrEmpty(cmdlet.MyInvocation?.InvocationName) ? null : AnyModel(database);
    }

    /// <summary>
    /// The models piped rows may be of: those of -Database, else of this session's connection, else of every
    /// connection open in the process (a ForEach-Object -Parallel thread has none of its own, and its rows come
    /// from one of them), else of the connection a command would open. Nothing is opened that the call would not
    /// open anyway: a thread saving rows of another connection must not create the default database.
    /// </summary>
    private static IEnumerable<ModelDefinition>? AnyModel(RelDatabase? database)
    {
        if ((database ?? SessionDatabases.CurrentOrNull()) is { } db) return db.Models.Models;
        var open = SessionDatabases.OpenAnywhere();
        return open.Count > 0 ? open.SelectMany(d => d.Models.Models) : SessionDatabases.ForCompletion()?.Models.Models;
    }

    /// <summary>The field parameters given, as a -Property hashtable; empty when none was.</summary>
    public static Hashtable Given(RuntimeDefinedParameterDictionary? parameters)
    {
        var values = new Hashtable(StringComparer.OrdinalIgnoreCase);
        if (parameters is null) return values;
        foreach (var p in parameters.Values.Where(p => p.IsSet)) values[p.Name] = p.Value;
        return values;
    }

    /// <summary>
    /// The field parameters given to a query cmdlet as one -Filter hashtable: <c>-Role db</c> is <c>@{ Role = 'db' }</c>,
    /// <c>-Role web, db</c> is <c>@{ Role__in = 'web', 'db' }</c>; null when none was given.
    /// </summary>
    public static Hashtable? AsFilter(RuntimeDefinedParameterDictionary? parameters)
    {
        var given = Given(parameters);
        if (given.Count == 0) return null;
        var filter = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in given)
        {
            var name = (string)e.Key;
            if (e.Value is IList { Count: 1 } one) filter[name] = one[0];
            else if (e.Value is IList many) filter[name + "__in"] = many;
            else filter[name] = e.Value;
        }
        return filter;
    }

    /// <summary>Every name and alias a field parameter must not take: the cmdlet's own parameters and the common ones.</summary>
    private static HashSet<string> NamesOf(Type cmdlet)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in new[] { cmdlet, typeof(CommonParameters), typeof(ShouldProcessParameters) })
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.IsDefined(typeof(ParameterAttribute))))
            {
                names.Add(p.Name);
                foreach (var alias in p.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames)) names.Add(alias);
            }
        return names;
    }
}
