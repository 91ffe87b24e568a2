# Everyday pwsh idioms (issue 11, "the rest of what a pwsh user met"): each It is a reproduction, run in
# real pwsh with the standard cmdlets, that failed before its fix.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    $script:Servers = @{
        Role   = @{ Name = @{ Type = 'Char'; MaxLength = 20; Unique = $true } }
        Server = @{ Name    = @{ Type = 'Char'; MaxLength = 50; Unique = $true }
                    Cores   = @{ Type = 'Integer' }
                    Online  = @{ Type = 'Boolean'; Default = $true }
                    Booted  = @{ Type = 'DateTime'; Null = $true }
                    Price   = @{ Type = 'Decimal'; MaxDigits = 10; DecimalPlaces = 2; Null = $true }
                    Role    = @{ Type = 'ForeignKey'; To = 'Role'; OnDelete = 'SetNull'; Null = $true }
                    Roles   = @{ Type = 'ManyToMany'; To = 'Role'; RelatedName = 'Hosts'; Blank = $true } }
        O2O    = @{ Name = @{ Type = 'Char'; MaxLength = 20 }
                    Role = @{ Type = 'ForeignKey'; To = 'Role'; OnDelete = 'Cascade' } }
    }
}

Describe 'Cascade messages' {
    BeforeEach { Connect-RelDatabase -InMemory -Schema $Servers }

    It 'keep model names as written (O2O, not "o 2 o")' {
        $role = New-RelObject Role @{ Name = 'web' }
        New-RelObject O2O @{ Name = 'a'; Role = $role } | Out-Null
        $said = Remove-RelObject -InputObject $role -Confirm:$false -Verbose 4>&1 | Out-String
        $said | Should -BeLike "*Removed Role 'web' (Id 1) (also removes 1 O2O).*"
    }
}

Describe 'Get-Post -Id' {
    BeforeEach { Connect-RelDatabase -InMemory; New-Post -Title 'one' | Out-Null }

    It 'reports an id that finds nothing as ObjectNotFound, as Get-Tag nosuch does' {
        Get-Post -Id 99 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 99
        (Get-Post -Id 1).Title | Should -Be 'one'
    }
}
