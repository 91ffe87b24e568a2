BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
}

# Issue 14, "Fields admins need": the field types beyond PRODUCT §3, through the cmdlets.
Describe 'Field types' {
    BeforeEach {
        $script:path = Join-Path ([IO.Path]::GetTempPath()) "relps-fields-$([guid]::NewGuid().ToString('N')).db"
    }
    AfterEach {
        Disconnect-RelDatabase
        Remove-Item "$path*" -ErrorAction Ignore
    }

    Context 'Duration' {
        BeforeEach {
            Connect-RelDatabase -Path $path -Schema @{ Job = @{ Name = @{ Type = 'Char'; MaxLength = 20 }
                                                               Length = @{ Type = 'Duration'; Default = '00:01:00' } } }
        }

        It 'round-trips a TimeSpan exactly and takes invariant text' {
            $t = [TimeSpan]::new(1, 2, 3, 4, 567) + [TimeSpan]::FromTicks(8900)
            (New-RelObject Job @{ Name = 'a'; Length = $t }).Length | Should -Be $t
            (New-RelObject Job @{ Name = 'b'; Length = '01:30:00' }).Length | Should -Be ([TimeSpan]::FromMinutes(90))
            (New-RelObject Job @{ Name = 'c' }).Length | Should -Be ([TimeSpan]::FromMinutes(1))
            $rows = Get-RelObject Job -OrderBy Length
            $rows.Name | Should -Be @('c', 'b', 'a')
            $rows[2].Length | Should -BeOfType [TimeSpan]
            $rows[2].Length | Should -Be $t
            (Invoke-RelSql -Query 'SELECT length FROM job WHERE name = @n' -Parameters @{ n = 'b' }).length | Should -Be 5400000000
        }

        It 'filters, sums and averages durations' {
            'short=00:05:00', 'long=02:00:00', 'mid=00:30:00' | ForEach-Object {
                $n, $l = $_ -split '='
                New-RelObject Job @{ Name = $n; Length = $l } | Out-Null
            }
            (Get-RelObject Job -Filter @{ Length__gt = [TimeSpan]::FromMinutes(10) } -OrderBy Name).Name | Should -Be @('long', 'mid')
            (Get-RelObject Job -Filter { $_.Length -le '00:05:00' }).Name | Should -Be 'short'
            $a = Measure-RelObject Job -Aggregate @{ Total = 'Sum(Length)'; Mean = 'Avg(Length)' }
            $a.Total | Should -Be ([TimeSpan]'02:35:00')
            $a.Mean | Should -Be ([TimeSpan]'00:51:40')
        }

        It 'refuses what is not a duration as InvalidArgument, and writes nothing' {
            { New-RelObject Job @{ Name = 'x'; Length = 'ninety minutes' } -ErrorAction Stop } |
                Should -Throw -ExpectedMessage "Field 'Job.Length' takes a duration*"
            $err = $null
            New-RelObject Job @{ Name = 'x'; Length = 'soon' } -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            Get-RelObject Job | Should -BeNullOrEmpty
        }

        It 'Export-RelSchema writes the Duration field back' {
            $out = Join-Path ([IO.Path]::GetTempPath()) "relps-fields-$([guid]::NewGuid().ToString('N')).psd1"
            try {
                Export-RelSchema -Path $out
                $schema = Import-PowerShellDataFile $out
                $schema.Job.Length.Type | Should -Be 'Duration'
                $schema.Job.Length.Default | Should -Be '00:01:00'
            }
            finally { Remove-Item $out -ErrorAction Ignore }
        }
    }

    Context 'Json' {
        BeforeEach {
            Connect-RelDatabase -Path $path -Schema @{ Doc = @{ Name = @{ Type = 'Char'; MaxLength = 20 }
                                                               Data = @{ Type = 'Json'; Null = $true } } }
        }

        It 'round-trips hashtables, lists and scalars; objects come back as ordered dictionaries' {
            $d = (New-RelObject Doc @{ Name = 'a'; Data = @{ owner = 'ann'; tags = @('x', 'y'); n = 3; ok = $true; none = $null } }).Data
            $d | Should -BeOfType [System.Collections.Specialized.OrderedDictionary]
            $d.owner | Should -Be 'ann'
            $d.Owner | Should -Be 'ann'
            $d.tags | Should -Be @('x', 'y')
            $d.n | Should -Be 3
            $d.ok | Should -BeTrue
            $back = (Get-RelObject Doc -Filter @{ Name = 'a' }).Data
            $back.tags[1] | Should -Be 'y'
            (New-RelObject Doc @{ Name = 's'; Data = 'just text' }).Data | Should -Be 'just text'
            (New-RelObject Doc @{ Name = 'l'; Data = @(1, 'two', $false) }).Data | Should -Be @(1, 'two', $false)
            (Invoke-RelSql -Query 'SELECT data FROM doc WHERE name = @n' -Parameters @{ n = 'l' }).data | Should -Be '[1,"two",false]'
        }

        It 'takes the objects ConvertFrom-Json makes' {
            $o = '{"owner":"bob","host":{"name":"web-01","ports":[80,443]}}' | ConvertFrom-Json
            $d = (New-RelObject Doc @{ Name = 'j'; Data = $o }).Data
            $d.host.name | Should -Be 'web-01'
            $d.host.ports | Should -Be @(80, 443)
            (Invoke-RelSql -Query 'SELECT data FROM doc' ).data | Should -Be '{"owner":"bob","host":{"name":"web-01","ports":[80,443]}}'
        }

        It 'filters on keys with Field__key, the path passed as a parameter' {
            New-RelObject Doc @{ Name = 'a'; Data = @{ owner = 'ann'; n = 3 } } | Out-Null
            New-RelObject Doc @{ Name = 'b'; Data = @{ owner = 'bob'; n = 1 } } | Out-Null
            (Get-RelObject Doc -Filter @{ Data__owner = 'ann' }).Name | Should -Be 'a'
            (Get-RelObject Doc -Filter @{ Data__n__gte = 1 } -OrderBy '-Data__n').Name | Should -Be @('a', 'b')
            $q = Get-RelQueryLog -Last 1
            $q.Sql | Should -BeLike '*json_extract(*'
            $q.Sql | Should -Not -BeLike '*$.n*'
            { Get-RelObject Doc -Filter @{ "Data__x'y" = 1 } -ErrorAction Stop } | Should -Throw -ExpectedMessage '*must be names*'
        }

        It 'refuses a value JSON cannot hold as InvalidArgument, and writes nothing' {
            $err = $null
            New-RelObject Doc @{ Name = 'x'; Data = @{ when = Get-Date } } -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Message | Should -BeLike "Field 'Doc.Data' takes JSON values*"
            Get-RelObject Doc | Should -BeNullOrEmpty
        }

        It 'Export-RelData and Import-RelData carry Json values as JSON' {
            New-RelObject Doc @{ Name = 'a'; Data = [ordered]@{ owner = 'ann'; tags = @('x') } } | Out-Null
            $file = Join-Path ([IO.Path]::GetTempPath()) "relps-fields-$([guid]::NewGuid().ToString('N')).json"
            try {
                Export-RelData -Path $file
                (Get-Content $file -Raw) | Should -BeLike '*"owner": "ann"*'
                Get-RelObject Doc | Remove-RelObject -Confirm:$false
                Import-RelData -Path $file
                (Get-RelObject Doc).Data.tags | Should -Be @('x')
            }
            finally { Remove-Item $file -ErrorAction Ignore }
        }
    }

    Context 'Binary' {
        BeforeEach {
            Connect-RelDatabase -Path $path -Schema @{ Blob = @{ Name = @{ Type = 'Char'; MaxLength = 20 }
                                                                Bytes = @{ Type = 'Binary'; Null = $true } } }
        }

        It 'round-trips a [byte[]] exactly and filters on it' {
            $b = [byte[]](0..255)
            $o = New-RelObject Blob @{ Name = 'all'; Bytes = $b }
            $o.Bytes.GetType() | Should -Be ([byte[]])
            [Convert]::ToBase64String($o.Bytes) | Should -Be ([Convert]::ToBase64String($b))
            $back = Get-RelObject Blob -Filter @{ Bytes = [byte[]](0..255) }
            $back.Name | Should -Be 'all'
            [Convert]::ToBase64String($back.Bytes) | Should -Be ([Convert]::ToBase64String($b))
            New-RelObject Blob @{ Name = 'none' } | Out-Null
            (Get-RelObject Blob -Filter @{ Bytes__isnull = $true }).Name | Should -Be 'none'
            (Invoke-RelSql -Query "SELECT typeof(bytes) AS t FROM blob WHERE name = 'all'").t | Should -Be 'blob'
        }

        It 'refuses other lookups and values that are not bytes' {
            { Get-RelObject Blob -Filter @{ Bytes__gt = [byte[]](1) } -ErrorAction Stop } | Should -Throw -ExpectedMessage "The gt lookup cannot be used with Binary field 'Blob.Bytes'*"
            $err = $null
            New-RelObject Blob @{ Name = 'x'; Bytes = 'text' } -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            Get-RelObject Blob | Should -BeNullOrEmpty
        }

        It 'Export-RelData writes bytes as base64 and Import-RelData reads them back' {
            New-RelObject Blob @{ Name = 'a'; Bytes = [byte[]](1, 2, 3) } | Out-Null
            $file = Join-Path ([IO.Path]::GetTempPath()) "relps-fields-$([guid]::NewGuid().ToString('N')).json"
            try {
                Export-RelData -Path $file
                (Get-Content $file -Raw) | Should -BeLike '*"Bytes": "AQID"*'
                Get-RelObject Blob | Remove-RelObject -Confirm:$false
                Import-RelData -Path $file
                (Get-RelObject Blob).Bytes | Should -Be @(1, 2, 3)
            }
            finally { Remove-Item $file -ErrorAction Ignore }
        }
    }

    Context 'Choices' {
        BeforeEach {
            Connect-RelDatabase -Path $path -Schema @{ Server = @{ Name  = @{ Type = 'Char'; MaxLength = 20 }
                                                                  Role  = @{ Type = 'Char'; MaxLength = 10; Choices = 'web', 'db', 'cache'; Default = 'web' }
                                                                  Level = @{ Type = 'Integer'; Null = $true; Choices = [ordered]@{ 1 = 'Low'; 2 = 'High' } } } }
        }

        It 'takes listed values and refuses others as InvalidArgument, listing the choices' {
            (New-RelObject Server @{ Name = 'a'; Role = 'db'; Level = 2 }).Role | Should -Be 'db'
            (New-RelObject Server @{ Name = 'b' }).Role | Should -Be 'web'
            $err = $null
            New-RelObject Server @{ Name = 'c'; Role = 'mail' } -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Message | Should -Be "Field 'Server.Role': 'mail' is not one of the choices: web, db, cache."
            { Get-RelObject Server -Filter @{ Name = 'a' } | Set-RelObject -Property @{ Level = 3 } -ErrorAction Stop } |
                Should -Throw -ExpectedMessage "Field 'Server.Level': '3' is not one of the choices: 1 (Low), 2 (High)."
            (Get-RelObject Server -OrderBy Name).Level | Should -Be @(2, $null)
            (Get-RelObject Server -Filter @{ Role = 'mail' }) | Should -BeNullOrEmpty
        }

        It 'takes field values as parameters of their own, converted and validated by the engine as -Property values' {
            $s = New-RelObject Server -Name web-01 -Role db -Level 2
            $s.Role | Should -Be 'db'
            $s.Level | Should -Be 2
            (New-RelObject Server -Name 007).Name | Should -Be '007'
            $err = $null
            New-RelObject Server -Name bad -Role mail -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidChoice,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Message | Should -Be "Field 'Server.Role': 'mail' is not one of the choices: web, db, cache."
            $err2 = $null
            New-RelObject Server @{ Name = 'bad'; Role = 'mail' } -ErrorAction SilentlyContinue -ErrorVariable err2
            $err2[0].FullyQualifiedErrorId | Should -Be $err[0].FullyQualifiedErrorId
            New-RelObject Server -Name cache-01 -Role cache | Out-Null
            $s | Set-RelObject -Level 1 -PassThru | ForEach-Object Level | Should -Be 1
            { $s | Set-RelObject -Level 3 -ErrorAction Stop } | Should -Throw -ExpectedMessage "Field 'Server.Level': '3' is not one of the choices: 1 (Low), 2 (High)."
            Get-RelObject Server -Role db, cache -AsQuery | Set-RelObject -Role web
            (Get-RelObject Server -Role web -OrderBy Name).Name | Should -Be @('007', 'cache-01', 'web-01')
            (Get-RelObject Server -Role db) | Should -BeNullOrEmpty
            (Measure-RelObject Server -Level 1 -Aggregate @{ N = 'Count(Id)' }).N | Should -Be 1
        }

        It 'offers the choices by Tab for the field parameters of New-RelObject, Set-RelObject, Get-RelObject and Group-RelObject' {
            $s = New-RelObject Server -Name web-01
            (TabExpansion2 'New-RelObject Server -Name web-02 -Role ').CompletionMatches.CompletionText | Should -Be @('web', 'db', 'cache')
            (TabExpansion2 'New-RelObject -Model Server -Role C').CompletionMatches.CompletionText | Should -Be 'cache'
            $level = (TabExpansion2 'New-RelObject Server -Level ').CompletionMatches
            $level.CompletionText | Should -Be @('1', '2')
            $level.ToolTip | Should -Be @('Low', 'High')
            (TabExpansion2 'Get-RelObject Server -Filter @{ Name = ''web-01'' } | Set-RelObject -Role d').CompletionMatches.CompletionText | Should -Be 'db'
            (TabExpansion2 'Set-RelObject -InputObject $s -Level ').CompletionMatches.CompletionText | Should -Be @('1', '2')
            (TabExpansion2 'Get-RelObject Server -Role web, ').CompletionMatches.CompletionText | Should -Be @('web', 'db', 'cache')
            (TabExpansion2 'Group-RelObject Server -By Name -Role ').CompletionMatches.CompletionText | Should -Be @('web', 'db', 'cache')
            (TabExpansion2 'New-RelObject Server -R').CompletionMatches.CompletionText | Should -Be '-Role'
        }

        It 'leaves a field named like a cmdlet parameter to -Property, and Get-Command shows no field without a model' {
            Connect-RelDatabase -Path $path -Schema @{ Lock = @{ Key = @{ Type = 'Char'; MaxLength = 10; Unique = $true }
                                                                Filter = @{ Type = 'Char'; MaxLength = 10; Choices = 'on call', 'off' } } }
            $names = (Get-Command New-RelObject -ArgumentList Lock).Parameters.Keys
            $names | Should -Contain 'Filter'
            $names | Should -Not -Contain 'Lock'
            @($names | Where-Object { $_ -eq 'Key' }).Count | Should -Be 1
            (Get-Command New-RelObject -ArgumentList Lock).Parameters['Key'].ParameterType | Should -Be ([string[]])
            (Get-Command Get-RelObject -ArgumentList Lock).Parameters['Filter'].ParameterType | Should -Be ([object])
            (TabExpansion2 'New-RelObject Lock -Filter o').CompletionMatches.CompletionText | Should -Be @("'on call'", 'off')
            (New-RelObject Lock @{ Key = 'k1'; Filter = 'off' }).Key | Should -Be 'k1'
            { New-RelObject Lock -Filter off -Property @{ Key = 'k2' } } | Should -Throw -ErrorId 'NamedParameterNotFound,*'
            $err = $null
            New-RelObject Lock -Filter off -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].Exception.Message | Should -Be "Field 'Lock.Key' is required (it cannot be blank)."
            (Get-RelObject Lock -Filter @{ Key = 'k1' }).Filter | Should -Be 'off'
            (Get-Command Set-RelObject).Parameters.Keys | Should -Not -Contain 'Filter'
            (Get-Command Get-RelObject).Parameters.Keys | Should -Not -Contain 'Key'
        }

        It 'gives piped rows and queries every model''s fields, a field the item''s model lacks being its UnknownField error' {
            $web = New-RelObject Server -Name web-01 -Role db
            Connect-RelDatabase -Path $path -Schema @{ Server = @{ Name  = @{ Type = 'Char'; MaxLength = 20 }
                                                                  Role  = @{ Type = 'Char'; MaxLength = 10; Choices = 'web', 'db', 'cache'; Default = 'web' }
                                                                  Level = @{ Type = 'Integer'; Null = $true; Choices = [ordered]@{ 1 = 'Low'; 2 = 'High' } } }
                                                       Disk = @{ Size = @{ Type = 'Integer' } } }
            $disk = New-RelObject Disk -Size 100
            $err = $null
            $disk, (Get-RelObject Server) | Set-RelObject -Level 2 -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UnknownField,*'
            $err[0].Exception.Message | Should -Be "Cannot resolve 'Level' on 'Disk'. Choices are: Id, Size."
            (Get-RelObject Server).Level | Should -Be 2
            (Get-RelObject Server -AsQuery | Get-RelObject -Level 2).Name | Should -Be 'web-01'
            { Get-RelObject Disk -AsQuery | Get-RelObject -Level 2 -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownField,*'
        }

        It 'takes field parameters in a ForEach-Object -Parallel thread, for the rows'' database, never opening the default one' {
            $default = Join-Path ([IO.Path]::GetTempPath()) "relps-default-$([guid]::NewGuid().ToString('N')).db"
            $env:RELATIONSPS_DATABASE = $default
            try {
                'a', 'b' | ForEach-Object { New-RelObject Server -Name $_ } | Out-Null
                $manifest = (Get-Module RelationsPS).Path
                Get-RelObject Server | ForEach-Object -Parallel {
                    Import-Module $using:manifest
                    $_.Level = 1
                    $_ | Set-RelObject
                    $_ | Set-RelObject -Role cache
                }
                (Get-RelObject Server -OrderBy Name).Role | Should -Be @('cache', 'cache')
                (Get-RelObject Server -OrderBy Name).Level | Should -Be @(1, 1)
                Test-Path $default | Should -BeFalse
            }
            finally {
                Remove-Item Env:RELATIONSPS_DATABASE
                Remove-Item "$default*" -ErrorAction SilentlyContinue
            }
        }

        It 'shows the values Set-RelObject wrote on the object given to it, so saving it again later keeps them' {
            $s = New-RelObject Server -Name a -Level 1
            $s | Set-RelObject -Role cache
            $s.Role | Should -Be 'cache'
            $s | Set-RelObject -Property @{ Level = { $_.Level + 1 } }
            $s.Level | Should -Be 2
            $s.Name = 'b'
            $s | Set-RelObject
            $row = Get-RelObject Server
            $row.Name, $row.Role, $row.Level | Should -Be @('b', 'cache', 2)
        }

        It 'Export-RelSchema writes the choices back' {
            $out = Join-Path ([IO.Path]::GetTempPath()) "relps-fields-$([guid]::NewGuid().ToString('N')).psd1"
            try {
                Export-RelSchema -Path $out
                $schema = Import-PowerShellDataFile $out
                $schema.Server.Role.Choices | Should -Be @('web', 'db', 'cache')
                $schema.Server.Level.Choices[2] | Should -Be 'High'
            }
            finally { Remove-Item $out -ErrorAction Ignore }
        }
    }

    Context 'Email, Url and IPAddress validation' {
        BeforeEach {
            Connect-RelDatabase -Path $path -Schema @{ Host = @{ Mail = @{ Type = 'Email'; Blank = $true }
                                                                Site = @{ Type = 'Url'; Blank = $true }
                                                                Ip   = @{ Type = 'IPAddress'; Null = $true } } }
        }

        It 'takes valid values and stores IP addresses normalised' {
            $h = New-RelObject Host @{ Mail = 'ops@example.com'; Site = 'https://example.com/status'; Ip = '2001:DB8:0:0::1' }
            $h.Ip | Should -Be '2001:db8::1'
            (Get-RelObject Host -Filter @{ Ip = '2001:db8::1' }).Mail | Should -Be 'ops@example.com'
        }

        It 'refuses invalid values as InvalidArgument, writing nothing' -TestCases @(
            @{ Values = @{ Mail = 'ops@' }; Message = "Field 'Host.Mail' takes an email address*" }
            @{ Values = @{ Site = 'example.com' }; Message = "Field 'Host.Site' takes a URL*" }
            @{ Values = @{ Ip = '300.1.1.1' }; Message = "Field 'Host.Ip' takes an IPv4 address*" }
        ) {
            param($Values, $Message)
            $err = $null
            New-RelObject Host $Values -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Message | Should -BeLike $Message
            Get-RelObject Host | Should -BeNullOrEmpty
        }
    }

    Context 'Scriptblock defaults' {
        It 'evaluates the scriptblock once per created row' {
            $script:n = 0
            Connect-RelDatabase -Path $path -Schema @{ Ticket = @{ Code = @{ Type = 'Char'; MaxLength = 10; Default = { $script:n++; "T-$script:n" } }
                                                                  At   = @{ Type = 'DateTime'; Default = { Get-Date } } } }
            $before = Get-Date
            $t = 1..3 | ForEach-Object { New-RelObject Ticket @{} }
            $t.Code | Should -Be @('T-1', 'T-2', 'T-3')
            $t[0].At | Should -BeGreaterOrEqual $before
            (New-RelObject Ticket @{ Code = 'given' }).Code | Should -Be 'given'
            $script:n | Should -Be 3
        }

        It 'reports a failing scriptblock as the item''s error; the other items go on' {
            Connect-RelDatabase -Path $path -Schema @{ Ticket = @{ Code = @{ Type = 'Char'; MaxLength = 10; Default = { if ($script:fail) { throw 'no codes left' } 'ok' } } } }
            $script:fail = $true
            $err = $null
            @(@{}, @{ Code = 'given' }) | New-RelObject Ticket -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
            $err.Count | Should -Be 1
            $err[0].Exception.Message | Should -Be "Field 'Ticket.Code': its Default failed: no codes left"
            (Get-RelObject Ticket).Code | Should -Be 'given'
        }
    }
}
