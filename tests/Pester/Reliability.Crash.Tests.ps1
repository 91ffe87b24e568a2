# kill -9 of a pwsh process in the middle of its writes (issue 12): afterwards the file passes
# PRAGMA integrity_check, every call is whole or absent, and every call the process reported as done
# is there. Figures are written as "RELIABILITY: ..." lines for RELIABILITY.md.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    . (Join-Path $PSScriptRoot 'Reliability/Support.ps1')
    $script:Kills = if ($env:RELATIONSPS_KILLS) { [int]$env:RELATIONSPS_KILLS } else { 12 }
}

Describe 'kill -9 during a piped import' {
    It 'leaves every import call whole or absent, and every reported call saved, over <Kills> kills' {
        $path = New-TempDatabasePath 'crash-import'
        $size = 40
        $reported = [System.Collections.Generic.HashSet[string]]::new()
        $random = [Random]::new(20261203)
        try {
            for ($i = 0; $i -lt $Kills; $i++) {
                $child = Start-ChildPwsh 'ImportLoop.ps1' @('-Path', $path, '-Size', $size)
                Wait-ChildLine $child 'ready'
                Start-Sleep -Milliseconds $random.Next(150, 1500)
                Stop-ChildHard $child
                foreach ($line in Get-ChildLines $child) { if ($line -like 'done *') { $null = $reported.Add($line.Substring(5)) } }
            }

            Test-DatabaseIntegrity $path | Should -Be 'ok'
            $db = Connect-RelDatabase -Path $path -PassThru
            $runs = Get-Post -Database $db -Include Tags | Group-Object { $_.Title.Split('-')[0] }
            $partial = @($runs | Where-Object Count -ne $size)
            $partial | Should -BeNullOrEmpty -Because 'a call is one transaction'
            $missing = @($reported | Where-Object { $_ -notin $runs.Name })
            $missing | Should -BeNullOrEmpty -Because 'a call reported as done was committed'
            foreach ($run in $runs) {
                foreach ($post in $run.Group) { @($post.Tags).Count | Should -Be 2 }
            }
            $callTags = @(Get-Tag -Database $db -Name 'u*').Count
            $callTags | Should -Be $runs.Count -Because "a call's new tag goes with its posts"
            $db.Dispose()
            Write-Figure "piped import, $Kills kills: $($runs.Count) calls whole ($($reported.Count) reported done, $($runs.Count - $reported.Count) finished unreported), 0 partial, 0 reported calls lost, integrity ok"
        }
        finally { Remove-Item "$path*" -ErrorAction SilentlyContinue }
    }
}

Describe 'kill -9 during a loop of link changes' {
    It 'leaves each post with the tag set of its last reported call (or of the call in flight), over <Kills> kills' {
        $path = New-TempDatabasePath 'crash-links'
        $sets = @(@('a', 'b'), @('b', 'c', 'd'), @('e'), @())
        $random = [Random]::new(3)
        try {
            $db = Connect-RelDatabase -Path $path -PassThru
            0..9 | ForEach-Object { New-Post -Title "p$_" -Database $db } | Out-Null
            $db.Dispose()
            $checked = 0
            for ($i = 0; $i -lt $Kills; $i++) {
                $before = @{}
                $db = Connect-RelDatabase -Path $path -PassThru
                foreach ($p in Get-Post -Database $db -Include Tags) { $before[$p.Title] = (@($p.Tags | ForEach-Object Name | Sort-Object) -join ',') }
                $db.Dispose()

                $child = Start-ChildPwsh 'LinkLoop.ps1' @('-Path', $path)
                Wait-ChildLine $child 'ready'
                Start-Sleep -Milliseconds $random.Next(150, 1200)
                Stop-ChildHard $child

                Test-DatabaseIntegrity $path | Should -Be 'ok'
                $done = @(Get-ChildLines $child | Where-Object { $_ -like 'done *' } | ForEach-Object { [int]$_.Substring(5) })
                $last = if ($done.Count) { $done[-1] } else { -1 }
                $db = Connect-RelDatabase -Path $path -PassThru
                foreach ($p in Get-Post -Database $db -Include Tags) {
                    $n = [int]$p.Title.Substring(1)
                    $now = @($p.Tags | ForEach-Object Name | Sort-Object) -join ','
                    # Calls for this post that were reported, and the one call that may have run unreported.
                    $lastReported = @($done | Where-Object { $_ % 10 -eq $n })
                    $allowed = @(if ($lastReported.Count) { ($sets[$lastReported[-1] % 4] | Sort-Object) -join ',' } else { $before[$p.Title] })
                    if (($last + 1) % 10 -eq $n) { $allowed += ($sets[($last + 1) % 4] | Sort-Object) -join ',' }
                    $allowed | Should -Contain $now -Because "post $($p.Title) after kill $i (last reported call $last)"
                    $checked++
                }
                $db.Dispose()
            }
            Write-Figure "link changes (Set-PostTag -Create), $Kills kills: $checked post states checked, each the last reported set or the set of the call in flight, integrity ok $Kills/$Kills"
        }
        finally { Remove-Item "$path*" -ErrorAction SilentlyContinue }
    }
}
