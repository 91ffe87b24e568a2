BeforeAll { Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force }

# Issue 12: the reproductions of items 2, 4, 5, 6, 9, 10 and 11, in the PowerShell users run.
Describe 'Reliability: inputs and limits' {
    Context 'deep cascades (12.2)' {
        It 'plans and deletes a 6,500-deep self-referencing cascade without overflowing the stack' {
            Connect-RelDatabase -InMemory -Schema @{ Node = @{ Name = @{ Type = 'Char'; MaxLength = 10 }; Parent = @{ Type = 'ForeignKey'; To = 'self'; OnDelete = 'Cascade'; Null = $true; RelatedName = 'Children' } } }
            $root = New-RelObject Node @{ Name = 'n1' }
            Use-RelTransaction { $p = $root; foreach ($i in 2..6500) { $p = New-RelObject Node @{ Name = "n$i"; Parent = $p.Id } } }
            $root | Remove-RelObject -WhatIf
            (Get-RelObject Node -AsQuery).Count() | Should -Be 6500
            $root | Remove-RelObject -Confirm:$false
            (Get-RelObject Node -AsQuery).Count() | Should -Be 0
        }
    }

    Context 'decimals (12.4)' {
        BeforeEach { Connect-RelDatabase -InMemory -Schema @{ Item = @{ Price = @{ Type = 'Decimal'; MaxDigits = 20; DecimalPlaces = 2 } } } }

        It 'refuses a value the database would round, instead of reading back another number' {
            { New-RelObject Item @{ Price = '999999999999999999.99' } -ErrorAction Stop } | Should -Throw -ErrorId 'DecimalNotExact*'
            (Get-RelObject Item -AsQuery).Count() | Should -Be 0
        }

        It 'keeps 15 significant digits and whole numbers up to Int64 exactly' {
            New-RelObject Item @{ Price = '9999999999999.99' } | Out-Null
            New-RelObject Item @{ Price = '123456789012345678' } | Out-Null
            (Get-RelObject Item -OrderBy Price).Price | Should -Be @(9999999999999.99d, 123456789012345678.00d)  # d literals: PowerShell's [decimal]'...' cast goes through double
        }
    }

    Context 'query log memory (12.5)' {
        It 'keeps a preview of a long body, not the body' {
            Connect-RelDatabase -InMemory
            $body = 'x' * 1MB
            1..5 | ForEach-Object { New-Post -Title "p$_" -Body $body } | Out-Null
            $kept = (Get-RelQueryLog | ForEach-Object { $_.Parameters } | Where-Object { $_ -is [string] } | Measure-Object -Property Length -Sum).Sum
            $kept | Should -BeLessThan 10KB
            (Get-Post -Title p5).Body.Length | Should -Be 1MB
        }
    }

    Context 'patterns (12.6)' {
        BeforeAll {
            Connect-RelDatabase -InMemory
            New-Post -Title ('x' * 200) -Body ('x' * 500) | Out-Null
            New-Post -Title 'a' -Body ('a' * 40) | Out-Null
        }

        It 'matches a case-sensitive wildcard with many stars at once' {
            (Measure-Command { Get-Post -Filter { $_.Body -clike '*x*x*x*y' } }).TotalSeconds | Should -BeLessThan 5
        }

        It 'matches a nested-quantifier regex in linear time' {
            (Measure-Command { $script:found = Get-Post -Filter @{ Body__regex = '^(a+)+$' } }).TotalSeconds | Should -BeLessThan 5
            $found.Title | Should -Be 'a'
        }

        It 'stops a backtracking regex with RegexTimeout' {
            New-Post -Title 'b' -Body (('a' * 5000) + 'b') | Out-Null
            { Get-Post -Filter @{ Body__regex = '^(a|aa)+\1$' } -ErrorAction Stop } | Should -Throw -ErrorId 'RegexTimeout*'
        }
    }

    Context 'silent conversions (12.9)' {
        BeforeEach { Connect-RelDatabase -InMemory -Schema @{ Item = @{ Ratio = @{ Type = 'Float'; Null = $true }; Note = @{ Type = 'Text'; Blank = $true; Null = $true }; Count = @{ Type = 'Integer'; Default = 5 } } } }

        It 'refuses <Name>' -ForEach @(
            @{ Name = "Float '1,5'"; Property = @{ Ratio = '1,5' }; Id = 'InvalidValue' }
            @{ Name = 'an array for a Text field'; Property = @{ Note = @(1, 2) }; Id = 'InvalidValue' }
            @{ Name = 'a hashtable for a Text field'; Property = @{ Note = @{ a = 1 } }; Id = 'InvalidValue' }
            @{ Name = 'a lone surrogate'; Property = @{ Note = "a$([char]0xD800)b" }; Id = 'InvalidText' }
        ) {
            { New-RelObject Item $Property -ErrorAction Stop } | Should -Throw -ErrorId "$Id*"
            (Get-RelObject Item -AsQuery).Count() | Should -Be 0
        }

        It 'keeps the 9 valid rows of a pipeline with one NaN' {
            1..10 | ForEach-Object { @{ Ratio = if ($_ -eq 5) { [double]::NaN } else { $_ } } } | New-RelObject -Model Item -ErrorVariable bad -ErrorAction SilentlyContinue | Out-Null
            $bad.Count | Should -Be 1
            $bad[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            (Get-RelObject Item -AsQuery).Count() | Should -Be 9
        }

        It 'refuses an expression update beyond an Integer field, changing nothing' {
            New-RelObject Item @{ Count = 5 } | Out-Null
            { Get-RelObject Item -AsQuery | Set-RelObject -Property @{ Count = { $_.Count + 3000000000 } } -ErrorAction Stop } | Should -Throw -ErrorId 'ValueOutOfRange*'
            (Get-RelObject Item).Count | Should -Be 5
        }

        It 'refuses Sum of a text field' {
            { Measure-RelObject -Model Item -Aggregate @{ S = 'Sum(Note)' } -ErrorAction Stop } | Should -Throw -ErrorId 'NonNumericAggregate*'
        }

        It 'says TransactionAborted when the connection is closed inside Use-RelTransaction' {
            { Use-RelTransaction { New-RelObject Item @{ Count = 1 } | Out-Null; Disconnect-RelDatabase } } | Should -Throw -ErrorId 'TransactionAborted*'
        }
    }

    Context 'tags (12.10)' {
        BeforeEach { Connect-RelDatabase -InMemory }

        It 'creates <Name> with the slug <Slug>' -ForEach @(
            @{ Name = 'питон'; Slug = 'питон' }
            @{ Name = '日本語'; Slug = '日本語' }
            @{ Name = '🐍'; Slug = 'tag' }
        ) {
            (New-Tag $Name).Slug | Should -Be $Slug
        }

        It 'suffixes a taken slug and refuses a name differing in case only' {
            (New-Tag 'café').Slug | Should -Be 'cafe'
            (New-Tag 'cafe').Slug | Should -Be 'cafe-2'
            (New-Tag 'c').Slug | Should -Be 'c'
            (New-Tag 'c#').Slug | Should -Be 'c-2'
            New-Tag python | Out-Null
            { New-Tag Python -ErrorAction Stop } | Should -Throw -ErrorId 'UniqueViolation*'
        }

        It 'takes a tag named 123 by its name' {
            New-Tag 123 | Out-Null
            (New-Post -Title p -Tag 123).Tags.Name | Should -Be '123'
            (Get-Post -Tag 123).Title | Should -Be 'p'
        }
    }

    Context 'break out of Use-RelTransaction (12.11)' {
        It 'commits what ran, warns, and leaves the loop' {
            Connect-RelDatabase -InMemory
            foreach ($i in 1..3) { Use-RelTransaction { New-Post -Title "p$i" | Out-Null; if ($i -eq 2) { break } } -WarningVariable w -WarningAction SilentlyContinue }
            (Get-Post).Title | Should -Be @('p1', 'p2')
            $w | Should -Match 'committed'
        }
    }
}
