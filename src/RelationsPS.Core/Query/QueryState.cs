using System.Collections.Immutable;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Query;

/// <summary>How the conditions of one filter call treat multi-valued relations.</summary>
public enum FilterMode
{
    /// <summary>One Django <c>filter()</c> call: its conditions share one join per multi-valued relation.</summary>
    Shared,
    /// <summary>PowerShell scriptblocks: each condition on a to-many path stands on its own ("some related row matches").</summary>
    EachCondition,
    /// <summary>Django's <c>exclude()</c>: keeps rows with no matching related row.</summary>
    Exclude,
}

public sealed record FilterClause(Q Condition, FilterMode Mode);

/// <summary>A named annotation; <see cref="FiltersBefore"/> is how many filter clauses preceded it (they restrict what it aggregates).</summary>
public sealed record Annotation(string Name, Expr Expression, int FiltersBefore);

/// <summary>Where NULLs go in an ordering: the database's default (SQLite: first ascending, last descending), first or last.</summary>
public enum NullsOrder { Default, First, Last }

public sealed record OrderTerm(Expr Expression, bool Descending)
{
    public NullsOrder Nulls { get; init; }
}

/// <summary>The ordering terms of <c>-OrderBy</c>: <c>'Name'</c>, <c>'-Name'</c>, <c>'?'</c>, <c>'Length(Title)'</c>, <c>'Views:NullsLast'</c>.</summary>
public static class OrderTerms
{
    public static IReadOnlyList<OrderTerm> Parse(params string[] terms) => Compilation.QueryCompiler.ParseOrdering(terms);
}

/// <summary>Everything a query says, immutable; a QuerySet is this plus the database it runs on.</summary>
/// <remarks>A part added here must be written into <see cref="Compilation.StatementShape"/>'s key (StatementCacheTests checks the list).</remarks>
public sealed record QueryState(ModelDefinition Model)
{
    public ImmutableList<FilterClause> Filters { get; init; } = [];
    public ImmutableList<Annotation> Annotations { get; init; } = [];
    /// <summary>Null means the default ordering (Meta.Ordering, else Id).</summary>
    public ImmutableList<OrderTerm>? Ordering { get; init; }
    public long? Offset { get; init; }
    public long? Limit { get; init; }
    public bool Distinct { get; init; }
    /// <summary>
    /// No ORDER BY at all, not even the id that otherwise breaks ties (Django's <c>order_by()</c> with no
    /// fields): for callers that cannot observe the order (streaming into a sum, aggregates, deletes);
    /// the database returns rows in whatever order its plan yields. Any ordering given later replaces it.
    /// </summary>
    public bool Unordered { get; init; }
    public ImmutableList<string> Includes { get; init; } = [];

    public bool IsSliced => Offset is not null || Limit is not null;
}
