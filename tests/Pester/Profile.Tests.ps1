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

Describe 'Including a profile' {
    BeforeEach {
        Connect-RelDatabase -InMemory
        New-User alice | Out-Null
        New-User bob | Out-Null
        New-Profile -User alice -Bio 'Writes about Django' -Website 'https://alice.example' | Out-Null
    }

    It 'reads users and their profiles in one statement (the profile joined, as select_related)' {
        Clear-RelQueryLog
        $users = Get-RelObject User -Include Profile
        $log = @(Get-RelQueryLog)
        $log.Count | Should -Be 1
        $log[0].Sql | Should -BeLike '*FROM "user" t0 LEFT JOIN "profile" j1 ON j1."user_id" = t0."id"*'
        Clear-RelQueryLog
        $users.UserName | Should -Be @('alice', 'bob')
        $users[0].Profile.Bio | Should -Be 'Writes about Django'
        $users[0].Profile.Website | Should -Be 'https://alice.example'
        $users[1].Profile | Should -BeNullOrEmpty
        @(Get-RelQueryLog).Count | Should -Be 0
    }

    It 'gives the profile that Get-Profile reads' {
        $joined = (Get-RelObject User -Include Profile -Filter { $_.Profile.Bio -like '*Django*' }).Profile
        $read = Get-Profile -User alice
        $joined.Id | Should -Be $read.Id
        $joined.Bio | Should -Be $read.Bio
        $joined.User.UserName | Should -Be 'alice'
    }
}
