# Several pwsh processes on one file at once (issue 12): exact counts and no error, whether they
# create the file, import posts with tags created on the fly, or link posts to new tags.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    . (Join-Path $PSScriptRoot 'Reliability/Support.ps1')
}

Describe 'Processes writing one file at once' {
    It 'creates a new file from 6 first connects at the same moment, each succeeding' {
        $path = New-TempDatabasePath 'first-connect'
        $go = "$path.go"
        try {
            $children = 1..6 | ForEach-Object { Start-ChildPwsh 'FirstConnect.ps1' @('-Path', $path, '-Name', "tag$_", '-Go', $go) }
            Start-Sleep -Seconds 3   # every child has started and waits for the go file
            New-Item -ItemType File $go | Out-Null
            $children | ForEach-Object { Wait-ChildExit $_ 120 }
            $results = $children | ForEach-Object { (Get-ChildLines $_) -join ' ' }
            $results | Should -Be @('ok', 'ok', 'ok', 'ok', 'ok', 'ok')
            $db = Connect-RelDatabase -Path $path -PassThru
            (Get-Tag -Database $db).Name | Sort-Object | Should -Be @('tag1', 'tag2', 'tag3', 'tag4', 'tag5', 'tag6')
            $db.Dispose()
            Write-Figure 'concurrent first connects of a new file: 6/6 succeeded, 6/6 rows kept'
        }
        finally { Remove-Item "$path*" -ErrorAction SilentlyContinue }
    }

    It 'keeps every post, tag and link of 4 writers x 1,000 piped posts with tags made on the fly, with no error' {
        $path = New-TempDatabasePath 'writers'
        $writers = 4; $calls = 20; $size = 50
        try {
            $started = [Diagnostics.Stopwatch]::StartNew()
            $children = 1..$writers | ForEach-Object { Start-ChildPwsh 'Writer.ps1' @('-Path', $path, '-Name', "w$_", '-Calls', $calls, '-Size', $size) }
            $children | ForEach-Object { Wait-ChildExit $_ 600 }
            $seconds = [math]::Round($started.Elapsed.TotalSeconds)
            foreach ($child in $children) { (Get-ChildLines $child) | Should -Be @('errors=0') }

            Test-DatabaseIntegrity $path | Should -Be 'ok'
            $db = Connect-RelDatabase -Path $path -PassThru
            $posts = (Get-Post -Database $db -AsQuery).Count()
            $posts | Should -Be ($writers * $calls * $size)
            (Get-Tag -Database $db).Name | Sort-Object | Should -Be @('extra0', 'extra1', 'extra2', 'shared0', 'shared1', 'shared2', 'shared3', 'shared4', 'shared5', 'shared6', 'w1', 'w2', 'w3', 'w4')
            $links = (Measure-RelObject -Model Post -Database $db -Aggregate @{ N = 'Count(Tags)' }).N
            $links | Should -Be ($writers * $calls * $size * 2 + $writers * $size)
            $db.Dispose()
            Write-Figure "$writers writers x $($calls * $size) piped posts (tags created on the fly, then $size Add-PostTag -Create each): $posts/$($writers * $calls * $size) posts, $links/$($writers * $calls * $size * 2 + $writers * $size) links, 14/14 tags, 0 errors, $seconds s"
        }
        finally { Remove-Item "$path*" -ErrorAction SilentlyContinue }
    }
}
