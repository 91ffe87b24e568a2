# Users and groups: a ManyToMany without a through model, reachable from both sides.
#   dotnet pwsh -NoProfile -File examples/users-and-groups.ps1     (after dotnet tool restore and dotnet build -c Release)
# Runs on a fresh in-memory database each time.

if (-not (Get-Module RelationsPS)) { Import-Module (Join-Path $PSScriptRoot '..' 'RelationsPS.psd1') -ErrorAction Stop }   # the repository's build

Connect-RelDatabase -InMemory -Schema @{
    Account = @{ Login   = @{ Type = 'Char'; MaxLength = 32; Unique = $true }
                 Active  = @{ Type = 'Boolean'; Default = $true }
                 Created = @{ Type = 'DateTime'; AutoNowAdd = $true } }
    Team    = @{ Name    = @{ Type = 'Char'; MaxLength = 64; Unique = $true }
                 Members = @{ Type = 'ManyToMany'; To = 'Account'; RelatedName = 'Teams'; Blank = $true }
                 Meta    = @{ Ordering = 'Name' } }
}

foreach ($login in 'ada', 'grace', 'linus', 'margaret', 'ken') { New-RelObject Account @{ Login = $login } | Out-Null }
Set-RelObject -InputObject (Get-RelObject Account -Filter { $_.Login -eq 'ken' } -AsQuery) -Property @{ Active = $false }

$admins = New-RelObject Team @{ Name = 'Admins'; Members = 'ada', 'grace' }
$devs = New-RelObject Team @{ Name = 'Developers' }
$devs.Members.Add(@(Get-RelObject Account -Filter { $_.Login -in 'grace', 'linus', 'ken' })) | Out-Null
New-RelObject Team @{ Name = 'Auditors' } | Out-Null

"== Teams and their members (forward side: Team.Members)"
Get-RelObject Team | ForEach-Object { "  {0,-11} {1}" -f $_.Name, (($_.Members | ForEach-Object Login) -join ', ') }

"`n== grace's teams (reverse side: Account.Teams)"
(Get-RelObject Account -Filter @{ Login = 'grace' }).Teams | ForEach-Object { "  $($_.Name)" }

"`n== Accounts in no team (-not around a to-many condition: no related row matches)"
Get-RelObject Account -Filter { -not $_.Teams } | ForEach-Object { "  $($_.Login)" }

"`n== Teams with an inactive member"
Get-RelObject Team -Filter { $_.Members.Active -eq $false } | ForEach-Object { "  $($_.Name)" }

"`n== Members per team"
Get-RelObject Team -Annotate @{ Size = 'Count(Members)' } -OrderBy '-Size', 'Name' | ForEach-Object { "  {0,-11} {1}" -f $_.Name, $_.Size }
$stats = Measure-RelObject -Model Account -Aggregate @{ Accounts = 'Count(Id)'; Memberships = 'Count(Teams)' }
"  $($stats.Accounts) accounts, $($stats.Memberships) memberships"

"`n== Replace the developers (Set writes only the difference)"
Set-RelLink -InputObject $devs -Relation Members -Target linus, margaret -PassThru | ForEach-Object LinkChanges | ForEach-Object { "  $($_.Target): $($_.Status)" }
