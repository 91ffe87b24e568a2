using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Completion;

/// <summary>Shared by the completers: the database the session uses, and quoting of results.</summary>
internal static class CompletionSupport
{
    /// <summary>
    /// The database the command being completed would use: its -Database, else the session's, connecting the way
    /// a command would (so tag and user names complete before any command ran); none when commands are refused.
    /// </summary>
    public static RelDatabase? Database(IDictionary fakeBoundParameters) =>
        fakeBoundParameters["Database"] is { } db && (db is PSObject p ? p.BaseObject : db) is RelDatabase explicitDb
            ? explicitDb
            : Commands.Support.SessionDatabases.ForCompletion();

    public static IEnumerable<CompletionResult> Results(IEnumerable<string> values, string word) =>
        values.Where(v => v.StartsWith(Unquote(word), StringComparison.OrdinalIgnoreCase))
              .Distinct(StringComparer.OrdinalIgnoreCase)
              .Select(v => new CompletionResult(Quote(v), v, CompletionResultType.ParameterValue, v));

    public static string Unquote(string word) => word.Trim('\'', '"');

    public static string Quote(string v) => v.StartsWith('-') || v.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or ',' or ';' or '(' or ')' or '{' or '}')
        ? "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'"
        : v;

    /// <summary>Values of a text field starting with what was typed, read with a LIKE prefix and a limit.</summary>
    public static IEnumerable<string> Prefixed(RelDatabase? db, string model, string field, string word)
    {
        if (db?.Models.Find(model) is not { } m) return [];
        var prefix = Filters.WildcardPatterns.ToLike(Unquote(word).Replace("*", "", StringComparison.Ordinal)) + "%";
        return db.Objects(m).Filter(new LookupQ(new F(field), Lookup.ILike, prefix)).OrderBy(field).Take(100).Select(o => (string)o[field]!).ToList();
    }
}

/// <summary>Completes model names (-Model, Get-RelModel).</summary>
public sealed class ModelNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionSupport.Results(CompletionSupport.Database(fakeBoundParameters)?.Models.Models.Select(m => m.Name) ?? BlogSchema.Models.Models.Select(m => m.Name), wordToComplete);
}

/// <summary>Completes field names of the model in -Model (or the blog model of the command's noun), for -OrderBy and -Property.</summary>
public sealed class FieldNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var models = CompletionSupport.Database(fakeBoundParameters)?.Models ?? BlogSchema.Models;
        var name = fakeBoundParameters["Model"] as string ?? commandName.Split('-').LastOrDefault() ?? "";
        if (models.Find(name) is not { } model) return [];
        var names = model.NameChoices().ToList();
        // '-Vi' must be quoted on the command line (unquoted it reads as a parameter name); results come back quoted.
        var prefix = CompletionSupport.Unquote(wordToComplete).StartsWith('-') ? "-" : "";
        return CompletionSupport.Results(names.Select(n => prefix + n), wordToComplete);
    }
}

/// <summary>Completes tag names from the database.</summary>
public sealed class TagNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionSupport.Results(CompletionSupport.Prefixed(CompletionSupport.Database(fakeBoundParameters), "Tag", "Name", wordToComplete), wordToComplete);
}

/// <summary>Completes user names from the database.</summary>
public sealed class UserNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionSupport.Results(CompletionSupport.Prefixed(CompletionSupport.Database(fakeBoundParameters), "User", "UserName", wordToComplete), wordToComplete);
}

/// <summary>
/// Completes relation names and paths of a model: <c>-Include</c> (relations, <c>Tags</c>, <c>Author.Profile</c>),
/// <c>Group-RelObject -By</c> (fields and relation paths, <c>Tags.Name</c>, <c>Created.Year</c>) and the link cmdlets'
/// <c>-Relation</c> (to-many relations of the object in -InputObject). The model is the one in -Model, else the blog
/// model of the command's noun, else the model of the object in -InputObject; a word with dots completes the
/// next step of the path from the model it has reached.
/// </summary>
public sealed class RelationPathCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var db = CompletionSupport.Database(fakeBoundParameters);
        var models = db?.Models ?? BlogSchema.Models;
        var start = Model(models, commandName, fakeBoundParameters);
        var candidates = start is null ? models.Models : [start];
        var word = CompletionSupport.Unquote(wordToComplete);
        var fieldsToo = parameterName.Equals("By", StringComparison.OrdinalIgnoreCase);
        var toManyOnly = parameterName.Equals("Relation", StringComparison.OrdinalIgnoreCase);
        var results = new List<string>();
        foreach (var model in candidates)
        {
            // Walk the relations named before the last dot.
            var steps = word.Split('.');
            var current = model;
            var prefix = "";
            foreach (var step in steps[..^1])
            {
                current = current?.FindRelation(step)?.To;
                prefix += step + ".";
            }
            if (current is null) continue;
            var names = current.Relations.Values.Where(r => !toManyOnly || r.IsMultiValued).Select(r => r.Name);
            if (fieldsToo)
                names = names.Concat(current.ConcreteFields.Select(f => f.IsToOne ? f.IdAttribute! : f.Name));
            results.AddRange(names.Select(n => prefix + n));
        }
        return CompletionSupport.Results(results, wordToComplete);
    }

    private static ModelDefinition? Model(ModelSet models, string commandName, IDictionary bound)
    {
        if (bound["Model"] is string name) return models.Find(name);
        if (Objects.RelObjectAdapter.AsRelObject(bound["InputObject"]) is { } row) return row.Model;
        return models.Find(commandName.Split('-').LastOrDefault() ?? "");
    }
}

/// <summary>
/// Completes a field parameter's value with the field's Choices (<c>New-RelObject Server -Role </c>), in the order
/// declared, each with its label as tooltip. The model is the one in -Model, else that of the row or query in
/// -InputObject; with neither (rows piped to Set-RelObject), the choices of every model's field of that name.
/// </summary>
public sealed class FieldValueCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (CompletionSupport.Database(fakeBoundParameters) is not { } db) return [];
        var word = CompletionSupport.Unquote(wordToComplete);
        return Models(db.Models, fakeBoundParameters)
            .Select(m => m.FindField(parameterName)?.Choices)
            .OfType<IReadOnlyList<KeyValuePair<object, string>>>()
            .SelectMany(choices => choices)
            .Select(c => (Value: Convert.ToString(c.Key, System.Globalization.CultureInfo.InvariantCulture)!, Label: c.Value))
            .Where(c => c.Value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CompletionResult(CompletionSupport.Quote(c.Value), c.Value, CompletionResultType.ParameterValue, c.Label));
    }

    private static IEnumerable<ModelDefinition> Models(ModelSet models, IDictionary bound)
    {
        if (bound["Model"] is string name) return models.Find(name) is { } m ? [m] : [];
        var input = bound["InputObject"] is PSObject p ? p.BaseObject : bound["InputObject"];
        if (input is Objects.QueryHandle q) return [q.QuerySet.Model];
        if (Objects.RelObjectAdapter.AsRelObject(bound["InputObject"]) is { } row) return [row.Model];
        return models.Models;
    }
}
