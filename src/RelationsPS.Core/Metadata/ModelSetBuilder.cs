using RelationsPS.Core.Errors;

namespace RelationsPS.Core.Metadata;

/// <summary>
/// Collects model declarations and turns them into a validated <see cref="ModelSet"/>:
/// tables and columns named, targets resolved, join tables laid out, reverse accessors added,
/// and every contradiction reported with the model and field it concerns.
/// </summary>
public sealed class ModelSetBuilder
{
    private readonly List<ModelBuilder> models = [];

    public ModelSetBuilder Model(string name, Action<ModelBuilder> declare)
    {
        var mb = new ModelBuilder(name);
        declare(mb);
        models.Add(mb);
        return this;
    }

    public ModelBuilder Model(string name)
    {
        var mb = new ModelBuilder(name);
        models.Add(mb);
        return mb;
    }

    public ModelSet Build()
    {
        var defs = new Dictionary<string, ModelDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var mb in models)
        {
            CheckIdentifier(mb.Name, "model", mb.Name);
            if (defs.ContainsKey(mb.Name)) throw new SchemaException("DuplicateModel", $"Model '{mb.Name}' is declared twice.", mb.Name);
            var m = new ModelDefinition(mb.Name) { Table = mb.Options.DbTable ?? Naming.SnakeCase(mb.Name) };
            m.AddField(new FieldDefinition("Id", FieldType.AutoId) { Column = mb.Options.IdColumn ?? "id", Unique = true });
            foreach (var (name, spec) in mb.Fields) m.AddField(DeclareField(m, name, spec));
            defs[mb.Name] = m;
        }

        CheckTableNames(defs.Values);
        foreach (var m in defs.Values)
            foreach (var f in m.Fields.Where(f => f.IsRelation)) ResolveTarget(f, defs);
        foreach (var m in defs.Values)
            foreach (var f in m.Fields.Where(f => f.IsRelation)) AddRelations(f);
        foreach (var m in defs.Values)
            foreach (var f in m.Fields.Where(f => f.IsRelation)) AddReverse(f);
        foreach (var (mb, m) in models.Select(mb => (mb, defs[mb.Name])))
        {
            m.Ordering = mb.Options.Ordering;
            m.UniqueTogether = mb.Options.UniqueTogether;
            m.Seal();
            CheckOptions(m);
        }
        return new ModelSet(models.Select(mb => defs[mb.Name]));
    }

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase) { "Id", "Meta", "pk" };

    private static void CheckIdentifier(string name, string what, object target)
    {
        if (string.IsNullOrWhiteSpace(name) || !(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
            throw new SchemaException("InvalidName", $"'{name}' is not a valid {what} name: use letters, digits and '_', starting with a letter.", target);
        if (name.Contains("__", StringComparison.Ordinal))
            throw new SchemaException("InvalidName", $"The {what} name '{name}' contains '__', which separates lookups in filters.", target);
    }

    private static FieldDefinition DeclareField(ModelDefinition m, string name, FieldSpec spec)
    {
        var where = $"{m.Name}.{name}";
        CheckIdentifier(name, "field", where);
        if (ReservedNames.Contains(name))
            throw new SchemaException("ReservedName", $"Field '{where}': '{name}' is reserved (every model has an automatic Id; Meta holds options).", where);
        if (m.FindField(name) is not null)
            throw new SchemaException("DuplicateField", $"Field '{where}' is declared twice.", where);
        if (spec.Type == FieldType.AutoId)
            throw new SchemaException("InvalidFieldType", $"Field '{where}': the automatic key type cannot be declared.", where);

        var f = new FieldDefinition(name, spec.Type)
        {
            Column = spec.DbColumn is { } dbColumn && spec.Type != FieldType.ManyToMany ? dbColumn : spec.Type switch
            {
                FieldType.ManyToMany => null,
                FieldType.ForeignKey or FieldType.OneToOne => Naming.SnakeCase(name) + "_id",
                _ => Naming.SnakeCase(name),
            },
            MaxLength = spec.MaxLength ?? spec.Type switch
            {
                FieldType.Slug => 50,
                FieldType.Url => 200,
                FieldType.Email => 254,
                FieldType.IPAddress => 39,
                _ => null,
            },
            MaxDigits = spec.MaxDigits,
            DecimalPlaces = spec.DecimalPlaces,
            Unique = spec.Unique || spec.Type == FieldType.OneToOne,
            Null = spec.Null,
            Blank = spec.Blank || spec.AutoNow || spec.AutoNowAdd,
            Index = spec.Index,
            HasDefault = spec.HasDefault,
            Default = spec.Default,
            AutoNow = spec.AutoNow,
            AutoNowAdd = spec.AutoNowAdd,
            To = spec.To,
            RelatedName = spec.RelatedName,
            OnDelete = spec.OnDelete ?? OnDeleteAction.Cascade,
            Through = spec.Through,
            ThroughFields = spec.ThroughFields,
            Symmetrical = spec.Symmetrical,
            DbTable = spec.DbTable,
        };

        if (spec.Type == FieldType.Char && spec.MaxLength is null)
            throw new SchemaException("MissingMaxLength", $"Field '{where}': a Char field needs MaxLength.", where);
        if (f.MaxLength is <= 0)
            throw new SchemaException("InvalidOption", $"Field '{where}': MaxLength must be positive.", where);
        if (spec.Type == FieldType.Decimal && (spec.MaxDigits is null || spec.DecimalPlaces is null || spec.DecimalPlaces > spec.MaxDigits || spec.DecimalPlaces < 0))
            throw new SchemaException("InvalidDecimal", $"Field '{where}': a Decimal field needs MaxDigits and DecimalPlaces (DecimalPlaces <= MaxDigits).", where);
        if ((spec.AutoNow || spec.AutoNowAdd) && spec.Type is not (FieldType.DateTime or FieldType.Date))
            throw new SchemaException("InvalidOption", $"Field '{where}': AutoNow and AutoNowAdd apply to Date and DateTime fields only.", where);
        if (f.IsRelation && string.IsNullOrEmpty(spec.To))
            throw new SchemaException("MissingTo", $"Field '{where}': a {spec.Type} field needs To (a model name or 'self').", where);
        if (!f.IsRelation && (spec.To is not null || spec.RelatedName is not null || spec.Through is not null || spec.OnDelete is not null))
            throw new SchemaException("InvalidOption", $"Field '{where}': To, RelatedName, OnDelete and Through apply to relations only.", where);
        if (f.IsToOne && spec.OnDelete is null)
            throw new SchemaException("MissingOnDelete", $"Field '{where}': a {spec.Type} field needs OnDelete (Cascade, Protect, Restrict, SetNull, SetDefault or DoNothing).", where);
        if (f.IsToOne && f.OnDelete == OnDeleteAction.SetNull && !f.Null)
            throw new SchemaException("InvalidOnDelete", $"Field '{where}': OnDelete = 'SetNull' needs Null = $true.", where);
        if (f.IsToOne && f.OnDelete == OnDeleteAction.SetDefault && !f.HasDefault)
            throw new SchemaException("InvalidOnDelete", $"Field '{where}': OnDelete = 'SetDefault' needs a Default.", where);
        if (spec.Type == FieldType.ManyToMany)
        {
            if (spec.Null) throw new SchemaException("InvalidOption", $"Field '{where}': Null has no effect on a ManyToMany field.", where);
            if (spec.Through is not null && spec.DbTable is not null)
                throw new SchemaException("InvalidOption", $"Field '{where}': DbTable cannot be combined with Through (the through model names its own table).", where);
        }
        else if (spec.Through is not null || spec.ThroughFields is not null || spec.Symmetrical is not null)
        {
            throw new SchemaException("InvalidOption", $"Field '{where}': Through, ThroughFields and Symmetrical apply to ManyToMany fields only.", where);
        }
        if (spec.Type != FieldType.ManyToMany && spec.DbTable is not null)
            throw new SchemaException("InvalidOption", $"Field '{where}': DbTable names a ManyToMany join table; use Meta.DbTable for a model's table.", where);
        if (spec.Choices is { } choices) f.Choices = ReadChoices(where, f, choices);
        return f;
    }

    /// <summary>Choices converted to the field's type; the field's type must take them, and its default must be one.</summary>
    private static IReadOnlyList<KeyValuePair<object, string>> ReadChoices(string where, FieldDefinition f, IReadOnlyList<KeyValuePair<object, string>> choices)
    {
        if (f.Type is not (FieldType.Char or FieldType.Slug or FieldType.Text or FieldType.Email or FieldType.Url or FieldType.Integer or FieldType.BigInteger))
            throw new SchemaException("InvalidOption", $"Field '{where}': Choices apply to Char, Slug, Text, Email, Url, Integer and BigInteger fields, not {f.Type}.", where);
        if (choices.Count == 0)
            throw new SchemaException("InvalidChoices", $"Field '{where}': Choices lists no value.", where);
        var result = new List<KeyValuePair<object, string>>();
        foreach (var (value, label) in choices)
        {
            object normalized;
            try
            {
                normalized = Materialization.FieldCodec.Normalize(f, value, validateBlank: false)!;
            }
            catch (Errors.ValidationException e)
            {
                // The field's own message without its "Field '...'" start (the model is not set yet).
                var why = e.Message;
                var start = why.IndexOf("' ", StringComparison.Ordinal);
                if (why.StartsWith("Field '", StringComparison.Ordinal) && start > 0) why = "it " + why[(start + 2)..].TrimStart(':', ' ');
                throw new SchemaException("InvalidChoices", $"Field '{where}': the choice '{value}' does not fit the field: {why}", where);
            }
            if (normalized is null || result.Any(r => Equals(r.Key, normalized)))
                throw new SchemaException("InvalidChoices", $"Field '{where}': the choice '{value}' is {(normalized is null ? "empty" : "listed twice")}.", where);
            result.Add(new(normalized, label));
        }
        f.Choices = result;
        if (f.HasDefault && f.Default is not null && !f.HasComputedDefault)
        {
            var d = Materialization.FieldCodec.Normalize(f, f.Default, validateBlank: false);
            if (!result.Any(r => Equals(r.Key, d)))
                throw new SchemaException("InvalidChoices", $"Field '{where}': the default '{f.Default}' is not one of the choices: {f.ChoiceList}.", where);
        }
        return result;
    }

    private static void CheckTableNames(IEnumerable<ModelDefinition> defs)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in defs)
        {
            if (seen.TryGetValue(m.Table, out var other))
                throw new SchemaException("TableClash", $"Models '{other}' and '{m.Name}' both use the table '{m.Table}'.", m.Name);
            seen[m.Table] = m.Name;
        }
    }

    private static void ResolveTarget(FieldDefinition f, Dictionary<string, ModelDefinition> defs)
    {
        var where = f.ToString();
        if (string.Equals(f.To, "self", StringComparison.OrdinalIgnoreCase)) f.Target = f.Model;
        else if (defs.TryGetValue(f.To!, out var target)) f.Target = target;
        else throw new SchemaException("UnknownTarget",
            $"Field '{where}' points at model '{f.To}', which is not in the schema. Models: {string.Join(", ", defs.Keys)}.", where);
        f.To = f.Target.Name;

        if (f.Through is null) return;
        if (!defs.TryGetValue(f.Through, out var through))
            throw new SchemaException("UnknownThrough", $"Field '{where}': the Through model '{f.Through}' is not in the schema.", where);
        f.ThroughModel = through;
        through.IsThroughModel = true;
    }

    private static void AddRelations(FieldDefinition f)
    {
        var from = f.Model;
        var to = f.Target!;
        var rel = new Relation(f.Name, f, from, to, isReverse: false);
        f.Relation = rel;
        from.AddRelation(rel);
        if (f.Type != FieldType.ManyToMany) return;

        var self = from == to;
        rel.IsSymmetrical = f.Symmetrical ?? (self && f.ThroughModel is null);
        if (rel.IsSymmetrical && !self)
            throw new SchemaException("InvalidOption", $"Field '{f}': Symmetrical applies only to a ManyToMany to 'self'.", f.ToString());
        if (f.ThroughModel is null)
        {
            rel.JoinTable = f.DbTable ?? $"{from.Table}_{Naming.SnakeCase(f.Name)}";
            var fromName = Naming.SnakeCase(from.Name);
            var toName = Naming.SnakeCase(to.Name);
            (rel.JoinFromColumn, rel.JoinToColumn) = self ? ($"from_{fromName}_id", $"to_{toName}_id") : ($"{fromName}_id", $"{toName}_id");
            return;
        }

        var through = f.ThroughModel;
        rel.Through = through;
        rel.JoinTable = through.Table;
        (rel.ThroughFromField, rel.ThroughToField) = ThroughKeys(f, through, from, to);
        rel.JoinFromColumn = rel.ThroughFromField.Column;
        rel.JoinToColumn = rel.ThroughToField.Column;
    }

    private static (FieldDefinition Source, FieldDefinition Target) ThroughKeys(FieldDefinition f, ModelDefinition through, ModelDefinition from, ModelDefinition to)
    {
        var where = f.ToString();
        if (f.ThroughFields is { } names)
        {
            if (names.Count != 2)
                throw new SchemaException("InvalidThroughFields", $"Field '{where}': ThroughFields names two foreign keys of '{through.Name}' (source, then target).", where);
            var src = through.FindField(names[0]);
            var tgt = through.FindField(names[1]);
            if (src is not { Type: FieldType.ForeignKey } || src.Target != from)
                throw new SchemaException("InvalidThroughFields", $"Field '{where}': '{through.Name}.{names[0]}' is not a ForeignKey to '{from.Name}'.", where);
            if (tgt is not { Type: FieldType.ForeignKey } || tgt.Target != to)
                throw new SchemaException("InvalidThroughFields", $"Field '{where}': '{through.Name}.{names[1]}' is not a ForeignKey to '{to.Name}'.", where);
            return (src, tgt);
        }
        var toFrom = through.Fields.Where(x => x.Type == FieldType.ForeignKey && x.Target == from).ToList();
        var toTo = through.Fields.Where(x => x.Type == FieldType.ForeignKey && x.Target == to).ToList();
        if (toFrom.Count == 0 || toTo.Count == 0)
            throw new SchemaException("InvalidThrough",
                $"Field '{where}': the Through model '{through.Name}' needs a ForeignKey to '{from.Name}' and one to '{to.Name}'.", where);
        if (from == to || toFrom.Count > 1 || toTo.Count > 1)
            throw new SchemaException("AmbiguousThrough",
                $"Field '{where}': the Through model '{through.Name}' has more than one ForeignKey to '{(toFrom.Count > 1 ? from.Name : to.Name)}'; name them with ThroughFields = 'Source', 'Target'.", where);
        return (toFrom[0], toTo[0]);
    }

    private static void AddReverse(FieldDefinition f)
    {
        var rel = f.Relation!;
        if (rel.IsSymmetrical)
        {
            rel.Opposite = rel;
            return;
        }
        var name = f.RelatedName ?? (f.Type == FieldType.OneToOne ? f.Model.Name : Naming.Plural(f.Model.Name));
        if (name == "+") return;
        var to = rel.To;
        var where = f.ToString();
        CheckIdentifier(name, "related", where);
        if (to.FindAttribute(name, out _) is not null || to.FindRelation(name) is not null)
            throw new SchemaException("RelatedNameClash",
                $"Field '{where}': the reverse accessor '{to.Name}.{name}' clashes with an existing field or relation of '{to.Name}'. Give RelatedName another value (or '+').", where);
        var reverse = new Relation(name, f, to, f.Model, isReverse: true)
        {
            JoinTable = rel.JoinTable,
            JoinFromColumn = rel.JoinToColumn,
            JoinToColumn = rel.JoinFromColumn,
            Through = rel.Through,
            ThroughFromField = rel.ThroughToField,
            ThroughToField = rel.ThroughFromField,
            Opposite = rel,
        };
        rel.Opposite = reverse;
        to.AddRelation(reverse);
    }

    private static void CheckOptions(ModelDefinition m)
    {
        foreach (var o in m.Ordering)
        {
            var name = o.TrimStart('-');
            var first = name.Split('.', 2)[0].Split("__", 2)[0];
            if (m.FindAttribute(first, out _) is null && m.FindRelation(first) is null)
                throw new SchemaException("InvalidOrdering",
                    $"Model '{m.Name}': Meta.Ordering names '{o}', but there is no field '{first}'. Choices are: {string.Join(", ", m.NameChoices())}.", m.Name);
        }
        foreach (var group in m.UniqueTogether)
            foreach (var n in group)
                if (m.FindAttribute(n, out _) is not { IsConcrete: true })
                    throw new SchemaException("InvalidUniqueTogether",
                        $"Model '{m.Name}': Meta.UniqueTogether names '{n}', which is not a field stored in its table.", m.Name);
    }
}
