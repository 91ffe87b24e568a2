using RelationsPS.Core.Compilation;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Reliability;

/// <summary>
/// Issue 12.2: a cascade as deep as the data, not as deep as the stack. A self-referencing chain
/// of 10,000 nodes (each the parent of the next, OnDelete Cascade) is planned and deleted from its
/// root on a thread with a 1 MB stack (pwsh's own, where 6,000 levels overflowed the recursive collector).
/// <code>
/// .Model("Node", m => m.Char("Name", 10).ForeignKey("Parent", "self", OnDeleteAction.Cascade, nullable: true, relatedName: "Children"))
/// </code>
/// </summary>
public class DeepCascadeTests
{
    private const int Depth = 10_000;

    private static Execution.RelDatabase Chain()
    {
        var db = TestDb.Open(b => b.Model("Node", m => m.Char("Name", 10).ForeignKey("Parent", "self", OnDeleteAction.Cascade, nullable: true, relatedName: "Children")));
        db.Execute(new SqlStatement(
            $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Depth}) " +
            "INSERT INTO \"node\" (\"id\", \"name\", \"parent_id\") SELECT i, 'n' || i, CASE WHEN i = 1 THEN NULL ELSE i - 1 END FROM n", []));
        // Rows written with their ids: a database that generates ids from a sequence is told where to go on.
        if (db.Dialect.AfterExplicitIds("node", "id") is { } sequence) db.Scalar(new SqlStatement(sequence, []));
        db.New("Node", ("Name", "other"));
        return db;
    }

    /// <summary>Runs <paramref name="action"/> on a thread with pwsh's 1 MB stack.</summary>
    private static void OnSmallStack(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception e) { failure = e; }
        }, maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new Xunit.Sdk.XunitException("The action failed: " + failure);
    }

    [Fact]
    public void Planning_a_10000_deep_cascade_counts_every_row()
    {
        using var db = Chain();
        var root = db.Objects("Node").FirstOrDefaultById(1)!;
        OnSmallStack(() => Assert.Equal(Depth, db.PlanDelete(root).CountOf("Node")));
        Assert.Equal(Depth + 1, db.Objects("Node").Count());
    }

    [Fact]
    public void Deleting_a_10000_deep_cascade_removes_the_chain_and_keeps_the_rest()
    {
        using var db = Chain();
        var root = db.Objects("Node").FirstOrDefaultById(1)!;
        OnSmallStack(() => Assert.Equal(Depth, db.Delete(root).CountOf("Node")));
        Assert.Equal(["other"], db.Objects("Node").Names());
    }

    [Fact]
    public void A_cascade_reaching_the_same_rows_by_two_paths_counts_them_once()
    {
        using var db = TestDb.Open(b => b.Model("Node", m => m.Char("Name", 10)
            .ForeignKey("Parent", "self", OnDeleteAction.Cascade, nullable: true, relatedName: "Children")
            .ForeignKey("Buddy", "self", OnDeleteAction.Cascade, nullable: true, relatedName: "Buddies")));
        var a = db.New("Node", ("Name", "a"));
        var b1 = db.New("Node", ("Name", "b"), ("Parent", a));
        db.New("Node", ("Name", "c"), ("Parent", b1), ("Buddy", a));
        db.New("Node", ("Name", "d"));
        Assert.Equal(3, db.PlanDelete(a).CountOf("Node"));
        db.Delete(a);
        Assert.Equal(["d"], db.Objects("Node").Names());
    }
}
