BeforeAll { Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force }

Describe 'Posts' {
    BeforeEach {
        Connect-RelDatabase -InMemory
        New-Post -Title 'Lazy QuerySets explained' -Tag python, django -Views 150 | Out-Null
        New-Post -Title 'Django admin' -Tag django -Views 20 | Out-Null
        New-Post -Title 'SQL joins' -Tag sql -Views 5 | Out-Null
    }

    It 'returns the created post with its Id' {
        (New-Post -Title 'New').Id | Should -Be 4
    }

    It 'filters with a scriptblock translated to SQL' {
        (Get-Post -Filter { $_.Views -gt 100 -or $_.Title -like 'Django*' }).Title | Should -Be @('Lazy QuerySets explained', 'Django admin')
    }

    It 'compares two fields (F)' {
        (Get-Post -Filter { $_.Views -gt $_.Id * 10 }).Title | Should -Be 'Lazy QuerySets explained'
    }

    It 'finds posts by tag, all tags with -MatchAllTags' {
        (Get-Post -Tag django).Count | Should -Be 2
        (Get-Post -Tag python, django -MatchAllTags).Title | Should -Be 'Lazy QuerySets explained'
    }

    It 'refuses what it cannot translate, pointing at Where-Object' {
        { Get-Post -Filter { $_.Title.GetHashCode() -eq 1 } } | Should -Throw '*Where-Object*'
    }

    It 'keeps a query lazy' {
        $q = Get-Post -Tag python -AsQuery
        $q.Sql | Should -Match 'post_tags'
        $q.Count() | Should -Be 1
    }

    It 'imports rows from the pipeline' {
        @([pscustomobject]@{ Title = 'csv 1'; Body = 'b'; Tag = 'csv' }, [pscustomobject]@{ Title = 'csv 2'; Body = 'b'; Tag = 'csv;python' }) | New-Post | Out-Null
        (Get-Post -Tag csv).Count | Should -Be 2
    }

    It 'updates and removes posts' {
        Set-Post -Post 'SQL joins' -Views 99
        (Get-Post -Title 'SQL joins').Views | Should -Be 99
        Remove-Post -Post 'SQL joins' -Confirm:$false
        Get-Post -Title 'SQL*' | Should -BeNullOrEmpty
    }
}

Describe 'An annotation a filter reads' {
    BeforeEach {
        Connect-RelDatabase -InMemory
        New-Post -Title 'Lazy QuerySets explained' -Tag python, django -Views 150 | Out-Null
        New-Post -Title 'Django admin' -Tag django -Views 20 | Out-Null
        New-Post -Title 'No tags' -Views 5 | Out-Null
    }

    It 'is computed once: the statement names the count once' {
        Clear-RelQueryLog
        $posts = Get-RelObject Post -Annotate @{ TagCount = 'Count(Tags)' } -Filter { $_.TagCount -gt 1 }
        $log = @(Get-RelQueryLog)
        $log.Count | Should -Be 1
        ([regex]::Matches($log[0].Sql, 'COUNT\(')).Count | Should -Be 1
        $posts.Title | Should -Be 'Lazy QuerySets explained'
        $posts.TagCount | Should -Be 2
    }

    It 'keeps the rows without related rows when zero matches' {
        $posts = Get-RelObject Post -Annotate @{ TagCount = 'Count(Tags)' } -Filter { $_.TagCount -lt 2 } -OrderBy '-TagCount'
        $posts.Title | Should -Be @('Django admin', 'No tags')
        $posts.TagCount | Should -Be @(1, 0)
    }
}
