# The RelationsPS demo: a small blog in the default database (re-running it is safe).
#   dotnet pwsh -NoProfile -File examples/blog.ps1     (after dotnet tool restore and dotnet build -c Release)

if (-not (Get-Module RelationsPS)) { Import-Module (Join-Path $PSScriptRoot '..' 'RelationsPS.psd1') -ErrorAction Stop }   # the repository's build

$db = Get-RelDatabase
"Database: $db"

foreach ($name in 'python', 'django', 'sql', 'Machine Learning') {
    if (-not (Get-Tag -Name $name -ErrorAction SilentlyContinue)) { New-Tag -Name $name | Out-Null }
}
foreach ($name in 'alice', 'bob') {
    if (-not (Get-User -UserName $name -ErrorAction SilentlyContinue)) { New-User -UserName $name | Out-Null }
}
if (-not (Get-User alice | Get-Profile)) { New-Profile -User alice -Bio 'Writes about Django and SQL' -Website 'https://example.org/alice' | Out-Null }

$posts = @(
    @{ Title = 'Lazy QuerySets explained'; Tag = 'python', 'django'; Author = 'alice'; Views = 150 }
    @{ Title = 'Django admin tricks'; Tag = 'django'; Author = 'alice'; Views = 90 }
    @{ Title = 'Window functions in SQLite'; Tag = 'sql'; Author = 'bob'; Views = 300 }
    @{ Title = 'Gradient descent by hand'; Tag = 'python', 'Machine Learning'; Author = 'bob'; Views = 40 }
)
foreach ($p in $posts) {
    if (-not (Get-Post -Title $p.Title)) { New-Post @p | Out-Null }
}
Get-Post -Title 'Lazy QuerySets explained' | Add-PostTag -Tag sql | Out-Null

"`n== Posts tagged python (one SQL statement; tags prefetched for the view)"
Get-Post -Tag python

"`n== Views over 100, or a title starting with 'Django' (Q: OR, in SQL)"
Get-Post -Filter { $_.Views -gt 100 -or $_.Title -like 'Django*' } | ForEach-Object { "  $($_.Title) ($($_.Views) views)" }

"`n== More views than 2 x their id (F: field to field)"
Get-Post -Filter { $_.Views -gt $_.Id * 2 } | ForEach-Object { "  $($_.Title)" }

"`n== Aggregates over posts tagged python"
Measure-RelObject -Model Post -Filter { $_.Tags.Name -eq 'python' } -Aggregate @{ AvgViews = 'Avg(Views)'; Posts = 'Count(Id)'; Tags = 'Count(Tags, Distinct)' }

"`n== Posts per tag"
Group-RelObject -Model Post -By @{ Tag = 'Tags.Name' } -Aggregate @{ Posts = 'Count(Id)'; Views = 'Sum(Views)' }

"`n== One-to-one, both ways"
$profile = Get-User alice | Get-Profile
"  alice's bio: $($profile.Bio)"
"  the profile belongs to: $($profile.User.UserName)"
"  alice wrote: $((Get-User alice).Posts.Title -join '; ')"

"`n== A lazy query: nothing runs until it is used"
$q = Get-Post -Tag django -AsQuery -OrderBy '-Views'
"  SQL: $($q.Sql)"
"  Parameters: $($q.Parameters -join ', ')"
"  Count: $($q.Count())"

"`n== Statements this session ran: $((Get-RelQueryLog).Count)"
