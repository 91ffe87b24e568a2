BeforeAll { Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force }

Describe 'Users' {
    BeforeEach { Connect-RelDatabase -InMemory }

    It 'creates users from the pipeline and finds them by wildcard' {
        'alice', 'bob' | New-User | Out-Null
        (Get-User a*).UserName | Should -Be 'alice'
    }

    It 'lists a user''s posts through the reverse relation' {
        $alice = New-User alice
        New-Post -Title 'By alice' -Author $alice | Out-Null
        $alice.Posts.Title | Should -Be 'By alice'
    }

    It 'removes a user with the profile, leaving posts without author' {
        New-User alice | New-Profile -Bio 'hi' | Out-Null
        New-Post -Title 'Orphan' -Author alice | Out-Null
        Remove-User alice -Confirm:$false
        Get-Profile | Should -BeNullOrEmpty
        (Get-Post -Title 'Orphan').AuthorId | Should -BeNullOrEmpty
    }
}
