namespace RelationsPS.Shell;

/// <summary>
/// Finds the RelationsPS manifest: an explicit path (the .psd1 or its folder); else the first folder
/// holding RelationsPS.psd1 beside module/bin/RelationsPS.dll (a repository after a build, or an
/// unpacked package), walking up from relps itself, then from the current directory.
/// </summary>
internal static class ModuleLocator
{
    public const string Manifest = "RelationsPS.psd1";

    /// <returns>The manifest's full path (for an explicit path, whether or not it exists); null when discovery finds none.</returns>
    public static string? Find(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath);
            return Directory.Exists(full) ? Path.Combine(full, Manifest) : full;
        }
        return WalkUp(AppContext.BaseDirectory) ?? WalkUp(Environment.CurrentDirectory);
    }

    private static string? WalkUp(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, Manifest);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "module", "bin", "RelationsPS.dll"))) return candidate;
        }
        return null;
    }
}
