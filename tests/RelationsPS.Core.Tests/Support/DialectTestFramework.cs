using RelationsPS.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("RelationsPS.Core.Tests.Support.DialectTestFramework", "RelationsPS.Core.Tests")]

namespace RelationsPS.Core.Tests.Support;

/// <summary>
/// xunit's framework, except that where the PostgreSQL binaries are absent the specs of the
/// <c>RelationsPS.Core.Tests.PostgreSql</c> namespace (the PostgreSQL runs) are reported as skipped, each
/// with the reason, so the count shows them instead of dropping them or failing them one by one.
/// CI installs PostgreSQL (.ci/run), so there they always run.
/// </summary>
public sealed class DialectTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    public const string PostgreSqlNamespace = "RelationsPS.Core.Tests.PostgreSql";

    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assembly, ISourceInformationProvider source, IMessageSink sink)
        : XunitTestFrameworkDiscoverer(assembly, source, sink)
    {
        private const string Reason = "PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/pg_ctl, no RELATIONSPS_PG_BIN): the PostgreSQL run of this spec is skipped.";

        protected override bool FindTestsForType(ITestClass testClass, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var onPostgreSql = testClass.Class.Name.StartsWith(PostgreSqlNamespace + ".", StringComparison.Ordinal);
            if (!onPostgreSql || PostgresCluster.IsAvailable) return base.FindTestsForType(testClass, includeSourceInformation, messageBus, discoveryOptions);
            return base.FindTestsForType(testClass, includeSourceInformation, new SkippingBus(messageBus, DiagnosticMessageSink, discoveryOptions), discoveryOptions);
        }

        /// <summary>Passes every discovered test case on as a skipped one (its arguments kept, so each theory row counts).</summary>
        private sealed class SkippingBus(IMessageBus inner, IMessageSink sink, ITestFrameworkDiscoveryOptions options) : IMessageBus
        {
            public bool QueueMessage(IMessageSinkMessage message)
            {
                if (message is ITestCaseDiscoveryMessage { TestCase: var testCase } && testCase is not XunitSkippedDataRowTestCase)
                {
                    if (testCase is XunitTheoryTestCase)
                        return inner.QueueMessage(new TestCaseDiscoveryMessage(new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testCase.TestMethod, Reason)));
                    return inner.QueueMessage(new TestCaseDiscoveryMessage(new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testCase.TestMethod, Reason, testCase.TestMethodArguments)));
                }
                return inner.QueueMessage(message);
            }

            public void Dispose() => inner.Dispose();
        }
    }
}
