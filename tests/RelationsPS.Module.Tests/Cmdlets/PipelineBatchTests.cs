using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>
/// A writing cmdlet's call is one transaction also for piped input (PRODUCT §5), with a savepoint
/// per item rather than a transaction per item: a failing item is undone alone and the rest go on,
/// a call cut short changes nothing, and tags named by the call are looked up once.
/// </summary>
public class PipelineBatchTests : IDisposable
{
    private readonly PowerShellSession ps;
    private readonly string file = Path.Combine(Path.GetTempPath(), $"relps-batch-{Guid.NewGuid():N}.db");

    public PipelineBatchTests() : this(Db.SQLite)
    {
    }

    protected PipelineBatchTests(Db db)
    {
        ps = new PowerShellSession(db, connectInMemory: false);
        ps.Run("""
        $main = Connect-RelDatabase -Path $file -PassThru
        $null = New-Tag python -Database $main
        1..1500 | ForEach-Object { [pscustomobject]@{ Title = "Post $_" } } | New-Post -Database $main | Out-Null
        """, new Dictionary<string, object?> { ["file"] = file }).ShouldSucceed();
    }

    public void Dispose()
    {
        ps.Run("Disconnect-RelDatabase -Database $main");
        ps.Dispose();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }

    [DbFact]
    public void Piped_links_are_one_transaction_that_other_connections_see_when_the_call_ends()
    {
        var r = ps.Run("""
            $other = Connect-RelDatabase -Path $file -PassThru
            $i = 0
            $seen = @{}
            Get-Post -Database $main | Add-PostTag -Database $main -Tag python -PassThru | ForEach-Object {
                $i++
                if ($i -in 1, 1001, 1500) { $seen[$i] = @(Get-Post -Database $other -Tag python).Count; $seen["tx$i"] = $main.IsInTransaction }
            }
            $seen[1]; $seen[1001]; $seen[1500]; $seen.tx1; $seen.tx1500
            @(Get-Post -Database $other -Tag python).Count
            $main.IsInTransaction
            Disconnect-RelDatabase -Database $other
            """, new Dictionary<string, object?> { ["file"] = file }).ShouldSucceed();
        Assert.Equal(["0", "0", "0", "True", "True", "1500", "False"], r.Text);
    }

    [DbFact]
    public void A_failing_item_is_undone_alone_and_the_rest_are_committed()
    {
        var r = ps.Run("""
            1, 2, 99999, 3 | Add-PostTag -Database $main -Tag python
            (Get-Post -Database $main -Tag python).Id
            $main.IsInTransaction
            """);
        Assert.Equal(["ObjectNotFound"], r.ErrorIds);
        Assert.Equal(["1", "2", "3", "False"], r.Text);
    }

    [DbFact]
    public void A_pipeline_cut_short_downstream_keeps_the_links_it_reported()
    {
        var r = ps.Run("""
            $i = 0
            try { Get-Post -Database $main | Add-PostTag -Database $main -Tag python -PassThru | ForEach-Object { if (++$i -eq 1200) { throw 'stop' } } } catch { "caught $_" }
            @(Get-Post -Database $main -Tag python).Count
            $main.IsInTransaction
            """).ShouldSucceed();
        Assert.Equal(["caught stop", "1200", "False"], r.Text);
    }

    [DbFact]
    public void The_tags_of_a_call_are_looked_up_once_for_all_piped_posts()
    {
        var r = ps.Run("""
            Clear-RelQueryLog -Database $main
            1..50 | Add-PostTag -Database $main -Tag python
            @(Get-RelQueryLog -Database $main | Where-Object { $_.Sql -like '*FROM "tag"*"name" [=L]*' }).Count
            @(Get-Post -Database $main -Tag python).Count
            """).ShouldSucceed();
        Assert.Equal(["1", "50"], r.Text);
    }

    [DbFact]
    public void A_tag_created_by_the_first_post_is_found_by_the_next()
    {
        var r = ps.Run("""
            1..3 | Add-PostTag -Database $main -Tag brand-new -Create
            @(Get-Tag -Database $main brand-new).Count
            (Get-Post -Database $main -Tag brand-new).Id
            """).ShouldSucceed();
        Assert.Equal(["1", "1", "2", "3"], r.Text);
    }

    [DbFact]
    public void Piped_rows_naming_the_same_tags_look_each_name_up_once()
    {
        var r = ps.Run("""
            $null = New-Tag rust -Database $main
            Clear-RelQueryLog -Database $main
            1..20 | ForEach-Object { [pscustomobject]@{ Title = "Row $_"; Tag = 'python;rust;fresh' } } | New-Post -Database $main | Out-Null
            @(Get-RelQueryLog -Database $main | Where-Object { $_.Sql -like '*FROM "tag"*"name" [=L]*' }).Count
            @(Get-Post -Database $main -Tag python, rust, fresh -MatchAllTags).Count
            @(Get-Tag -Database $main fresh).Count
            """).ShouldSucceed();
        // The cell as a whole once (no tag has that name), python and rust once each; fresh is looked up by the
        // first row and again inside its write transaction before it is created, then found once by the second row.
        Assert.Equal(["6", "20", "1"], r.Text);
    }

    [DbFact]
    public void Piped_removals_cut_short_downstream_keep_the_removals_they_reported()
    {
        var r = ps.Run("""
            $i = 0
            try { Get-Post -Database $main -First 10 | Remove-Post -Database $main -Confirm:$false -Verbose 4>&1 | ForEach-Object { if ("$_" -like 'Removed*' -and ++$i -eq 5) { throw 'stop' } } } catch { "caught $_" }
            @(Get-Post -Database $main).Count
            $main.IsInTransaction
            """).ShouldSucceed();
        Assert.Equal(["caught stop", "1495", "False"], r.Text);
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class PipelineBatchTestsOnPostgreSQL() : PipelineBatchTests(Db.PostgreSQL);
