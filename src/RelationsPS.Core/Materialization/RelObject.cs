using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// One row of a model: its field values (by the model's concrete field order), annotations, and
/// access to its relations. Relation members read the database each time (no hidden cache), except
/// what a query prefetched with Include.
/// </summary>
/// <remarks>
/// A row's values are its slots: slot 0 the id, then the model's other fields, then the query's
/// annotations (<see cref="RowContext"/>). An object made with a public constructor (and a row too wide
/// for <see cref="FieldRows"/>) holds them in one array, its id boxed in slot 0 as an unsaved object's
/// missing id is null there. A row a query reads is one object instead (<see cref="FieldRows"/>): its id
/// a long, its other slots fields of its own; an array beside each row was a second object, and a box
/// for each id above <see cref="Boxes"/>' range a third.
/// </remarks>
public class RelObject
{
    // Model, database and annotation names are the query's (RowContext).
    private RowContext context;

    /// <summary>
    /// The array form's values, or a <see cref="FieldRows"/> row's slot 1 (its first field after the id): one
    /// field serves both, so a row whose values are fields of its own carries no reference it does not use.
    /// </summary>
    private protected object? head;

    private sealed record OnePrefetched(string Relation, object? Value);

    /// <summary>
    /// The prefetched relations, held in the slot after the last annotation: the value of the context's relation
    /// as it is (Include's first relation), else one OnePrefetched while there is one, then a dictionary (a
    /// dictionary per row doubled a row's cost). The array form always has the slot; a row a query reads has it
    /// when Include may load relations for it (<see cref="RowContext.HoldsPrefetched"/>): every other row would
    /// carry it empty.
    /// </summary>
    private object? Loaded
    {
        get => HasLoadedSlot ? GetSlot(context.SlotCount) : null;
        set
        {
            if (!HasLoadedSlot) throw new InvalidOperationException($"This {Model.Name} was read by a query without Include: it has no room for prefetched relations.");
            SetSlot(context.SlotCount, value);
        }
    }

    private protected virtual bool HasLoadedSlot => true;

    /// <summary>
    /// The array form: <paramref name="values"/> are the row's slots, slot 0 its id (boxed) or null, and one more
    /// for what Include loads (<see cref="Loaded"/>).
    /// </summary>
    internal RelObject(RowContext context, object?[] values)
    {
        this.context = context;
        head = values;
    }

    /// <summary>A row whose slots are held by the derived class (<see cref="FieldRows"/>).</summary>
    private protected RelObject(RowContext context) => this.context = context;

    internal RelObject(ModelDefinition model, RelDatabase? database, object?[] values)
        : this(RowContext.Of(model, database), values)
    {
    }

    /// <summary>A new, unsaved object with the model's defaults.</summary>
    public RelObject(ModelDefinition model, RelDatabase? database = null)
        : this(model, database, given: null)
    {
    }

    /// <summary>
    /// A new, unsaved object with the model's defaults; a computed default (a Func, a scriptblock) is not called
    /// for a field <paramref name="given"/> has a value for (as Django calls a callable default only when needed).
    /// </summary>
    public RelObject(ModelDefinition model, RelDatabase? database, IReadOnlyDictionary<string, object?>? given)
        : this(model, database, new object?[model.ConcreteFields.Count + 1])
    {
        var values = Values;
        for (var i = 0; i < model.ConcreteFields.Count; i++)
        {
            var f = model.ConcreteFields[i];
            if (f.HasComputedDefault && given is not null && (given.ContainsKey(f.Name) || (f.IdAttribute is { } idName && given.ContainsKey(idName)))) continue;
            if (f.HasDefault) values[i] = f.Default is null ? null : FieldCodec.Normalize(f, f.DefaultValue(), validateBlank: false);
            else if (f.IsText && !f.Null) values[i] = "";
        }
    }

    private object?[] Values => (object?[])head!;

    public ModelDefinition Model => context.Model;

    /// <summary>The database the object was read from or saved to.</summary>
    public RelDatabase? Database
    {
        get => context.Database;
        internal set => context = context.WithDatabase(value);
    }

    /// <summary>The primary key, or null before the object is saved.</summary>
    public long? Id
    {
        get => ReadId();
        internal set => WriteId(value);
    }

    public bool IsSaved => ReadId() is not null;

    // Unboxing to long? allocates nothing; the array form boxes an id once, when the object is saved.
    private protected virtual long? ReadId() => (long?)Values[0];

    private protected virtual void WriteId(long? id) => Values[0] = id;

    /// <summary>The value in a slot (slot 0 the id, then the other fields, then the annotations: <see cref="RowContext"/>).</summary>
    internal virtual object? GetSlot(int slot) => Values[slot];

    /// <summary>Stores a slot's value as it is (converted and validated by the caller).</summary>
    internal virtual void SetSlot(int slot, object? value) => Values[slot] = value;

    /// <summary>What this row shares with its query's rows (the meaning of the values after the fields).</summary>
    internal RowContext Context => context;

    /// <summary>The stored value of a concrete field (a relation's id for ForeignKey/OneToOne).</summary>
    public object? GetValue(FieldDefinition field) => GetSlot(IndexOf(field));

    /// <summary>Sets a concrete field's value after converting and validating it.</summary>
    public void SetValue(FieldDefinition field, object? value)
    {
        if (field.IsPrimaryKey) throw new InvalidOperationRelException("IdReadOnly", $"'{Model.Name}.Id' is set by the database and cannot be changed.", value);
        SetSlot(IndexOf(field), field.IsToOne ? FieldCodec.Normalize(field, RelatedId(field, value)) : FieldCodec.Normalize(field, value));
    }

    internal void SetRaw(FieldDefinition field, object? value) => SetSlot(IndexOf(field), value);

    private int IndexOf(FieldDefinition field)
    {
        if (field.Model != Model || !field.IsConcrete)
            throw new UnknownNameException("UnknownField", $"'{field.Name}' is not a stored field of '{Model.Name}'.", field.Name);
        // ConcreteFields is small; a linear scan beats a dictionary lookup at these sizes.
        var fields = Model.ConcreteFields;
        for (var i = 0; i < fields.Count; i++) if (fields[i] == field) return i;
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// The value of an attribute: a field, <c>&lt;Fk&gt;Id</c>, an annotation, or a relation (a
    /// <see cref="RelObject"/> or null for to-one, a <see cref="RelatedManager"/> for to-many).
    /// </summary>
    public object? this[string name]
    {
        get
        {
            if (context.Annotations is { } names && names.Find(name) is var slot and >= 0) return GetSlot(context.FieldCount + slot);
            var field = Model.FindAttribute(name, out var isId);
            if (field is not null && field.IsConcrete && (isId || !field.IsToOne)) return GetValue(field);
            if (Model.FindRelation(name) is { } relation) return Related(relation);
            throw UnknownAttribute(name);
        }
        set
        {
            var field = Model.FindAttribute(name, out _);
            if (field is null || !field.IsConcrete)
            {
                if (Model.FindRelation(name) is not null)
                    throw new InvalidOperationRelException("RelationAssignment",
                        $"'{Model.Name}.{name}' is a related manager; use its Add, Remove, Set or Clear methods instead of assigning.", name);
                throw UnknownAttribute(name);
            }
            SetValue(field, value);
        }
    }

    private UnknownNameException UnknownAttribute(string name) =>
        new("UnknownField", $"Cannot resolve '{name}' on '{Model.Name}'. Choices are: {string.Join(", ", Model.NameChoices())}.", name);

    /// <summary>Follows a relation: the related object (to-one) or a manager (to-many).</summary>
    public object? Related(Relation relation)
    {
        if (relation.IsMultiValued) return new RelatedManager(this, relation);
        if (TryGetPrefetched(relation.Name, out var cached)) return cached;
        var db = RequireDatabase();
        if (!relation.IsReverse)
        {
            var id = GetValue(relation.Field);
            return id is null ? null : db.Objects(relation.To).FirstOrDefaultById((long)id);
        }
        if (Id is null) return null;
        return db.Objects(relation.To).FilterEquals(relation.Field, Id.Value).FirstOrDefault();
    }

    public RelObject? RelatedObject(string relation) => (RelObject?)Related(Model.FindRelation(relation) ?? throw UnknownAttribute(relation));

    public RelatedManager Manager(string relation) =>
        Related(Model.FindRelation(relation) ?? throw UnknownAttribute(relation)) as RelatedManager
        ?? throw new InvalidOperationRelException("NotToMany", $"'{Model.Name}.{relation}' is not a to-many relation.", relation);

    internal RelDatabase RequireDatabase() =>
        Database ?? throw new InvalidOperationRelException("NoDatabase", $"This {Model.Name} is not attached to a database.", this);

    /// <summary>The query's annotations of this row, by name (a view of the row: reading it copies nothing).</summary>
    /// <remarks>
    /// Each read makes a view of 24 bytes (this["name"] reads an annotation with none). The row cannot be
    /// its own view: a dictionary is an IEnumerable, and a row that were one would be taken for a list of
    /// its annotations wherever a value may be a list (Filter("Author__in", row), a related manager's Add,
    /// PowerShell's pipeline), and a view kept on the row would cost every annotated row a field.
    /// </remarks>
    public IReadOnlyDictionary<string, object?> Annotations =>
        context.Annotations is not null ? new AnnotationValues(this) : EmptyAnnotations;

    private static readonly Dictionary<string, object?> EmptyAnnotations = new();

    internal void SetPrefetched(string relation, object? value)
    {
        var held = Loaded;
        switch (held)
        {
            case null when IsContextRelation(relation):
            case not (null or OnePrefetched or Dictionary<string, object?>) when IsContextRelation(relation):
                Loaded = value ?? NothingRelated;
                return;
            case null:
                Loaded = new OnePrefetched(relation, value);
                return;
            case OnePrefetched one when one.Relation.Equals(relation, StringComparison.OrdinalIgnoreCase):
                Loaded = new OnePrefetched(relation, value);
                return;
            case OnePrefetched one:
                Loaded = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { [one.Relation] = one.Value, [relation] = value };
                return;
            case Dictionary<string, object?> d:
                d[relation] = value;
                return;
            default:
                // The context's relation held as it is, and now another one.
                Loaded = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { [context.Prefetched!] = Unwrap(held), [relation] = value };
                return;
        }
    }

    // The context's relation loaded with no related row (a null would read as "not loaded").
    private static readonly object NothingRelated = new();

    private static object? Unwrap(object held) => ReferenceEquals(held, NothingRelated) ? null : held;

    private bool IsContextRelation(string relation) => context.Prefetched is { } name && name.Equals(relation, StringComparison.OrdinalIgnoreCase);

    /// <summary>Drops a prefetched relation once its links were changed through this object.</summary>
    internal void ForgetPrefetched(string relation)
    {
        var held = Loaded;
        switch (held)
        {
            case null:
                return;
            case OnePrefetched one:
                if (one.Relation.Equals(relation, StringComparison.OrdinalIgnoreCase)) Loaded = null;
                return;
            case Dictionary<string, object?> d:
                d.Remove(relation);
                return;
            default:
                if (IsContextRelation(relation)) Loaded = null;
                return;
        }
    }

    /// <summary>Whether Include loaded this relation for this row (reading it then runs no query).</summary>
    public bool IsPrefetched(string relation) => TryGetPrefetched(relation, out _);

    internal bool TryGetPrefetched(string relation, out object? value)
    {
        value = null;
        var held = Loaded;
        switch (held)
        {
            case null:
                return false;
            case OnePrefetched one:
                if (!one.Relation.Equals(relation, StringComparison.OrdinalIgnoreCase)) return false;
                value = one.Value;
                return true;
            case Dictionary<string, object?> d:
                return d.TryGetValue(relation, out value);
            default:
                if (!IsContextRelation(relation)) return false;
                value = Unwrap(held);
                return true;
        }
    }

    /// <summary>The id of a relation value: an object, a number, a numeric string, or null.</summary>
    public static object? RelatedId(FieldDefinition field, object? value) => value switch
    {
        null => null,
        RelObject o when o.Model != field.Target => throw new ValidationException("WrongModel",
            $"Field '{field}' takes a {field.Target!.Name}, not a {o.Model.Name}.", value),
        RelObject { Id: null } o => throw new InvalidOperationRelException("UnsavedObject",
            $"Field '{field}': the {o.Model.Name} must be saved before it can be linked.", value),
        RelObject o => o.Id,
        _ => value,
    };

    public override string ToString() => $"{Model.Name}({Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unsaved"})";

    public override bool Equals(object? obj) => obj is RelObject o && o.Model == Model && Id is not null && o.Id == Id && o.Database == Database;

    public override int GetHashCode() => HashCode.Combine(Model, Id);
}
