# Update-RelSchema on PostgreSQL (issue 13): the schema-evolution scenarios of SchemaEvolution.Tests.ps1, each run
# on a new SQLite file and on a new database of the test cluster, holding the same rows. The transcripts must be
# equal: the same differences, losses, ErrorIds, rows and history, although SQLite rebuilds a table where
# PostgreSQL alters it in place (the statements themselves, lines beginning 'ddl:', are compared per database,
# and PostgreSQL's spelling of a type in a description, character varying(n), is read as SQLite's varchar(n)).
# "unchanged" compares the catalog (sqlite_master, or pg_catalog's columns, constraints and indexes) and the rows.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'PostgreSQL/Support.ps1')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    . (Join-Path $PSScriptRoot 'PostgreSQL/Support.ps1')
    $script:files = [Collections.Generic.List[string]]::new()
    $script:v1 = @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50 } } }

    # Runs $Scenario on both databases, each seeded with the same three servers; returns both transcripts.
    function Invoke-OnBoth([scriptblock] $Scenario) {
        $file = New-TempSqlitePath 'pgevolve'
        $script:files.Add($file)
        $out = @{}
        foreach ($target in @(@{ Name = 'SQLite'; Path = $file }, @{ Name = 'PostgreSQL'; Path = (New-PgTestDatabase 'evolve') })) {
            Connect-RelDatabase -Path $target.Path -Schema $v1
            'web01', 'db01', 'cache-server-number-one' | ForEach-Object { New-RelObject Server @{ Name = $_ } | Out-Null }
            $out[$target.Name] = @(& $Scenario | ForEach-Object { if ($_ -notlike 'ddl:*') { $_ -replace 'character varying\(', 'varchar(' } else { $_ } })
            Disconnect-RelDatabase
        }
        $out
    }

    # The tables, constraints and indexes as the database's catalog describes them, and every row of $Table.
    function Get-Snapshot([string] $Table = 'server') {
        $catalog = if ("$((Get-RelDatabase).Provider)" -eq 'PostgreSQL') {
            Invoke-RelSql @'
SELECT line FROM (
  SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END AS line
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE n.nspname = current_schema() AND c.relkind = 'r'
  UNION ALL
  SELECT 'constraint ' || c.relname || ' ' || k.conname || ': ' || pg_get_constraintdef(k.oid)
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_namespace n ON n.oid = x.relnamespace
  WHERE n.nspname = current_schema()
) AS m ORDER BY line
'@
        }
        else { Invoke-RelSql "SELECT type || ' ' || name || ': ' || IFNULL(sql, '') AS line FROM sqlite_master ORDER BY line" }
        (@($catalog.line) + @(Get-RelObject -Model ($Table -replace '^.', { $_.Value.ToUpper() }) -OrderBy Id | ConvertTo-Json -Compress -Depth 1)) -join "`n"
    }

    # A transcript without the statements (which differ by design); the statements of one database.
    function Get-Outcome([object[]] $Lines) { @($Lines | Where-Object { $_ -notlike 'ddl:*' }) }
    function Get-Ddl([object[]] $Lines) { @($Lines | Where-Object { $_ -like 'ddl:*' }) }
}

AfterAll {
    foreach ($f in $script:files) { Remove-Item "$f*" -ErrorAction Ignore }
}

Describe 'Update-RelSchema on PostgreSQL' -Skip:$PgSkip {
    It 'Compare-RelSchema and -WhatIf show a new field and its statements, and change nothing' {
        $r = Invoke-OnBoth {
            $before = Get-Snapshot
            $owner = @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Owner = @{ Type = 'Char'; MaxLength = 30; Default = 'ops' } } }
            $d = Compare-RelSchema -Schema $owner
            "$($d.Kind) $($d.Model).$($d.Field) loses=$($d.LosesData): $($d.Description)"
            "ddl: $($d.Ddl -join ' | ')"
            Update-RelSchema -Schema $owner -WhatIf
            Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 10 } } } -WhatIf
            "unchanged: $((Get-Snapshot) -eq $before) history: $(@(Get-RelSchemaHistory).Count)"
        }
        Get-Outcome $r.PostgreSQL | Should -Be (Get-Outcome $r.SQLite)
        Get-Outcome $r.SQLite | Should -Be @(
            "AddField Server.Owner loses=False: new column 'owner' varchar(30) NOT NULL, rows already there take 'ops'"
            'unchanged: True history: 0'
        )
        Get-Ddl $r.PostgreSQL | Should -Be 'ddl: ALTER TABLE "server" ADD COLUMN "owner" character varying(30) NULL | UPDATE "server" SET "owner" = @p0 | ALTER TABLE "server" ALTER COLUMN "owner" SET NOT NULL'
        Get-Ddl $r.SQLite | Should -BeLike 'ddl: CREATE TABLE "new__server"*'
    }

    It 'adds a field, narrows only with -Force, renames with a transform, and records each change' {
        $r = Invoke-OnBoth {
            Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Owner = @{ Type = 'Char'; MaxLength = 30; Default = 'ops' } } }
            "owners: $((Get-RelObject Server -OrderBy Id).Owner -join ',') new: $((New-RelObject Server @{ Name = 'new' }).Owner)"
            $narrow = @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 10 }; Owner = @{ Type = 'Char'; MaxLength = 30; Default = 'ops' } } }
            $before = Get-Snapshot
            try { Update-RelSchema -Schema $narrow -ErrorAction Stop } catch { "refused: $($_.FullyQualifiedErrorId.Split(',')[0]) $($_.CategoryInfo.Category)" }
            "unchanged: $((Get-Snapshot) -eq $before)"
            Update-RelSchema -Schema $narrow -Force -Confirm:$false
            "names: $((Get-RelObject Server -OrderBy Id).Name -join ',')"
            # [ordered]: a plain hashtable's key order changes from process to process, and so would the order of the differences.
            $v3 = @{ Server = [ordered]@{ Host = @{ Type = 'Char'; MaxLength = 10 }; Owner = @{ Type = 'Char'; MaxLength = 30; Default = 'ops' }; Fqdn = @{ Type = 'Char'; MaxLength = 80; Default = '' } } }
            "candidate: $((Compare-RelSchema -Schema $v3 | Where-Object Kind -EQ 'RenameCandidate').Description)"
            Update-RelSchema -Schema $v3 -Rename @{ 'Server.Name' = 'Server.Host' } -Transform @{ 'Server.Fqdn' = { $_.Host + '.corp' } }
            "fqdn: $((Get-RelObject Server -OrderBy Id).Fqdn -join ',')"
            "filter: $((Get-RelObject Server -Filter { $_.Host -like 'db*' }).Fqdn)"
            Get-RelSchemaHistory | ForEach-Object { "history: $($_.Description -replace '\r?\n', ' / ')" }
            "differences left: $(@(Compare-RelSchema -Schema $v3).Count)"
        }
        $r.PostgreSQL | Should -Be $r.SQLite
        $r.SQLite | Should -Be @(
            'owners: ops,ops,ops new: ops'
            'refused: DataLossNeedsForce InvalidData'
            'unchanged: True'
            'names: web01,db01,cache-serv,new'
            "candidate: column 'name' goes and 'host' comes, of one type: if it is a rename, say -Rename @{ 'Server.Name' = 'Server.Host' } (renames are never guessed)"
            'fqdn: web01.corp,db01.corp,cache-serv.corp,new.corp'
            'filter: db01.corp'
            'history: AddField Server.Owner: new column ''owner'' varchar(30) NOT NULL, rows already there take ''ops'''
            'history: AlterField Server.Name: max length varchar(50) -> varchar(10)'
            'history: RenameField Server.Host: column ''name'' renamed to ''host'', values kept / AddField Server.Fqdn: new column ''fqdn'' varchar(80) NOT NULL, rows already there take '''' / Transform Server.Fqdn'
            'differences left: 0'
        )
    }

    It 'a unique constraint existing rows violate fails midway and changes nothing; once they differ, unique, relation and NOT NULL apply' {
        $r = Invoke-OnBoth {
            New-RelObject Server @{ Name = 'web01' } | Out-Null
            $v2 = @{
                Server = @{ Name  = @{ Type = 'Char'; MaxLength = 50; Unique = $true }
                            Rack  = @{ Type = 'ForeignKey'; To = 'Rack'; Null = $true; OnDelete = 'SetNull' }
                            Notes = @{ Type = 'Text'; Default = 'none' } }
                Rack   = @{ Label = @{ Type = 'Char'; MaxLength = 9 } }
            }
            (Compare-RelSchema -Schema $v2 | ForEach-Object { "$($_.Kind) $($_.Model).$($_.Field)" } | Sort-Object) -join ', '
            $before = Get-Snapshot
            try { Update-RelSchema -Schema $v2 -ErrorAction Stop } catch { "failed: $($_.FullyQualifiedErrorId.Split(',')[0]) $($_.CategoryInfo.Category)" }
            "unchanged: $((Get-Snapshot) -eq $before) history: $(@(Get-RelSchemaHistory).Count) models: $((Get-RelModel).Name -join ',')"
            Get-RelObject Server -Filter { $_.Id -eq 4 } | Remove-RelObject -Confirm:$false
            Update-RelSchema -Schema $v2
            $rack = New-RelObject Rack @{ Label = 'R1' }
            Get-RelObject Server -Filter { $_.Name -eq 'db01' } | Set-RelObject -Property @{ Rack = $rack }
            "in R1: $((Get-RelObject Server -Filter { $_.Rack.Label -eq 'R1' }).Name) notes: $((Get-RelObject Server -OrderBy Id).Notes -join ',')"
            try { New-RelObject Server @{ Name = 'db01' } -ErrorAction Stop } catch { "duplicate: $($_.FullyQualifiedErrorId.Split(',')[0])" }
            "differences left: $(@(Compare-RelSchema -Schema $v2).Count)"
        }
        $r.PostgreSQL | Should -Be $r.SQLite
        $r.SQLite | Should -Be @(
            'AddField Server.Notes, AddModel Rack., AddRelation Server.Rack, AlterField Server.Name, AlterField Server.Rack'
            'failed: UniqueViolation ResourceExists'
            'unchanged: True history: 0 models: Server'
            'in R1: db01 notes: none,none,none'
            'duplicate: UniqueViolation'
            'differences left: 0'
        )
    }

    It 'renames a model keeping its rows, and Export-RelSchema round-trips the migrated tables' {
        $r = Invoke-OnBoth {
            $hosts = @{ Host = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Port = @{ Type = 'Integer'; Null = $true } } }
            (Compare-RelSchema -Schema $hosts).Kind | Sort-Object
            Update-RelSchema -Schema $hosts -Rename @{ Server = 'Host' }
            "hosts: $((Get-RelObject Host -OrderBy Id).Name -join ',') ports: $(@((Get-RelObject Host).Port | Where-Object { $null -ne $_ }).Count)"
            $file = New-TempSqlitePath 'export'
            $script:files.Add($file)
            Export-RelSchema -Path "$file.psd1"
            "round trip: $(@(Compare-RelSchema -Schema "$file.psd1").Count)"
            try { Update-RelSchema -Schema @{ Host = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Port = @{ Type = 'Integer' } } } -ErrorAction Stop }
            catch { "refused: $($_.FullyQualifiedErrorId.Split(',')[0])" }
            Update-RelSchema -Schema @{ Host = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Port = @{ Type = 'Integer'; Default = 22 } } }
            "ports: $((Get-RelObject Host -OrderBy Id).Port -join ',')"
        }
        $r.PostgreSQL | Should -Be $r.SQLite
        $r.SQLite | Should -Be @('AddModel', 'RemoveModel', 'hosts: web01,db01,cache-server-number-one ports: 0', 'round trip: 0', 'refused: DataLossNeedsForce', 'ports: 22,22,22')
    }
}
