namespace RelationsPS.Core.Metadata;

/// <summary>
/// A way to go from one model to another, as seen from <see cref="From"/>: the six accessor kinds
/// of Django (ForeignKey, OneToOne, ManyToMany, each forward and reverse) in one shape, so the
/// compiler, the managers and the delete collector all read the same join description.
/// </summary>
public sealed class Relation
{
    internal Relation(string name, FieldDefinition field, ModelDefinition from, ModelDefinition to, bool isReverse)
    {
        Name = name;
        Field = field;
        From = from;
        To = to;
        IsReverse = isReverse;
    }

    /// <summary>The accessor name on <see cref="From"/> (field name or related name).</summary>
    public string Name { get; }
    /// <summary>The field that defines the relation (on the forward model).</summary>
    public FieldDefinition Field { get; }
    public ModelDefinition From { get; }
    public ModelDefinition To { get; }
    public bool IsReverse { get; }
    public FieldType Kind => Field.Type;
    public bool IsManyToMany => Field.Type == FieldType.ManyToMany;
    /// <summary>True when one <see cref="From"/> row may reach several <see cref="To"/> rows.</summary>
    public bool IsMultiValued => IsManyToMany || (IsReverse && Field.Type == FieldType.ForeignKey);

    /// <summary>The relation seen from the other side (null for a hidden reverse, RelatedName '+').</summary>
    public Relation? Opposite { get; internal set; }

    // Direct join (ForeignKey / OneToOne): From.FromColumn = To.ToColumn.
    /// <summary>Column on From's table (direct relations only).</summary>
    public string FromColumn => IsReverse ? From.PrimaryKey.Column! : Field.Column!;
    /// <summary>Column on To's table (direct relations only).</summary>
    public string ToColumn => IsReverse ? Field.Column! : To.PrimaryKey.Column!;

    // ManyToMany: From.id = Join.JoinFromColumn and Join.JoinToColumn = To.id.
    /// <summary>The join table (automatic or the through model's table).</summary>
    public string? JoinTable { get; internal set; }
    /// <summary>Column of the join table that holds From's id.</summary>
    public string? JoinFromColumn { get; internal set; }
    /// <summary>Column of the join table that holds To's id.</summary>
    public string? JoinToColumn { get; internal set; }
    /// <summary>The through model, when the join table is a model of its own.</summary>
    public ModelDefinition? Through { get; internal set; }
    /// <summary>The through model's foreign key to From / to To.</summary>
    public FieldDefinition? ThroughFromField { get; internal set; }
    public FieldDefinition? ThroughToField { get; internal set; }
    /// <summary>A symmetrical self ManyToMany stores both directions.</summary>
    public bool IsSymmetrical { get; internal set; }

    public override string ToString() => $"{From.Name}.{Name} -> {To.Name}";
}
