using System.Collections;
using System.Management.Automation;
using RelationsPS.Core.Query;

namespace RelationsPS.Objects;

/// <summary>
/// A to-many relation as PowerShell sees it (<c>$post.Tags</c>): enumerate it, or call
/// <c>.Add() .Remove() .Clear() .Set() .Create() .Filter()</c> and read <c>.Count</c> (PRODUCT §4, §7).
/// Arguments may be rows, ids or arrays of them.
/// </summary>
public sealed class RelatedObjects : IEnumerable<PSObject>
{
    internal RelatedObjects(RelatedManager manager) => Manager = manager;

    internal RelatedManager Manager { get; }

    public long Count => Manager.Count;

    /// <summary>Read in pages, as <see cref="QueryHandle.GetEnumerator"/>: breaking out of a loop over it leaves nothing open.</summary>
    public IEnumerator<PSObject> GetEnumerator() => Manager.InPages().Select(RelObjectAdapter.ToPSObject).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public LinkChange[] Add(object targets) => Manager.Add(RelObjectAdapter.Unwrap(targets)).ToArray();

    public LinkChange[] Add(object targets, IDictionary throughDefaults) =>
        Manager.Add(RelObjectAdapter.Unwrap(targets), RelObjectAdapter.UnwrapDictionary(throughDefaults)).ToArray();

    public LinkChange[] Remove(object targets) => Manager.Remove(RelObjectAdapter.Unwrap(targets)).ToArray();

    public LinkChange[] Clear() => Manager.Clear().ToArray();

    public LinkChange[] Set(object targets) => Manager.Set(RelObjectAdapter.Unwrap(targets)).ToArray();

    public LinkChange[] Set(object targets, IDictionary throughDefaults) =>
        Manager.Set(RelObjectAdapter.Unwrap(targets), RelObjectAdapter.UnwrapDictionary(throughDefaults)).ToArray();

    public PSObject Create(IDictionary values) => RelObjectAdapter.ToPSObject(Manager.Create(RelObjectAdapter.UnwrapDictionary(values)));

    public PSObject Create(IDictionary values, IDictionary throughDefaults) =>
        RelObjectAdapter.ToPSObject(Manager.Create(RelObjectAdapter.UnwrapDictionary(values), RelObjectAdapter.UnwrapDictionary(throughDefaults)));

    /// <summary>A query over the related rows with a hashtable of Django lookups.</summary>
    public QueryHandle Filter(IDictionary lookups) => new(Manager.Filter(RelObjectAdapter.UnwrapDictionary(lookups)));

    public override string ToString() => string.Join(", ", Manager.Select(o => o.Model.FindField("Name") is { } f ? o.GetValue(f)?.ToString() : o.ToString()));
}
