using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Commands.Blog;

/// <summary>The blog models the blog cmdlets work on (PRODUCT §3), checked on the database in use.</summary>
internal static class BlogModels
{
    public static ModelDefinition Get(RelDatabase db, string name) =>
        db.Models.Find(name) ?? throw new RelationsException("NotABlogDatabase", ErrorKind.InvalidOperation,
            $"The database '{db}' has no '{name}' model; the blog cmdlets work on the blog schema (connect without -Schema, or use Get-RelObject -Model for your own models).", db.ToString());

    /// <summary>Name filter with wildcards: exact names by equality, patterns by LIKE.</summary>
    public static QuerySet ByNames(QuerySet query, string field, string[]? names)
    {
        if (names is not { Length: > 0 }) return query;
        Q? q = null;
        foreach (var n in names)
        {
            Q one = WildcardPattern.ContainsWildcardCharacters(n)
                ? Filters.WildcardPatterns.ToLike(n) is { } like ? new LookupQ(new F(field), Lookup.ILike, like) : new LookupQ(new F(field), Lookup.IRegex, Filters.WildcardPatterns.ToRegex(n))
                : new LookupQ(new F(field), Lookup.IExact, n);
            q = q is null ? one : q | one;
        }
        return query.Filter(q!);
    }

    /// <summary>A Get-* by exact name that finds nothing writes ObjectNotFound, as Get-Item does; wildcards stay quiet.</summary>
    public static void ReportMissing(RelCmdlet cmdlet, string model, string field, string[]? names, IReadOnlyCollection<string> found)
    {
        foreach (var n in names ?? [])
            if (!WildcardPattern.ContainsWildcardCharacters(n) && !found.Contains(n, StringComparer.OrdinalIgnoreCase))
                cmdlet.WriteRelError(new NotFoundException($"Cannot find a {model.ToLowerInvariant()} with {field} '{n}'.", n), n);
    }
}
