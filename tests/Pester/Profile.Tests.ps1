BeforeAll { Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force }

Describe 'Profiles' {
    BeforeEach {
        Connect-RelDatabase -InMemory
        New-User alice | Out-Null
    }

    It 'is one-to-one, both ways' {
        New-Profile -User alice -Bio 'Writes about Django' | Out-Null
        (Get-User alice | Get-Profile).Bio | Should -Be 'Writes about Django'
        (Get-Profile).User.UserName | Should -Be 'alice'
        (Get-User alice).Profile.Bio | Should -Be 'Writes about Django'
    }

    It 'refuses a second profile for a user' {
        New-Profile -User alice | Out-Null
        New-Profile -User alice -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'is $null for a user without one' {
        (Get-User alice).Profile | Should -BeNullOrEmpty
    }

    It 'updates the profile' {
        New-Profile -User alice | Out-Null
        Set-Profile -User alice -Website 'https://example.org'
        (Get-User alice | Get-Profile).Website | Should -Be 'https://example.org'
    }
}
