<#
.SYNOPSIS
    Builds, tests and packages RelationsPS.

.DESCRIPTION
    Build   - dotnet tool restore (pwsh 7.6.10, .config/dotnet-tools.json) and dotnet build (lays out
              module/bin so Import-Module ./RelationsPS.psd1 works).
    Demo    - Build, then examples/blog.ps1 in real pwsh (dotnet pwsh) against the default database.
    Test    - dotnet test RelationsPS.sln: the xunit tests and the Pester specs of tests/Pester, each
              Pester It a test, run in real pwsh with the Pester pinned in
              tests/RelationsPS.Pester.Tests (5.7.1, from NuGet).
    Pester  - Invoke-Pester on tests/Pester with that pinned Pester (restored first), in real pwsh,
              for Pester's own detailed output; fails when a spec fails.
    Package - lays out out/RelationsPS/<version>/ (manifest, module/, LICENSE, README), installable as is.
    Clean   - removes build output, module/bin and out/.

.PARAMETER Task
    One or more of Build, Demo, Test, Pester, Package, Clean. Default: Build.

.PARAMETER Configuration
    Debug or Release. Default: Release.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build, Test

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Demo', 'Test', 'Pester', 'Package', 'Clean')]
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
                Invoke-Native 'dotnet tool restore' { dotnet tool restore }
                Invoke-Native 'dotnet build' { dotnet build RelationsPS.sln -c $Configuration }
            }
            'Demo' {
                Invoke-Native 'dotnet tool restore' { dotnet tool restore }
                Invoke-Native 'dotnet build' { dotnet build src/RelationsPS/RelationsPS.csproj -c $Configuration }
                Invoke-Native 'examples/blog.ps1' { dotnet pwsh -NoProfile -File examples/blog.ps1 }
            }
            'Test' {
                # The Pester specs run inside dotnet test (tests/RelationsPS.Pester.Tests), in real pwsh.
                Invoke-Native 'dotnet test' { dotnet test RelationsPS.sln -c $Configuration }
            }
            'Pester' {
                $project = 'tests/RelationsPS.Pester.Tests/RelationsPS.Pester.Tests.csproj'
                $version = @(([xml](Get-Content -Raw $project)).Project.PropertyGroup | ForEach-Object { $_.PSObject.Properties['PesterVersion'] } | Where-Object { $_ })[0].Value
                Invoke-Native 'dotnet build' { dotnet build $project -c $Configuration }   # restores Pester, builds the module
                $packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
                $manifest = Join-Path $packages.Trim() "pester/$version/tools/Pester.psd1"
                if (-not (Test-Path $manifest)) { throw "Pester $version is not at $manifest after restore." }
                # In a pwsh of its own (the pinned tool): this script's strict mode and error preference stay out of the specs.
                Invoke-Native 'Invoke-Pester' { dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifest'; `$c = New-PesterConfiguration; `$c.Run.Path = 'tests/Pester'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c" }
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
