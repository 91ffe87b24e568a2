# Child process of Reliability.Concurrency.Tests.ps1: connects to a file that may not exist yet and adds a tag.
param([string] $Log, [string] $Path, [string] $Name, [string] $Go)
Import-Module (Join-Path $PSScriptRoot '../../../RelationsPS.psd1')
while (-not (Test-Path $Go)) { Start-Sleep -Milliseconds 5 }
try {
    Connect-RelDatabase -Path $Path -ErrorAction Stop
    New-Tag -Name $Name -ErrorAction Stop | Out-Null
    [IO.File]::AppendAllText($Log, 'ok' + "`n")
}
catch { [IO.File]::AppendAllText($Log, "error: $($_.FullyQualifiedErrorId): $_`n") }
