# The query API an admin script needs (issue 14): upserts (Django's get_or_create and
# update_or_create), projections (values, values().distinct()) and raw SQL, in real pwsh.
# Schema: Server (Name unique, Site, Ip), Role (Name, Server -> Server, UniqueTogether Name+Server)
# and the blog's own models for New-Tag, New-User, Get-RelObject Post.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../RelationsPS.psd1')).Path
    $script:Schema = @{
        Server = @{ Name = @{ Type = 'Char'; MaxLength = 50; Unique = $true }
                    Site = @{ Type = 'Char'; MaxLength = 10; Blank = $true }
                    Ip   = @{ Type = 'Char'; MaxLength = 40; Blank = $true } }
        Role   = @{ Name   = @{ Type = 'Char'; MaxLength = 50 }
                    Server = @{ Type = 'ForeignKey'; To = 'Server'; OnDelete = 'Cascade'; RelatedName = 'Roles' }
                    Meta   = @{ UniqueTogether = , @('Name', 'Server') } }
    }
}

Describe 'New-RelObject -IfExists (get_or_create, update_or_create)' {
    BeforeEach { Connect-RelDatabase -InMemory -Schema $Schema }
    AfterEach { Disconnect-RelDatabase }

    It 'creates once, then gets the same row unchanged' {
        $a = New-RelObject Server @{ Name = 'web-01'; Ip = '10.0.0.1' } -IfExists Get
        $b = New-RelObject Server @{ Name = 'web-01'; Ip = '10.9.9.9' } -IfExists Get
        $a.Outcome | Should -Be 'Created'
        $b.Outcome | Should -Be 'Unchanged'
        $b.Id | Should -Be $a.Id
        $b.Ip | Should -Be '10.0.0.1'
        (Get-RelObject Server).Count | Should -Be 1
    }

    It 'updates the row with -IfExists Update, and says Unchanged when nothing differs' {
        $null = New-RelObject Server @{ Name = 'web-01'; Ip = '10.0.0.1' }
        (New-RelObject Server @{ Name = 'web-01'; Ip = '10.0.0.2' } -IfExists Update).Outcome | Should -Be 'Updated'
        (New-RelObject Server @{ Name = 'web-01'; Ip = '10.0.0.2' } -IfExists Update).Outcome | Should -Be 'Unchanged'
        (Get-RelObject Server).Ip | Should -Be '10.0.0.2'
    }

    It 'runs one statement per upsert (INSERT ... ON CONFLICT ... RETURNING)' {
        Clear-RelQueryLog
        $null = New-RelObject Server @{ Name = 'web-01'; Ip = '10.0.0.1' } -IfExists Update
        $null = New-RelObject Server @{ Name = 'web-01'; Ip = '10.0.0.2' } -IfExists Update
        $log = @(Get-RelQueryLog)
        $log.Count | Should -Be 2
        $log[1].Sql | Should -Match 'ON CONFLICT .* RETURNING'
    }

    It 'is re-runnable from the pipeline: a load run twice changes nothing the second time' {
        $rows = 1..3 | ForEach-Object { @{ Name = "web-0$_"; Ip = "10.0.0.$_" } }
        ($rows | New-RelObject Server -IfExists Update).Outcome | Should -Be 'Created', 'Created', 'Created'
        ($rows | New-RelObject Server -IfExists Update).Outcome | Should -Be 'Unchanged', 'Unchanged', 'Unchanged'
        (Get-RelObject Server).Count | Should -Be 3
    }

    It 'uses a whole UniqueTogether set as the key, and -Key for other fields' {
        $s = New-RelObject Server @{ Name = 'db-01' }
        (New-RelObject Role @{ Name = 'sql'; Server = $s } -IfExists Get).Outcome | Should -Be 'Created'
        (New-RelObject Role @{ Name = 'sql'; Server = $s.Id } -IfExists Get).Outcome | Should -Be 'Unchanged'
        $hit = New-RelObject Server @{ Name = 'db-02'; Site = 'lon' } -IfExists Get -Key Site
        $hit.Outcome | Should -Be 'Created'
        (New-RelObject Server @{ Name = 'db-03'; Site = 'lon' } -IfExists Get -Key Site).Name | Should -Be 'db-02'
    }

    It 'asks for -Key when no given field is unique' {
        New-RelObject Server @{ Site = 'par' } -IfExists Get -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UpsertNeedsKey,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'without -IfExists a duplicate is still ResourceExists' {
        $null = New-RelObject Server @{ Name = 'web-01' }
        New-RelObject Server @{ Name = 'web-01' } -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'two sessions getting or creating the same name at once make one row' {
        $path = Join-Path ([IO.Path]::GetTempPath()) ("relps-upsert-{0}.db" -f [guid]::NewGuid().ToString('N'))
        try {
            Connect-RelDatabase -Path $path -Schema $Schema
            $outcomes = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
                Import-Module $using:Manifest
                Connect-RelDatabase -Path $using:path -Schema $using:Schema
                try { 1..25 | ForEach-Object { (New-RelObject Server @{ Name = "web-$_" } -IfExists Get).Outcome } } finally { Disconnect-RelDatabase }
            }
            ($outcomes | Where-Object { $_ -eq 'Created' }).Count | Should -Be 25
            (Get-RelObject Server).Count | Should -Be 25
        } finally {
            Disconnect-RelDatabase
            Remove-Item "$path*" -ErrorAction SilentlyContinue
        }
    }
}

Describe 'New-Tag and New-User -IfExists Get' {
    BeforeEach { Connect-RelDatabase -InMemory }
    AfterEach { Disconnect-RelDatabase }

    It 'gets a tag of the same name, ignoring case, instead of an error' {
        $t = New-Tag python -IfExists Get
        $t.Outcome | Should -Be 'Created'
        $again = New-Tag Python -IfExists Get
        $again.Outcome | Should -Be 'Unchanged'
        $again.Id | Should -Be $t.Id
        (Get-Tag).Count | Should -Be 1
    }

    It 'gets a user of the same name in one statement' {
        $null = New-User alice
        Clear-RelQueryLog
        $u = New-User alice -IfExists Get
        $u.Outcome | Should -Be 'Unchanged'
        @(Get-RelQueryLog).Count | Should -Be 1
    }
}

Describe 'Get-RelObject -Property and Group-RelObject without -Aggregate (values)' {
    BeforeAll {
        Connect-RelDatabase -InMemory
        $alice = New-User alice
        $null = New-Post -Title 'P1' -Author $alice -Tag python, django
        $null = New-Post -Title 'P2' -Tag python
        Get-Post -Title P1 | Set-Post -Views 10
    }
    AfterAll { Disconnect-RelDatabase }

    It 'returns plain rows with only the named properties, in one statement' {
        Clear-RelQueryLog
        $rows = Get-RelObject Post -Property Title, Views, Author.UserName -OrderBy Title
        @(Get-RelQueryLog).Count | Should -Be 1
        $rows[0].PSObject.TypeNames[0] | Should -Be 'System.Management.Automation.PSCustomObject'
        $rows[0].PSObject.Properties.Name | Should -Be 'Title', 'Views', 'Author.UserName'
        ($rows | ForEach-Object { '{0}|{1}|{2}' -f $_.Title, $_.Views, $_.'Author.UserName' }) | Should -Be 'P1|10|alice', 'P2|0|'
    }

    It 'names a column with a hashtable and takes the other query parameters' {
        $rows = Get-RelObject Post -Property Title, @{ Writer = 'Author.UserName' } -Filter { $_.Views -gt 5 }
        $rows.Writer | Should -Be 'alice'
        ($rows | ConvertTo-Json -Compress) | Should -Be '{"Title":"P1","Writer":"alice"}'
    }

    It 'Group-RelObject without -Aggregate returns each distinct value once' {
        (Group-RelObject -Model Post -By Tags.Name).'Tags.Name' | Should -Be 'django', 'python'
        (Group-RelObject -Model Post -By @{ Tag = 'Tags.Name' } -Filter { $_.Title -eq 'P2' }).Tag | Should -Be 'python'
        Clear-RelQueryLog
        (Group-RelObject -Model Post -By Author.UserName).'Author.UserName' | Should -Be $null, 'alice'
        @(Get-RelQueryLog).Count | Should -Be 1
    }
}

Describe 'Invoke-RelSql' {
    BeforeEach {
        Connect-RelDatabase -InMemory
        $null = New-Post -Title 'P1'
        $null = New-Post -Title 'P2'
    }
    AfterEach { Disconnect-RelDatabase }

    It 'returns rows of a parameterised query and logs it' {
        Clear-RelQueryLog
        $rows = Invoke-RelSql 'SELECT title FROM post WHERE title = @t' -Parameters @{ t = 'P2' }
        $rows.title | Should -Be 'P2'
        $log = @(Get-RelQueryLog)
        $log.Count | Should -Be 1
        $log[0].Parameters | Should -Be 'P2'
    }

    It 'returns model objects with -Model, usable by the other cmdlets' {
        $post = Invoke-RelSql 'SELECT * FROM post WHERE title = @t' @{ t = 'P1' } -Model Post
        $post.PSObject.TypeNames[0] | Should -Be 'RelationsPS.Post'
        $post | Add-PostTag -Tag sql -Create
        (Get-Post -Tag sql).Title | Should -Be 'P1'
    }

    It 'writes with -NonQuery (rows changed), and -WhatIf writes nothing' {
        Invoke-RelSql 'UPDATE post SET views = @v' @{ v = 7 } -WhatIf
        (Get-Post).Views | Should -Be 0, 0
        Invoke-RelSql 'UPDATE post SET views = @v' @{ v = 7 } -NonQuery | Should -Be 2
        (Get-Post).Views | Should -Be 7, 7
    }

    It 'refuses two statements and reports bad SQL with an error id' {
        Invoke-RelSql 'SELECT 1; DELETE FROM post' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RawSqlMultipleStatements,*'
        Invoke-RelSql 'SELEC 1' -ErrorAction SilentlyContinue -ErrorVariable err2
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'RawSqlFailed,*'
        (Get-Post).Count | Should -Be 2
    }
}

Describe 'Piped writes in batches (bulk_create, bulk_update)' {
    BeforeEach { Connect-RelDatabase -InMemory -Schema $Schema }
    AfterEach { Disconnect-RelDatabase }

    It 'piped rows go in as multi-row INSERTs, batches growing 1, 2, 4, ...' {
        Clear-RelQueryLog
        $made = 1..100 | ForEach-Object { @{ Name = "web-$_" } } | New-RelObject Server
        $made.Count | Should -Be 100
        ($made.Id | Sort-Object -Unique).Count | Should -Be 100
        $inserts = @(Get-RelQueryLog | Where-Object Sql -like 'INSERT*')
        # batches of 1, 2, 4, 8, 16, 32, 37 items; at most 5 rows per INSERT: 1 + 1 + 1 + 2 + 4 + 7 + 8
        $inserts.Count | Should -Be 24
        (Get-RelObject Server -First 1 -OrderBy '-Id').Name | Should -Be 'web-100'
    }

    It 'a bad row is reported alone and the rest of its batch is saved' {
        $null = New-RelObject Server @{ Name = 'web-5' }
        $made = 1..10 | ForEach-Object { @{ Name = "web-$_" } } | New-RelObject Server -ErrorAction SilentlyContinue -ErrorVariable err
        $made.Count | Should -Be 9
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject.Name | Should -Be 'web-5'
        (Get-RelObject Server).Count | Should -Be 10
    }

    It 'objects come out in input order, each after its batch is saved' {
        $names = 1..20 | ForEach-Object { @{ Name = "s$_" } } | New-RelObject Server | ForEach-Object {
            (Invoke-RelSql 'SELECT count(*) AS n FROM server WHERE id = @id' @{ id = $_.Id }).n | Should -Be 1
            $_.Name
        }
        $names | Should -Be (1..20 | ForEach-Object { "s$_" })
    }

    It 'New-Post from the pipeline keeps its tags, created once' {
        Disconnect-RelDatabase
        Connect-RelDatabase -InMemory
        $posts = 1..10 | ForEach-Object { [pscustomobject]@{ Title = "p$_"; Tag = 'a;b' } } | New-Post
        $posts.Count | Should -Be 10
        (Get-Tag).Name | Should -Be 'a', 'b'
        (Get-Post -Tag b).Count | Should -Be 10
    }

    It 'piped changed objects are saved in batched UPDATEs, a vanished one reported alone' {
        1..10 | ForEach-Object { @{ Name = "web-$_" } } | New-RelObject Server | Out-Null
        $servers = Get-RelObject Server
        foreach ($s in $servers) { $s.Ip = "10.0.0.$($s.Id)" }
        Invoke-RelSql 'DELETE FROM server WHERE name = @n' @{ n = 'web-7' } -Confirm:$false
        Clear-RelQueryLog
        $saved = $servers | Set-RelObject -PassThru -ErrorAction SilentlyContinue -ErrorVariable err
        $saved.Count | Should -Be 9
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Get-RelObject Server -Property Ip).Ip | Should -Be (1..10 | Where-Object { $_ -ne 7 } | ForEach-Object { "10.0.0.$_" })
        @(Get-RelQueryLog | Where-Object Sql -like 'UPDATE*FROM (VALUES*').Count | Should -BeGreaterThan 0
    }
}

Describe 'Export-RelData and Import-RelData (dumpdata, loaddata)' {
    BeforeAll {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("relps-data-{0}" -f [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $dir | Out-Null
    }
    AfterAll { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
    AfterEach { Disconnect-RelDatabase -ErrorAction SilentlyContinue }

    It 'moves rows, ids and links from one SQLite file to another, exactly' {
        Connect-RelDatabase -Path (Join-Path $dir 'a.db')
        $gone = New-User gone
        $bob = New-User bob
        $gone | Remove-User -Confirm:$false
        $null = New-Post -Title 'P1' -Author $bob -Tag python, sql
        $null = New-Post -Title 'P2'
        $counts = Export-RelData -Path (Join-Path $dir 'data.json')
        ($counts | Where-Object Model -eq Post).Links | Should -Be 2
        Disconnect-RelDatabase

        Connect-RelDatabase -Path (Join-Path $dir 'b.db')
        $loaded = Import-RelData -Path (Join-Path $dir 'data.json')
        ($loaded | Where-Object Model -eq Post).Rows | Should -Be 2
        (Get-User).Id | Should -Be 2
        (Get-Post -Tag sql).Author.UserName | Should -Be 'bob'
        Export-RelData -Path (Join-Path $dir 'again.json') | Out-Null
        Get-Content (Join-Path $dir 'again.json') -Raw | Should -Be (Get-Content (Join-Path $dir 'data.json') -Raw)
    }

    It 'keeps DateTime, Decimal, Boolean and null exact' {
        $schema = @{ Item = @{ Price = @{ Type = 'Decimal'; MaxDigits = 10; DecimalPlaces = 2; Null = $true }
                               Active = @{ Type = 'Boolean' }
                               At = @{ Type = 'DateTime'; Null = $true } } }
        Connect-RelDatabase -InMemory -Schema $schema
        $at = [datetime]::new(2024, 2, 29, 23, 59, 58, 123, [DateTimeKind]::Utc).AddTicks(4567)
        $null = New-RelObject Item @{ Price = 12.50d; Active = $true; At = $at }
        $null = New-RelObject Item @{ Price = $null; Active = $false; At = $null }
        Export-RelData -Path (Join-Path $dir 'items.json') | Out-Null
        Disconnect-RelDatabase
        Connect-RelDatabase -InMemory -Schema $schema
        Import-RelData -Path (Join-Path $dir 'items.json') | Out-Null
        $a, $b = Get-RelObject Item -OrderBy Id
        $a.Price | Should -Be 12.50d
        $a.Price | Should -BeOfType [decimal]
        $a.Active | Should -BeTrue
        $a.At | Should -Be $at
        $a.At.Kind | Should -Be 'Utc'
        $b.Price | Should -BeNullOrEmpty
        $b.Active | Should -BeFalse
        $b.At | Should -BeNullOrEmpty
    }

    It 'loads nothing from a file with a dangling key, and says so' {
        Connect-RelDatabase -InMemory
        $null = New-Post -Title 'P' -Author (New-User ann)
        Export-RelData -Path (Join-Path $dir 'posts.json') -Model Post | Out-Null
        Disconnect-RelDatabase
        Connect-RelDatabase -InMemory
        Import-RelData -Path (Join-Path $dir 'posts.json') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ForeignKeyViolation,*'
        (Get-Post).Count | Should -Be 0
    }
}
