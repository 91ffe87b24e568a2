using System.Collections;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Query;

namespace RelationsPS.Objects;

/// <summary>
/// Presents engine rows to PowerShell as data: a custom object (as <c>[pscustomobject]</c> is) with
/// type name <c>RelationsPS.&lt;Model&gt;</c>, one note property per field (and <c>&lt;Fk&gt;Id</c>) and
/// annotation, and live relation members that read the database when used.
/// </summary>
/// <remarks>
/// Serialisers and <c>Format-List *</c> see only what a row holds: its values, and the relations
/// Include loaded. A relation that was not loaded is a hidden member (as a PowerShell class's
/// <c>hidden</c> property is): <c>$post.Tags</c> reads it, while ConvertTo-Json, Export-Csv,
/// Export-Clixml, Select-Object * and Format-* leave it alone, so serialising a row runs no query and
/// cannot recurse through the object graph. The engine row behind each object is kept beside it,
/// not on it, so nothing of the engine shows.
/// </remarks>
public static class RelObjectAdapter
{
    public const string TypeNamePrefix = "RelationsPS.";

    private static readonly ConditionalWeakTable<PSObject, RelObject> Rows = new();

    public static PSObject ToPSObject(RelObject row)
    {
        var pso = new PSObject();
        pso.TypeNames.Insert(0, TypeNamePrefix + row.Model.Name);
        pso.TypeNames.Insert(1, TypeNamePrefix + "RelObject");
        var fields = row.Model.ConcreteFields;
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            // preValidated: a model's field and relation names are unique (the schema reader refuses others), so the
            // per-member search of the type table and adapters for a name already taken is skipped; it was most of a row's cost.
            pso.Properties.Add(new PSNoteProperty(f.IsToOne ? f.IdAttribute! : f.Name, row.GetValue(f)), preValidated: true);
        }
        foreach (var (name, value) in row.Annotations) pso.Properties.Add(new PSNoteProperty(name, value));
        foreach (var relation in row.Model.Relations.Values)
        {
            var member = new RelationMember(relation, row);
            if (!row.IsPrefetched(relation.Name)) HiddenMembers.Hide(member);
            pso.Properties.Add(member, preValidated: true);
        }
        Rows.AddOrUpdate(pso, row);
        return pso;
    }

    /// <summary>The engine row behind a pipeline value (an object this module made, or a RelObject itself), or null.</summary>
    public static RelObject? AsRelObject(object? value) => value switch
    {
        PSObject p when Rows.TryGetValue(p, out var o) => o,
        RelObject o => o,
        _ => null,
    };

    /// <summary>Copies field values a user changed on the PSObject (<c>$post.Title = 'x'</c>) back into the row.</summary>
    public static RelObject SyncBack(PSObject pso)
    {
        var row = AsRelObject(pso) ?? throw new ArgumentException("Not a RelationsPS object.", nameof(pso));
        foreach (var f in row.Model.ConcreteFields)
        {
            if (f.IsPrimaryKey) continue;
            var prop = pso.Properties[f.IsToOne ? f.IdAttribute! : f.Name];
            if (prop is not PSNoteProperty note) continue;
            var value = Unwrap(note.Value);
            if (!Equals(value, row.GetValue(f))) row.SetValue(f, value);
        }
        return row;
    }

    /// <summary>
    /// After values were written to a row outside the PSObject (Set-RelObject -Property, field parameters), shows the
    /// saved values on it and on its row, so that a later <c>$row | Set-RelObject</c> does not take the stale ones
    /// for changes and write them back.
    /// </summary>
    public static void Refresh(PSObject pso, RelObject saved)
    {
        var row = AsRelObject(pso);
        foreach (var f in saved.Model.ConcreteFields)
        {
            if (f.IsPrimaryKey) continue;
            var value = saved.GetValue(f);
            if (row is not null && !ReferenceEquals(row, saved) && !Equals(row.GetValue(f), value)) row.SetValue(f, value);
            if (pso.Properties[f.IsToOne ? f.IdAttribute! : f.Name] is PSNoteProperty note) note.Value = value;
        }
    }

    /// <summary>PowerShell values as the engine takes them: no PSObject wrappers, rows as RelObjects, hashtables and lists unwrapped deeply.</summary>
    public static object? Unwrap(object? value) => value switch
    {
        null => null,
        PSObject p when Rows.TryGetValue(p, out var o) => o,
        PSObject p when p.BaseObject is PSCustomObject => p,
        PSObject p => Unwrap(p.BaseObject),
        RelatedObjects r => r.Manager.Query(),
        QueryHandle q => q.QuerySet,
        string or byte[] => value,
        IDictionary d => UnwrapDictionary(d),
        IEnumerable e and not QuerySet => e.Cast<object?>().Select(Unwrap).ToArray(),
        _ => value,
    };

    public static Dictionary<string, object?> UnwrapDictionary(IDictionary d)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in d) result[LanguagePrimitives.ConvertTo<string>(Unwrap(e.Key))] = Unwrap(e.Value);
        return result;
    }

    /// <summary>A relation's current value as PowerShell sees it.</summary>
    public static object? Present(object? related) => related switch
    {
        RelObject o => ToPSObject(o),
        RelatedManager m => new RelatedObjects(m),
        _ => null,
    };
}
