namespace RelationsPS.Module.Tests.Support;

/// <summary>Where things are in the repository.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Manifest => Path.Combine(Root, "RelationsPS.psd1");

    /// <summary>The build configuration of these tests (Debug or Release): the module is built in the same one.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RelationsPS.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (RelationsPS.sln).");
    }
}
