namespace RelationsPS.Core.Compilation;

/// <summary>Compiled SQL: the text (identifiers from the schema only) and its parameter values, in order.</summary>
public sealed record SqlStatement(string Text, IReadOnlyList<object?> Parameters)
{
    public override string ToString() => Text;
}
