using System.Text;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;

namespace RelationsPS.Core.Compilation;

/// <summary>
/// The FROM clause of one (sub)query: a root alias and the LEFT JOINs that relation paths need,
/// each relation path joined once and reused (so conditions compiled in one scope share joins).
/// </summary>
internal sealed class JoinScope
{
    private readonly SqlContext ctx;
    private readonly Dictionary<string, string> aliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly StringBuilder joins = new();

    public JoinScope(SqlContext ctx, ModelDefinition root, string? rootAlias = null)
    {
        this.ctx = ctx;
        Root = root;
        RootAlias = rootAlias ?? ctx.NewAlias("t");
    }

    public ModelDefinition Root { get; }
    public string RootAlias { get; }

    /// <summary>Columns are written without an alias (UPDATE ... SET in SQLite).</summary>
    public bool Bare { get; init; }

    public string Joins => joins.ToString();

    /// <summary><c>FROM "post" t0 LEFT JOIN ...</c></summary>
    public string From => $" FROM {ctx.Q(Root.Table)} {RootAlias}{joins}";

    public string RootColumn(string column) => Bare ? ctx.Q(column) : $"{RootAlias}.{ctx.Q(column)}";

    public string RootId => RootColumn(Root.PrimaryKey.Column!);

    /// <summary>The column a resolved path reads, joining what it needs.</summary>
    public string Column(ResolvedPath path)
    {
        if (path.Relations.Count == 0) return RootColumn(path.Field.Column!);
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
                var joinAlias = Join(key + "#join", r.JoinTable!, $"{{0}}.{ctx.Q(r.JoinFromColumn!)} = {alias}.{ctx.Q("id")}");
                // The related id is in the join table: no need to join the target for it.
                if (last && path.Field.IsPrimaryKey) return $"{joinAlias}.{ctx.Q(r.JoinToColumn!)}";
                alias = Join(key.ToString(), r.To.Table, $"{{0}}.{ctx.Q("id")} = {joinAlias}.{ctx.Q(r.JoinToColumn!)}");
            }
            else
            {
                alias = Join(key.ToString(), r.To.Table, $"{{0}}.{ctx.Q(r.ToColumn)} = {alias}.{ctx.Q(r.FromColumn)}");
            }
        }
        return $"{alias}.{ctx.Q(path.Field.Column!)}";
    }

    private string Join(string key, string table, string onFormat)
    {
        if (Bare) throw new Errors.RelationsException("JoinInUpdate", Errors.ErrorKind.InvalidArgument,
            "An update value may use the row's own fields but not a field of a related object.", key);
        if (aliases.TryGetValue(key, out var alias)) return alias;
        alias = ctx.NewAlias("j");
        aliases[key] = alias;
        joins.Append(" LEFT JOIN ").Append(ctx.Q(table)).Append(' ').Append(alias).Append(" ON ").Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, onFormat, alias));
        return alias;
    }
}
