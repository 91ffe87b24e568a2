using System.Collections;
using System.Management.Automation;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Support;

/// <summary>Names and paths of a projection (-Property, -By): 'Path' (named as written) or @{ Name = 'Path' }.</summary>
internal static class Projection
{
    public static List<(string Name, string Path)> Names(IEnumerable<object?> items)
    {
        var named = new List<(string Name, string Path)>();
        foreach (var item in items.Select(RelObjectAdapter.Unwrap))
        {
            if (item is IDictionary d)
                foreach (DictionaryEntry e in d) named.Add((LanguagePrimitives.ConvertTo<string>(e.Key), LanguagePrimitives.ConvertTo<string>(RelObjectAdapter.Unwrap(e.Value))));
            else
            {
                var path = LanguagePrimitives.ConvertTo<string>(item);
                named.Add((path, path));
            }
        }
        if (named.Count == 0) throw new PSArgumentException("Name at least one field or path.");
        return named;
    }

    /// <summary>A plain row (PSCustomObject) with one property per name, in the order given.</summary>
    public static PSObject Row(IReadOnlyList<(string Name, string Path)> named, IReadOnlyDictionary<string, object?> values)
    {
        var o = new PSObject();
        foreach (var (name, path) in named)
            if (o.Properties[name] is null) o.Properties.Add(new PSNoteProperty(name, values[path]));
        return o;
    }
}
