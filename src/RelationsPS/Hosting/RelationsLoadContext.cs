using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace RelationsPS.Hosting;

/// <summary>
/// The module's own load context: the engine and its dependencies (Microsoft.Data.Sqlite,
/// SQLitePCLRaw, Humanizer, and for PostgreSQL Npgsql with the Microsoft.Extensions abstractions it
/// references) load from <c>dependencies/</c> here, so another module that loads other versions of
/// them into the same session (Npgsql is a common one) does not break RelationsPS, nor the other way
/// round; an assembly not in <c>dependencies/</c> (the framework's own) comes from the default context. It
/// also finds the native e_sqlite3 library of the running platform in <c>dependencies/runtimes/</c>,
/// which a plain pwsh process (no deps.json entry for it) would never look in.
/// </summary>
internal sealed class RelationsLoadContext : AssemblyLoadContext
{
    private readonly string dependencies;

    public RelationsLoadContext(string dependencies)
        : base("RelationsPS", isCollectible: false) => this.dependencies = dependencies;

    protected override Assembly? Load(AssemblyName name)
    {
        var path = Path.Combine(dependencies, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var rid in RuntimeIds())
        {
            var path = Path.Combine(dependencies, "runtimes", rid, "native", NativeFileName(unmanagedDllName));
            if (File.Exists(path)) return LoadUnmanagedDllFromPath(path);
        }
        return IntPtr.Zero;
    }

    private static string NativeFileName(string name)
    {
        if (Path.HasExtension(name) && (name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".so", StringComparison.Ordinal) || name.EndsWith(".dylib", StringComparison.Ordinal)))
            return name;
        if (OperatingSystem.IsWindows()) return name + ".dll";
        var file = name.StartsWith("lib", StringComparison.Ordinal) ? name : "lib" + name;
        return file + (OperatingSystem.IsMacOS() ? ".dylib" : ".so");
    }

    /// <summary>The runtime identifiers to try, most specific first (computed once: the process does not change platform).</summary>
    internal static IReadOnlyList<string> RuntimeIds() => runtimeIds ??= ComputeRuntimeIds();

    private static IReadOnlyList<string>? runtimeIds;

    private static IReadOnlyList<string> ComputeRuntimeIds()
    {
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        if (OperatingSystem.IsWindows()) return [$"win-{arch}"];
        if (OperatingSystem.IsMacOS()) return [$"osx-{arch}"];
        return IsMusl() ? [$"linux-musl-{arch}", $"linux-{arch}"] : [$"linux-{arch}"];
    }

    /// <summary>
    /// A musl libc (Alpine): a .NET built for musl says so in its own RID; otherwise look for musl's loader.
    /// There linux-musl-&lt;arch&gt; is tried first (in case a build ships one), then linux-&lt;arch&gt;, which is
    /// what NuGet's RID graph falls back to (it loads where a glibc compatibility layer is installed).
    /// </summary>
    private static bool IsMusl() =>
        RuntimeInformation.RuntimeIdentifier.StartsWith("linux-musl", StringComparison.Ordinal)
        || File.Exists("/etc/alpine-release")
        || (Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*").Any());
}
