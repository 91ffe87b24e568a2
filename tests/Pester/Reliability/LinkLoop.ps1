# Child process of Reliability.Crash.Tests.ps1: Set-PostTag calls in a fixed rotation, until killed.
# Call k sets post p(k % 10) to tag set (k % 4); "done k" is written only after the call returned.
param([string] $Log, [string] $Path)
Import-Module (Join-Path $PSScriptRoot '../../../RelationsPS.psd1')
Connect-RelDatabase -Path $Path
$sets = @(@('a', 'b'), @('b', 'c', 'd'), @('e'), @())
[IO.File]::AppendAllText($Log, 'ready' + "`n")
for ($k = 0; ; $k++) {
    Set-PostTag -Post "p$($k % 10)" -Tag $sets[$k % 4] -Create | Out-Null
    [IO.File]::AppendAllText($Log, "done $k" + "`n")
}
