BeforeAll { Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force }

Describe 'Post tag links' {
    BeforeEach {
        Connect-RelDatabase -InMemory
        New-Post -Title 'Hello' -Tag python | Out-Null
        New-Tag sql | Out-Null
    }

    It 'adds a tag once (a second add is a no-op)' {
        (Add-PostTag -Post 'Hello' -Tag sql -PassThru).LinkChanges.Status | Should -Be 'Added'
        (Add-PostTag -Post 'Hello' -Tag sql -PassThru).LinkChanges.Status | Should -Be 'AlreadyPresent'
    }

    It 'creates missing tags only with -Create' {
        Add-PostTag -Post 'Hello' -Tag newtag -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -Not -BeNullOrEmpty
        (Add-PostTag -Post 'Hello' -Tag newtag -Create -PassThru).LinkChanges.Status | Should -Be 'Added'
    }

    It 'removes a tag; removing a missing one is a no-op' {
        (Remove-PostTag -Post 'Hello' -Tag python -PassThru).LinkChanges.Status | Should -Be 'Removed'
        (Remove-PostTag -Post 'Hello' -Tag python -PassThru).LinkChanges.Status | Should -Be 'NotPresent'
    }

    It 'sets exactly the given tags, and -WhatIf changes nothing' {
        Set-PostTag -Post 'Hello' -Tag sql -WhatIf
        (Get-Post -Title 'Hello').Tags.Name | Should -Be 'python'
        Set-PostTag -Post 'Hello' -Tag sql
        (Get-Post -Title 'Hello').Tags.Name | Should -Be 'sql'
    }

    It 'clears all tags' {
        Clear-PostTag -Post 'Hello' -Confirm:$false
        (Get-Post -Title 'Hello').Tags.Count | Should -Be 0
    }
}
