# Expressions, aggregates of expressions and sets (issue 14), in real pwsh. Cases restated from
# Django's tests: expressions_case (Case/When), db_functions (Coalesce Lower Upper Length Substr
# Concat Cast, week_day quarter week iso_year time), aggregation (StdDev, Variance, Sum of an
# expression, filter=), ordering (nulls_last, '?'), queries.test_qs_combinators (union ...).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    $script:Schema = @{
        Author = @{ Name  = @{ Type = 'Char'; MaxLength = 50 }
                    Alias = @{ Type = 'Char'; MaxLength = 50; Null = $true } }
        Book   = @{ Name    = @{ Type = 'Char'; MaxLength = 100 }
                    Pages   = @{ Type = 'Integer' }
                    Price   = @{ Type = 'Decimal'; MaxDigits = 6; DecimalPlaces = 2 }
                    Rating  = @{ Type = 'Float'; Null = $true }
                    Pubdate = @{ Type = 'Date' }
                    Author  = @{ Type = 'ForeignKey'; To = 'Author'; OnDelete = 'Cascade'; Null = $true; RelatedName = 'Books' }
                    Meta    = @{ Ordering = 'Id' } }
    }
}

Describe 'Expressions' {
    BeforeEach {
        Connect-RelDatabase -InMemory -Schema $Schema
        $john = New-RelObject Author @{ Name = 'John Smith'; Alias = 'smithj' }
        New-RelObject Author @{ Name = 'Rhonda' } | Out-Null
        $books = @(
            @{ Name = 'The Definitive Guide to Django'; Pages = 447; Price = 30.00; Rating = 4.5; Pubdate = [datetime]'2007-12-06'; Author = $john }
            @{ Name = 'Sams Teach Yourself Django'; Pages = 528; Price = 23.09; Rating = 3.0; Pubdate = [datetime]'2008-06-23'; Author = $john }
            @{ Name = 'Practical Django Projects'; Pages = 300; Price = 29.69; Rating = $null; Pubdate = [datetime]'2008-11-03'; Author = $john }
            @{ Name = 'Python Web Development with Django'; Pages = 350; Price = 29.69; Rating = 4.0; Pubdate = [datetime]'2008-12-29' }
            @{ Name = 'Artificial Intelligence: A Modern Approach'; Pages = 1132; Price = 82.80; Rating = 5.0; Pubdate = [datetime]'2009-01-01' }
            @{ Name = 'Paradigms of AI Programming'; Pages = 946; Price = 75.00; Rating = 4.0; Pubdate = [datetime]'1991-10-15' }
        )
        foreach ($b in $books) { New-RelObject Book $b | Out-Null }
    }

    Context 'annotations from scriptblocks' {
        It 'translates if/elseif/else to CASE WHEN, in one statement' {
            Clear-RelQueryLog
            $rows = Get-RelObject Book -Annotate @{ Size = { if ($_.Pages -gt 900) { 'huge' } elseif ($_.Pages -gt 400) { 'big' } else { 'small' } } }
            $rows.Size | Should -Be @('big', 'big', 'small', 'small', 'huge', 'huge')
            @(Get-RelQueryLog).Count | Should -Be 1
            (Get-RelQueryLog)[0].Sql | Should -Match 'CASE WHEN'
        }

        It 'translates switch, the first matching clause giving the value' {
            $rows = Get-RelObject Book -Annotate @{ Kind = { switch ($_.Pages) { 447 { 'guide' } { $_ -gt 900 } { 'tome' } default { 'book' } } } }
            $rows.Kind | Should -Be @('guide', 'book', 'book', 'book', 'tome', 'tome')
        }

        It 'computes arithmetic, and a condition is a Boolean' {
            $rows = Get-RelObject Book -Annotate @{ Score = { $_.Pages * 2 + $_.Id }; Long = { $_.Pages -gt 500 } }
            $rows.Score | Should -Be @(895, 1058, 603, 704, 2269, 1898)
            $rows.Long | Should -Be @($false, $true, $false, $false, $true, $true)
        }

        It 'reads text functions the PowerShell way' {
            $a = Get-RelObject Author -Annotate @{
                Lower = { $_.Name.ToLower() }; Upper = { $_.Name.ToUpper() }; Len = { $_.Name.Length }
                First = { $_.Name.Substring(0, 4) }; Shout = { $_.Name + '!' }; Shown = { $_.Alias ?? $_.Name }
            } -OrderBy Id
            $a.Lower | Should -Be @('john smith', 'rhonda')
            $a.Upper | Should -Be @('JOHN SMITH', 'RHONDA')
            $a.Len | Should -Be @(10, 6)
            $a.First | Should -Be @('John', 'Rhon')
            $a.Shout | Should -Be @('John Smith!', 'Rhonda!')
            $a.Shown | Should -Be @('smithj', 'Rhonda')
        }

        It 'translates switch -Wildcard and a to-many relation as a Boolean' {
            $a = Get-RelObject Author -Annotate @{ Initial = { switch -Wildcard ($_.Name) { 'J*' { 'J' } default { '?' } } }; Writes = { $_.Books } }
            $a.Initial | Should -Be @('J', '?')
            $a.Writes | Should -Be @($true, $false)
        }

        It 'casts with [int]' {
            (Get-RelObject Book -Annotate @{ Whole = { [int]$_.Price } } -First 2).Whole | Should -Be @(30, 23)
        }

        It 'takes the string form' {
            $a = Get-RelObject Author -Annotate @{ Shown = 'Coalesce(Alias, Name)'; L = 'Lower(Name)'; C = "Concat(Name, ' (', Alias, ')')" }
            $a.Shown | Should -Be @('smithj', 'Rhonda')
            $a.L | Should -Be @('john smith', 'rhonda')
            $a.C | Should -Be @('John Smith (smithj)', 'Rhonda ()')
        }

        It 'uses expressions in filters and ordering' {
            (Get-RelObject Author -Filter { $_.Name.Length -gt 6 }).Name | Should -Be 'John Smith'
            (Get-RelObject Author -Filter { $_.Name.ToUpper() -ceq 'RHONDA' }).Name | Should -Be 'Rhonda'
            (Get-RelObject Author -OrderBy 'Length(Name)').Name | Should -Be @('Rhonda', 'John Smith')
            (Get-RelObject Book -Annotate @{ Size = { if ($_.Pages -gt 900) { 'huge' } else { 'other' } } } -Filter { $_.Size -eq 'huge' }).Pages | Should -Be @(1132, 946)
        }

        It 'takes Case/When as a hashtable: When a filter, Then and Else values or expressions, in one statement' {
            Clear-RelQueryLog
            $rows = Get-RelObject Book -Annotate @{ Size = @{ Case = @(@{ When = @{ Pages__gt = 900 }; Then = 'huge' }
                                                                       @{ When = { $_.Pages -gt 400 }; Then = 'big' })
                                                              Else = 'small' } }
            $rows.Size | Should -Be @('big', 'big', 'small', 'small', 'huge', 'huge')
            @(Get-RelQueryLog).Count | Should -Be 1
            (Get-RelQueryLog)[0].Sql | Should -Match 'CASE WHEN'
            $shown = Get-RelObject Book -Annotate @{ Shown = @{ Case = @{ When = @{ Rating__gte = 4.5 }; Then = { $_.Name.ToUpper() } } } }
            $shown.Shown | Should -Be @('THE DEFINITIVE GUIDE TO DJANGO', $null, $null, $null, 'ARTIFICIAL INTELLIGENCE: A MODERN APPROACH', $null)
            (Get-RelObject Book -Annotate @{ Size = @{ Case = @{ When = @{ Pages__gt = 900 }; Then = 'huge' }; Else = { $_.Name } } } -Filter @{ Size = 'huge' }).Pages | Should -Be @(1132, 946)
        }

        It 'refuses a Case hashtable it cannot read, naming what is wrong' {
            $err = $null
            Get-RelObject Book -Annotate @{ X = @{ Case = @{ When = @{ Pages__gt = 1 } } } } -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Message | Should -Be 'A Case branch needs both When and Then; this one has no Then.'
            { Get-RelObject Book -Annotate @{ X = @{ Case = @{ When = @{ Pages__gt = 1 }; Then = 1 }; Otherwise = 0 } } -ErrorAction Stop } |
                Should -Throw "A Case annotation is @{ Case = @{ When = @{ Pages__gt = 900 }; Then = 'huge' }, ...; Else = 'small' }; 'Otherwise' is not one of its keys (Case, Else)."
            { Get-RelObject Book -Annotate @{ X = @{ Case = @{ When = 'Pages > 1'; Then = 1 } } } -ErrorAction Stop } |
                Should -Throw "A Case branch's When is a scriptblock or a hashtable of lookups, not 'Pages > 1'."
        }

        It 'refuses what it cannot translate, naming the part' {
            { Get-RelObject Book -Annotate @{ X = { $_.Name.Replace('a', 'b') } } } | Should -Throw "*Replace*Where-Object*"
        }
    }

    Context 'aggregates' {
        It 'gives StdDev and Variance of the population, or of a sample' {
            $r = Measure-RelObject -Model Book -Aggregate @{ Sd = 'StdDev(Pages)'; SdS = 'StdDev(Pages, Sample)'; V = 'Variance(Pages)' }
            [math]::Round($r.Sd, 2) | Should -Be 311.47
            [math]::Round($r.SdS, 2) | Should -Be 341.19
            [math]::Round($r.V, 2) | Should -Be 97010.81
        }

        It 'aggregates an expression' {
            $r = Measure-RelObject -Model Book -Aggregate @{ Total = 'Sum(Price * Pages)' }
            [math]::Round([double]$r.Total, 2) | Should -Be 209579.62
        }

        It 'counts with an aggregate''s own filter' {
            $a = Get-RelObject Author -Annotate ([ordered]@{
                Big = @{ Aggregate = 'Count(Books)'; Where = { $_.Books.Pages -gt 400 } }
                All = 'Count(Books)'
            })
            $a.Big | Should -Be @(2, 0)
            $a.All | Should -Be @(3, 0)
            (Measure-RelObject -Model Book -Aggregate @{ N = @{ Aggregate = 'Count(Id)'; Where = @{ Pages__gt = 400 } } }).N | Should -Be 4
        }

        It 'orders groups by an aggregate' {
            $g = Group-RelObject -Model Book -By Price -Aggregate @{ N = 'Count(Id)' } -OrderBy '-N', '-Price'
            $g[0].N | Should -Be 2
            $g[0].Price | Should -Be 29.69
            $g[1].Price | Should -Be 82.80
        }

        It 'counts related rows with .Count and .Where()' {
            (Get-RelObject Author -Filter { $_.Books.Count -gt 2 }).Name | Should -Be 'John Smith'
            (Get-RelObject Author -Annotate @{ N = { $_.Books.Where({ $_.Pages -gt 400 }).Count } }).N | Should -Be @(2, 0)
        }
    }

    Context 'ordering and date parts' {
        It 'puts nulls last or first' {
            (Get-RelObject Book -OrderBy 'Rating:NullsLast')[-1].Pages | Should -Be 300
            (Get-RelObject Book -OrderBy '-Rating:NullsFirst')[0].Pages | Should -Be 300
        }

        It 'orders at random with ?' {
            @(Get-RelObject Book -OrderBy '?').Count | Should -Be 6
        }

        It 'reads week day, quarter, ISO week and ISO year' {
            $b = Get-RelObject Book -Filter { $_.Pubdate.IsoYear -eq 2009 }
            $b.Pages | Should -Be @(350, 1132)
            (Get-RelObject Book -Filter @{ Pubdate__week_day = 2 }).Count | Should -Be 3
            (Get-RelObject Book -Annotate @{ Q = { $_.Pubdate.Quarter }; W = { $_.Pubdate.Week } } -First 1) | ForEach-Object { "$($_.Q)/$($_.W)" } | Should -Be '4/49'
        }
    }

    Context 'time of day' {
        It 'reads .Time (or .TimeOfDay) of a DateTime as a TimeSpan' {
            Connect-RelDatabase -InMemory -Schema @{ Event = @{ At = @{ Type = 'DateTime' } } }
            New-RelObject Event @{ At = [datetime]'2026-03-01 09:15:00' } | Out-Null
            New-RelObject Event @{ At = [datetime]'2026-03-01 18:40:00' } | Out-Null
            (Get-RelObject Event -Filter { $_.At.TimeOfDay -gt [timespan]'12:00' }).Id | Should -Be 2
            (Get-RelObject Event -Annotate @{ T = { $_.At.Time } } -First 1).T | Should -Be ([timespan]'09:15:00')
        }
    }

    Context 'sets and subqueries' {
        It 'filters on some related row matching all conditions (Exists)' {
            (Get-RelObject Author -Filter { $_.Books.Where({ $_.Pages -gt 500 -and $_.Price -lt 25 }) }).Name | Should -Be 'John Smith'
            @(Get-RelObject Author -Filter { $_.Books.Where({ $_.Pages -gt 1000 -and $_.Price -lt 25 }) }).Count | Should -Be 0
            (Get-RelObject Author -Annotate @{ HasBig = { $_.Books.Where({ $_.Pages -gt 500 }) } }).HasBig | Should -Be @($true, $false)
        }

        It 'combines queries of one model with union, intersection and difference' {
            $big = Get-RelObject Book -Filter { $_.Pages -gt 900 } -AsQuery
            $cheap = Get-RelObject Book -Filter { $_.Price -lt 30 } -AsQuery
            ($big.Union($cheap) | ForEach-Object Pages) | Should -Be @(528, 300, 350, 1132, 946)
            $big.Union($cheap).Count() | Should -Be 5
            @($big.Intersection($cheap)).Count | Should -Be 0
            ($cheap.Difference((Get-RelObject Book -Filter { $_.Pages -lt 400 } -AsQuery)) | ForEach-Object Pages) | Should -Be 528
        }
    }
}
