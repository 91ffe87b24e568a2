using RelationsPS.Core.Dialects;

namespace RelationsPS.Core.Compilation;

/// <summary>One statement being compiled: its parameters and the aliases handed out so far (shared by nested subqueries).</summary>
internal sealed class SqlContext(SqlDialect dialect)
{
    private int aliases;

    public SqlDialect Dialect { get; } = dialect;
    public List<object?> Parameters { get; } = [];

    /// <summary>Adds a value as a parameter and returns its placeholder; values never enter the text.</summary>
    public string Param(object? value)
    {
        Parameters.Add(value);
        return Dialect.Parameter(Parameters.Count - 1);
    }

    public string NewAlias(string prefix) => prefix + aliases++.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Q(string identifier) => Dialect.Quote(identifier);

    public SqlStatement Statement(string text) => new(text, Parameters.ToArray());
}
