# The pattern for your own Pester tests: a fresh in-memory database for every It, so tests never
# see each other's data, and the query log to pin how many statements a pipeline runs.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
}

Describe 'A script that tags posts' {
    BeforeEach {
        Connect-RelDatabase -InMemory
        New-Tag python | Out-Null
        1..3 | ForEach-Object { New-Post -Title "Post $_" | Out-Null }
    }

    It 'tags every post' {
        Get-Post | Add-PostTag -Tag python
        (Get-Post -Tag python).Count | Should -Be 3
    }

    It 'starts from an empty database in every It' {
        (Get-Post -Tag python) | Should -BeNullOrEmpty
    }

    It 'counts the statements a pipeline runs' {
        Clear-RelQueryLog
        Get-Post -Tag python -AsQuery | Measure-RelObject -Aggregate @{ N = 'Count(Id)' } | Out-Null
        (Get-RelQueryLog).Count | Should -Be 1
    }

    It 'reports errors with stable ids' {
        { New-Tag python -ErrorAction Stop } | Should -Throw -ErrorId 'UniqueViolation*'
    }
}

Describe 'A schema of your own' {
    BeforeEach {
        Connect-RelDatabase -InMemory -Schema @{
            Server = @{ Name = @{ Type = 'Char'; MaxLength = 64; Unique = $true } }
            Role   = @{ Name = @{ Type = 'Char'; MaxLength = 64 }
                        Servers = @{ Type = 'ManyToMany'; To = 'Server'; RelatedName = 'Roles' } }
        }
    }

    It 'links both ways' {
        $web = New-RelObject Server @{ Name = 'web-01' }
        New-RelObject Role @{ Name = 'WebServer'; Servers = $web } | Out-Null
        $web.Roles.Name | Should -Be 'WebServer'
    }
}
