namespace RelationsPS.Core.Expressions;

/// <summary>String concatenation (PowerShell's + on strings): <c>||</c> in SQL.</summary>
public sealed record Concat(Expr Left, Expr Right) : Expr;

/// <summary>A field's text made literal inside a LIKE pattern (<c>% _ \</c> escaped), so patterns built from fields match literally.</summary>
public sealed record LikeEscape(Expr Inner) : Expr;
