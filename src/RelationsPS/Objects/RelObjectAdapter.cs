using System.Collections;
using System.Management.Automation;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Query;

namespace RelationsPS.Objects;

/// <summary>
/// Presents engine rows to PowerShell: a PSObject over the <see cref="RelObject"/> with type name
/// <c>RelationsPS.&lt;Model&gt;</c>, one note property per field (and <c>&lt;Fk&gt;Id</c>), annotations,
/// and live relation members that read the database when used.
/// </summary>
public static class RelObjectAdapter
{
    public const string TypeNamePrefix = "RelationsPS.";

    public static PSObject ToPSObject(RelObject row)
    {
        var pso = new PSObject(row);
        pso.TypeNames.Insert(0, TypeNamePrefix + row.Model.Name);
        pso.TypeNames.Insert(1, TypeNamePrefix + "RelObject");
        var fields = row.Model.ConcreteFields;
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var value = row.GetValue(f);
            pso.Properties.Add(new PSNoteProperty(f.IsToOne ? f.IdAttribute! : f.Name, value));
        }
        foreach (var (name, value) in row.Annotations) pso.Properties.Add(new PSNoteProperty(name, value));
        foreach (var relation in row.Model.Relations.Values) pso.Properties.Add(new RelationMember(relation, row));
        return pso;
    }

    /// <summary>The engine row behind a pipeline value (an adapted object, or a RelObject itself), or null.</summary>
    public static RelObject? AsRelObject(object? value) => value switch
    {
        PSObject { BaseObject: RelObject o } => o,
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

    /// <summary>PowerShell values as the engine takes them: no PSObject wrappers, rows as RelObjects, hashtables and lists unwrapped deeply.</summary>
    public static object? Unwrap(object? value) => value switch
    {
        null => null,
        PSObject { BaseObject: RelObject o } => o,
        PSObject p when p.BaseObject is PSCustomObject => p,
        PSObject p => Unwrap(p.BaseObject),
        RelatedObjects r => r.Manager.Query(),
        QueryHandle q => q.QuerySet,
        string => value,
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
