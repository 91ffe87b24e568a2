# The same cmdlets on PostgreSQL (issue 13): the README's calls and the demo unchanged after
# Connect-RelDatabase postgresql://..., a schema of your own (a through model, a self many-to-many, a one-to-one,
# cascades) giving exactly what it gives on SQLite, the same ErrorIds, and -Credential. Each scenario runs on a
# new SQLite file and on a new database of the test cluster, and the two transcripts must be equal.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'PostgreSQL/Support.ps1')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../RelationsPS.psd1') -Force
    . (Join-Path $PSScriptRoot 'PostgreSQL/Support.ps1')
    $script:files = [Collections.Generic.List[string]]::new()

    # Runs $Scenario on a new SQLite file and on a new PostgreSQL database; returns both transcripts.
    function Invoke-OnBoth([scriptblock] $Scenario, [hashtable] $Schema) {
        $file = New-TempSqlitePath 'pgspec'
        $script:files.Add($file)
        $uri = New-PgTestDatabase
        $out = @{}
        foreach ($target in @(@{ Name = 'SQLite'; Args = @{ Path = $file } }, @{ Name = 'PostgreSQL'; Args = @{ Path = $uri } })) {
            $connect = $target.Args
            if ($Schema) { $connect.Schema = $Schema }
            Connect-RelDatabase @connect
            $out[$target.Name] = @(& $Scenario)
            Disconnect-RelDatabase
        }
        $out
    }
}

AfterAll {
    foreach ($f in $script:files) { Remove-Item "$f*" -ErrorAction Ignore }
}

Describe 'The README on PostgreSQL' -Skip:$PgSkip {
    It 'connects with a postgresql:// URI and shows it, with the provider, without a password' {
        $uri = New-PgTestDatabase 'readme'
        $withPassword = $uri -replace '^postgresql://postgres@', 'postgresql://postgres:Not-Shown-9@'
        Connect-RelDatabase $withPassword
        $db = Get-RelDatabase
        $db.DisplayName | Should -Be $uri
        "$($db.Provider)" | Should -Be 'PostgreSQL'
        $db.ModelNames | Should -Be @('Tag', 'Post', 'User', 'Profile')
        ($db | Format-List | Out-String) | Should -Not -BeLike '*Not-Shown-9*'
        Disconnect-RelDatabase
    }

    It 'runs the README calls unchanged, with the same output as on SQLite' {
        $r = Invoke-OnBoth {
            New-Tag -Name python | ForEach-Object { "tag $($_.Id) $($_.Name) $($_.Slug)" }
            New-Post -Title 'Lazy QuerySets explained' -Tag python, django -Views 150 | ForEach-Object { "post $($_.Id) $($_.Title) $(@($_.Tags.Name) -join '+')" }
            Get-Post -Id 1 | Add-PostTag -Tag sql -Create
            New-Post -Title 'Django admin' -Tag django -Views 20 | Out-Null
            New-Post -Title 'Third' -Views 2 | Out-Null
            (Get-Post -Tag python | Out-String -Width 200) -replace '\d{4}-\d\d-\d\d', 'DAY'
            Get-Post -Filter { $_.Views -gt 100 -or $_.Title -like 'Django*' } | ForEach-Object Title
            Get-Post -Filter { $_.Views -gt $_.Id } | ForEach-Object Title
            @(Get-Post -Filter { $_.Created.Year -eq (Get-Date).Year -and $_.Created.Hour -ge 0 }).Count
            Measure-RelObject -Model Post -Filter { $_.Tags.Name -eq 'python' } -Aggregate @{ AvgViews = 'Avg(Views)'; Posts = 'Count(Id)' } | ForEach-Object { "avg $($_.AvgViews) n $($_.Posts)" }
            New-User alice | New-Profile -Bio 'Writes about Django' | ForEach-Object { "profile $($_.Id) $($_.Bio)" }
            Get-User alice | Get-Profile | ForEach-Object { "$($_.Bio) of $($_.User.UserName)" }
            $q = Get-Post -Tag python -AsQuery
            "count $($q.Count())"
            [bool]$q.Sql
        }
        $r.PostgreSQL | Should -Be $r.SQLite
        $r.SQLite[0..1] | Should -Be @('tag 1 python python', 'post 1 Lazy QuerySets explained python+django')
        $r.SQLite[2] | Should -BeLike '*1 Lazy QuerySets explained    python, django, sql          150 DAY*'
        $r.SQLite[3..7] | Should -Be @('Lazy QuerySets explained', 'Django admin', 'Lazy QuerySets explained', 'Django admin', 3)
        $r.SQLite[-5..-1] | Should -Be @('avg 150 n 1', 'profile 1 Writes about Django', 'Writes about Django of alice', 'count 1', 'True')
    }

    It 'runs examples/blog.ps1 unchanged, with the same output as on SQLite' {
        $demo = Join-Path $PSScriptRoot '../../examples/blog.ps1'
        $r = Invoke-OnBoth {
            # Lines that name the database or the dialect's SQL text, or count statements, differ by design.
            & $demo | ForEach-Object { if ($_ -is [string]) { $_ } else { $_ | Out-String -Width 200 } } |
                ForEach-Object { $_ -split "`r?`n" -replace '\d{4}-\d\d-\d\d', 'DAY' } |
                Where-Object { $_ -notmatch '^Database: |^  SQL: |^== Statements this session ran' }
        }
        $r.PostgreSQL | Should -Be $r.SQLite
        ($r.SQLite -join "`n") | Should -BeLike '*Window functions in SQLite (300 views)*'
        ($r.SQLite -join "`n") | Should -BeLike "*alice's bio: Writes about Django and SQL*"
        ($r.SQLite -join "`n") | Should -BeLike '*Count: 2*'
    }
}

Describe 'Piped imports on PostgreSQL' -Skip:$PgSkip {
    It 'writes batches of piped rows through COPY, with the objects, links and errors they have on SQLite' {
        $r = Invoke-OnBoth {
            # Batches grow 1, 2, 4, 8, 16: PostgreSQL loads a batch with binary COPY from 4 rows with tags, 16 without.
            $posts = 1..40 | ForEach-Object { [pscustomobject]@{ Title = "post $_"; Tag = @('python', "t$($_ % 3)"); Views = $_ } } | New-Post
            "posts $($posts.Count) ids $(@($posts.Id | Sort-Object -Unique).Count) first $($posts[0].Id) last $($posts[-1].Id) views $(($posts.Views | Measure-Object -Sum).Sum)"
            "python $(@(Get-Post -Tag python).Count) t0 $(@(Get-Post -Tag t0).Count) tags of post 39: $(@((Get-Post -Id 39).Tags.Name | Sort-Object) -join ',')"
            # A duplicate inside a loaded batch: the batch is undone and written again row by row, so only it fails.
            $errs = @()
            $tags = 1..40 | ForEach-Object { if ($_ -eq 20) { @{ Name = 'python'; Slug = 'python-2' } } else { @{ Name = "k$_"; Slug = "k$_" } } } |
                New-RelObject Tag -ErrorAction SilentlyContinue -ErrorVariable +errs
            "tags $(@($tags).Count) errors $(@($errs | ForEach-Object { "$($_.FullyQualifiedErrorId.Split(',')[0]) $($_.CategoryInfo.Category) $($_.TargetObject.Name)" }) -join ';') all $(@(Get-Tag).Count)"
            $copies = @(Get-RelQueryLog | Where-Object { $_.Sql -like 'COPY *' }).Count
            "COPY used where the database has it: $(($copies -gt 0) -eq ("$((Get-RelDatabase).Provider)" -eq 'PostgreSQL'))"
        }
        $r.PostgreSQL | Should -Be $r.SQLite
        $r.SQLite | Should -Be @(
            'posts 40 ids 40 first 1 last 40 views 820'
            'python 40 t0 13 tags of post 39: python,t0'
            'tags 39 errors UniqueViolation ResourceExists python all 43'
            'COPY used where the database has it: True'
        )
    }
}

Describe 'A schema of your own on PostgreSQL' -Skip:$PgSkip {
    BeforeAll {
        $script:schema = @{
            Person     = @{ Name    = @{ Type = 'Char'; MaxLength = 50; Unique = $true }
                            Friends = @{ Type = 'ManyToMany'; To = 'self'; Blank = $true } }
            Passport   = @{ Number = @{ Type = 'Char'; MaxLength = 20 }
                            Owner  = @{ Type = 'OneToOne'; To = 'Person'; OnDelete = 'Cascade'; RelatedName = 'Passport' } }
            Club       = @{ Name    = @{ Type = 'Char'; MaxLength = 50 }
                            Members = @{ Type = 'ManyToMany'; To = 'Person'; Through = 'Membership'; RelatedName = 'Clubs' } }
            Membership = @{ Person = @{ Type = 'ForeignKey'; To = 'Person'; OnDelete = 'Cascade' }
                            Club   = @{ Type = 'ForeignKey'; To = 'Club'; OnDelete = 'Cascade' }
                            Role   = @{ Type = 'Char'; MaxLength = 20; Default = 'member' } }
            Note       = @{ Text   = @{ Type = 'Text' }
                            Author = @{ Type = 'ForeignKey'; To = 'Person'; OnDelete = 'SetNull'; Null = $true; RelatedName = 'Notes' } }
        }
        $script:scenario = {
            function Names($rows) { (@($rows | ForEach-Object Name | Sort-Object) -join ',') }
            $ann = New-RelObject Person @{ Name = 'ann' }
            $bob = New-RelObject Person @{ Name = 'bob' }
            $cy = New-RelObject Person @{ Name = 'cy' }
            Add-RelLink $ann Friends $bob, $cy -PassThru | ForEach-Object { @($_.LinkChanges | ForEach-Object { "$($_.TargetId):$($_.Status)" }) -join ',' }
            Add-RelLink $bob Friends $ann -PassThru | ForEach-Object { @($_.LinkChanges | ForEach-Object { "$($_.TargetId):$($_.Status)" }) -join ',' }
            "bob's friends: $(Names (Get-RelObject Person -Filter { $_.Name -eq 'bob' }).Friends)"
            "ann's friends: $(Names (Get-RelObject Person -Filter { $_.Name -eq 'ann' }).Friends)"
            $null = New-RelObject Passport @{ Number = 'P-1'; Owner = $ann }
            "ann's passport: $((Get-RelObject Person -Filter { $_.Name -eq 'ann' }).Passport.Number)"
            "P-1 belongs to: $((Get-RelObject Passport).Owner.Name)"
            $chess = New-RelObject Club @{ Name = 'chess' }
            $go = New-RelObject Club @{ Name = 'go' }
            $null = New-RelObject Membership @{ Person = $ann; Club = $chess; Role = 'captain' }
            $null = New-RelObject Membership @{ Person = $bob; Club = $chess }
            Add-RelLink $go Members $cy, $bob -PassThru | ForEach-Object { @($_.LinkChanges | ForEach-Object { "$($_.TargetId):$($_.Status)" }) -join ',' }
            "chess members: $(Names (Get-RelObject Person -Filter { $_.Clubs.Name -eq 'chess' }))"
            "captains: $(Names (Get-RelObject Membership -Filter { $_.Role -eq 'captain' } | ForEach-Object Person))"
            "roles: $(@(Get-RelObject Membership -OrderBy Id | ForEach-Object Role) -join ',')"
            Group-RelObject Person -By @{ Club = 'Clubs.Name' } -Aggregate @{ N = 'Count(Id)' } -OrderBy Club | ForEach-Object { "group $($_.Club)=$($_.N)" }
            $null = New-RelObject Note @{ Text = 'by bob'; Author = $bob }
            $null = New-RelObject Note @{ Text = 'by ann'; Author = $ann }
            # Cascades: ann's passport and memberships go with her; a note of hers loses its author.
            $ann | Remove-RelObject -Confirm:$false
            "after ann: passports=$(@(Get-RelObject Passport).Count) memberships=$(@(Get-RelObject Membership).Count) notes=$(@(Get-RelObject Note | ForEach-Object { "$($_.Text):$($_.AuthorId)" }) -join ',')"
            "bob's friends now: $(Names (Get-RelObject Person -Filter { $_.Name -eq 'bob' }).Friends)"
            Get-RelObject Club -Filter { $_.Name -eq 'go' } | Remove-RelObject -Confirm:$false
            "after go: memberships=$(@(Get-RelObject Membership).Count) people=$(Names (Get-RelObject Person))"
            # The same errors: a unique name, a missing value, a second passport, a foreign key to nothing.
            $errs = @()
            New-RelObject Person @{ Name = 'cy' } -ErrorAction SilentlyContinue -ErrorVariable +errs | Out-Null
            New-RelObject Passport @{ Number = $null; Owner = $cy } -ErrorAction SilentlyContinue -ErrorVariable +errs | Out-Null
            New-RelObject Passport @{ Number = 'P-2'; Owner = $cy } | Out-Null
            New-RelObject Passport @{ Number = 'P-3'; Owner = $cy } -ErrorAction SilentlyContinue -ErrorVariable +errs | Out-Null
            New-RelObject Note @{ Text = 'orphan'; AuthorId = 999 } -ErrorAction SilentlyContinue -ErrorVariable +errs | Out-Null
            $errs | ForEach-Object { "error $($_.FullyQualifiedErrorId.Split(',')[0]) $($_.CategoryInfo.Category)" }
            "notes=$(@(Get-RelObject Note).Count) passports=$(@(Get-RelObject Passport | ForEach-Object Number) -join ',')"
        }
    }

    It 'through model, self many-to-many, one-to-one and cascades give exactly what they give on SQLite' {
        $r = Invoke-OnBoth $scenario $schema
        $r.PostgreSQL | Should -Be $r.SQLite
        $r.SQLite | Should -Be @(
            '2:Added,3:Added'
            '1:AlreadyPresent'
            "bob's friends: ann"
            "ann's friends: bob,cy"
            "ann's passport: P-1"
            'P-1 belongs to: ann'
            '3:Added,2:Added'
            'chess members: ann,bob'
            'captains: ann'
            'roles: captain,member,member,member'
            'group chess=2'
            'group go=2'
            'after ann: passports=0 memberships=3 notes=by bob:2,by ann:'
            "bob's friends now: "
            'after go: memberships=1 people=bob,cy'
            'error UniqueViolation ResourceExists'
            'error NullNotAllowed InvalidArgument'
            'error UniqueViolation ResourceExists'
            'error ForeignKeyViolation InvalidOperation'
            'notes=2 passports=P-2'
        )
    }

    It 'takes -Credential, and the password appears nowhere' {
        $uri = New-PgTestDatabase 'cred'
        $cred = [pscredential]::new('postgres', (ConvertTo-SecureString 'Cred-Secret-7' -AsPlainText -Force))
        $verbose = Connect-RelDatabase $uri -Credential $cred -Schema $schema -Verbose 4>&1 | Out-String
        New-RelObject Person @{ Name = 'dee' } | Out-Null
        $shown = (Get-RelDatabase | Format-List * | Out-String) + (Get-RelQueryLog | Out-String) + $verbose
        $shown | Should -Not -BeLike '*Cred-Secret-7*'
        (Get-RelDatabase).DisplayName | Should -Be $uri
        { Connect-RelDatabase 'postgresql://postgres@127.0.0.1:1/none' -Credential $cred -ErrorAction Stop } |
            Should -Throw -ErrorId 'DatabaseUnavailable*'
        "$($Error[0]) $($Error[0].Exception) $($Error[0].TargetObject)" | Should -Not -BeLike '*Cred-Secret-7*'
        Disconnect-RelDatabase
    }
}
