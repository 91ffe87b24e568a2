using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace RelationsPS.Hosting;

/// <summary>
/// Hooks the default load context so that a reference from this entry assembly to the engine
/// (RelationsPS.Core) is answered from the module's own load context — the pattern PowerShell
/// documents for binary modules with conflicting dependencies. Registered both as a C# module
/// initializer (before any type here is used) and on Import-Module; idempotent.
/// </summary>
public sealed class ModuleHooks : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly object Gate = new();
    private static RelationsLoadContext? context;
    private static bool hooked;
    /// <summary>Runspaces that imported the module and have not removed it: one Remove-Module must not unhook the others.</summary>
    private static int imports;

    private static readonly HashSet<string> EngineAssemblies = new(StringComparer.OrdinalIgnoreCase) { "RelationsPS.Core" };

    /// <summary>The folder holding the engine and its dependencies.</summary>
    internal static string DependencyFolder =>
        Path.Combine(Path.GetDirectoryName(typeof(ModuleHooks).Assembly.Location)!, "dependencies");

#pragma warning disable CA2255 // A binary module has no entry point: this is the earliest moment to hook assembly resolution.
    [ModuleInitializer]
    internal static void Initialize() => Hook();
#pragma warning restore CA2255

    public void OnImport()
    {
        lock (Gate) imports++;
        Hook();
    }

    /// <summary>
    /// Remove-Module: the session's connections are closed (files released, the WAL checkpointed into the
    /// database), then the resolver is unhooked when no other runspace of the process still has the module.
    /// </summary>
    public void OnRemove(PSModuleInfo module)
    {
        Commands.Support.SessionDatabases.CloseAll();
        lock (Gate)
        {
            if (--imports > 0 || !hooked) return;
            imports = 0;
            AssemblyLoadContext.Default.Resolving -= Resolve;
            hooked = false;
        }
    }

    private static void Hook()
    {
        lock (Gate)
        {
            if (hooked) return;
            context ??= new RelationsLoadContext(DependencyFolder);
            AssemblyLoadContext.Default.Resolving += Resolve;
            hooked = true;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext defaultContext, AssemblyName name) =>
        name.Name is { } n && EngineAssemblies.Contains(n) ? context!.LoadFromAssemblyName(name) : null;
}
