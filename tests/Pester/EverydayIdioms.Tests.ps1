# Everyday PowerShell idioms in real pwsh, with the standard cmdlets in the same pipeline as ours
# (issue 11): writes reported as saved stay saved however the pipeline ends, rows serialise as data,
# rows know their database, and pipeline binding never selects the wrong rows.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../RelationsPS.psd1')).Path

    function New-TempDatabasePath {
        Join-Path ([IO.Path]::GetTempPath()) ("relps-idioms-{0}.db" -f [guid]::NewGuid().ToString('N'))
    }

    # Runs a script on a connection of its own to the file (a thread job is a runspace of its own),
    # leaving this session's connection as it is.
    function Invoke-OnOwnConnection([string] $Path, [scriptblock] $Script) {
        Start-ThreadJob -ScriptBlock {
            Import-Module $using:Manifest
            Connect-RelDatabase -Path $using:Path
            try { & ([scriptblock]::Create($using:Script)) } finally { Disconnect-RelDatabase }
        } | Receive-Job -Wait -AutoRemoveJob
    }

    # Counts rows with a connection of its own, so nothing this session holds open can hide a lost write.
    function Get-FileCount([string] $Path, [string] $Model) {
        Invoke-OnOwnConnection $Path ([scriptblock]::Create("(Get-RelObject -Model $Model -AsQuery).Count()"))
    }
}

Describe 'A write reported as saved stays saved, however the pipeline ends' {
    BeforeEach {
        $script:path = New-TempDatabasePath
        Connect-RelDatabase -Path $path
    }
    AfterEach {
        Disconnect-RelDatabase
        Remove-Item "$path*" -ErrorAction SilentlyContinue
    }

    It 'keeps the post that Select-Object -First 1 printed' {
        $shown = 'a', 'b', 'c' | ForEach-Object { [pscustomobject]@{ Title = $_ } } | New-Post | Select-Object -First 1
        $shown.Title | Should -Be 'a'
        Get-FileCount $path Post | Should -Be 1
        (Get-Post).Title | Should -Be 'a'
    }

    It 'keeps what Set-Post -PassThru reported before Select-Object -First 1 stopped it' {
        1..3 | ForEach-Object { New-Post -Title "p$_" } | Out-Null
        Get-Post | Set-Post -Views 5 -PassThru | Select-Object -First 1 | Out-Null
        (Get-Post -Id 1).Views | Should -Be 5
    }

    It 'keeps the links Add-PostTag -PassThru reported' {
        1..3 | ForEach-Object { New-Post -Title "p$_" } | Out-Null
        $first = Get-Post | Add-PostTag -Tag news -Create -PassThru | Select-Object -First 1
        $first | Should -Not -BeNullOrEmpty
        (Get-Post -Tag news).Count | Should -BeGreaterOrEqual 1
        (Get-Post -Id 1 | Get-Tag).Name | Should -Be 'news'
    }

    It 'keeps a Set-PostTag whose output was cut short' {
        New-Post -Title one | Out-Null
        Set-PostTag -Post one -Tag a, b -Create -PassThru | Select-Object -First 1 | Out-Null
        (Get-Tag -Post one).Name | Should -Be @('a', 'b')
    }

    It 'keeps the piped Set-PostTag calls that ran before the stop' {
        1..3 | ForEach-Object { New-Post -Title "p$_" } | Out-Null
        Get-Post | Set-PostTag -Tag x -Create -PassThru | Select-Object -First 1 | Out-Null
        (Get-Post -Tag x).Title | Should -Contain 'p1'
    }

    It 'keeps what Set-RelObject -PassThru reported' {
        1..3 | ForEach-Object { New-Post -Title "p$_" } | Out-Null
        Get-Post | Set-RelObject -Property @{ Views = 9 } -PassThru | Select-Object -First 1 | Out-Null
        (Get-Post -Id 1).Views | Should -Be 9
    }

    It 'keeps the items written before -ErrorAction Stop ended the pipeline, and not the failing one' {
        New-Tag dup | Out-Null
        { 'ok1', 'ok2', 'dup', 'never' | New-Tag -ErrorAction Stop } | Should -Throw
        (Get-Tag).Name | Should -Be @('dup', 'ok1', 'ok2')
    }

    It 'keeps the items a downstream terminating error saw' {
        { 'a', 'b', 'c' | ForEach-Object { [pscustomobject]@{ Title = $_ } } | New-Post | ForEach-Object { if ($_.Title -eq 'b') { throw 'downstream' } } } | Should -Throw 'downstream'
        # Piped posts are written in batches that grow 1, 2, 4, ... (bulk_create): 'b' and 'c' were one batch,
        # saved before 'b' was written out, so 'c' is saved too. What the downstream saw is kept.
        (Get-Post).Title | Should -Be @('a', 'b', 'c')
    }

    It 'keeps what was written before Ctrl+C stopped the pipeline' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($manifest, $path)
                    Import-Module $manifest
                    Connect-RelDatabase -Path $path
                    1..1000 | ForEach-Object { Start-Sleep -Milliseconds 20; [pscustomobject]@{ Title = "t$_" } } | New-Post
                }).AddArgument($Manifest).AddArgument($path)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            while ($output.Count -lt 5) { Start-Sleep -Milliseconds 20 }
            $ps.Stop()
            $reported = @($output | Where-Object { $_.Id }).Count
            $reported | Should -BeGreaterOrEqual 5
            Get-FileCount $path Post | Should -BeGreaterOrEqual $reported
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Rows serialise as data and run no query' {
    BeforeAll {
        Connect-RelDatabase -InMemory
        New-User alice | New-Profile -Bio 'Writes "Django"' -Website 'https://a.example' | Out-Null
        New-Post -Title 'Tagged' -Tag python, sql -Author alice -Views 3 | Out-Null
    }

    It 'ConvertTo-Json -Depth <Depth> of <Command> gives fields and ids only' -ForEach @(
        @{ Command = 'Get-User alice'; Depth = 1; Expected = '{"Id":1,"UserName":"alice"}' }
        @{ Command = 'Get-User alice'; Depth = 0; Expected = '{"Id":1,"UserName":"alice"}' }
        @{ Command = 'Get-Tag python'; Depth = 1; Expected = '{"Id":1,"Name":"python","Slug":"python"}' }
        @{ Command = 'Get-Profile'; Depth = 1; Expected = '{"Id":1,"UserId":1,"Bio":"Writes \"Django\"","Website":"https://a.example"}' }
        @{ Command = '(Get-Post -AsQuery)[0].Tags'; Depth = 1; Expected = '[{"Id":1,"Name":"python","Slug":"python"},{"Id":2,"Name":"sql","Slug":"sql"}]' }
    ) {
        $rows = @(Invoke-Expression $Command)
        Clear-RelQueryLog
        $json = ConvertTo-Json -InputObject $(if ($rows.Count -eq 1) { $rows[0] } else { $rows }) -Depth $Depth -Compress
        if ($Command -notlike '*Tags') { $json | Should -Be $Expected; (Get-RelQueryLog).Count | Should -Be 0 }
        else { $json | Should -Be $Expected }
    }

    It 'ConvertTo-Json at the default depth gives a post with the tags Get-Post loaded' {
        $post = Get-Post -Id 1
        Clear-RelQueryLog
        $o = $post | ConvertTo-Json | ConvertFrom-Json
        (Get-RelQueryLog).Count | Should -Be 0
        $o.Title | Should -Be 'Tagged'
        $o.AuthorId | Should -Be 1
        $o.Tags.Name | Should -Be @('python', 'sql')
        $o.PSObject.Properties.Name | Should -Not -Contain 'Author'
    }

    It 'shows no engine internals in any serialised form' {
        $post = Get-Post -Id 1
        $user = Get-User alice
        foreach ($text in @(($post | ConvertTo-Json -Depth 5), ($user | ConvertTo-Json -Depth 5), ($post | ConvertTo-Csv | Out-String),
                ($post | Format-List * | Out-String), ($user | Format-Custom | Out-String), [System.Management.Automation.PSSerializer]::Serialize($post))) {
            foreach ($internal in 'IsSaved', 'Database', 'Annotations', 'RelationsPS.Core', 'Model') { $text | Should -Not -Match "\b$internal\b" }
        }
    }

    It 'Export-Clixml writes a small file, runs no query, and Import-Clixml reads the fields back' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "relps-$([guid]::NewGuid()).xml"
        $post = Get-Post -Id 1
        Clear-RelQueryLog
        $post | Export-Clixml $file
        (Get-RelQueryLog).Count | Should -Be 0
        (Get-Item $file).Length | Should -BeLessThan 10KB
        $back = Import-Clixml $file
        $back.Title | Should -Be 'Tagged'
        $back.Created | Should -Be $post.Created
        # A deserialised collection is not member-enumerated by PowerShell; its items are there.
        ($back.Tags | ForEach-Object Name) | Should -Be @('python', 'sql')
        Remove-Item $file
    }

    It 'Export-Csv writes the fields and foreign-key ids' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "relps-$([guid]::NewGuid()).csv"
        Get-User alice | Get-Profile | Export-Csv $file
        $row = Import-Csv $file
        $row.PSObject.Properties.Name | Should -Be @('Id', 'UserId', 'Bio', 'Website')
        $row.Bio | Should -Be 'Writes "Django"'
        Remove-Item $file
    }

    It 'Format-Custom and Format-List * print without running a query or failing' {
        $user = Get-User alice
        Clear-RelQueryLog
        { $user | Format-Custom | Out-String } | Should -Not -Throw
        ($user | Format-List * | Out-String) | Should -Match 'UserName : alice'
        (Get-RelQueryLog).Count | Should -Be 0
    }

    It 'includes relations that -Include loaded' {
        $json = Get-RelObject Post -Include Author | ConvertTo-Json -Depth 2 | ConvertFrom-Json
        $json.Author.UserName | Should -Be 'alice'
    }

    It 'keeps relation members live for scripts' {
        $user = Get-User alice
        $user.Profile.Bio | Should -Be 'Writes "Django"'
        $user.Posts.Title | Should -Be 'Tagged'
        (Get-Post -Id 1).Author.UserName | Should -Be 'alice'
        { $user.Profile = $null } | Should -Throw
    }
}

Describe 'Objects know their database' {
    BeforeEach {
        $script:oldPath = New-TempDatabasePath
        $script:newPath = New-TempDatabasePath
        $script:old = Connect-RelDatabase -Path $oldPath -PassThru
        $script:new = Connect-RelDatabase -Path $newPath -PassThru
    }
    AfterEach {
        Disconnect-RelDatabase
        $old.Dispose(); $new.Dispose()
        Remove-Item "$oldPath*", "$newPath*" -ErrorAction SilentlyContinue
    }

    It 'copies a post into another database with the tags and author of the same names there' {
        New-Tag zzz -Database $new | Out-Null           # takes id 1 in the new database
        New-User bob -Database $new | Out-Null          # takes id 1 too
        New-User alice -Database $new | Out-Null
        New-User alice -Database $old | Out-Null
        New-Post -Title one -Tag python, sql -Author alice -Database $old | Out-Null
        $copy = Get-Post -Database $old | New-Post -Database $new
        ($copy.Tags.Name | Sort-Object) | Should -Be @('python', 'sql')
        $copy.Author.UserName | Should -Be 'alice'
        (Get-Post -Tag zzz -Database $new -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'refuses to copy a post whose author does not exist in the target database' {
        New-User alice -Database $old | Out-Null
        New-Post -Title one -Author alice -Database $old | Out-Null
        Get-Post -Database $old | New-Post -Database $new -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Get-Post -Database $new) | Should -BeNullOrEmpty
    }

    It 'saves a row where it was read, after the session connected elsewhere' {
        New-Post -Title 'in old' -Database $old | Out-Null
        New-Post -Title 'new 1' -Database $new | Out-Null
        $post = Get-Post -Database $old -Id 1
        Connect-RelDatabase -Path $newPath
        $post.Title = 'changed'
        $post | Set-RelObject
        (Get-Post -Database $old -Id 1).Title | Should -Be 'changed'
        (Get-Post -Database $new -Id 1).Title | Should -Be 'new 1'
    }

    It 'refuses to write a row into another database by its id' {
        New-Post -Title 'in old' -Database $old | Out-Null
        New-Post -Title 'new 1' -Database $new | Out-Null
        $post = Get-Post -Database $old -Id 1
        { $post | Set-RelObject -Property @{ Views = 1 } -Database $new -ErrorAction Stop } | Should -Throw -ErrorId 'ObjectFromOtherDatabase*'
        { $post | Remove-RelObject -Database $new -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ObjectFromOtherDatabase*'
        (Get-Post -Database $new -Id 1).Title | Should -Be 'new 1'
    }

    It 'ForEach-Object -Parallel writes to the in-memory database the rows came from, never the default file' {
        $default = New-TempDatabasePath
        $env:RELATIONSPS_DATABASE = $default
        try {
            $mem = Connect-RelDatabase -InMemory -PassThru
            1..4 | ForEach-Object { New-Post -Title "m$_" -Database $mem } | Out-Null
            Get-Post -Database $mem | ForEach-Object -Parallel {
                Import-Module $using:Manifest
                Set-Post -Post $_ -Views 7
            }
            (Get-Post -Database $mem).Views | Should -Be @(7, 7, 7, 7)
            Test-Path $default | Should -BeFalse
        }
        finally {
            Remove-Item Env:RELATIONSPS_DATABASE
            Remove-Item "$default*" -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Pipeline binding cannot select the wrong rows' {
    BeforeEach {
        Connect-RelDatabase -InMemory
        New-User alice | Out-Null; New-User bob | Out-Null; New-User carol | Out-Null
        New-Tag x | Out-Null; New-Tag y | Out-Null; New-Tag z | Out-Null
        New-Post -Title p1 -Tag y -Author carol | Out-Null
        New-Post -Title p2 -Tag z | Out-Null
        New-Post -Title p3 -Author carol | Out-Null
    }

    It 'gives the posts a piped user wrote, not the posts of the tag with the same id' {
        (Get-User carol | Get-Post).Title | Should -Be @('p1', 'p3')
        (Get-User alice | Get-Post) | Should -BeNullOrEmpty
    }

    It 'reads piped numbers as post ids, as Get-Post 2 does' {
        (2 | Get-Post).Title | Should -Be 'p2'
        (Get-Post 2).Title | Should -Be 'p2'
        (1, 3 | Get-Post).Title | Should -Be @('p1', 'p3')
    }

    It 'refuses <Case> for -Tag instead of returning every post' -ForEach @(
        @{ Case = '$null'; Value = $null }
        @{ Case = 'an empty list'; Value = @() }
    ) {
        { Get-Post -Tag $Value -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'removes nothing when the tag to select by does not exist' {
        { Get-Post -Tag (Get-Tag nosuch -ErrorAction SilentlyContinue) | Remove-Post -Confirm:$false } | Should -Throw
        (Get-Post).Count | Should -Be 3
    }

    It 'declares ConfirmImpact High on <Name>, whose deletes cascade' -ForEach @(@{ Name = 'Remove-User' }, @{ Name = 'Remove-Tag' }) {
        $attribute = (Get-Command $Name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
    }

    It 'asks before Remove-RelObject removes a row others depend on, and not for a leaf model' {
        Connect-RelDatabase -InMemory -Schema @{
            Rack   = @{ Name = @{ Type = 'Char'; MaxLength = 20 } }
            Server = @{ Name = @{ Type = 'Char'; MaxLength = 20 }; Rack = @{ Type = 'ForeignKey'; To = 'Rack'; OnDelete = 'Cascade' } }
            Note   = @{ Text = @{ Type = 'Text' } }
        }
        $rack = New-RelObject Rack @{ Name = 'r1' }
        New-RelObject Server @{ Name = 's1'; Rack = $rack } | Out-Null
        New-RelObject Note @{ Text = 'n' } | Out-Null
        # A non-interactive host cannot ask: the removal that would ask fails and removes nothing.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({ param($rows, $manifest) Import-Module $manifest; $rows | Remove-RelObject }).AddArgument(@(Get-RelObject Rack)).AddArgument($Manifest)
            $ps.Invoke() | Out-Null
            "$($ps.Streams.Error[0])" | Should -Match 'confirmation'
        }
        finally { $ps.Dispose() }
        (Get-RelObject Rack).Count | Should -Be 1
        Get-RelObject Note | Remove-RelObject
        Get-RelObject Note | Should -BeNullOrEmpty
        Get-RelObject Rack | Remove-RelObject -Confirm:$false
        Get-RelObject Server | Should -BeNullOrEmpty
    }
}

Describe 'Nested and abandoned enumeration' {
    BeforeEach {
        $script:path = New-TempDatabasePath
        Connect-RelDatabase -Path $path
        1..20 | ForEach-Object { [pscustomobject]@{ Title = "p$_"; Tag = 'x' } } | New-Post | Out-Null
    }
    AfterEach {
        Disconnect-RelDatabase
        Remove-Item "$path*" -ErrorAction SilentlyContinue
    }

    It 'runs a loop over a relation nested in a loop over the same relation' {
        $tag = Get-Tag x
        $n = 0
        foreach ($a in $tag.Posts) { foreach ($b in $tag.Posts) { $n++ } }
        $n | Should -Be 400
    }

    It 'runs a cmdlet nested in the stream of the same cmdlet' {
        $n = 0
        Get-Post | ForEach-Object { $n += (Get-Post).Count }
        $n | Should -Be 400
    }

    It 'stays current and writable after <Case>' -ForEach @(
        @{ Case = 'Select-Object -First 1 over a query'; Abandon = { param($q, $tag) $q | Select-Object -First 1 | Out-Null } }
        @{ Case = 'break out of foreach over a query'; Abandon = { param($q, $tag) foreach ($p in $q) { break } } }
        @{ Case = ".Where({...}, 'First')"; Abandon = { param($q, $tag) $q.Where({ $true }, 'First') | Out-Null } }
        @{ Case = 'break in ForEach-Object'; Abandon = { param($q, $tag) do { $q | ForEach-Object { break } } while ($false) } }
        @{ Case = 'a throw inside foreach'; Abandon = { param($q, $tag) try { foreach ($p in $q) { throw 'x' } } catch { } } }
        @{ Case = 'break out of a relation member'; Abandon = { param($q, $tag) foreach ($p in $tag.Posts) { break } } }
    ) {
        $q = Get-Post -AsQuery
        & $Abandon $q (Get-Tag x)
        # Another connection writes: this session must see it, and write after it.
        Invoke-OnOwnConnection $path { New-Post -Title 'from another connection' | Out-Null }
        (Get-Post).Count | Should -Be 21
        New-Post -Title 'after' | Out-Null
        (Get-Post).Count | Should -Be 22
    }
}
