# Everyday pwsh idioms (issue 11, "the rest of what a pwsh user met"): each It is a reproduction, run in
# real pwsh with the standard cmdlets, that failed before its fix.
BeforeAll {
    # Whatever a test does, the user's own default database is never opened.
    $script:SavedDatabase = $env:RELATIONSPS_DATABASE
    $env:RELATIONSPS_DATABASE = Join-Path $TestDrive 'default.db'
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    $script:Servers = @{
        Role   = @{ Name = @{ Type = 'Char'; MaxLength = 20; Unique = $true } }
        Server = @{ Name    = @{ Type = 'Char'; MaxLength = 50; Unique = $true }
                    Cores   = @{ Type = 'Integer' }
                    Online  = @{ Type = 'Boolean'; Default = $true }
                    Booted  = @{ Type = 'DateTime'; Null = $true }
                    Price   = @{ Type = 'Decimal'; MaxDigits = 10; DecimalPlaces = 2; Null = $true }
                    Role    = @{ Type = 'ForeignKey'; To = 'Role'; OnDelete = 'SetNull'; Null = $true }
                    Roles   = @{ Type = 'ManyToMany'; To = 'Role'; RelatedName = 'Hosts'; Blank = $true } }
        O2O    = @{ Name = @{ Type = 'Char'; MaxLength = 20 }
                    Role = @{ Type = 'ForeignKey'; To = 'Role'; OnDelete = 'Cascade' } }
    }
}
AfterAll { $env:RELATIONSPS_DATABASE = $SavedDatabase }

Describe 'Cascade messages' {
    BeforeEach { Connect-RelDatabase -InMemory -Schema $Servers }

    It 'keep model names as written (O2O, not "o 2 o")' {
        $role = New-RelObject Role @{ Name = 'web' }
        New-RelObject O2O @{ Name = 'a'; Role = $role } | Out-Null
        $said = Remove-RelObject -InputObject $role -Confirm:$false -Verbose 4>&1 | Out-String
        $said | Should -BeLike "*Removed Role 'web' (Id 1) (also removes 1 O2O).*"
    }
}

Describe 'Get-Post -Id' {
    BeforeEach { Connect-RelDatabase -InMemory; New-Post -Title 'one' | Out-Null }

    It 'reports an id that finds nothing as ObjectNotFound, as Get-Tag nosuch does' {
        Get-Post -Id 99 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 99
        (Get-Post -Id 1).Title | Should -Be 'one'
    }
}

Describe 'New-RelObject from objects' {
    BeforeEach {
        Connect-RelDatabase -InMemory -Schema $Servers
        'web', 'db' | ForEach-Object { New-RelObject Role @{ Name = $_ } } | Out-Null
        $script:csv = Join-Path $TestDrive 'servers.csv'
    }

    It 'binds Import-Csv rows, converting text to the field types' {
        @'
Name,Cores,Online,Booted,Price,Role,Roles
web-01,4,False,2024-01-02 03:04:05,12.50,web,web;db
db-01,16,,,,,
'@ | Set-Content $csv
        $made = Import-Csv $csv | New-RelObject Server
        $made.Count | Should -Be 2
        $web = Get-RelObject Server -Filter @{ Name = 'web-01' }
        $web.Cores | Should -BeOfType [long]
        $web.Cores | Should -Be 4
        $web.Online | Should -BeFalse
        $web.Booted | Should -Be ([datetime]'2024-01-02 03:04:05')
        $web.Price | Should -Be 12.50d
        $web.Role.Name | Should -Be 'web'
        ($web.Roles | ForEach-Object Name) | Should -Be @('web', 'db')
        $db = Get-RelObject Server -Filter @{ Name = 'db-01' }
        $db.Online | Should -BeTrue       # an empty cell takes the field's default
        $db.Booted | Should -BeNullOrEmpty
        $db.RoleId | Should -BeNullOrEmpty
    }

    It 'binds ConvertFrom-Json objects' {
        $made = '[{"Name":"a","Cores":2,"Online":false},{"Name":"b","Cores":8}]' | ConvertFrom-Json | New-RelObject Server
        $made.Name | Should -Be @('a', 'b')
        (Get-RelObject Server -Filter @{ Cores__gt = 4 }).Name | Should -Be 'b'
    }

    It 'refuses a property that is not a field with InvalidArgument listing the fields' {
        [pscustomobject]@{ Name = 'x'; Cores = 1; Colour = 'red' } | New-RelObject Server -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*'Colour' is not a field of 'Server'. Choices are:*Cores*"
        Get-RelObject Server | Should -BeNullOrEmpty
    }
}

Describe 'Connections' {
    BeforeEach {
        $script:dir = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory $dir | Out-Null
    }
    AfterEach { if (-not (Get-Module RelationsPS)) { Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force } }

    It 'takes $env:RELATIONSPS_DATABASE = '':memory:'' as an in-memory database, not a file named :memory:' {
        # A runspace of its own: no current connection, so the default database is opened.
        $saved = $env:RELATIONSPS_DATABASE; $env:RELATIONSPS_DATABASE = ':memory:'
        $ps = [powershell]::Create()
        try {
            $out = $ps.AddScript("Set-Location '$dir'; Import-Module '$(Join-Path $PSScriptRoot '../../RelationsPS.psd1')'
                (New-Tag python).Name; (Get-RelDatabase).IsInMemory").Invoke() | ForEach-Object ToString
        } finally { $ps.Dispose(); $env:RELATIONSPS_DATABASE = $saved }
        $out | Should -Be @('python', 'True')
        Get-ChildItem -Force $dir | Should -BeNullOrEmpty
    }

    It 'takes a path for -Database' {
        Connect-RelDatabase -InMemory
        New-Post -Title 'in the file' -Database (Join-Path $dir blog.db) | Out-Null
        (Get-Post -Database (Join-Path $dir blog.db)).Title | Should -Be 'in the file'
        @(Get-Post).Count | Should -Be 0
        Disconnect-RelDatabase (Join-Path $dir blog.db)
    }

    It 'refuses commands after Disconnect-RelDatabase instead of reopening the default file' {
        Connect-RelDatabase -InMemory
        Disconnect-RelDatabase
        { New-Tag python -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected*'
        Connect-RelDatabase -InMemory
        (New-Tag python).Name | Should -Be 'python'
    }

    It 'refuses commands after a failed connect, naming it, until a connect succeeds' {
        Connect-RelDatabase -InMemory
        { Connect-RelDatabase -Path $dir -ErrorAction Stop } | Should -Throw
        $e = { New-Post -Title x -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectFailed*' -PassThru
        $e.Exception.Message | Should -BeLike "Connect-RelDatabase -Path '$dir' failed*"
        Connect-RelDatabase -InMemory
        (New-Post -Title x).Title | Should -Be 'x'
    }

    It 'closes connections and checkpoints the WAL on Remove-Module' {
        $file = Join-Path $dir 'wal.db'
        Connect-RelDatabase -Path $file
        New-Post -Title one | Out-Null
        (Get-Item "$file-wal").Length | Should -BeGreaterThan 0
        Remove-Module RelationsPS
        (Test-Path "$file-wal") -and (Get-Item "$file-wal").Length -gt 0 | Should -BeFalse
        Rename-Item $file 'renamed.db'
        Remove-Item (Join-Path $dir 'renamed.db')
    }
}

Describe 'Link cmdlets -PassThru' {
    BeforeEach {
        Connect-RelDatabase -InMemory
        New-Post -Title 'one' -Tag python | Out-Null
    }

    It 'gives the post, which pipes on as a post, with what changed in LinkChanges' {
        $post = Get-Post -Id 1 | Add-PostTag -Tag python, sql -Create -PassThru
        $post.pstypenames[0] | Should -Be 'RelationsPS.Post'
        ($post.LinkChanges | ForEach-Object { "$($_.Target):$($_.Status)" }) | Should -Be @('python:AlreadyPresent', 'sql:Added')
        Get-Post -Id 1 | Remove-PostTag -Tag python -PassThru | Set-Post -Views 5 -PassThru | Select-Object -ExpandProperty Views | Should -Be 5
        (Get-Post -Id 1).Tags.Name | Should -Be 'sql'
        (Get-Post -Id 1 | Set-PostTag -Tag django -Create -PassThru -Confirm:$false | Out-String -Width 80) | Should -BeLike '*django*'
    }
}

Describe 'Table views at 80 columns' {
    It 'fit the Post view in 80 columns without cutting numbers' {
        Connect-RelDatabase -InMemory
        New-Post -Title 'A fairly long title that goes on and on' -Tag python, django, sql -Views 123456789 | Out-Null
        New-Post -Title 'Big' -Views 2147483647 | Out-Null
        $lines = (Get-Post | Out-String -Width 80) -split "`r?`n"
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        ($lines -match '^\s*Id\s+Title\s+Tags\s+Views\s+Created\s*$').Count | Should -Be 1
        ($lines -match '\b123456789\b').Count | Should -Be 1
        ($lines -match '\b2147483647\b').Count | Should -Be 1
    }

    It 'shows dates as stored, not humanised nor converted to another zone' {
        Connect-RelDatabase -InMemory
        $p = New-Post -Title 'Dated'
        $p.Created = [datetime]::new(2020, 5, 17, 8, 9, 10, [DateTimeKind]::Utc)
        $p | Set-RelObject
        (Get-Post -Id 1 | Out-String -Width 80) | Should -BeLike '*2020-05-17*'
        Connect-RelDatabase -InMemory -Schema $Servers
        New-RelObject Server @{ Name = 'a'; Cores = 1; Booted = [datetime]::new(2020, 5, 17, 23, 9, 10, [DateTimeKind]::Utc) } | Out-Null
        (Get-RelObject Server | Out-String -Width 80) | Should -BeLike '*2020-05-17 23:09*'
    }

    It 'gives every model of your own schema a table view of its fields' {
        Connect-RelDatabase -InMemory -Schema $Servers
        $web = New-RelObject Role @{ Name = 'web' }
        New-RelObject Server @{ Name = 'web-01'; Cores = 2147483647; Booted = [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc); Price = 12.5; Role = $web } | Out-Null
        $lines = (Get-RelObject Server | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^\s*Id\s+Name\s+.*Cores'
        $lines[0] | Should -Match 'Booted'
        $lines[2] | Should -Match 'web-01'
        $lines[2] | Should -Match '\b2147483647\b'
        $lines[2] | Should -Match '2024-01-02 03:04'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines.Count | Should -Be 3     # a table: header, rule, one row (not a list of every member)
        ((Get-RelObject Role | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })[0] | Should -Match '^\s*Id\s+Name\s*$'
    }
}

Describe 'Completion' {
    It 'completes tag and user names before any command connected' {
        $file = Join-Path $TestDrive 'complete.db'
        $saved = $env:RELATIONSPS_DATABASE; $env:RELATIONSPS_DATABASE = $file
        try {
            $seed = [powershell]::Create()
            $seed.AddScript("Import-Module '$(Join-Path $PSScriptRoot '../../RelationsPS.psd1')'; New-Tag python; New-Tag pytest; New-User alice; Remove-Module RelationsPS").Invoke() | Out-Null
            $seed.Dispose()
            # A fresh runspace: the module is imported and nothing has run yet.
            $ps = [powershell]::Create()
            $ps.AddScript("Import-Module '$(Join-Path $PSScriptRoot '../../RelationsPS.psd1')'").Invoke() | Out-Null
            $ps.Commands.Clear()
            $tags = $ps.AddScript("(TabExpansion2 'Get-Post -Tag py').CompletionMatches.CompletionText").Invoke()
            $ps.Commands.Clear()
            $users = $ps.AddScript("(TabExpansion2 'Get-User al').CompletionMatches.CompletionText").Invoke()
            $ps.AddScript('Remove-Module RelationsPS').Invoke() | Out-Null
            $ps.Dispose()
        } finally { $env:RELATIONSPS_DATABASE = $saved }
        $tags | Should -Be @('pytest', 'python')
        $users | Should -Be 'alice'
    }

    It 'completes -Include, Group-RelObject -By and -Relation with the model''s relations and paths' {
        Connect-RelDatabase -InMemory
        (TabExpansion2 'Get-Post -Include ').CompletionMatches.CompletionText | Should -Be @('Author', 'Tags')
        (TabExpansion2 'Group-RelObject -Model Post -By Tags.N').CompletionMatches.CompletionText | Should -Be 'Tags.Name'
        $post = New-Post -Title x
        (TabExpansion2 'Add-RelLink -InputObject $post -Relation ').CompletionMatches.CompletionText | Should -Be 'Tags'
    }

    It 'completes row properties after Get-Post | Select-Object -Property, not a PSObject''s members' {
        $names = (TabExpansion2 'Get-Post | Select-Object -Property ').CompletionMatches.CompletionText
        $names | Should -Contain 'Title'
        $names | Should -Contain 'Views'
        $names | Should -Not -Contain 'BaseObject'
    }
}

Describe 'Help' {
    It 'lists -WhatIf and -Confirm for the cmdlets that have them' {
        (Get-Help Remove-Post -Full).Parameters.Parameter.Name | Should -Contain 'WhatIf'
        (Get-Help Remove-Post -Full).Parameters.Parameter.Name | Should -Contain 'Confirm'
        (Get-Help Remove-Post -Parameter WhatIf).Aliases | Should -Be 'wi'
        (Get-Help Get-Post -Full).Parameters.Parameter.Name | Should -Not -Contain 'WhatIf'
    }

    It 'tells aliases and wildcard support as the parameters have them' {
        (Get-Help Remove-User -Parameter User).Aliases | Should -Be 'InputObject, UserName'
        (Get-Help Get-Tag -Parameter Name).Globbing | Should -Be 'true'
        (Get-Help Get-Post -Parameter Title).Globbing | Should -Be 'true'
        (Get-Help Get-Post -Parameter Id).Globbing | Should -Be 'false'
    }

    It 'gives every cmdlet a description that says more than its synopsis' {
        foreach ($name in (Get-Command -Module RelationsPS).Name) {
            $help = Get-Help $name -Full
            $description = ($help.Description.Text -join ' ').Trim()
            $description.Length | Should -BeGreaterThan ($help.Synopsis.Trim().Length + 20) -Because $name
        }
    }
}
