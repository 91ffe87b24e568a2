using System.Text;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

/// <summary>
/// The FROM clause of one (sub)query: a root alias and the joins that relation paths need,
/// each relation path joined once and reused (so conditions compiled in one scope share joins).
/// Joins are LEFT JOINs unless <see cref="Require"/> makes them INNER (the condition rejects a
/// missing row anyway, and an INNER JOIN lets SQLite start from the selective side).
/// </summary>
internal sealed class JoinScope
{
    private sealed record JoinEntry(string Key, string Table, string Alias, string On)
    {
        public bool Inner { get; set; }

        /// <summary>The table is a parenthesised subquery, written as it is.</summary>
        public bool Derived { get; init; }
    }

    private readonly SqlContext ctx;
    private readonly Dictionary<string, string> aliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<JoinEntry> joins = [];
    private readonly string fromTable;
    private readonly string? rootIdColumn;
    // Set on a view with joins of its own (OwnJoins): every join key is prefixed, so its paths never share another clause's joins.
    private readonly string keyPrefix = "";

    public JoinScope(SqlContext ctx, ModelDefinition root, string? rootAlias = null)
    {
        this.ctx = ctx;
        Root = root;
        RootAlias = rootAlias ?? ctx.NewAlias("t");
        fromTable = root.Table;
    }

    private JoinScope(SqlContext ctx, ModelDefinition root, Relation first)
    {
        this.ctx = ctx;
        Root = root;
        RootAlias = ctx.NewAlias("j");
        if (first.IsManyToMany)
        {
            fromTable = first.JoinTable!;
            rootIdColumn = first.JoinFromColumn!;
            aliases[first.Name + "#join"] = RootAlias;
        }
        else
        {
            fromTable = first.To.Table;
            rootIdColumn = first.Field.Column!;
            aliases[first.Name] = RootAlias;
        }
        RootedAt = first;
    }

    private JoinScope(JoinScope parent, string keyPrefix)
    {
        ctx = parent.ctx;
        Root = parent.Root;
        RootAlias = parent.RootAlias;
        fromTable = parent.fromTable;
        rootIdColumn = parent.rootIdColumn;
        RootedAt = parent.RootedAt;
        Bare = parent.Bare;
        aliases = parent.aliases;
        joins = parent.joins;
        this.keyPrefix = parent.keyPrefix + keyPrefix;
    }

    /// <summary>
    /// The same FROM clause, with joins of its own: the paths compiled through the view are joined
    /// again under their own keys (not shared with the rest of the query), into the same FROM clause.
    /// </summary>
    public JoinScope OwnJoins(string keyPrefix) => new(this, keyPrefix);

    /// <summary>
    /// A scope that starts at the first step of a multi-valued relation (the join table of a
    /// ManyToMany, the child table of a reverse ForeignKey): its "root id" is the owner's id
    /// column there, so <c>id IN (SELECT j.post_id FROM post_tags j JOIN tag ...)</c> never scans
    /// the owner's table. Only for conditions whose every path starts with that relation and that
    /// reject owners without a related row (the caller checks).
    /// </summary>
    public static JoinScope StartingAt(SqlContext ctx, ModelDefinition root, Relation first) => new(ctx, root, first);

    public ModelDefinition Root { get; }
    public string RootAlias { get; }

    /// <summary>The relation this scope starts at instead of the root's table, or null.</summary>
    public Relation? RootedAt { get; }

    /// <summary>Columns are written without an alias (UPDATE ... SET in SQLite).</summary>
    public bool Bare { get; init; }

    public string Joins
    {
        get
        {
            var sb = new StringBuilder();
            foreach (var j in joins)
                sb.Append(j.Inner ? " JOIN " : " LEFT JOIN ").Append(j.Derived ? j.Table : ctx.Q(j.Table)).Append(' ').Append(j.Alias).Append(" ON ").Append(j.On);
            return sb.ToString();
        }
    }

    /// <summary><c>FROM "post" t0 LEFT JOIN ...</c></summary>
    public string From => $" FROM {ctx.Q(fromTable)} {RootAlias}{Joins}";

    public string RootColumn(string column)
    {
        if (rootIdColumn is not null)
        {
            // A scope started at a relation has only the owner's id (callers never ask for other root columns).
            if (!column.Equals(Root.PrimaryKey.Column, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"The root column '{column}' is not available in a scope that starts at '{RootedAt}'.");
            return $"{RootAlias}.{ctx.Q(rootIdColumn)}";
        }
        return Bare ? ctx.Q(column) : $"{RootAlias}.{ctx.Q(column)}";
    }

    public string RootId => RootColumn(Root.PrimaryKey.Column!);

    /// <summary>Makes the joins with these keys (see <see cref="Keys"/>) INNER JOINs.</summary>
    public void Require(IEnumerable<string> keys)
    {
        var set = keyPrefix.Length == 0 && keys is ISet<string> given ? given : new HashSet<string>(keys.Select(k => keyPrefix + k), StringComparer.OrdinalIgnoreCase);
        foreach (var j in joins)
            if (set.Contains(j.Key)) j.Inner = true;
    }

    /// <summary>
    /// The keys of the joins <see cref="Column"/> uses for a path, outermost first: a relation chain
    /// (<c>Tags</c>, <c>Tags.Posts</c>), with <c>#join</c> for a ManyToMany's join table.
    /// A join's row is missing whenever the row it hangs from is missing.
    /// </summary>
    public static IEnumerable<string> Keys(ResolvedPath path)
    {
        var key = new StringBuilder();
        for (var i = 0; i < path.Relations.Count; i++)
        {
            var r = path.Relations[i];
            if (key.Length > 0) key.Append('.');
            key.Append(r.Name);
            if (r.IsManyToMany)
            {
                yield return key + "#join";
                if (i == path.Relations.Count - 1 && path.Field.IsPrimaryKey) yield break;
            }
            yield return key.ToString();
        }
    }

    /// <summary>The key of the first join of a relation (its join table for a ManyToMany).</summary>
    public static string FirstKey(Relation r) => r.IsManyToMany ? r.Name + "#join" : r.Name;

    /// <summary>The column a resolved path reads, joining what it needs.</summary>
    public string Column(ResolvedPath path)
    {
        if (path.Relations.Count == 0) return JsonKey(path.Field, ctx.Dialect.Read(path.Field, RootColumn(path.Field.Column!)));
        var alias = RootAlias;
        var key = new StringBuilder();
        for (var i = 0; i < path.Relations.Count; i++)
        {
            var r = path.Relations[i];
            if (key.Length > 0) key.Append('.');
            key.Append(r.Name);
            var last = i == path.Relations.Count - 1;
            if (r.IsManyToMany)
            {
                var joinKey = key + "#join";
                var joinAlias = Joined(joinKey) ?? Join(joinKey, r.JoinTable!, $"{{0}}.{ctx.Q(r.JoinFromColumn!)} = {alias}.{ctx.Q(r.From.IdColumn)}");
                // The related id is in the join table: no need to join the target for it.
                if (last && path.Field.IsPrimaryKey) return $"{joinAlias}.{ctx.Q(r.JoinToColumn!)}";
                var targetKey = key.ToString();
                alias = Joined(targetKey) ?? Join(targetKey, r.To.Table, $"{{0}}.{ctx.Q(r.To.IdColumn)} = {joinAlias}.{ctx.Q(r.JoinToColumn!)}");
            }
            else
            {
                var targetKey = key.ToString();
                alias = Joined(targetKey) ?? Join(targetKey, r.To.Table, $"{{0}}.{ctx.Q(r.ToColumn)} = {alias}.{ctx.Q(r.FromColumn)}");
            }
        }
        return JsonKey(path.Field, ctx.Dialect.Read(path.Field, $"{alias}.{ctx.Q(path.Field.Column!)}"));
    }

    /// <summary>
    /// The alias of the row at the end of a chain of to-one relations (<c>Author</c>, <c>Author.Profile</c>),
    /// joined as <see cref="Column"/> joins it, under the same keys: a filter on the same path shares the
    /// join, and its requirement makes it INNER. Include reads a to-one relation's columns this way
    /// (Django's select_related).
    /// </summary>
    public string ToOneAlias(IReadOnlyList<Relation> chain)
    {
        var alias = RootAlias;
        var key = new StringBuilder();
        foreach (var r in chain)
        {
            if (r.IsMultiValued) throw new InvalidOperationException($"'{r}' is not a to-one relation.");
            if (key.Length > 0) key.Append('.');
            key.Append(r.Name);
            var joinKey = key.ToString();
            alias = Joined(joinKey) ?? Join(joinKey, r.To.Table, $"{{0}}.{ctx.Q(r.ToColumn)} = {alias}.{ctx.Q(r.FromColumn)}");
        }
        return alias;
    }

    /// <summary>A key of a Json field: json_extract with the JSON path as a parameter (never in the text).</summary>
    private string JsonKey(FieldDefinition field, string column) =>
        field.JsonPath is { } jsonPath ? ctx.Dialect.JsonExtract(column, ctx.Param(jsonPath)) : column;

    /// <summary>
    /// An INNER JOIN of a ManyToMany's join table on the root's id (<c>JOIN post_tags j ON j.tag_id = t0.id</c>),
    /// for the members of one owner; returns its alias.
    /// </summary>
    public string MembersJoin(Relation r)
    {
        var key = "#members:" + r.Name;
        var alias = Join(key, r.JoinTable!, $"{{0}}.{ctx.Q(r.JoinToColumn!)} = {RootAlias}.{ctx.Q(Root.IdColumn)}");
        Require([key]);
        return alias;
    }

    /// <summary>A LEFT JOIN of a subquery (<c>(SELECT ...)</c>) under a key of its own; returns its alias.</summary>
    public string DerivedJoin(string key, string subquery, string onFormat) => Join(key, subquery, onFormat, derived: true);

    // The alias of a join made already under this key, or null: asked first, so that a path joined
    // again does not build the ON text it would throw away.
    private string? Joined(string key) => aliases.TryGetValue(keyPrefix.Length == 0 ? key : keyPrefix + key, out var alias) && !Bare ? alias : null;

    private string Join(string key, string table, string onFormat, bool derived = false)
    {
        if (Bare) throw new Errors.RelationsException("JoinInUpdate", Errors.ErrorKind.InvalidArgument,
            "An update value may use the row's own fields but not a field of a related object.", key);
        key = keyPrefix + key;
        if (aliases.TryGetValue(key, out var alias)) return alias;
        alias = ctx.NewAlias("j");
        aliases[key] = alias;
        joins.Add(new JoinEntry(key, table, alias, string.Format(System.Globalization.CultureInfo.InvariantCulture, onFormat, alias)) { Derived = derived });
        return alias;
    }
}
