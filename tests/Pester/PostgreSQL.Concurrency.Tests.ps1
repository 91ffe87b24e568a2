# Processes writing one PostgreSQL database at once (issue 13): two pwsh processes x 2,000 New-Post with a tag drawn
# from 20 new names create each tag once and keep every post, with no error; Add-PostTag -Create racing on the same
# new tags and the same links never fails on the tag's unique name or the join table's unique pair.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'PostgreSQL/Support.ps1')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    . (Join-Path $PSScriptRoot 'PostgreSQL/Support.ps1')
    . (Join-Path $PSScriptRoot 'Reliability/Support.ps1')

    # Starts the children, waits until each is connected, then lets them all go at once.
    function Invoke-Race([string] $Script, [object[]] $ArgumentLists, [int] $TimeoutSeconds) {
        $go = Join-Path ([IO.Path]::GetTempPath()) ("relps-go-{0}" -f [guid]::NewGuid().ToString('N'))
        try {
            $children = @($ArgumentLists | ForEach-Object { Start-ChildPwsh $Script (@($_) + @('-Go', $go)) })
            $children | ForEach-Object { Wait-ChildLine $_ 'ready' 120 }
            $started = [Diagnostics.Stopwatch]::StartNew()
            New-Item -ItemType File $go | Out-Null
            $children | ForEach-Object { Wait-ChildExit $_ $TimeoutSeconds }
            [pscustomobject]@{ Seconds = [math]::Round($started.Elapsed.TotalSeconds, 1); Lines = @($children | ForEach-Object { (Get-ChildLines $_ | Where-Object { $_ -ne 'ready' }) -join ' | ' }) }
        }
        finally { Remove-Item $go -ErrorAction Ignore }
    }
}

Describe 'Processes writing one PostgreSQL database at once' -Skip:$PgSkip {
    It 'keeps 2 x 2,000 New-Post -Tag (one of 20 new names) with each tag created once and no error' {
        $uri = New-PgTestDatabase 'race'
        Connect-RelDatabase $uri   # the blog tables exist before the race: the race is about the rows
        Disconnect-RelDatabase
        $race = Invoke-Race 'PgNewPost.ps1' @(@('-Uri', $uri, '-Name', 'a', '-Count', 2000, '-Seed', 1), @('-Uri', $uri, '-Name', 'b', '-Count', 2000, '-Seed', 2)) 900
        $race.Lines | Should -Be @('errors=0', 'errors=0')

        $db = Connect-RelDatabase $uri -PassThru
        (Get-Post -Database $db -AsQuery).Count() | Should -Be 4000
        (Get-Tag -Database $db).Name | Sort-Object | Should -Be @(0..19 | ForEach-Object { 'race{0:00}' -f $_ })
        (Measure-RelObject -Model Post -Database $db -Aggregate @{ N = 'Count(Tags)' }).N | Should -Be 4000
        @(Get-Post -Database $db -Filter { $_.Title -like 'a-*' }).Count | Should -Be 2000
        Disconnect-RelDatabase
        Write-Figure "PostgreSQL: 2 processes x 2,000 New-Post -Tag (random of 20 new names) at once: 4,000/4,000 posts, 20/20 tags (each once), 4,000/4,000 links, 0 errors, $($race.Seconds) s"
    }

    It 'lets 3 processes Add-PostTag -Create the same new tags and the same links at once, with no error' {
        $uri = New-PgTestDatabase 'links'
        Connect-RelDatabase $uri
        0..99 | ForEach-Object { [pscustomobject]@{ Title = "shared-$_" } } | New-Post | Out-Null
        Disconnect-RelDatabase
        $args3 = @(1..3 | ForEach-Object { , @('-Uri', $uri, '-Count', 300) })
        $race = Invoke-Race 'PgAddTag.ps1' $args3 600
        $race.Lines | Should -Be @('errors=0', 'errors=0', 'errors=0')

        $db = Connect-RelDatabase $uri -PassThru
        (Get-Tag -Database $db).Name | Sort-Object | Should -Be @(0..19 | ForEach-Object { 'link{0:00}' -f $_ })
        (Measure-RelObject -Model Post -Database $db -Aggregate @{ N = 'Count(Tags)' }).N | Should -Be 100
        (Get-Post -Database $db -Title 'shared-37').Tags.Name | Should -Be 'link17'
        Disconnect-RelDatabase
        Write-Figure "PostgreSQL: 3 processes x 300 Add-PostTag -Create of the same new tags and links at once: 20/20 tags, 100/100 links, 0 errors, $($race.Seconds) s"
    }
}
