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
}
