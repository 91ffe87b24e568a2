using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Docs;

/// <summary>The README demo (examples/blog.ps1) runs in real pwsh (<c>dotnet pwsh -NoProfile -File examples/blog.ps1</c>) against a fresh default database, and again on the same one.</summary>
public class BlogDemoTests
{
    [Fact]
    public void The_demo_runs_twice_against_the_default_database()
    {
        var file = Path.Combine(Path.GetTempPath(), $"relps-demo-{Guid.NewGuid():N}.db");
        var env = new Dictionary<string, string?> { ["RELATIONSPS_DATABASE"] = file };
        try
        {
            for (var run = 0; run < 2; run++)
            {
                var r = Pwsh.File("examples/blog.ps1", environment: env);
                Assert.True(r.ExitCode == 0, r.Err);
                Assert.Equal("", r.Err.Trim());
                Assert.Contains($"Database: {file}", r.Out, StringComparison.Ordinal);
                // The row's Views (150) is checked by the test below, skipped until the Post view fits 80 columns.
                Assert.Matches(@"1\s+Lazy QuerySets explained\s+python, django, sql", r.Out);
                Assert.Contains("alice's bio: Writes about Django and SQL", r.Out, StringComparison.Ordinal);
                Assert.Contains("Count: 2", r.Out, StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        }
    }

    [Fact]
    public void The_demo_shows_each_posts_views_at_80_columns()
    {
        var file = Path.Combine(Path.GetTempPath(), $"relps-demo-{Guid.NewGuid():N}.db");
        try
        {
            var r = Pwsh.File("examples/blog.ps1", environment: new Dictionary<string, string?> { ["RELATIONSPS_DATABASE"] = file });
            Assert.True(r.ExitCode == 0, r.Err);
            Assert.Matches(@"1\s+Lazy QuerySets explained\s+python, django, sql\s+150", r.Out);
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        }
    }
}
