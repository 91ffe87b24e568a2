BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    $script:v1 = @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50 } } }
    # Byte for byte: the file's hash once the connection is closed (closing checkpoints and removes the
    # WAL, so only committed changes reach the file), then the same connection again.
    function script:Snapshot {
        Disconnect-RelDatabase
        $hash = (Get-FileHash $path).Hash
        Connect-RelDatabase -Path $path -Schema $v1
        $hash
    }
}

# Issue 16: schemas that evolve on a database holding rows, and databases that were there before us.
Describe 'Schema evolution' {
    BeforeEach {
        $script:path = Join-Path ([IO.Path]::GetTempPath()) "relps-evolve-$([guid]::NewGuid().ToString('N')).db"
        Connect-RelDatabase -Path $path -Schema $v1
        'web01', 'db01', 'cache-server-number-one' | ForEach-Object { New-RelObject Server @{ Name = $_ } | Out-Null }
    }
    AfterEach {
        Disconnect-RelDatabase
        Remove-Item "$path*" -ErrorAction Ignore
    }

    It 'Compare-RelSchema lists an added field with its DDL, and writes nothing' {
        $before = Snapshot
        $d = Compare-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Owner = @{ Type = 'Char'; MaxLength = 30; Default = 'ops' } } }
        $d.Kind | Should -Be 'AddField'
        $d.Model | Should -Be 'Server'
        $d.Field | Should -Be 'Owner'
        $d.Ddl[0] | Should -BeLike 'CREATE TABLE "new__server"*'
        Snapshot | Should -Be $before
    }

    It 'adds a field and existing rows take its default; the history records it' {
        Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Owner = @{ Type = 'Char'; MaxLength = 30; Default = 'ops' } } }
        (Get-RelObject Server -OrderBy Id).Owner | Should -Be @('ops', 'ops', 'ops')
        (New-RelObject Server @{ Name = 'new' }).Owner | Should -Be 'ops'
        $h = Get-RelSchemaHistory
        $h.Description | Should -BeLike '*AddField Server.Owner*'
        $h.SchemaHash | Should -Match '^[0-9a-f]{64}$'
    }

    It '-WhatIf says what would be lost and changes nothing' {
        $before = Snapshot
        Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 10 } } } -WhatIf
        Snapshot | Should -Be $before
        @(Get-RelSchemaHistory).Count | Should -Be 0
    }

    It 'refuses a change that loses data without -Force, and applies it with -Force' {
        $narrow = @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 10 } } }
        $before = Snapshot
        { Update-RelSchema -Schema $narrow -ErrorAction Stop } | Should -Throw -ErrorId 'DataLossNeedsForce*'
        Snapshot | Should -Be $before
        Update-RelSchema -Schema $narrow -Force -Confirm:$false
        (Get-RelObject Server -OrderBy Id).Name | Should -Be @('web01', 'db01', 'cache-serv')
    }

    It 'renames only when asked, keeping the values, and fills a new field with -Transform' {
        $v2 = @{ Server = @{ Host = @{ Type = 'Char'; MaxLength = 50 }; Fqdn = @{ Type = 'Char'; MaxLength = 80; Default = '' } } }
        (Compare-RelSchema -Schema $v2 | Where-Object Kind -EQ 'RenameCandidate').Description | Should -BeLike "*-Rename @{ 'Server.Name' = 'Server.Host' }*"
        Update-RelSchema -Schema $v2 -Rename @{ 'Server.Name' = 'Server.Host' } -Transform @{ 'Server.Fqdn' = { $_.Host + '.corp' } }
        (Get-RelObject Server -OrderBy Id).Fqdn | Should -Be @('web01.corp', 'db01.corp', 'cache-server-number-one.corp')
    }

    It 'a unique constraint existing rows violate fails midway and leaves the database as before' {
        New-RelObject Server @{ Name = 'web01' } | Out-Null
        $before = Snapshot
        { Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50; Unique = $true } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } } -ErrorAction Stop } |
            Should -Throw -ErrorId 'UniqueViolation*'
        Snapshot | Should -Be $before
        New-RelObject Server @{ Name = 'still-works' } | Out-Null
    }

    It 'without -Schema, a database with tables RelationsPS did not create is refused and unchanged' {
        Disconnect-RelDatabase
        $hash = (Get-FileHash $path).Hash
        { Connect-RelDatabase -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'ForeignDatabase*'
        (Get-FileHash $path).Hash | Should -Be $hash
        Connect-RelDatabase -Path $path -Schema $v1
    }

    It '-ReadOnly reads, refuses writes with a categorised error, and leaves the file byte for byte' {
        Disconnect-RelDatabase
        $hash = (Get-FileHash $path).Hash
        Connect-RelDatabase -Path $path -Schema $v1 -ReadOnly
        (Get-RelObject Server).Count | Should -Be 3
        $err = $null
        New-RelObject Server @{ Name = 'x' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseReadOnly*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        Disconnect-RelDatabase
        (Get-FileHash $path).Hash | Should -Be $hash
        Connect-RelDatabase -Path $path -Schema $v1
    }

    It 'Export-RelSchema round-trips RelationsPS''s own tables' {
        $file = "$path.psd1"
        Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50; Unique = $true }; Rack = @{ Type = 'ForeignKey'; To = 'Rack'; Null = $true; OnDelete = 'SetNull' } }; Rack = @{ Label = @{ Type = 'Char'; MaxLength = 9 } } }
        Export-RelSchema -Path $file
        @(Compare-RelSchema -Schema $file).Count | Should -Be 0
        (Export-RelSchema).Server.Rack.OnDelete | Should -Be 'SetNull'
        Disconnect-RelDatabase
        Connect-RelDatabase -Path $path -Schema $file
        (Get-RelObject Server).Count | Should -Be 3
    }
}
