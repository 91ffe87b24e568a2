# Child process of PostgreSQL.Concurrency.Tests.ps1: Add-PostTag -Create of the same (post, new tag) pairs, in the
# same order, as the other children: post shared-(i % 100) gets tag link(i % 20), for i in 1..$Count. Every child
# creates the same tags and links at the same moment. Prints "errors=N" at the end.
param([string] $Log, [string] $Uri, [int] $Count = 300, [string] $Go)
Import-Module (Join-Path $PSScriptRoot '../../../RelationsPS.psd1')
Connect-RelDatabase $Uri
[IO.File]::AppendAllText($Log, "ready`n")
while (-not (Test-Path $Go)) { Start-Sleep -Milliseconds 10 }
$failed = @()
for ($i = 1; $i -le $Count; $i++) {
    Add-PostTag -Post "shared-$($i % 100)" -Tag ('link{0:00}' -f ($i % 20)) -Create -ErrorAction SilentlyContinue -ErrorVariable +failed
}
[IO.File]::AppendAllText($Log, "errors=$($failed.Count)`n")
foreach ($e in $failed) { [IO.File]::AppendAllText($Log, "error: $($e.FullyQualifiedErrorId): $e`n") }
