using RelationsPS.Core.Materialization;

namespace RelationsPS.Core.Execution;

/// <summary>What to do when an object with the same key already exists (Django's create / get_or_create / update_or_create).</summary>
public enum IfExists
{
    /// <summary>Refuse: a unique violation (<c>UniqueViolation</c>, ResourceExists), as a plain create.</summary>
    Error,
    /// <summary>Return the existing object unchanged (get_or_create).</summary>
    Get,
    /// <summary>Write the given values onto the existing object (update_or_create).</summary>
    Update,
}

/// <summary>What an upsert did.</summary>
public enum UpsertOutcome
{
    /// <summary>No object had the key: it was inserted.</summary>
    Created,
    /// <summary>The object existed and at least one given value differed: it was written.</summary>
    Updated,
    /// <summary>The object existed and was left as it was (IfExists Get, or Update with equal values).</summary>
    Unchanged,
}

/// <summary>The object an upsert returns (as the database holds it now) and what happened to it.</summary>
public sealed record UpsertResult(RelObject Object, UpsertOutcome Outcome)
{
    /// <summary>True when the object was inserted (Django's <c>created</c>).</summary>
    public bool Created => Outcome == UpsertOutcome.Created;
}
