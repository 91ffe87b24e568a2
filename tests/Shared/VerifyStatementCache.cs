using System.Runtime.CompilerServices;

namespace RelationsPS.Testing;

/// <summary>
/// Turns on the engine's statement-cache check (RELPS_VERIFY_STATEMENT_CACHE) for the whole test process
/// and the pwsh processes it starts: every statement the cache hands out is compiled again and compared,
/// so each spec that runs a query shape twice is also a spec of the cache. Set before any engine code runs.
/// </summary>
internal static class VerifyStatementCache
{
    [ModuleInitializer]
    internal static void Enable() => Environment.SetEnvironmentVariable("RELPS_VERIFY_STATEMENT_CACHE", "1");
}
