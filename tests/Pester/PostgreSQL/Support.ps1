# Shared by the PostgreSQL*.Tests.ps1 specs. The harness (tests/RelationsPS.Pester.Tests) starts one throwaway
# cluster on a free loopback port and hands its URI in $env:RELATIONSPS_TEST_PG (postgresql://postgres@127.0.0.1:PORT)
# and the folder of PostgreSQL's tools in $env:RELATIONSPS_TEST_PG_BIN. Where the binaries are absent that folder is
# empty and the specs are marked -Skip; CI (RELATIONSPS_REQUIRE_POSTGRES=1) runs them.

$script:PgSkip = -not $env:RELATIONSPS_TEST_PG_BIN

# A new, empty database of the test cluster; its URI (what Connect-RelDatabase takes).
function New-PgTestDatabase([string] $Label = 'spec') {
    $name = '{0}_{1}' -f $Label, [guid]::NewGuid().ToString('N').Substring(0, 12)
    & (Join-Path $env:RELATIONSPS_TEST_PG_BIN 'createdb') -h 127.0.0.1 -p $env:RELATIONSPS_TEST_PG_PORT -U postgres $name
    if ($LASTEXITCODE -ne 0) { throw "createdb $name failed ($LASTEXITCODE)" }
    "$env:RELATIONSPS_TEST_PG/$name"
}

function New-TempSqlitePath([string] $Label = 'rel') {
    Join-Path ([IO.Path]::GetTempPath()) ("relps-$Label-{0}.db" -f [guid]::NewGuid().ToString('N'))
}
