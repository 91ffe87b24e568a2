# A hostile-input corpus through every cmdlet parameter that reaches SQL (issue 12): each call either
# round-trips its value exactly or fails with a categorised error (never a raw exception, never
# NotSpecified), no call changes the schema, and a refused call writes nothing.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force

    function Invoke-Guarded([scriptblock] $Call) {
        $ErrorActionPreference = 'Stop'
        try { [pscustomobject]@{ Output = @(& $Call); Error = $null } }
        catch { [pscustomobject]@{ Output = @(); Error = $_ } }
    }

    function Get-Snapshot($Db) {
        $type = $Db.GetType().Assembly.GetType('RelationsPS.Core.Compilation.SqlStatement', $true)
        $statement = [Activator]::CreateInstance($type, @(
            "SELECT (SELECT group_concat(type || ':' || name || ':' || coalesce(sql, ''), char(10)) FROM sqlite_master) || '|' ||
                    (SELECT count(*) FROM post) || '|' || (SELECT count(*) FROM tag) || '|' || (SELECT count(*) FROM post_tags) || '|' || (SELECT count(*) FROM ""user"")", [object[]]@()))
        $Db.Scalar($statement)
    }

    # A refused call: a categorised ErrorRecord of ours, and nothing written.
    function Assert-Refused($Result, $Before, $Db, [string] $Because) {
        $Result.Error.CategoryInfo.Category | Should -Not -Be 'NotSpecified' -Because $Because
        $Result.Error.FullyQualifiedErrorId | Should -Not -Match '^(Sqlite|InvalidOperation|NullReference|Argument|Format|Overflow)Exception' -Because $Because
        Get-Snapshot $Db | Should -Be $Before -Because "$Because was refused and must write nothing"
    }

    $planes = 0x41, 0xE9, 0x4E2D, 0xFFFD, 0x1F40D, 0x20000, 0x30000, 0xE0001, 0xF0000, 0x10FFFD | ForEach-Object { [char]::ConvertFromUtf32($_) }
    $script:Strings = @(
        "'", '"', "''; DROP TABLE post; --", "Robert'); DROP TABLE tag;--", 'x" OR 1=1 --', '`; $(Remove-Item x)',
        "a`0b", '%', '_', '\', '50%_off\', '[a-z]*?', '   ', "tab`tnew`nline", ($planes -join ''), 'Ünïcödé ελληνικά עברית',
        [string][char]0xD800, ('x' * 1MB)
    )
}

Describe 'Hostile strings' {
    BeforeEach {
        $script:db = Connect-RelDatabase -InMemory -PassThru
        $script:post = New-Post -Title 'anchor'
        $script:schemaBefore = (Get-Snapshot $db).Split('|')[0]
    }
    AfterEach { (Get-Snapshot $db).Split('|')[0] | Should -Be $schemaBefore -Because 'no input changes the schema' }

    It 'New-Tag, Get-Tag and -Tag round-trip value <_> exactly or refuse it' -ForEach @(0..17) {
        $value = $Strings[$_]
        $before = Get-Snapshot $db
        $r = Invoke-Guarded { New-Tag -Name $value }
        if ($r.Error) { Assert-Refused $r $before $db "New-Tag of string $_"; return }
        $r.Output[0].Name | Should -BeExactly $value
        (Get-RelObject Tag -Filter @{ Name = $value }).Name | Should -BeExactly $value
        (Get-RelObject Tag -Filter { $_.Name -ceq $value }).Name | Should -BeExactly $value
        $linked = Invoke-Guarded { Add-PostTag -Post $post -Tag $value -PassThru }
        $linked.Error | Should -BeNullOrEmpty
        (Get-Post -Tag $r.Output[0]).Title | Should -Be 'anchor'
    }

    It 'New-Post, -Title, -Filter and -Exclude round-trip value <_> exactly or refuse it' -ForEach @(0..17) {
        $value = $Strings[$_]
        $before = Get-Snapshot $db
        $r = Invoke-Guarded { New-Post -Title $value -Body $value }
        if ($r.Error) {
            Assert-Refused $r $before $db "New-Post of string $_"
            # The body alone is text without a length limit: it is kept unless it is not valid text.
            $body = Invoke-Guarded { New-Post -Title 'body only' -Body $value }
            if ($body.Error) { Assert-Refused $body $before $db "New-Post -Body of string $_" }
            else { (Get-Post -Id $body.Output[0].Id).Body | Should -BeExactly $value }
            return
        }
        $id = $r.Output[0].Id
        $read = Get-Post -Id $id
        $read.Title | Should -BeExactly $value
        $read.Body | Should -BeExactly $value
        (Get-Post -Filter @{ Title = $value }).Id | Should -Be $id
        (Get-Post -Filter @{ Title__contains = $value }).Id | Should -Contain $id
        (Get-Post -Filter { $_.Title -ceq $value }).Id | Should -Be $id
        (Get-Post -Exclude @{ Title = $value }).Id | Should -Not -Contain $id
        $like = Invoke-Guarded { Get-Post -Title $value }
        $like.Error | Should -BeNullOrEmpty -Because 'a wildcard pattern of any text is a valid filter'
    }

    It 'names that are not fields or models are refused as InvalidArgument: <_>' -ForEach @(0..17) {
        $value = $Strings[$_]
        $before = Get-Snapshot $db
        foreach ($call in @({ Get-Post -OrderBy $value }, { Get-RelObject -Model $value }, { Get-Post -Filter @{ $value = 1 } },
                { Measure-RelObject -Model Post -Aggregate @{ N = "Sum($value)" } }, { Group-RelObject -Model Post -By $value -Aggregate @{ N = 'Count(Id)' } })) {
            $r = Invoke-Guarded $call
            $r.Error | Should -Not -BeNullOrEmpty -Because "$call with string $_"
            Assert-Refused $r $before $db "$call with string $_"
        }
    }

    It 'New-User and Get-User round-trip value <_> exactly or refuse it' -ForEach @(0..17) {
        $value = $Strings[$_]
        $before = Get-Snapshot $db
        $r = Invoke-Guarded { New-User -UserName $value }
        if ($r.Error) { Assert-Refused $r $before $db "New-User of string $_"; return }
        (Get-RelObject User -Filter @{ UserName = $value }).UserName | Should -BeExactly $value
        $profile = Invoke-Guarded { New-Profile -User $r.Output[0] -Bio $value }
        $profile.Error | Should -BeNullOrEmpty
        (Get-Profile -User $r.Output[0]).Bio | Should -BeExactly $value
    }

    It 'keeps a 10 MB body exactly' {
        $body = (-join (1..1024 | ForEach-Object { [char](0x400 + $_ % 200) })) * 5120
        $body.Length | Should -Be 5MB
        $id = (New-Post -Title 'big' -Body ($body + $body)).Id
        (Get-Post -Id $id).Body | Should -BeExactly ($body + $body)
    }
}

Describe 'Hostile numbers' {
    BeforeAll {
        Connect-RelDatabase -InMemory -Schema @{
            Sample = @{
                Small = @{ Type = 'Integer'; Null = $true }
                Big   = @{ Type = 'BigInteger'; Null = $true }
                Real  = @{ Type = 'Float'; Null = $true }
                Money = @{ Type = 'Decimal'; MaxDigits = 20; DecimalPlaces = 2; Null = $true }
            }
        }
        $script:Numbers = @(
            [int]::MaxValue, [int]::MinValue, ([long][int]::MaxValue + 1), [long]::MaxValue, [long]::MinValue,
            [double]::NaN, [double]::PositiveInfinity, [double]::NegativeInfinity, 0.1, 1e308, -0.0,
            [decimal]::MaxValue, 999999999999999.99, 123456789012345678.91, '1,5', '12abc', '', '0x10'
        )
    }

    It 'stores <_> in each numeric field exactly, or refuses it and writes nothing' -ForEach @(0..17) {
        $value = $Numbers[$_]
        foreach ($field in 'Small', 'Big', 'Real', 'Money') {
            $count = (Get-RelObject Sample -AsQuery).Count()
            $r = Invoke-Guarded { New-RelObject Sample @{ $field = $value } }
            if ($r.Error) {
                $r.Error.CategoryInfo.Category | Should -Not -Be 'NotSpecified' -Because "$field = $value"
                (Get-RelObject Sample -AsQuery).Count() | Should -Be $count -Because "$field = $value was refused"
                continue
            }
            $stored = (Get-RelObject Sample -Filter @{ Id = $r.Output[0].Id }).$field
            if ($value -is [string] -and $value -eq '') { $stored | Should -BeNullOrEmpty; continue }
            if ($value -is [double] -and [double]::IsNaN($value)) { throw "NaN was stored in $field" }
            $expected = switch ($field) { 'Small' { [int]$value } 'Big' { [long]$value } 'Real' { [double]$value } 'Money' { [decimal]$value } }
            $stored | Should -Be $expected -Because "$field = $value"
        }
    }
}

Describe 'Odd names in schemas' {
    It 'either works with model and field named <Name>, or refuses the schema with a categorised error' -ForEach @(
        @{ Name = 'Select' }, @{ Name = 'Order' }, @{ Name = 'Group' }, @{ Name = 'Ünïcode' }, @{ Name = "Bad'Name" }, @{ Name = 'Bad"Name' },
        @{ Name = 'Bad Name' }, @{ Name = 'Bad;Name' }, @{ Name = 'x--' }, @{ Name = '' }, @{ Name = ('L' + 'o' * 200) }
    ) {
        $path = Join-Path ([IO.Path]::GetTempPath()) "relps-oddnames-$([guid]::NewGuid().ToString('N')).db"
        try {
            $schema = @{ $Name = @{ $Name = @{ Type = 'Char'; MaxLength = 20 }; Other = @{ Type = 'Integer'; Default = 0 } } }
            $r = Invoke-Guarded { Connect-RelDatabase -Path $path -Schema $schema }
            if ($r.Error) {
                $r.Error.CategoryInfo.Category | Should -BeIn @('InvalidArgument', 'InvalidData')
                if (Test-Path $path) { (Get-Item $path).Length | Should -Be 0 -Because 'a refused schema creates no table' }
                return
            }
            $made = New-RelObject -Model $Name -Property @{ $Name = 'v' }
            (Get-RelObject -Model $Name -Filter @{ $Name = 'v' }).Id | Should -Be $made.Id
            (Get-RelObject -Model $Name -OrderBy "-$Name").$Name | Should -Be 'v'
        }
        finally {
            Disconnect-RelDatabase -ErrorAction SilentlyContinue
            Remove-Item "$path*" -ErrorAction SilentlyContinue
        }
    }
}
