using System.Collections;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Query;

public enum LinkStatus { Added, AlreadyPresent, Removed, NotPresent }

/// <summary>What one link operation did to one target (what -PassThru reports).</summary>
public sealed record LinkChange(RelObject Owner, string Relation, long TargetId, LinkStatus Status);

/// <summary>
/// The to-many side of a relation for one object (<c>post.Tags</c>, <c>tag.Posts</c>, <c>user.Posts</c>):
/// Django's related manager with its semantics — adding an existing link or removing a missing one
/// is a no-op, Set writes only the difference, the reverse of a non-null ForeignKey refuses
/// Remove/Clear. Every call reads the database (unless the owner was fetched with Include).
/// </summary>
public sealed class RelatedManager : IEnumerable<RelObject>
{
    internal RelatedManager(RelObject owner, Relation relation)
    {
        Owner = owner;
        Relation = relation;
    }

    public RelObject Owner { get; }
    public Relation Relation { get; }

    private RelDatabase Db => Owner.RequireDatabase();

    private long OwnerId => Owner.Id ?? throw new InvalidOperationRelException("UnsavedObject",
        $"The {Owner.Model.Name} needs to be saved before its '{Relation.Name}' relation can be used.", Owner);

    /// <summary>The related rows as a query (lazy; filter, order, count it further).</summary>
    public QuerySet Query() => Db.Objects(Relation.To).Filter(new MemberOfQ(Relation, OwnerId));

    public QuerySet Filter(Q condition) => Query().Filter(condition);

    public QuerySet Filter(IDictionary lookups) => Query().Filter(lookups);

    public long Count => Owner.TryGetPrefetched(Relation.Name, out var list) && list is List<RelObject> l
        ? l.Count
        : System.Convert.ToInt64(Db.Scalar(MemberStatement("count", static q => q.CountStatement)), System.Globalization.CultureInfo.InvariantCulture);

    public IEnumerator<RelObject> GetEnumerator()
    {
        if (Owner.TryGetPrefetched(Relation.Name, out var list) && list is List<RelObject> l) return l.GetEnumerator();
        return Db.Query(MemberStatement("select", static q => q.Statement), Db.MaterializerOf(Relation.To).ReadRow).GetEnumerator();
    }

    /// <summary>The members as <see cref="QuerySet.InPages"/> reads them (what Include prefetched, if it did): no reader left open between rows.</summary>
    public IEnumerable<RelObject> InPages() =>
        Owner.TryGetPrefetched(Relation.Name, out var list) && list is List<RelObject> l ? l : Query().InPages();

    /// <summary>
    /// The members query of this relation for this owner. Its text is the same for every owner (the
    /// owner's id is its only parameter), so it is compiled once per relation and statement kind:
    /// N+1 loops over managers (Django's naive pattern) then cost one prepared statement each.
    /// </summary>
    private SqlStatement MemberStatement(string kind, Func<QuerySet, SqlStatement> compile)
    {
        var owner = OwnerId;
        var texts = MemberTexts.GetValue(Relation, _ => new System.Collections.Concurrent.ConcurrentDictionary<(string, string), string>());
        var key = (kind, Db.Dialect.Name);
        if (texts.TryGetValue(key, out var text)) return new SqlStatement(text, [owner]);
        var statement = compile(Query());
        // Cached only when the owner's id is indeed the one parameter; otherwise compiled per call.
        if (statement.Parameters.Count == 1 && statement.Parameters[0] is long p && p == owner) texts[key] = statement.Text;
        return statement;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Relation, System.Collections.Concurrent.ConcurrentDictionary<(string, string), string>> MemberTexts = new();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string Q(string identifier) => Db.Dialect.Quote(identifier);

    private string P(int i) => Db.Dialect.Parameter(i);

    /// <summary>Ids of the targets (objects or ids), checked to exist, in the order given, duplicates removed.</summary>
    private List<long> TargetIds(IEnumerable<object?> targets)
    {
        var ids = ParseIds(targets);
        if (ids.Count == 0) return ids;
        var found = Db.Query(new SqlStatement($"SELECT {Q(Relation.To.IdColumn)} FROM {Q(Relation.To.Table)} WHERE {Db.Dialect.InIds(Q(Relation.To.IdColumn), P(0))}", [Db.Dialect.IdsParameter(ids)]), r => r.GetInt64(0)).ToHashSet();
        ThrowIfMissing(ids.Where(i => !found.Contains(i)).ToList());
        return ids;
    }

    internal void ThrowIfMissing(List<long> missing)
    {
        if (missing.Count > 0)
            throw new NotFoundException($"{Relation.To.Name} {string.Join(", ", missing)} does not exist.", missing[0]);
    }

    /// <summary>Ids of the targets (objects or ids), in the order given, duplicates removed; not checked to exist.</summary>
    private List<long> ParseIds(IEnumerable<object?> targets)
    {
        var ids = new List<long>();
        foreach (var t in targets)
        {
            var id = ParseId(t);
            if (!ids.Contains(id)) ids.Add(id);
        }
        return ids;
    }

    private long ParseId(object? target)
    {
        if (target is long id) return id;
        if (target is null) throw new ValidationException("NullTarget", $"Cannot link $null to '{Owner.Model.Name}.{Relation.Name}'.", target);
        return target is RelObject o
            ? (o.Model == Relation.To ? o.Id : throw new ValidationException("WrongModel", $"'{Owner.Model.Name}.{Relation.Name}' takes {Relation.To.Name} objects, not {o.Model.Name}.", target))
              ?? throw new InvalidOperationRelException("UnsavedObject", $"The {o.Model.Name} must be saved before it can be linked.", target)
            : (long)FieldCodec.Normalize(Relation.To.PrimaryKey, target)!;
    }

    /// <summary>
    /// True when <paramref name="targets"/> is one target (an object or a whole number, what a loop of
    /// Add/Remove passes): it needs no list of ids and no savepoint (one statement is atomic).
    /// </summary>
    private bool IsOneTarget(object? targets, out long id)
    {
        id = 0;
        if (targets is not (RelObject or long or int)) return false;
        id = ParseId(targets);
        return true;
    }

    private static IEnumerable<object?> Flatten(object? targets) => targets switch
    {
        null => [null],
        string s => [s],
        RelObject o => [o],
        IEnumerable e => e.Cast<object?>(),
        _ => [targets],
    };

    /// <summary>Links targets (objects, ids, or a list); existing links are left as they are.</summary>
    public IReadOnlyList<LinkChange> Add(object? targets, IReadOnlyDictionary<string, object?>? throughDefaults = null)
    {
        if (!IsPlainManyToMany) return Write(() => AddIds(TargetIds(Flatten(targets)), throughDefaults));
        if (IsOneTarget(targets, out var one)) return ChangeOne(one, link: true);
        var ids = ParseIds(Flatten(targets));
        // One id is one statement, atomic on its own: no savepoint needed.
        return ids.Count == 1 ? WriteAlone(() => LinkIds(ids)) : Write(() => LinkIds(ids));
    }

    /// <summary>Add for Create, which already runs in its own transaction or savepoint.</summary>
    internal void AddWithinTransaction(object? targets)
    {
        if (!IsPlainManyToMany)
        {
            AddIds(TargetIds(Flatten(targets)), null);
            return;
        }
        var ids = ParseIds(Flatten(targets));
        if (ids.Count <= 1)
        {
            LinkIds(ids);
            return;
        }
        // Create reports no statuses: one statement links every existing target (an import's post
        // with its tags is two statements, not one per tag); only a shortfall needs the lookups.
        var linked = Db.Execute(new SqlStatement(Statements.For(Relation, Db.Dialect).LinkMany, [OwnerId, Db.Dialect.IdsParameter(ids)]));
        if (linked < ids.Count) ThrowIfMissing(ids.Where(id => !TargetExists(id)).ToList());
    }

    /// <summary>
    /// An automatic join table of a non-symmetrical ManyToMany: a link is one row and nothing else,
    /// so Add/Remove write it with one statement per id.
    /// </summary>
    private bool IsPlainManyToMany => IsPlain(Relation);

    internal static bool IsPlain(Relation r) => r.IsManyToMany && r.Through is null && !r.IsSymmetrical;

    /// <summary>The ids <see cref="AddWithinTransaction"/> would link (objects or ids, duplicates removed), not checked to exist.</summary>
    internal List<long> LinkTargets(object? targets) => ParseIds(Flatten(targets));

    /// <summary>
    /// One link statement per id; a missing target is collected and reported after the others (the
    /// caller's transaction then undoes their links).
    /// </summary>
    private List<LinkChange> LinkIds(List<long> ids)
    {
        var owner = OwnerId;
        var statements = Statements.For(Relation, Db.Dialect);
        var changes = new List<LinkChange>(ids.Count);
        List<long>? missing = null;
        foreach (var id in ids) changes.Add(Link(owner, id, statements, ref missing));
        if (missing is not null) ThrowIfMissing(missing);
        return changes;
    }

    private LinkChange Link(long owner, long id, Statements statements, ref List<long>? missing)
    {
        var added = LinksByReferences(statements, owner, id, ref missing) ?? ChangesLink(statements, owner, id, ref missing);
        return new LinkChange(Owner, Relation.Name, id, added ? LinkStatus.Added : LinkStatus.AlreadyPresent);
    }

    /// <summary>
    /// The link as the plain INSERT of the pair where the database's foreign keys tell a missing side
    /// (SQLite's count of pending violations, <see cref="RelDatabase.ExecutePairCheckedByReferences"/>):
    /// the target is looked up only when the pair referenced a missing row. Null where that cannot be told.
    /// </summary>
    private bool? LinksByReferences(Statements statements, long owner, long id, ref List<long>? missing)
    {
        var rows = Db.ExecutePairCheckedByReferences(statements.PlainLink, statements.Unlink, owner, id, out var dangling);
        if (rows is null) return null;
        if (!dangling) return rows > 0;
        if (TargetExists(id))
            throw new NotFoundException($"{Owner.Model.Name} {owner} does not exist.", owner);
        (missing ??= []).Add(id);
        return false;
    }

    /// <summary>
    /// Runs a link statement; true when it changed a row. Where the dialect can make the
    /// statement fail on a missing target (<see cref="Dialects.SqlDialect.RequiredValue"/>), that one
    /// statement is all, no-ops included; otherwise a no-op looks the target up.
    /// </summary>
    private bool ChangesLink(Statements statements, long owner, long id, ref List<long>? missing)
    {
        var sql = statements.Link;
        if (statements.ReportsTarget)
        {
            var (found, changed) = Db.Query(new SqlStatement(sql, [owner, id]), r => (r.GetInt64(0), r.GetInt64(1))).Single();
            if (found == 0) (missing ??= []).Add(id);
            return changed > 0;
        }
        var checks = statements.ChecksTarget;
        try
        {
            if (Db.ExecutePair(sql, owner, id) > 0) return true;
        }
        catch (NotFoundException) when (checks)
        {
            (missing ??= []).Add(id);
            return false;
        }
        if (!checks && !TargetExists(id)) (missing ??= []).Add(id);
        return false;
    }

    private List<LinkChange> UnlinkIds(List<long> ids)
    {
        var owner = OwnerId;
        var sql = Statements.For(Relation, Db.Dialect).Unlink;
        var changes = new List<LinkChange>(ids.Count);
        foreach (var id in ids) changes.Add(Unlink(owner, id, sql));
        return changes;
    }

    /// <summary>
    /// The DELETE of the pair, nothing else: a target that is not linked, whether or not it exists, is
    /// NotPresent (Django's remove() deletes the pairs and looks nothing up).
    /// </summary>
    private LinkChange Unlink(long owner, long id, string sql)
    {
        var removed = Db.ExecutePair(sql, owner, id) > 0;
        return new LinkChange(Owner, Relation.Name, id, removed ? LinkStatus.Removed : LinkStatus.NotPresent);
    }

    private bool TargetExists(long id) => Db.Scalar(new SqlStatement(Statements.For(Relation, Db.Dialect).Exists, [id])) is not null;

    /// <summary>
    /// The link statements of one relation, built once per dialect (their text depends only on the relation and
    /// the dialect). PlainLink writes the pair as it is, neither side looked up (<see cref="LinksByReferences"/>).
    /// </summary>
    private sealed record Statements(string Link, string PlainLink, string LinkMany, string Unlink, string Exists, bool ChecksTarget, bool ReportsTarget = false)
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Relation, Statements> Cache = new();

        /// <summary>The dialect the texts are in: one model set may serve databases of both dialects.</summary>
        private Dialects.SqlDialect Dialect { get; init; } = null!;

        public static Statements For(Relation r, Dialects.SqlDialect d) =>
            Cache.TryGetValue(r, out var cached) && ReferenceEquals(cached.Dialect, d) ? cached : Add(r, d);

        // Apart from For: a lambda capturing r and d there would allocate its closure on every call.
        private static Statements Add(Relation r, Dialects.SqlDialect d)
        {
            var built = Build(r, d) with { Dialect = d };
            Cache.AddOrUpdate(r, built);
            return built;
        }

        private static Statements Build(Relation r, Dialects.SqlDialect d)
        {
            string Q(string s) => d.Quote(s);
            string P(int i) => d.Parameter(i);
            // The target's id as the statement reads it: looked up in the target's table, and failing the
            // statement when it is not there, so a no-op needs no second statement to tell it from a missing target.
            var target = d.RequiredValue($"(SELECT {Q(r.To.IdColumn)} FROM {Q(r.To.Table)} WHERE {Q(r.To.IdColumn)} = {P(1)})");
            var columns = $"{Q(r.JoinFromColumn!)}, {Q(r.JoinToColumn!)}";
            var unlink = $"DELETE FROM {Q(r.JoinTable!)} WHERE {Q(r.JoinFromColumn!)} = {P(0)} AND {Q(r.JoinToColumn!)} = {P(1)}";
            var lookup = $"SELECT {Q(r.To.IdColumn)} FROM {Q(r.To.Table)} WHERE {Q(r.To.IdColumn)} = {P(1)}";
            var exists = $"SELECT 1 FROM {Q(r.To.Table)} WHERE {Q(r.To.IdColumn)} = {P(0)}";
            var plainLink = d.InsertIgnoringDuplicates(Q(r.JoinTable!), columns, $"VALUES ({P(0)}, {P(1)})");
            var linkMany = d.InsertIgnoringDuplicates(Q(r.JoinTable!), columns, $"SELECT {P(0)}, {Q(r.To.IdColumn)} FROM {Q(r.To.Table)} WHERE {d.InIds(Q(r.To.IdColumn), P(1))}");
            // Without RequiredValue: the change reads the target from a table expression and the statement reports both.
            if (target is null && d.ReportingTarget(lookup, t => d.InsertIgnoringDuplicates(Q(r.JoinTable!), columns, $"SELECT {P(0)}, {Q(r.To.IdColumn)} FROM {t}")) is { } reportingLink)
                return new Statements(reportingLink, plainLink, linkMany, unlink, exists, ChecksTarget: false, ReportsTarget: true);
            return new Statements(
                target is null
                    ? d.InsertIgnoringDuplicates(Q(r.JoinTable!), columns, $"SELECT {P(0)}, {Q(r.To.IdColumn)} FROM {Q(r.To.Table)} WHERE {Q(r.To.IdColumn)} = {P(1)}")
                    : d.InsertIgnoringDuplicates(Q(r.JoinTable!), columns, $"VALUES ({P(0)}, {target})"),
                plainLink,
                linkMany,
                unlink,
                exists,
                target is not null);
        }
    }

    /// <summary>Add or Remove of one target, as <see cref="WriteAlone{T}"/> runs it, without an id list or a delegate.</summary>
    private IReadOnlyList<LinkChange> ChangeOne(long id, bool link)
    {
        try
        {
            List<long>? missing = null;
            var statements = Statements.For(Relation, Db.Dialect);
            var change = link ? Link(OwnerId, id, statements, ref missing) : Unlink(OwnerId, id, statements.Unlink);
            if (missing is not null) ThrowIfMissing(missing);
            return [change];
        }
        finally
        {
            Owner.ForgetPrefetched(Relation.Name);
        }
    }

    /// <summary>A link operation of one statement: no transaction of its own; the prefetched members are dropped as in <see cref="Write{T}"/>.</summary>
    private T WriteAlone<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        finally
        {
            Owner.ForgetPrefetched(Relation.Name);
        }
    }

    /// <summary>
    /// Runs a link operation in a transaction and drops what Include prefetched for this relation:
    /// the owner's members changed, so the next read must see the database (Django clears its prefetch cache too).
    /// </summary>
    private T Write<T>(Func<T> work)
    {
        try
        {
            return Db.InTransaction(work);
        }
        finally
        {
            Owner.ForgetPrefetched(Relation.Name);
        }
    }

    private List<LinkChange> AddIds(List<long> ids, IReadOnlyDictionary<string, object?>? throughDefaults)
    {
        var owner = OwnerId;
        var changes = new List<LinkChange>();
        var r = Relation;
        foreach (var id in ids)
        {
            bool added;
            if (r.IsManyToMany && r.Through is null)
            {
                var insert = Db.Dialect.InsertIgnoringDuplicates(Q(r.JoinTable!), $"{Q(r.JoinFromColumn!)}, {Q(r.JoinToColumn!)}", $"VALUES ({P(0)}, {P(1)})");
                added = Db.Execute(new SqlStatement(insert, [owner, id])) > 0;
                if (r.IsSymmetrical && id != owner)
                    Db.Execute(new SqlStatement(insert, [id, owner]));
            }
            else if (r.IsManyToMany)
            {
                added = !LinkExists(owner, id);
                if (added) CreateThrough(owner, id, throughDefaults);
                // A symmetrical through stores both directions, each row with the extra fields (Django).
                if (r.IsSymmetrical && id != owner && !LinkExists(id, owner)) CreateThrough(id, owner, throughDefaults);
            }
            else
            {
                added = Db.Execute(new SqlStatement(
                    $"UPDATE {Q(r.To.Table)} SET {Q(r.Field.Column!)} = {P(0)} WHERE {Q(r.To.IdColumn)} = {P(1)} AND ({Q(r.Field.Column!)} IS NULL OR {Q(r.Field.Column!)} <> {P(0)})", [owner, id])) > 0;
            }
            changes.Add(new LinkChange(Owner, r.Name, id, added ? LinkStatus.Added : LinkStatus.AlreadyPresent));
        }
        return changes;
    }

    private bool LinkExists(long owner, long id) =>
        Db.Scalar(new SqlStatement($"SELECT 1 FROM {Q(Relation.JoinTable!)} WHERE {Q(Relation.JoinFromColumn!)} = {P(0)} AND {Q(Relation.JoinToColumn!)} = {P(1)} LIMIT 1", [owner, id])) is not null;

    private void CreateThrough(long owner, long id, IReadOnlyDictionary<string, object?>? defaults)
    {
        // owner/id are ids of From/To; for a symmetrical mirror row they are swapped by the caller.
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (defaults is not null) foreach (var (k, v) in defaults) values[k] = v;
        values[Relation.ThroughFromField!.Name] = owner;
        values[Relation.ThroughToField!.Name] = id;
        Db.Create(Relation.Through!, values);
    }

    /// <summary>Unlinks targets; targets that are not linked are a no-op.</summary>
    public IReadOnlyList<LinkChange> Remove(object? targets)
    {
        if (!IsPlainManyToMany) return Write(() => RemoveIds(ParseIds(Flatten(targets))));
        if (IsOneTarget(targets, out var one)) return ChangeOne(one, link: false);
        var ids = ParseIds(Flatten(targets));
        return ids.Count == 1 ? WriteAlone(() => UnlinkIds(ids)) : Write(() => UnlinkIds(ids));
    }

    /// <summary>
    /// False on the reverse of a non-null ForeignKey: its members cannot be unlinked, so Set only adds
    /// there and leaves the other members as they are (Django's set() does the same), while
    /// Remove and Clear are refused.
    /// </summary>
    private bool CanUnlink => Relation.IsManyToMany || Relation.Field.Null;

    private void RefuseOrphans()
    {
        if (!CanUnlink)
            throw new InvalidOperationRelException("NonNullableRemove",
                $"Cannot remove objects from '{Owner.Model.Name}.{Relation.Name}': '{Relation.Field}' cannot be null, so they would be orphaned. Delete them, or link them elsewhere.", Owner);
    }

    private List<LinkChange> RemoveIds(List<long> ids)
    {
        RefuseOrphans();
        var owner = OwnerId;
        var r = Relation;
        var changes = new List<LinkChange>();
        foreach (var id in ids)
        {
            int n;
            if (r.IsManyToMany)
            {
                n = Db.Execute(new SqlStatement($"DELETE FROM {Q(r.JoinTable!)} WHERE {Q(r.JoinFromColumn!)} = {P(0)} AND {Q(r.JoinToColumn!)} = {P(1)}", [owner, id]));
                if (r.IsSymmetrical)
                    Db.Execute(new SqlStatement($"DELETE FROM {Q(r.JoinTable!)} WHERE {Q(r.JoinFromColumn!)} = {P(0)} AND {Q(r.JoinToColumn!)} = {P(1)}", [id, owner]));
            }
            else
            {
                n = Db.Execute(new SqlStatement($"UPDATE {Q(r.To.Table)} SET {Q(r.Field.Column!)} = NULL WHERE {Q(r.To.IdColumn)} = {P(0)} AND {Q(r.Field.Column!)} = {P(1)}", [id, owner]));
            }
            changes.Add(new LinkChange(Owner, r.Name, id, n > 0 ? LinkStatus.Removed : LinkStatus.NotPresent));
        }
        return changes;
    }

    /// <summary>Removes every link; returns how many were removed.</summary>
    public IReadOnlyList<LinkChange> Clear() => Write(() => RemoveIds(Query().Ids().ToList()));

    /// <summary>Makes the links exactly <paramref name="targets"/>, writing only the difference.</summary>
    public IReadOnlyList<LinkChange> Set(object? targets, IReadOnlyDictionary<string, object?>? throughDefaults = null) =>
        Write(() =>
        {
            var wanted = TargetIds(Flatten(targets));
            var current = Query().Ids();
            var changes = CanUnlink ? RemoveIds(current.Where(c => !wanted.Contains(c)).ToList()) : [];
            changes.AddRange(AddIds(wanted.Where(w => !current.Contains(w)).ToList(), throughDefaults));
            return (IReadOnlyList<LinkChange>)changes;
        });

    /// <summary>What <see cref="Set"/> would add and remove, without writing.</summary>
    public (IReadOnlyList<long> Add, IReadOnlyList<long> Remove) PlanSet(object? targets)
    {
        var wanted = TargetIds(Flatten(targets));
        var current = Query().Ids();
        return (wanted.Where(w => !current.Contains(w)).ToList(), current.Where(c => !wanted.Contains(c) && CanUnlink).ToList());
    }

    /// <summary>Creates a target and links it; returns the new object.</summary>
    public RelObject Create(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, object?>? throughDefaults = null) =>
        Write(() =>
        {
            if (!Relation.IsManyToMany)
            {
                var withOwner = new Dictionary<string, object?>(values, StringComparer.OrdinalIgnoreCase) { [Relation.Field.Name] = OwnerId };
                return Db.Create(Relation.To, withOwner);
            }
            var created = Db.Create(Relation.To, values);
            AddIds([created.Id!.Value], throughDefaults);
            return created;
        });

    public override string ToString() => $"{Owner}.{Relation.Name}";
}
