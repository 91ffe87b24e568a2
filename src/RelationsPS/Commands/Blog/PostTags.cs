using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Blog;

/// <summary>How the blog cmdlets read -Tag values: tag objects, ids or names (CSV cells may hold several, separated by ',' or ';').</summary>
internal static class PostTags
{
    private static readonly char[] Separators = [',', ';'];

    public static IEnumerable<object?> Items(IEnumerable<object?>? values)
    {
        foreach (var v in values ?? [])
        {
            if (RelObjectAdapter.Unwrap(v) is string s)
            {
                foreach (var part in s.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) yield return part;
            }
            else if (RelObjectAdapter.Unwrap(v) is object[] many)
            {
                foreach (var inner in Items(many)) yield return inner;
            }
            else yield return RelObjectAdapter.Unwrap(v);
        }
    }

    /// <summary>Tags for the values; names not yet used become new tags when <paramref name="create"/> is set.</summary>
    public static List<RelObject> ResolveOrCreate(RelDatabase db, IEnumerable<object?>? values, bool create, Dictionary<string, RelObject>? known = null)
    {
        var (found, missing) = Split(db, values, create, known);
        return found.Concat(CreateMissing(db, missing)).ToList();
    }

    /// <summary>
    /// Existing tags, and the names that do not exist yet (an error unless they may be created).
    /// <paramref name="known"/> remembers tags found by name across the items of one call (a piped
    /// import names the same few tags over and over); only tags that existed when looked up go in,
    /// never ones this item creates, whose savepoint may still be undone.
    /// </summary>
    public static (List<RelObject> Found, List<string> Missing) Split(RelDatabase db, IEnumerable<object?>? values, bool create, Dictionary<string, RelObject>? known = null)
    {
        var tagModel = BlogModels.Get(db, "Tag");
        var found = new List<RelObject>();
        var missing = new List<string>();
        foreach (var item in Items(values))
        {
            if (item is string name && !long.TryParse(name, out _))
            {
                if (known is not null && known.TryGetValue(name, out var seen))
                {
                    found.Add(seen);
                    continue;
                }
                var existing = db.Objects(tagModel).Filter(new LookupQ(new F("Name"), Lookup.Exact, name)).FirstOrDefault();
                if (existing is not null)
                {
                    found.Add(existing);
                    if (known is not null) known[name] = existing;
                }
                else if (create) missing.Add(name);
                else throw new NotFoundException($"Cannot find a tag named '{name}'. Create it with New-Tag, or use -Create.", name);
                continue;
            }
            found.AddRange(TargetResolver.Resolve(db, tagModel, item));
        }
        return (found, missing.Distinct(StringComparer.Ordinal).ToList());
    }

    public static IEnumerable<RelObject> CreateMissing(RelDatabase db, IEnumerable<string> names)
    {
        var tagModel = BlogModels.Get(db, "Tag");
        return names.Select(n => db.Create(tagModel, new Dictionary<string, object?> { ["Name"] = n, ["Slug"] = Naming.Slugify(n) })).ToList();
    }

    /// <summary>"Has this tag": by name (ignoring case, as PowerShell compares), by object or by id.</summary>
    public static Q Condition(object? tag) => tag switch
    {
        RelObject o => new LookupQ(new F("Tags"), Lookup.Exact, o.Id),
        string s when !long.TryParse(s, out _) => new LookupQ(new F("Tags.Name"), Lookup.IExact, s),
        PSObject p => Condition(RelObjectAdapter.AsRelObject(p) ?? (object?)p.Properties["Name"]?.Value?.ToString()),
        _ => new LookupQ(new F("Tags"), Lookup.Exact, tag),
    };
}

/// <summary>The -Post / -Tag parameters of the post-tag link cmdlets.</summary>
public abstract class PostTagCmdlet : RelCmdlet
{
    /// <summary>The post: object, id or title.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? Post { get; set; }

    /// <summary>
    /// Return the post, with a LinkChanges property saying what changed for each tag (Added, AlreadyPresent,
    /// Removed, NotPresent), so it can be piped on (to Set-Post, say).
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    // A reference, not a (List, List)? tuple: a struct field over engine types would make PowerShell's scan
    // of the exported types load the engine into the default context before ModuleHooks can redirect it.
    private List<RelObject>? tagsOfCall;

    private protected RelObject ResolvePost() => TargetResolver.ResolveSingle(Db, BlogModels.Get(Db, "Post"), Post);

    /// <summary>
    /// -Tag is the same for every piped post, so it is looked up once per call, not once per post;
    /// except while some names are still to be created (the first post creates them, the next finds them).
    /// </summary>
    private protected (List<RelObject> Found, List<string> Missing) SplitTags(object[] tags, bool create)
    {
        if (tagsOfCall is not null) return (tagsOfCall, []);
        var split = PostTags.Split(Db, tags, create);
        if (split.Missing.Count == 0) tagsOfCall = split.Found;
        return split;
    }

    private protected void Report(RelObject post, IEnumerable<Core.Query.LinkChange> changes) => LinkReport.Write(this, post, changes, PassThru, verbose: false);

    private protected static string Names(IEnumerable<RelObject> tags) => string.Join(", ", tags.Select(t => t["Name"]));
}
