using Xunit.Abstractions;
using Xunit.Sdk;

namespace RelationsPS.Module.Tests.Support;

/// <summary>
/// A fact of a class that runs on SQLite and, in a subclass marked <see cref="OnPostgreSQLAttribute"/>, on PostgreSQL:
/// reported skipped (with the reason, counted) on the PostgreSQL class where the binaries are absent. <see cref="SqliteOnly"/>
/// names why a spec is about SQLite itself (files, :memory:); it then is not run on PostgreSQL.
/// </summary>
[XunitTestCaseDiscoverer("RelationsPS.Module.Tests.Support.DbFactDiscoverer", "RelationsPS.Module.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DbFactAttribute : FactAttribute
{
    public string? SqliteOnly { get; set; }
}

/// <summary>The theory form of <see cref="DbFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("RelationsPS.Module.Tests.Support.DbTheoryDiscoverer", "RelationsPS.Module.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DbTheoryAttribute : TheoryAttribute
{
    public string? SqliteOnly { get; set; }
}

internal static class DbDiscovery
{
    public static bool OnPostgreSQL(ITestMethod m) => m.TestClass.Class.GetCustomAttributes(typeof(OnPostgreSQLAttribute)).Any();

    /// <summary>Null: discover as usual; empty: no test here (SQLite only); else one skipped test with the reason.</summary>
    public static IEnumerable<IXunitTestCase>? Override(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod m, IAttributeInfo attribute)
    {
        if (!OnPostgreSQL(m)) return null;
        if (attribute.GetNamedArgument<string?>("SqliteOnly") is { Length: > 0 }) return [];
        if (Postgres.SkipReason is not { } reason) return null;
        return [new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), m, reason)];
    }
}

public sealed class DbFactDiscoverer(IMessageSink sink) : FactDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        DbDiscovery.Override(DiagnosticMessageSink, options, testMethod, factAttribute) ?? base.Discover(options, testMethod, factAttribute);
}

public sealed class DbTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        DbDiscovery.Override(DiagnosticMessageSink, options, testMethod, theoryAttribute) ?? base.Discover(options, testMethod, theoryAttribute);
}
