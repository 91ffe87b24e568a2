# Child process of Reliability.Crash.Tests.ps1: piped imports, one call after another, until killed.
# Each call pipes $Size posts with a tag made for the call; "done <run>" is written only after the call returned.
param([string] $Log, [string] $Path, [int] $Size = 40)
Import-Module (Join-Path $PSScriptRoot '../../../RelationsPS.psd1')
Connect-RelDatabase -Path $Path
[IO.File]::AppendAllText($Log, 'ready' + "`n")
while ($true) {
    $run = [guid]::NewGuid().ToString('N').Substring(0, 10)
    1..$Size | ForEach-Object { [pscustomobject]@{ Title = "$run-$_"; Tag = "t$($_ % 5);u$run" } } | New-Post | Out-Null
    [IO.File]::AppendAllText($Log, "done $run" + "`n")
}
