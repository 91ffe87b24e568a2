using System.Management.Automation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Objects;

/// <summary>
/// A relation on a row (<c>$post.Author</c>, <c>$post.Tags</c>, <c>$user.Profile</c>): read live from the
/// database each time (or from what Include prefetched). Assigning to it is an error, as in PRODUCT §7.
/// </summary>
/// <remarks>
/// A note property to PowerShell, so that Export-Clixml keeps a relation that Include loaded (it
/// serialises note properties only); one that was not loaded is hidden and never serialised (see
/// <see cref="RelObjectAdapter"/>).
/// </remarks>
public sealed class RelationMember : PSNoteProperty
{
    private readonly Relation relation;
    private readonly RelObject row;

    public RelationMember(Relation relation, RelObject row)
        : base(relation.Name, null)
    {
        this.relation = relation;
        this.row = row;
    }

    public override string TypeNameOfValue => relation.IsMultiValued ? typeof(RelatedObjects).FullName! : RelObjectAdapter.TypeNamePrefix + relation.To.Name;

    public override bool IsGettable => true;

    public override bool IsSettable => false;

    public override object? Value
    {
        get => RelObjectAdapter.Present(row.Related(relation));
        set => throw new SetValueException(new InvalidOperationRelException("RelationAssignment",
            $"'{relation.From.Name}.{relation.Name}' is a relation; use {(relation.IsMultiValued ? "its Add, Remove, Set and Clear methods" : $"the {relation.Field.IdAttribute ?? relation.Name} field with Set-RelObject")} instead of assigning to it.").Message);
    }

    public override PSMemberInfo Copy()
    {
        var copy = new RelationMember(relation, row);
        if (!row.IsPrefetched(relation.Name)) HiddenMembers.Hide(copy);
        return copy;
    }

    public override string ToString() => $"{TypeNameOfValue} {Name} {{get;}}";
}
