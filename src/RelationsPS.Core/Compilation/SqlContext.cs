using RelationsPS.Core.Dialects;
using RelationsPS.Core.Expressions;

namespace RelationsPS.Core.Compilation;

/// <summary>One statement being compiled: its parameters and the aliases handed out so far (shared by nested subqueries).</summary>
internal sealed class SqlContext(SqlDialect dialect)
{
    private int aliases;
    // While a statement is compiled for the cache (StatementCache): where each parameter's value comes from.
    private List<ParameterSource>? sources;
    private IReadOnlyDictionary<LookupQ, int>? leaves;

    public SqlDialect Dialect { get; } = dialect;
    public List<object?> Parameters { get; } = [];

    /// <summary>Adds a value as a parameter and returns its placeholder; values never enter the text.</summary>
    /// <remarks>A value that is not a query's own (a JSON path from the schema, a dialect's constant): it stays as it is in a cached statement.</remarks>
    public string Param(object? value)
    {
        sources?.Add(ParameterSource.Constant);
        return Add(value);
    }

    /// <summary>
    /// A parameter made from the value of a lookup of the query: <paramref name="value"/> is
    /// <paramref name="make"/>(<paramref name="leaf"/>.Value), and a cached statement binds
    /// <paramref name="make"/> of the next query's value there.
    /// </summary>
    public string Param(object? value, LookupQ leaf, Func<object?, object?> make)
    {
        if (sources is not null)
        {
            if (leaves!.TryGetValue(leaf, out var index)) sources.Add(new ParameterSource(index, make));
            else
            {
                // A lookup the query does not hold as such (built while compiling): no slot to bind it from.
                Cacheable = false;
                sources.Add(ParameterSource.Constant);
            }
        }
        return Add(value);
    }

    /// <summary>The query's LIMIT or OFFSET as a parameter.</summary>
    public string Param(long value, bool offset)
    {
        sources?.Add(offset ? ParameterSource.Offset : ParameterSource.Limit);
        return Add(value);
    }

    private string Add(object? value)
    {
        Parameters.Add(value);
        return Dialect.Parameter(Parameters.Count - 1);
    }

    /// <summary>Records where each parameter comes from: <paramref name="queryLeaves"/> are the query's lookups by position.</summary>
    public void Record(IReadOnlyDictionary<LookupQ, int> queryLeaves)
    {
        leaves = queryLeaves;
        sources = [];
    }

    /// <summary>False when some parameter came from a value the cache cannot bind again.</summary>
    public bool Cacheable { get; private set; } = true;

    /// <summary>Where each parameter came from, in order (after <see cref="Record"/>).</summary>
    public IReadOnlyList<ParameterSource> Sources => sources ?? throw new InvalidOperationException("Not recording.");

    public string NewAlias(string prefix) => prefix + aliases++.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Q(string identifier) => Dialect.Quote(identifier);

    public SqlStatement Statement(string text) => new(text, Parameters.ToArray());
}

/// <summary>
/// Where a parameter of a cached statement gets its value: the query's lookup at <see cref="Leaf"/>
/// (through <see cref="Make"/>), its limit or offset, or the value it had (a constant of the statement).
/// </summary>
internal sealed record ParameterSource(int Leaf, Func<object?, object?>? Make)
{
    public const int ConstantSlot = -1, LimitSlot = -2, OffsetSlot = -3;

    public static readonly ParameterSource Constant = new(ConstantSlot, null);
    public static readonly ParameterSource Limit = new(LimitSlot, null);
    public static readonly ParameterSource Offset = new(OffsetSlot, null);
}
