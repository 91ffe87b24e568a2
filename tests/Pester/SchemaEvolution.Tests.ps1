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

    It 'renames a model only with -Rename, keeping its rows' {
        $hosts = @{ Host = @{ Name = @{ Type = 'Char'; MaxLength = 50 } } }
        (Compare-RelSchema -Schema $hosts).Kind | Sort-Object | Should -Be @('AddModel', 'RemoveModel')
        Update-RelSchema -Schema $hosts -Rename @{ Server = 'Host' }
        (Get-RelObject Host -OrderBy Id).Name | Should -Be @('web01', 'db01', 'cache-server-number-one')
        (Get-RelSchemaHistory).Description | Should -BeLike 'RenameModel Host*'
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

# A database RelationsPS did not create: the Chinook sample's shape, built here with plain SQL through
# the SQLite provider the module loaded (no sqlite3 needed), exported, connected read-only, queried.
Describe 'A foreign database (Chinook shape)' {
    BeforeAll {
        $script:chinook = Join-Path ([IO.Path]::GetTempPath()) "relps-chinook-$([guid]::NewGuid().ToString('N')).db"
        Connect-RelDatabase -InMemory   # loads the engine and its SQLite provider
        $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' } | Select-Object -First 1
        $connection = [Activator]::CreateInstance($assembly.GetType('Microsoft.Data.Sqlite.SqliteConnection'), [object[]]@("Data Source=$chinook;Pooling=False"))
        $connection.Open()
        $command = $connection.CreateCommand()
        $command.CommandText = Get-Content -Raw (Join-Path $PSScriptRoot 'data/chinook-shape.sql')
        $null = $command.ExecuteNonQuery()
        $command.Dispose(); $connection.Dispose()
        $script:hash = (Get-FileHash $chinook).Hash
        $script:schemaFile = "$chinook.psd1"
    }
    AfterAll {
        Disconnect-RelDatabase
        Remove-Item "$chinook*" -ErrorAction Ignore
    }

    It 'is refused without -Schema, unchanged, with the ways on named' {
        { Connect-RelDatabase -Path $chinook -ErrorAction Stop } | Should -Throw -ErrorId 'ForeignDatabase*' -ExpectedMessage '*-ReadOnly*Export-RelSchema*'
        (Get-FileHash $chinook).Hash | Should -Be $hash
    }

    It 'is refused, unchanged, as the default database named by RELATIONSPS_DATABASE' {
        $script = "Import-Module '$((Resolve-Path (Join-Path $PSScriptRoot '../../RelationsPS.psd1')).Path)'; try { Get-Post -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }"
        $env:RELATIONSPS_DATABASE = $chinook
        try { $out = & ([scriptblock]::Create("Start-ThreadJob { $script } | Receive-Job -Wait -AutoRemoveJob")) }
        finally { Remove-Item Env:RELATIONSPS_DATABASE }
        $out | Should -BeLike 'ForeignDatabase*'
        (Get-FileHash $chinook).Hash | Should -Be $hash
    }

    It 'exports its tables as models (inspectdb) to a .psd1' {
        Connect-RelDatabase -Path $chinook -ReadOnly
        Export-RelSchema -Path $schemaFile
        $schema = Import-PowerShellDataFile $schemaFile
        $schema.Album.Artist.Type | Should -Be 'ForeignKey'
        $schema.Album.Artist.DbColumn | Should -Be 'ArtistId'
        $schema.Album.Meta.IdColumn | Should -Be 'AlbumId'
        $schema.Employee.ReportsTo.To | Should -Be 'self'
        $schema.Playlist.Tracks.Type | Should -Be 'ManyToMany'
        $schema.Playlist.Tracks.Through | Should -Be 'PlaylistTrack'
    }

    It 'connected read-only with the exported schema, is queried across its relations by every kind of cmdlet' {
        Connect-RelDatabase -Path $chinook -Schema $schemaFile -ReadOnly
        (Get-RelObject Album -Filter { $_.Artist.Name -eq 'Accept' }).Title | Should -Be 'Balls to the Wall'
        (Get-RelObject Track -Filter @{ Album__Artist__Name = 'AC/DC' } -OrderBy Name).Name | Should -Be @('For Those About To Rock (We Salute You)', 'Go Down')
        (Get-RelObject Track -Filter { $_.Playlists.Name -eq 'Grunge' }).Name | Should -Be 'Go Down'
        $music = Get-RelObject Playlist -Filter @{ Name = 'Music' } -Include Tracks
        $music.Tracks.Count | Should -Be 3
        (Get-RelObject Employee -Filter { $_.ReportsTo -ne $null } -OrderBy LastName).LastName | Should -Be @('Edwards', 'Peacock')
        (Get-RelObject Customer -Filter { $_.SupportRep.ReportsTo.LastName -eq 'Edwards' }).Count | Should -Be 2
        (Measure-RelObject -Model Invoice -Aggregate @{ Sum = 'Sum(Total)'; Lines = 'Count(InvoiceLines)' }).Sum | Should -Be 4.96
        $byCountry = Group-RelObject -Model Invoice -By BillingCountry -Aggregate @{ N = 'Count(Id)' }
        $byCountry.Count | Should -Be 2
        (Get-RelObject Track -Annotate @{ Sold = 'Count(InvoiceLines)' } -OrderBy '-Sold' -First 1).Name | Should -Be 'For Those About To Rock (We Salute You)'
    }

    It 'refuses every write with DatabaseReadOnly (PermissionDenied), and the file is byte for byte as before' {
        Connect-RelDatabase -Path $chinook -Schema $schemaFile -ReadOnly
        $err = $null
        New-RelObject Artist @{ Name = 'Nobody' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseReadOnly*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        Get-RelObject Genre -Filter @{ Name = 'Jazz' } | Remove-RelObject -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseReadOnly*'
        { Update-RelSchema -Schema $schemaFile -ErrorAction Stop } | Should -Throw -ErrorId 'DatabaseReadOnly*'
        Disconnect-RelDatabase
        (Get-FileHash $chinook).Hash | Should -Be $hash
        Test-Path "$chinook-wal" | Should -BeFalse
    }
}
