# Child process of Reliability.Concurrency.Tests.ps1: one of several writers of one file.
# $Calls piped imports of $Size posts (tags shared by all writers, created on the fly), then one
# Add-PostTag -Create per post of the first call; prints "errors=N" at the end.
param([string] $Log, [string] $Path, [string] $Name, [int] $Calls = 10, [int] $Size = 50)
Import-Module (Join-Path $PSScriptRoot '../../../RelationsPS.psd1')
Connect-RelDatabase -Path $Path
$failed = @()
for ($c = 1; $c -le $Calls; $c++) {
    1..$Size | ForEach-Object { [pscustomobject]@{ Title = "$Name-$c-$_"; Tag = "shared$($_ % 7);$Name" } } |
        New-Post -ErrorAction SilentlyContinue -ErrorVariable +failed | Out-Null
}
1..$Size | ForEach-Object { Add-PostTag -Post "$Name-1-$_" -Tag "extra$($_ % 3)" -Create -ErrorAction SilentlyContinue -ErrorVariable +failed }
[IO.File]::AppendAllText($Log, "errors=$($failed.Count)" + "`n")
foreach ($e in $failed) { [IO.File]::AppendAllText($Log, "error: $($e.FullyQualifiedErrorId): $e`n") }
