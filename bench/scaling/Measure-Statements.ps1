<#
.SYNOPSIS
    The statements each blog cmdlet runs, from the query log: how many, on which tables, and
    whether each names one distribution key (the measurement behind docs/SCALING.md).
.DESCRIPTION
    Connects to -Database (a SQLite file, default a new temp file) or -Uri (postgresql://...),
    seeds a small blog, then runs each cmdlet of the list after Clear-RelQueryLog and reports the
    statements it ran. A statement "names one key" when its WHERE pins the table's distribution key
    (post id, tag name or id, user id) to a single parameter; a Citus coordinator routes such a
    statement to one shard, and fans out the others.
.EXAMPLE
    dotnet pwsh bench/scaling/Measure-Statements.ps1
#>
[CmdletBinding()]
param(
    [string] $Uri,
    [switch] $ShowSql,
    [string] $Path = (Join-Path ([IO.Path]::GetTempPath()) "relps-scaling-$PID.db")
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1')
if ($Uri) { Connect-RelDatabase $Uri } else { Connect-RelDatabase -Path $Path }

# A small blog: 3 users, 5 tags, 20 posts.
'alice', 'bob', 'carol' | ForEach-Object { New-User $_ } | Out-Null
'python', 'django', 'sql', 'rust', 'go' | ForEach-Object { New-Tag -Name $_ } | Out-Null
1..20 | ForEach-Object { New-Post -Title "Post $_" -Tag @('python', 'django', 'sql')[$_ % 3] -Author @('alice', 'bob', 'carol')[$_ % 3] } | Out-Null

$cases = [ordered]@{
    "New-Post -Tag python, django (tags exist)"   = { New-Post -Title 'Scaling' -Tag python, django -Author alice }
    "New-Post -Tag newtag (a new tag)"             = { New-Post -Title 'Fresh' -Tag ("t" + [guid]::NewGuid().ToString('N').Substring(0, 8)) }
    "Get-Post -Id 5"                               = { Get-Post -Id 5 }
    "Get-Post -Tag python"                         = { Get-Post -Tag python }
    "Get-Post -Filter { Views -gt 100 }"           = { Get-Post -Filter { $_.Views -gt 100 } }
    "Get-User alice | Get-Post"                    = { Get-User alice | Get-Post }
    "Get-Post -Id 1 | Add-PostTag -Tag rust"       = { Get-Post -Id 1 | Add-PostTag -Tag rust }
    "Get-Post -Id 1 | Add-PostTag -Tag x -Create"  = { Get-Post -Id 1 | Add-PostTag -Tag ("c" + [guid]::NewGuid().ToString('N').Substring(0, 8)) -Create }
    "Get-Post -Id 1 | Remove-PostTag -Tag rust"    = { Get-Post -Id 1 | Remove-PostTag -Tag rust }
    "Get-Post -Id 2 | Set-Post -Views 5"           = { Get-Post -Id 2 | Set-Post -Views 5 }
    "Get-Tag python"                               = { Get-Tag python }
    "Measure-RelObject Post (Tags.Name, Avg)"      = { Measure-RelObject -Model Post -Filter { $_.Tags.Name -eq 'python' } -Aggregate @{ AvgViews = 'Avg(Views)' } }
    "New-User dave | New-Profile"                  = { New-User dave | New-Profile -Bio 'Writes' }
    "Get-User alice | Get-Profile"                 = { Get-User alice | Get-Profile }
    "Get-Post -Id 3 | Remove-Post"                 = { Get-Post -Id 3 | Remove-Post -Confirm:$false }
    "Remove-User bob (cascades)"                   = { Remove-User bob -Confirm:$false }
}

foreach ($name in $cases.Keys) {
    Clear-RelQueryLog
    & $cases[$name] | Out-Null
    $log = @(Get-RelQueryLog)
    $kinds = $log | ForEach-Object { ($_.Sql -split '\s+')[0].ToUpperInvariant() } | Group-Object | ForEach-Object { "$($_.Count) $($_.Name)" }
    [pscustomobject]@{
        Cmdlet     = $name
        Statements = $log.Count
        Kinds      = $kinds -join ', '
    }
    if ($ShowSql) { foreach ($e in $log) { Write-Host ("    " + $e.Sql + "  -- " + (($e.Parameters | ForEach-Object { "$_" }) -join ', ')) } }
}
Disconnect-RelDatabase
if (-not $Uri) { Remove-Item "$Path*" -ErrorAction SilentlyContinue }
