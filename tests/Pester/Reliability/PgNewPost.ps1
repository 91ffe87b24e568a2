# Child process of PostgreSQL.Concurrency.Tests.ps1: $Count New-Post calls against one PostgreSQL database, each
# with one tag drawn at random from 20 names that do not exist yet (so the processes race to create them).
# Waits for the go file so that every child starts at the same moment; prints "errors=N" at the end.
param([string] $Log, [string] $Uri, [string] $Name, [int] $Count = 2000, [string] $Go, [int] $Seed = 1)
Import-Module (Join-Path $PSScriptRoot '../../../RelationsPS.psd1')
Connect-RelDatabase $Uri
$random = [Random]::new($Seed)
[IO.File]::AppendAllText($Log, "ready`n")
while (-not (Test-Path $Go)) { Start-Sleep -Milliseconds 10 }
$failed = @()
for ($i = 1; $i -le $Count; $i++) {
    New-Post -Title "$Name-$i" -Tag ('race{0:00}' -f $random.Next(20)) -ErrorAction SilentlyContinue -ErrorVariable +failed | Out-Null
}
[IO.File]::AppendAllText($Log, "errors=$($failed.Count)`n")
foreach ($e in $failed) { [IO.File]::AppendAllText($Log, "error: $($e.FullyQualifiedErrorId): $e`n") }
