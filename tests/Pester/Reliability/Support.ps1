# Shared by the Reliability.*.Tests.ps1 specs: child pwsh processes that can be killed, and checks
# made with a connection of the test's own.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path

# A child pwsh (the pinned local tool) running one of the scripts beside this file; its standard output
# is collected line by line in $child.Lines as it comes.
function Start-ChildPwsh([string] $Script, [string[]] $Arguments) {
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot $Script)) + $Arguments) { $info.ArgumentList.Add($a) }
    $info.WorkingDirectory = $script:RepoRoot
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.Environment['NO_COLOR'] = '1'
    $process = [System.Diagnostics.Process]::new()
    $process.StartInfo = $info
    $lines = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
    $errors = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
    $null = Register-ObjectEvent -InputObject $process -EventName OutputDataReceived -MessageData $lines -Action { if ($null -ne $EventArgs.Data) { $Event.MessageData.Enqueue($EventArgs.Data) } }
    $null = Register-ObjectEvent -InputObject $process -EventName ErrorDataReceived -MessageData $errors -Action { if ($null -ne $EventArgs.Data) { $Event.MessageData.Enqueue($EventArgs.Data) } }
    $null = $process.Start()
    $process.BeginOutputReadLine()
    $process.BeginErrorReadLine()
    [pscustomobject]@{ Process = $process; Lines = $lines; Errors = $errors }
}

function Wait-ChildLine($Child, [string] $Like, [int] $TimeoutSeconds = 60) {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if (@($Child.Lines.ToArray() | Where-Object { $_ -like $Like }).Count -gt 0) { return }
        if ($Child.Process.HasExited) { break }
        Start-Sleep -Milliseconds 20
    }
    throw "The child never wrote '$Like'. Output: $($Child.Lines.ToArray() -join ' | ') Errors: $($Child.Errors.ToArray() -join ' | ')"
}

# kill -9: Process.Kill sends SIGKILL on Linux and macOS; nothing in the child runs after it.
function Stop-ChildHard($Child) {
    $Child.Process.Kill()
    $Child.Process.WaitForExit()
    Start-Sleep -Milliseconds 100   # the last output events
    $Child.Process.Dispose()
}

function Wait-ChildExit($Child, [int] $TimeoutSeconds = 300) {
    if (-not $Child.Process.WaitForExit($TimeoutSeconds * 1000)) { $Child.Process.Kill(); throw "The child did not finish in $TimeoutSeconds s." }
    $Child.Process.WaitForExit()
    Start-Sleep -Milliseconds 100
    $Child.Process.Dispose()
}

# PRAGMA integrity_check on a connection of its own.
function Test-DatabaseIntegrity([string] $Path) {
    $db = Connect-RelDatabase -Path $Path -PassThru
    try { $db.Scalar([RelationsPS.Core.Compilation.SqlStatement]::new('PRAGMA integrity_check', [object[]]@())) }
    finally { $db.Dispose() }
}

function New-TempDatabasePath([string] $Label = 'rel') {
    Join-Path ([IO.Path]::GetTempPath()) ("relps-$Label-{0}.db" -f [guid]::NewGuid().ToString('N'))
}

# One line of figures for RELIABILITY.md, in the test output.
function Write-Figure([string] $Text) { Write-Host "RELIABILITY: $Text" }
