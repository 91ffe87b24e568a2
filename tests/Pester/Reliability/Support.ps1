# Shared by the Reliability.*.Tests.ps1 specs: child pwsh processes that can be killed, and checks
# made with a connection of the test's own.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path

# A child pwsh (the pinned local tool) running one of the scripts beside this file. The child writes
# what it has done to a log file of its own, line by line (a line is written only after the work it
# reports returned), so the log survives a kill -9; its console output goes to this process's console.
function Start-ChildPwsh([string] $Script, [string[]] $Arguments) {
    $log = [IO.Path]::GetTempFileName()
    # The pwsh of this process itself ($PSHOME/pwsh.dll), started by dotnet directly: `dotnet pwsh` is a shim
    # that starts pwsh as a child of its own, and a kill -9 of the shim would leave that child writing.
    $info = [System.Diagnostics.ProcessStartInfo]::new((Get-Process -Id $PID).Path)
    foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot $Script), '-Log', $log) + $Arguments) { $info.ArgumentList.Add($a) }
    $info.WorkingDirectory = $script:RepoRoot
    $info.UseShellExecute = $false
    $info.Environment['NO_COLOR'] = '1'
    [pscustomobject]@{ Process = [System.Diagnostics.Process]::Start($info); Log = $log }
}

function Get-ChildLines($Child) {
    $text = try { [IO.File]::ReadAllText($Child.Log) } catch { '' }
    @($text -split "`n" | Where-Object { $_ })
}

function Wait-ChildLine($Child, [string] $Like, [int] $TimeoutSeconds = 60) {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if (@(Get-ChildLines $Child | Where-Object { $_ -like $Like }).Count -gt 0) { return }
        if ($Child.Process.HasExited) { break }
        Start-Sleep -Milliseconds 20
    }
    throw "The child never wrote '$Like'. Its log: $((Get-ChildLines $Child) -join ' | ')"
}

# kill -9: Process.Kill sends SIGKILL on Linux and macOS; nothing in the child runs after it.
function Stop-ChildHard($Child) {
    $Child.Process.Kill($true)
    $Child.Process.WaitForExit()
    $Child.Process.Dispose()
}

function Wait-ChildExit($Child, [int] $TimeoutSeconds = 300) {
    if (-not $Child.Process.WaitForExit($TimeoutSeconds * 1000)) { $Child.Process.Kill($true); throw "The child did not finish in $TimeoutSeconds s." }
    $Child.Process.Dispose()
}

# A statement for RelDatabase.Scalar. The engine's types live in the module's own load context, where
# PowerShell's [TypeName] syntax does not look, so the type is taken from the connection's assembly.
function New-SqlStatement($Db, [string] $Sql) {
    $type = $Db.GetType().Assembly.GetType('RelationsPS.Core.Compilation.SqlStatement', $true)
    [Activator]::CreateInstance($type, @($Sql, [object[]]@()))
}

# PRAGMA integrity_check on a connection of its own.
function Test-DatabaseIntegrity([string] $Path) {
    $db = Connect-RelDatabase -Path $Path -PassThru
    try { $db.Scalar((New-SqlStatement $db 'PRAGMA integrity_check')) }
    finally { $db.Dispose() }
}

function New-TempDatabasePath([string] $Label = 'rel') {
    Join-Path ([IO.Path]::GetTempPath()) ("relps-$Label-{0}.db" -f [guid]::NewGuid().ToString('N'))
}

# One line of figures for RELIABILITY.md, in the test output.
function Write-Figure([string] $Text) { Write-Host "RELIABILITY: $Text" }
