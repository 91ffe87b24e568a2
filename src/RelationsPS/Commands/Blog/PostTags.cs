using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Blog;

/// <summary>How the blog cmdlets read -Tag values: tag objects, ids or names (CSV cells may hold several, separated by ',' or ';').</summary>
internal static class PostTags
{
    private static readonly char[] Separators = [',', ';'];

    /// <summary>
    /// The tag values one by one. A string that names a tag as it is (<paramref name="isName"/>) is that tag,
    /// even with ',' ';' or spaces in it; any other string is a CSV cell, split at ',' and ';' and trimmed.
    /// </summary>
    public static IEnumerable<object?> Items(IEnumerable<object?>? values, Func<string, bool>? isName = null)
    {
        foreach (var v in values ?? [])
        {
            if (RelObjectAdapter.Unwrap(v) is string s)
            {
                var plain = s.IndexOfAny(Separators) < 0 && s.Trim().Length == s.Length && s.Length > 0;
                if (plain || (isName?.Invoke(s) ?? false)) yield return s;
                else
                    foreach (var part in s.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) yield return part;
            }
            else if (RelObjectAdapter.Unwrap(v) is QuerySet tags)
            {
                // $post.Tags of another post: its tags as rows (of this database or another, see Split).
                foreach (var tag in tags) yield return tag;
            }
            else if (RelObjectAdapter.Unwrap(v) is object[] many)
            {
                foreach (var inner in Items(many, isName)) yield return inner;
            }
            // A whole number is read as a name first too (a tag named '2024'), then as an id.
            else if (RelObjectAdapter.Unwrap(v) is int or long or short or byte) yield return Convert.ToString(RelObjectAdapter.Unwrap(v), System.Globalization.CultureInfo.InvariantCulture);
            else yield return RelObjectAdapter.Unwrap(v);
        }
    }

    /// <summary>Tags for the values; names not yet used become new tags when <paramref name="create"/> is set.</summary>
    public static List<RelObject> ResolveOrCreate(RelDatabase db, IEnumerable<object?>? values, bool create, Dictionary<string, RelObject?>? known = null)
    {
        var (found, missing) = Split(db, values, create, known);
        return found.Concat(CreateMissing(db, missing)).ToList();
    }

    /// <summary>
    /// Existing tags, and the names that do not exist yet (an error unless they may be created).
    /// <paramref name="known"/> remembers tags found by name across the items of one call (a piped
    /// import names the same few tags over and over), and (as null) CSV cells that are no tag's name;
    /// import names the same few tags over and over); only tags that existed when looked up go in,
    /// never ones this item creates, whose savepoint may still be undone.
    /// </summary>
    public static (List<RelObject> Found, List<string> Missing) Split(RelDatabase db, IEnumerable<object?>? values, bool create, Dictionary<string, RelObject?>? known = null)
    {
        var tagModel = BlogModels.Get(db, "Tag");
        var found = new List<RelObject>();
        var missing = new List<string>();
        bool IsTagName(string cell)
        {
            if (known is not null && known.TryGetValue(cell, out var cached)) return cached is not null;
            var tag = FindByName(db, tagModel, cell);
            if (known is not null) known[cell] = tag;
            return tag is not null;
        }
        foreach (var value in Items(values, IsTagName))
        {
            // A tag read from another database is the tag of the same name here (created like a name, with -Create).
            var item = value is RelObject r && TargetResolver.IsForeign(db, r) ? r["Name"] : value;
            // A name wins over an id: a tag named '123' is that tag; '123' is an id only when no tag has that name.
            if (item is string name && (!long.TryParse(name, out _) || FindByName(db, tagModel, name) is not null || create))
            {
                if (known is not null && known.TryGetValue(name, out var seen) && seen is not null)
                {
                    found.Add(seen);
                    continue;
                }
                var existing = FindByName(db, tagModel, name);
                if (existing is null && create && long.TryParse(name, out var id) && db.Objects(tagModel).FirstOrDefaultById(id) is { } byId) existing = byId;
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
        return (found, missing.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }

    /// <summary>The tag with this name, ignoring case (tag names are compared as PowerShell compares).</summary>
    public static RelObject? FindByName(RelDatabase db, ModelDefinition tagModel, string name) =>
        db.Objects(tagModel).Filter(new LookupQ(new F("Name"), Lookup.IExact, name)).FirstOrDefault();

    /// <summary>Refuses a new tag whose name another tag has, ignoring case ('Python' beside 'python').</summary>
    public static void RefuseTakenName(RelDatabase db, string name)
    {
        if (FindByName(db, BlogModels.Get(db, "Tag"), name) is { } taken)
            throw new DuplicateException($"A tag named '{taken["Name"]}' already exists; tag names are compared ignoring case.", name);
    }

    /// <summary>
    /// slugify(name), or 'tag' when the name has no letter or digit; then -2, -3, ... until no tag has it
    /// (the slug is unique: 'c#' beside 'c' is c-2, 'Café' beside 'cafe' is cafe-2).
    /// </summary>
    public static string UniqueSlug(RelDatabase db, string name)
    {
        var tagModel = BlogModels.Get(db, "Tag");
        var max = tagModel.FindField("Slug")?.MaxLength ?? 50;
        var slug = Naming.Slugify(name);
        if (slug.Length == 0) slug = "tag";
        if (slug.Length > max) slug = slug[..max].TrimEnd('-');
        for (var n = 2; ; n++)
        {
            var candidate = n == 2 ? slug : Suffixed(slug, n - 1, max);
            if (!db.Objects(tagModel).Filter(new LookupQ(new F("Slug"), Lookup.Exact, candidate)).Exists()) return candidate;
        }
    }

    private static string Suffixed(string slug, int n, int max)
    {
        var suffix = "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (slug.Length + suffix.Length > max ? slug[..(max - suffix.Length)] : slug) + suffix;
    }

    /// <summary>
    /// Tags for names that were missing when the call looked: each is looked up again and created only if
    /// still missing. Called inside the call's write transaction, which no other writer shares, so two
    /// processes creating the same new tag at once make it once and both link to it.
    /// </summary>
    public static IEnumerable<RelObject> CreateMissing(RelDatabase db, IEnumerable<string> names)
    {
        var tagModel = BlogModels.Get(db, "Tag");
        // An upsert keyed on the unique name, not a lookup then an insert: two writers creating the same new tag
        // at the same moment (two machines on one PostgreSQL database) both get the one tag, neither an error.
        return names.Select(n => FindByName(db, tagModel, n)
            ?? db.Upsert(tagModel, new Dictionary<string, object?> { ["Name"] = n, ["Slug"] = UniqueSlug(db, n) }, IfExists.Get, ["Name"]).Object).ToList();
    }

    /// <summary>"Has this tag": by name (ignoring case, as PowerShell compares), by object or by id; a numeric string is a name when a tag has it, else an id.</summary>
    public static Q Condition(RelDatabase db, object? tag) => tag switch
    {
        int or long or short or byte => Condition(db, Convert.ToString(tag, System.Globalization.CultureInfo.InvariantCulture)),
        RelObject o => new LookupQ(new F("Tags"), Lookup.Exact, o.Id),
        string s when !long.TryParse(s, out _) || FindByName(db, BlogModels.Get(db, "Tag"), s) is not null => new LookupQ(new F("Tags.Name"), Lookup.IExact, s),
        PSObject p => Condition(db, RelObjectAdapter.AsRelObject(p) ?? (object?)p.Properties["Name"]?.Value?.ToString()),
        _ => new LookupQ(new F("Tags"), Lookup.Exact, tag),
    };
}

/// <summary>The -Post / -Tag parameters of the post-tag link cmdlets.</summary>
public abstract class PostTagCmdlet : RelCmdlet
{
    protected override object? InputRows => Post;

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
