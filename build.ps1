<#
.SYNOPSIS
    Builds, tests and packages RelationsPS.

.DESCRIPTION
    Build   - dotnet build (lays out module/bin so Import-Module ./RelationsPS.psd1 works).
    Test    - dotnet test, then Invoke-Pester on tests/Pester when Pester 5 or newer is installed.
    Package - lays out out/RelationsPS/<version>/ (manifest, module/, LICENSE, README), installable as is.
    Clean   - removes build output, module/bin and out/.

.PARAMETER Task
    One or more of Build, Test, Package, Clean. Default: Build.

.PARAMETER Configuration
    Debug or Release. Default: Release.

.EXAMPLE
    ./build.ps1 -Task Build, Test

.EXAMPLE
    ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Push-Location $PSScriptRoot
try {
    function Invoke-Native([string] $What, [scriptblock] $Command) {
        & $Command
        if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE." }
    }

    foreach ($t in $Task) {
        switch ($t) {
            'Clean' {
                Invoke-Native 'dotnet clean' { dotnet clean RelationsPS.sln -c $Configuration }
                foreach ($dir in 'module/bin', 'out') {
                    if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
                }
            }
            'Build' {
                Invoke-Native 'dotnet build' { dotnet build RelationsPS.sln -c $Configuration }
            }
            'Test' {
                Invoke-Native 'dotnet test' { dotnet test RelationsPS.sln -c $Configuration }
                $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -ge 5 } | Sort-Object Version -Descending | Select-Object -First 1
                if ($pester) {
                    Import-Module $pester -Force
                    $result = Invoke-Pester -Path tests/Pester -PassThru -Output Detailed
                    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester specs failed." }
                }
                else {
                    Write-Warning 'Pester 5 is not installed: the specs in tests/Pester were not run (Install-Module Pester -MinimumVersion 5.0).'
                }
            }
            'Package' {
                # -restore: Package builds first, and on a fresh clone nothing has been restored yet.
                Invoke-Native 'dotnet msbuild -t:Package' { dotnet msbuild src/RelationsPS/RelationsPS.csproj -restore -t:Package -p:Configuration=$Configuration -nologo }
            }
        }
    }
}
finally {
    Pop-Location
}
