namespace RelationsPS.Core.Expressions;

/// <summary>String concatenation (PowerShell's + on strings): <c>||</c> in SQL.</summary>
public sealed record Concat(Expr Left, Expr Right) : Expr;

/// <summary>Text in lower case (<c>lower()</c>), for comparisons that ignore case, as PowerShell's <c>-gt -lt</c> on strings do.</summary>
public sealed record Lower(Expr Inner) : Expr;

/// <summary>A field's text made literal inside a LIKE pattern (<c>% _ \</c> escaped), so patterns built from fields match literally.</summary>
public sealed record LikeEscape(Expr Inner) : Expr;
