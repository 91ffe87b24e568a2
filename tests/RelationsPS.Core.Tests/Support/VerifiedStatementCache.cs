using System.Runtime.CompilerServices;
using RelationsPS.Core.Compilation;

namespace RelationsPS.Core.Tests.Support;

/// <summary>
/// Every statement the cache hands out during the suite is compiled again and compared (StatementCache.Verify):
/// each spec that runs a query shape twice with other values is then also a spec of the cache.
/// </summary>
internal static class VerifiedStatementCache
{
    [ModuleInitializer]
    internal static void Enable() => StatementCache.Verify = true;
}
