using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Query;

/// <summary>
/// A path such as <c>Author.Profile.Website</c> resolved against a model: the relations walked and
/// the field read at the end. A path that ends on a relation reads the related id (<c>Author</c>
/// compares <c>author_id</c> without a join; <c>Tags</c> compares the tag ids).
/// </summary>
public sealed record ResolvedPath(string Text, IReadOnlyList<Relation> Relations, FieldDefinition Field)
{
    /// <summary>True when some step may reach several rows.</summary>
    public bool IsMultiValued => Relations.Any(r => r.IsMultiValued);

    /// <summary>The model whose column is read at the end.</summary>
    public ModelDefinition Model => Field.Model;

    private static readonly char[] Separators = ['.'];

    public static IReadOnlyList<string> Split(string path) =>
        path.Replace("__", ".", StringComparison.Ordinal).Split(Separators, StringSplitOptions.None);

    /// <summary>Resolves a path, or throws an error that names the bad step and lists the choices.</summary>
    public static ResolvedPath Resolve(ModelDefinition root, string path) =>
        Known(root, path) ?? Walk(root, path, throwIfUnknown: true)!;

    // Resolved paths by model and text. A query resolves each of its paths several times (checking,
    // finding its joins, compiling), and a script runs the same query shapes over and over: walking a
    // path splits and joins strings each time, and was the larger part of compiling a small query.
    // Models are sealed before any query, so a path's meaning never changes. Unknown paths are kept
    // too (a keyword's lookup suffix is tried as a path first), as a marker; text nobody will repeat
    // (JSON keys from data) stops being kept once a model has MaxKnownPaths of them.
    private static readonly ConditionalWeakTable<ModelDefinition, ConcurrentDictionary<string, object>> Paths = new();
    private static readonly object NoPath = new();
    private const int MaxKnownPaths = 4096;

    /// <summary>Resolves a path, or returns null when it names nothing (no exception built).</summary>
    private static ResolvedPath? Known(ModelDefinition root, string path)
    {
        var known = Paths.GetValue(root, static _ => new ConcurrentDictionary<string, object>(StringComparer.Ordinal));
        if (known.TryGetValue(path, out var found)) return found as ResolvedPath;
        var resolved = Walk(root, path, throwIfUnknown: false);
        if (known.Count < MaxKnownPaths) known.TryAdd(path, (object?)resolved ?? NoPath);
        return resolved;
    }

    /// <summary>
    /// Resolves a path, or returns null where <see cref="Resolve"/> throws: a keyword's last part is
    /// tried as a field before it is taken for a lookup, on every filter, and an exception (whose
    /// message lists the model's names) cost more than the rest of the filter.
    /// </summary>
    private static ResolvedPath? Walk(ModelDefinition root, string path, bool throwIfUnknown)
    {
        var parts = Split(path);
        var relations = new List<Relation>();
        var model = root;
        for (var i = 0; i < parts.Count; i++)
        {
            var name = parts[i];
            var last = i == parts.Count - 1;
            var field = model.FindAttribute(name, out var isId);
            if (field is { IsConcrete: true } && (isId || !field.IsToOne))
            {
                if (last) return new ResolvedPath(path, relations, field);
                // The keys of a Json field (Data__owner, Data__tags__0) end the path on a JSON path.
                if (field.Type == FieldType.Json && field.JsonPath is null)
                {
                    var keys = parts.Skip(i + 1).ToList();
                    var jsonPath = Materialization.JsonValues.Path(keys);
                    if (jsonPath is not null) return new ResolvedPath(path, relations, JsonKeyField(field, jsonPath));
                    if (!throwIfUnknown) return null;
                    throw new UnknownNameException("InvalidJsonKey",
                        $"'{path}': the keys of Json field '{field}' must be names (letters, digits and '_', not starting with a digit) or array indexes; '{string.Join("', '", keys)}' is not.", path);
                }
                // A date part (Created.Year, Created__year) ends the path on the part.
                if (i == parts.Count - 2 && DateParts.Find(field, parts[i + 1]) is { } part)
                    return new ResolvedPath(path, relations, DateParts.Field(field, part));
                if (!throwIfUnknown) return null;
                var partsHint = field.Type is FieldType.Date or FieldType.DateTime ? $"; its parts are {string.Join(", ", DateParts.Names(field))}" : "";
                throw Unknown(model, parts[i + 1], path, $"'{name}' is a field, not a relation{partsHint}");
            }
            var relation = model.FindRelation(name);
            if (relation is null) return throwIfUnknown ? throw Unknown(model, name, path, null) : null;
            if (last)
            {
                // Ending on a relation compares ids: a forward to-one needs no join at all.
                if (!relation.IsReverse && relation.Field.IsToOne) return new ResolvedPath(path, relations, relation.Field);
                relations.Add(relation);
                return new ResolvedPath(path, relations, relation.To.PrimaryKey);
            }
            relations.Add(relation);
            model = relation.To;
        }
        return throwIfUnknown ? throw Unknown(root, path, path, null) : null;
    }

    /// <summary>Splits a Django keyword (<c>Tags__Name__icontains</c>) into a path and a lookup; a field named like a lookup wins.</summary>
    public static (string Path, Lookup Lookup) SplitKey(ModelDefinition root, string key)
    {
        var known = Keys.GetValue(root, static _ => new ConcurrentDictionary<string, (string, Lookup)>(StringComparer.Ordinal));
        if (known.TryGetValue(key, out var split)) return split;
        split = SplitKeyOnce(root, key);
        if (known.Count < MaxKnownPaths) known.TryAdd(key, split);
        return split;
    }

    // Keywords by model, split once: the same filters are built again on every run of a script's query.
    private static readonly ConditionalWeakTable<ModelDefinition, ConcurrentDictionary<string, (string, Lookup)>> Keys = new();

    private static (string Path, Lookup Lookup) SplitKeyOnce(ModelDefinition root, string key)
    {
        var parts = Split(key);
        if (parts.Count > 1 && Enum.TryParse<Lookup>(parts[^1], ignoreCase: true, out var lookup) && IsLookupName(parts[^1])
            && !ResolvesAsPath(root, parts))
            return (string.Join('.', parts.Take(parts.Count - 1)), lookup);
        return (string.Join('.', parts), Lookup.Exact);
    }

    private static bool IsLookupName(string s) => !int.TryParse(s, out _) && !s.Equals("Like", StringComparison.OrdinalIgnoreCase) && !s.Equals("ILike", StringComparison.OrdinalIgnoreCase);

    /// <summary>A field standing for a key of a Json field: same model and column, <see cref="FieldDefinition.JsonPath"/> set.</summary>
    private static FieldDefinition JsonKeyField(FieldDefinition source, string jsonPath) =>
        new(source.Name + jsonPath[1..], FieldType.Json)
        {
            Model = source.Model,
            Column = source.Column,
            Null = true,
            Blank = true,
            JsonPath = jsonPath,
        };

    // A key of a Json field named like a lookup (Data__contains) is the lookup, as in Django.
    private static bool ResolvesAsPath(ModelDefinition root, IReadOnlyList<string> parts) =>
        Known(root, string.Join('.', parts)) is { Field.JsonPath: null };

    private static UnknownNameException Unknown(ModelDefinition model, string name, string path, string? why) =>
        new("UnknownField",
            $"Cannot resolve keyword '{name}' into field{(path != name ? $" (in '{path}')" : "")}{(why is null ? "" : ": " + why)}. Choices are: {string.Join(", ", model.NameChoices())}.",
            path);
}
