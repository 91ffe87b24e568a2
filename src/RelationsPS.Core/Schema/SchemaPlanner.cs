using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Schema;

/// <summary>
/// Turns models into the tables, join tables and indexes they need (PRODUCT §3 naming):
/// a join table is <c>&lt;table&gt;_&lt;field&gt;</c> with <c>id</c>, the two keys, <c>UNIQUE(from, to)</c>
/// and an index on each key, the layout Django makes.
/// </summary>
public static class SchemaPlanner
{
    public static IReadOnlyList<TableLayout> Plan(ModelSet models)
    {
        var tables = models.Models.Select(ModelTable).ToList();
        tables.AddRange(models.AutoJoinRelations.Select(JoinTable));
        return tables;
    }

    private static TableLayout ModelTable(ModelDefinition m)
    {
        var columns = m.ConcreteFields.Select(f => new ColumnLayout(
            f.Column!, f, f.IsPrimaryKey, f.Null, f.Unique && !f.IsPrimaryKey, f.IsToOne ? f.Target!.Table : null) { ReferencesColumn = f.IsToOne ? f.Target!.IdColumn : "id" }).ToList();
        var indexes = m.ConcreteFields
            .Where(f => (f.Type == FieldType.ForeignKey || f.Index || f.Type == FieldType.Slug) && !f.Unique)
            .Select(f => new IndexLayout($"{m.Table}_{f.Column}_idx", m.Table, [f.Column!], false))
            .ToList();
        var together = m.UniqueTogether.Select(g => (IReadOnlyList<string>)g.Select(n => m.FindAttribute(n, out _)!.Column!).ToArray()).ToList();
        return new TableLayout(m.Table, columns, together, indexes) { Model = m };
    }

    private static TableLayout JoinTable(Relation r)
    {
        var t = r.JoinTable!;
        ColumnLayout[] columns =
        [
            new("id", null, PrimaryKey: true, Nullable: false, Unique: false, ReferencesTable: null),
            new(r.JoinFromColumn!, null, false, false, false, r.From.Table) { ReferencesColumn = r.From.IdColumn },
            new(r.JoinToColumn!, null, false, false, false, r.To.Table) { ReferencesColumn = r.To.IdColumn },
        ];
        IndexLayout[] indexes =
        [
            new($"{t}_{r.JoinFromColumn}_idx", t, [r.JoinFromColumn!], false),
            new($"{t}_{r.JoinToColumn}_idx", t, [r.JoinToColumn!], false),
        ];
        return new TableLayout(t, columns, [[r.JoinFromColumn!, r.JoinToColumn!]], indexes);
    }

    /// <summary>
    /// The tables in creation order for a dialect that wants referenced tables first: each after the tables
    /// its foreign keys reference, else in the schema's order. A reference around a cycle (Parent.BestChild
    /// and Child.Parent) cannot wait for its table: it is left out of the CREATE TABLE and returned in
    /// <c>Later</c>, to be added once every table exists. A reference to itself needs no wait.
    /// </summary>
    public static (IReadOnlyList<TableLayout> Tables, IReadOnlyList<(TableLayout Table, ColumnLayout Column)> Later) InCreationOrder(IReadOnlyList<TableLayout> tables, Dialects.SqlDialect dialect)
    {
        if (!dialect.ReferencedTablesFirst) return (tables, []);
        var ordered = new List<TableLayout>();
        var later = new List<(TableLayout, ColumnLayout)>();
        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var visiting = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var byName = tables.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        void Place(TableLayout t)
        {
            if (placed.Contains(t.Name) || !visiting.Add(t.Name)) return;
            foreach (var target in t.Columns.Select(c => c.ReferencesTable).OfType<string>())
                if (byName.TryGetValue(target, out var referenced)) Place(referenced);
            visiting.Remove(t.Name);
            if (!placed.Add(t.Name)) return;
            var waiting = t.Columns.Where(c => c.ReferencesTable is { } r && byName.ContainsKey(r) && !placed.Contains(r)).ToList();
            if (waiting.Count == 0)
            {
                ordered.Add(t);
                return;
            }
            later.AddRange(waiting.Select(c => (t, c)));
            ordered.Add(t with { Columns = t.Columns.Select(c => waiting.Contains(c) ? c with { ReferencesTable = null } : c).ToList() });
        }
        foreach (var t in tables) Place(t);
        return (ordered, later);
    }
}
