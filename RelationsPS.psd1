@{
    # The binaries are laid out by the build under module/bin (git-ignored); `build.ps1 -Task Package`
    # copies this manifest and module/ into out/RelationsPS/<version>/ with the same relative paths.
    RootModule           = 'module/bin/RelationsPS.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6c0f3f43-5a8e-4b57-9d3c-2f1f0b9a6e21'
    Author               = 'RelationsPS contributors'
    CompanyName          = 'RelationsPS'
    Copyright            = '(c) RelationsPS contributors. MIT License.'
    Description          = "Django's relationship model in PowerShell: models, ForeignKey / OneToOne / ManyToMany links, and lazy, filtered, aggregated queries compiled to parameterised SQL on SQLite."
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/RelationsPS.Format.ps1xml')
    TypesToProcess       = @('module/RelationsPS.Types.ps1xml')
    CmdletsToExport      = @(
        'Connect-RelDatabase', 'Disconnect-RelDatabase', 'Get-RelDatabase', 'Get-RelModel', 'Use-RelTransaction',
        'Get-RelQueryLog', 'Clear-RelQueryLog',
        'Compare-RelSchema', 'Update-RelSchema', 'Get-RelSchemaHistory', 'Export-RelSchema',
        'New-RelObject', 'Get-RelObject', 'Set-RelObject', 'Remove-RelObject',
        'Add-RelLink', 'Remove-RelLink', 'Set-RelLink', 'Clear-RelLink',
        'Measure-RelObject', 'Group-RelObject', 'Invoke-RelSql', 'Export-RelData', 'Import-RelData',
        'New-Tag', 'Get-Tag', 'Remove-Tag',
        'New-Post', 'Get-Post', 'Set-Post', 'Remove-Post',
        'Add-PostTag', 'Remove-PostTag', 'Set-PostTag', 'Clear-PostTag',
        'New-User', 'Get-User', 'Remove-User',
        'New-Profile', 'Get-Profile', 'Set-Profile'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('ORM', 'SQLite', 'Django', 'Database', 'Relations', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri = 'https://github.com/relationsps/RelationsPS'
            LicenseUri = 'https://github.com/relationsps/RelationsPS/blob/main/LICENSE'
        }
    }
}
