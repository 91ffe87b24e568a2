BeforeAll { Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force }

Describe 'Tags' {
    BeforeEach { Connect-RelDatabase -InMemory }

    It 'derives the slug as Django slugify does' {
        (New-Tag -Name 'Machine Learning').Slug | Should -Be 'machine-learning'
    }

    It 'refuses a duplicate name with ResourceExists' {
        New-Tag python | Out-Null
        New-Tag python -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'finds tags by wildcard, quietly when nothing matches' {
        'python', 'pytest', 'sql' | ForEach-Object { New-Tag $_ | Out-Null }
        (Get-Tag py*).Name | Should -Be @('python', 'pytest')
        Get-Tag zz* -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }

    It 'writes ObjectNotFound for an exact name that does not exist' {
        Get-Tag nope -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'removes tags from the pipeline with their links' {
        New-Post -Title 'A' -Tag python | Out-Null
        Get-Tag python | Remove-Tag -Confirm:$false
        (Get-Post -Title 'A').Tags.Count | Should -Be 0
    }
}
