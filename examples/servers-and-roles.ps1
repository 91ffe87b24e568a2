# Servers and roles, linked through a Membership model that carries extra fields (Django's `through`).
#   dotnet pwsh -NoProfile -File examples/servers-and-roles.ps1     (after dotnet tool restore and dotnet build -c Release)
# Runs on a fresh in-memory database each time.

if (-not (Get-Module RelationsPS)) { Import-Module (Join-Path $PSScriptRoot '..' 'RelationsPS.psd1') -ErrorAction Stop }   # the repository's build

Connect-RelDatabase -InMemory -Schema @{
    Server     = @{ Name = @{ Type = 'Char'; MaxLength = 64; Unique = $true }
                    Environment = @{ Type = 'Char'; MaxLength = 16 }
                    Meta = @{ Ordering = 'Name' } }
    Role       = @{ Name  = @{ Type = 'Char'; MaxLength = 64; Unique = $true }
                    Servers = @{ Type = 'ManyToMany'; To = 'Server'; Through = 'Membership'; RelatedName = 'Roles' } }
    Membership = @{ Role     = @{ Type = 'ForeignKey'; To = 'Role'; OnDelete = 'Cascade' }
                    Server   = @{ Type = 'ForeignKey'; To = 'Server'; OnDelete = 'Cascade' }
                    Since    = @{ Type = 'Date' }
                    Reason   = @{ Type = 'Char'; MaxLength = 100; Blank = $true }
                    Meta     = @{ UniqueTogether = 'Role', 'Server' } }
}

$servers = foreach ($s in @(
        @{ Name = 'web-01'; Environment = 'prod' }, @{ Name = 'web-02'; Environment = 'prod' },
        @{ Name = 'db-01'; Environment = 'prod' }, @{ Name = 'test-01'; Environment = 'test' })) {
    New-RelObject -Model Server -Property $s
}
$web = New-RelObject Role @{ Name = 'WebServer' }
$db = New-RelObject Role @{ Name = 'Database' }
$mon = New-RelObject Role @{ Name = 'Monitoring' }

Add-RelLink -InputObject $web -Relation Servers -Target web-01, web-02 -ThroughDefaults @{ Since = [datetime]'2026-01-15'; Reason = 'front end' } | Out-Null
Add-RelLink -InputObject $db -Relation Servers -Target db-01 -ThroughDefaults @{ Since = [datetime]'2026-02-01'; Reason = 'primary' } | Out-Null
Add-RelLink -InputObject $mon -Relation Servers -Target $servers -ThroughDefaults @{ Since = [datetime]'2026-03-01' } -PassThru |
    ForEach-Object LinkChanges |
    ForEach-Object { "  monitoring $($_.Target): $($_.Status)" }

"`n== Roles of web-01 (reverse relation by its related name)"
(Get-RelObject Server -Filter @{ Name = 'web-01' }).Roles | ForEach-Object { "  $($_.Name)" }

"`n== Memberships with their extra fields"
Get-RelObject Membership -OrderBy 'Server.Name', 'Role.Name' | ForEach-Object {
    "  {0,-8} {1,-11} since {2:yyyy-MM-dd} {3}" -f $_.Server.Name, $_.Role.Name, $_.Since, $_.Reason
}

"`n== Production servers with more than one role"
Get-RelObject Server -Annotate @{ RoleCount = 'Count(Roles)' } -Filter { $_.Environment -eq 'prod' -and $_.RoleCount -gt 1 } |
    ForEach-Object { "  $($_.Name): $($_.RoleCount) roles" }

"`n== Servers per role and environment"
Group-RelObject -Model Membership -By @{ Role = 'Role.Name' }, @{ Env = 'Server.Environment' } -Aggregate @{ Servers = 'Count(Id)' } |
    ForEach-Object { "  {0,-11} {1,-5} {2}" -f $_.Role, $_.Env, $_.Servers }

"`n== Removing db-01 also removes its memberships"
Get-RelObject Server -Filter @{ Name = 'db-01' } | Remove-RelObject -Confirm:$false -Verbose 4>&1 | ForEach-Object { "  $_" } | Where-Object { $_ -like '*Removed*' }
"  memberships left: $((Measure-RelObject -Model Membership -Aggregate @{ N = 'Count(Id)' }).N)"
