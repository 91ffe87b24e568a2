# The examples of every cmdlet's help (Get-Help <cmdlet> -Examples). Each runs, as written, in a
# fresh in-memory blog database (a test executes them all): an example creates what it needs.
@{
    'Connect-RelDatabase' = @(
        @{ Code = @'
Connect-RelDatabase -Path ./blog.db -PassThru
'@; Remarks = 'Opens (creating if needed) a database file with the built-in blog schema and makes it the current connection.' }
        @{ Code = @'
Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64; Unique = $true } } }
New-RelObject Server @{ Name = 'web-01' }
'@; Remarks = 'Starts an empty in-memory database with a schema of your own.' }
        @{ Code = @'
$file = Join-Path ([IO.Path]::GetTempPath()) 'readonly-example.db'
Connect-RelDatabase -Path $file -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 } } }
Disconnect-RelDatabase
Connect-RelDatabase -Path $file -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 } } } -ReadOnly
Get-RelObject Server
'@; Remarks = 'Opens a database without writing to it (SQLite mode=ro): nothing is created, and any write fails with DatabaseReadOnly.' }
        @{ Code = @'
Connect-RelDatabase postgresql://postgres@127.0.0.1:5432/blog
New-Post -Title 'On a server now' -Tag postgres
Get-RelDatabase
'@; Remarks = 'Connects to the PostgreSQL database blog on a local server as the user postgres (the database must exist; RelationsPS creates the blog tables in it). Get-RelDatabase shows postgresql://postgres@127.0.0.1:5432/blog and the provider, never a password. The same URI in $env:RELATIONSPS_DATABASE makes it the default database.' }
        @{ Code = @'
$cred = Get-Credential postgres
Connect-RelDatabase postgresql://127.0.0.1:5432/blog -Credential $cred
'@; Remarks = 'Takes the user and password from a credential: the password is given to the server only, and never shown, logged or put in an error message.' }
        @{ Code = @'
Connect-RelDatabase -ConnectionString 'Host=127.0.0.1;Port=5432;Username=postgres;Database=blog;Timeout=5' -Provider PostgreSQL -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 } } }
'@; Remarks = "Connects with Npgsql's keyword form (any Npgsql setting), with a schema of your own. Without -Provider the provider is read from the keywords: Host or Server means PostgreSQL, Data Source means SQLite." }
    )
    'Compare-RelSchema' = @(
        @{ Code = @'
Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 } } }
Compare-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 }; Owner = @{ Type = 'Char'; MaxLength = 40; Default = 'ops' } } }
'@; Remarks = 'Lists each difference between the models and the database (here AddField Server.Owner) with the statements applying it would run. Nothing is written.' }
    )
    'Update-RelSchema' = @(
        @{ Code = @'
Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 } } }
New-RelObject Server @{ Name = 'web01' }
Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 }; Owner = @{ Type = 'Char'; MaxLength = 40; Default = 'ops' } } }
Get-RelObject Server
'@; Remarks = 'Adds a field: the existing row takes the default. Changes that lose data need -Force; -WhatIf lists each change and what it would lose.' }
        @{ Code = @'
Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 } } }
New-RelObject Server @{ Name = 'web01' }
Update-RelSchema -Schema @{ Server = @{ Host = @{ Type = 'Char'; MaxLength = 64 }; Fqdn = @{ Type = 'Char'; MaxLength = 80; Default = '' } } } -Rename @{ 'Server.Name' = 'Server.Host' } -Transform @{ 'Server.Fqdn' = { $_.Host + '.corp' } }
Get-RelObject Server
'@; Remarks = 'Renames Name to Host (values kept) and fills the new Fqdn from each row in the same transaction, with one UPDATE.' }
    )
    'Get-RelSchemaHistory' = @(
        @{ Code = @'
Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 } } }
Update-RelSchema -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 64 }; Port = @{ Type = 'Integer'; Default = 22 } } }
Get-RelSchemaHistory
'@; Remarks = 'Shows each applied schema change: when, what, and the hash of the schema it led to (the relationsps_migrations table).' }
    )
    'Export-RelSchema' = @(
        @{ Code = @'
$file = Join-Path ([IO.Path]::GetTempPath()) 'blog-schema.psd1'
Export-RelSchema -Path $file -PassThru
Connect-RelDatabase -InMemory -Schema $file
'@; Remarks = 'Writes the models of the current connection as a .psd1 schema file, which Connect-RelDatabase -Schema reads back.' }
    )
    'Disconnect-RelDatabase' = @(
        @{ Code = @'
Connect-RelDatabase -InMemory
Disconnect-RelDatabase
'@; Remarks = 'Closes the current connection. Until the next Connect-RelDatabase, commands without -Database are refused with a NotConnected error (they do not reopen the default database behind your back).' }
        @{ Code = @'
$db = Connect-RelDatabase -Path ./other.db -PassThru
Get-Post -Database ./other.db
Disconnect-RelDatabase ./other.db
'@; Remarks = '-Database takes a connection or the path of a file; Disconnect-RelDatabase closes the connection to that file.' }
    )
    'Get-RelDatabase' = @(
        @{ Code = @'
Get-RelDatabase
'@; Remarks = 'Shows the current connection: its path, models and how many statements it ran.' }
    )
    'Get-RelModel' = @(
        @{ Code = @'
Get-RelModel Post, Tag
'@; Remarks = 'Lists models with their tables, fields and relations (reverse relations by their related names).' }
    )
    'Use-RelTransaction' = @(
        @{ Code = @'
Use-RelTransaction {
    New-Tag -Name python
    New-Post -Title 'Tagged' -Tag python
}
'@; Remarks = 'All or nothing: a terminating error inside rolls back every change (Django''s atomic).' }
    )
    'Get-RelQueryLog' = @(
        @{ Code = @'
Clear-RelQueryLog
Get-Post -Tag python | Out-Null
Get-RelQueryLog
'@; Remarks = 'The statements the pipeline ran, with parameters, rows and time: useful to assert query counts in tests.' }
    )
    'Clear-RelQueryLog' = @(
        @{ Code = @'
Clear-RelQueryLog
(Get-RelQueryLog).Count
'@; Remarks = 'Forgets the logged statements.' }
    )
    'New-RelObject' = @(
        @{ Code = @'
$alice = New-User alice
New-RelObject -Model Post -Property @{ Title = 'Hello'; Author = $alice; Tags = @() }
'@; Remarks = 'Creates a row of any model; relations take objects, ids or names.' }
        @{ Code = @'
[pscustomobject]@{ Title = 'From a CSV'; Views = '12'; Author = '' } | New-RelObject Post
'@; Remarks = 'Piped objects give the field values by property name, as Import-Csv posts.csv | New-RelObject Post does: text is converted to the field types, an empty cell is $null (or the default), a property that is not a field is an error.' }
        @{ Code = @'
Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50; Unique = $true }; Ip = @{ Type = 'Char'; MaxLength = 40; Blank = $true } } }
New-RelObject Server @{ Name = 'web-01'; Ip = '10.0.0.1' } -IfExists Update
New-RelObject Server @{ Name = 'web-01'; Ip = '10.0.0.2' } -IfExists Update | Select-Object Name, Ip, Outcome
'@; Remarks = 'Django''s update_or_create: the server named web-01 is created, then updated (Outcome Created, then Updated; Unchanged when no value differs). One INSERT ... ON CONFLICT statement each, so a re-run script never makes a duplicate; -IfExists Get returns the existing row as it is (get_or_create), -Key names other lookup fields.' }
        @{ Code = @'
Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Role = @{ Type = 'Char'; MaxLength = 10; Choices = 'web', 'db', 'cache' } } }
New-RelObject Server -Name web-01 -Role db
'@; Remarks = 'The model''s fields are parameters too, so Tab completes them and offers a field''s Choices: New-RelObject Server -Name web-01 -Role <Tab> gives web, db, cache (PowerShell completes no value inside a hashtable). The values are checked as -Property values are; a field named like a parameter of the cmdlet (Key, Model, Database...) is set with -Property. Use either -Property (or piped objects) or field parameters.' }
    )
    'Get-RelObject' = @(
        @{ Code = @'
New-Post -Title 'Popular' -Views 500 | Out-Null
Get-RelObject -Model Post -Filter @{ Views__gte = 100 } -OrderBy '-Views' -First 10
'@; Remarks = 'Django lookups in a hashtable; one SQL statement.' }
        @{ Code = @'
Get-RelObject Post -Annotate @{ NumTags = 'Count(Tags)' } -Filter { $_.NumTags -ge 0 } -AsQuery
'@; Remarks = 'A lazy query with an annotation; nothing runs until it is enumerated.' }
        @{ Code = @'
New-Post -Title 'Popular' -Views 500 | Out-Null
Get-RelObject Post -Annotate @{ Size = { if ($_.Views -gt 100) { 'big' } else { 'small' } }; Loud = { $_.Title.ToUpper() } } -OrderBy '-Views:NullsLast'
'@; Remarks = 'Expression annotations: if/elseif/else (and switch) become CASE WHEN, .ToUpper() upper(); still one SQL statement.' }
        @{ Code = @'
New-Post -Title 'Plain' -Author (New-User carol) | Out-Null
Get-RelObject Post -Property Title, Views, Author.UserName
'@; Remarks = 'Django''s values(): only those columns are read (Author.UserName joins the user) and each row is a plain object with the properties Title, Views and Author.UserName; @{ Writer = ''Author.UserName'' } names one.' }
        @{ Code = @'
Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Role = @{ Type = 'Char'; MaxLength = 10; Choices = 'web', 'db', 'cache' } } }
New-RelObject Server -Name db-01 -Role db | Out-Null
Get-RelObject Server -Role db, cache
'@; Remarks = 'The model''s fields are parameters too, each an exact filter (several values: any of them, Django''s __in); Tab offers a field''s Choices: Get-RelObject Server -Role <Tab>.' }
    )
    'Set-RelObject' = @(
        @{ Code = @'
New-Post -Title 'Counted' | Out-Null
Get-RelObject Post -AsQuery | Set-RelObject -Property @{ Views = { $_.Views + 1 } } -PassThru
'@; Remarks = 'One UPDATE for the whole query; values may be expressions of the row''s own fields.' }
        @{ Code = @'
$post = New-Post -Title 'Draft'
$post.Title = 'Final'
$post | Set-RelObject -PassThru
'@; Remarks = 'Saves changes made to an object in PowerShell.' }
        @{ Code = @'
Connect-RelDatabase -InMemory -Schema @{ Server = @{ Name = @{ Type = 'Char'; MaxLength = 50 }; Role = @{ Type = 'Char'; MaxLength = 10; Choices = 'web', 'db', 'cache' } } }
New-RelObject Server -Name web-01 -Role web | Out-Null
Get-RelObject Server -Name web-01 | Set-RelObject -Role cache -PassThru
'@; Remarks = 'Fields are parameters too, added to -Property; Tab offers a field''s Choices: Set-RelObject -Role <Tab>. For piped rows, whose model is known per row only, every model''s fields are parameters, and one the row''s model lacks is that row''s UnknownField error.' }
    )
    'Remove-RelObject' = @(
        @{ Code = @'
New-Post -Title 'Old' -Tag obsolete | Out-Null
Get-RelObject Post -Filter { $_.Title -eq 'Old' } | Remove-RelObject -Confirm:$false -Verbose
'@; Remarks = 'Deletes rows with what OnDelete takes along; -WhatIf says what that would be.' }
    )
    'Add-RelLink' = @(
        @{ Code = @'
$post = New-Post -Title 'Linked'
New-Tag python | Out-Null
Add-RelLink -InputObject $post -Relation Tags -Target python -PassThru
'@; Remarks = 'Links targets through a to-many relation; -ThroughDefaults fills the extra fields of a Through model.' }
    )
    'Remove-RelLink' = @(
        @{ Code = @'
$post = New-Post -Title 'Linked' -Tag python, sql
Remove-RelLink -InputObject $post -Relation Tags -Target sql -PassThru
'@; Remarks = 'Unlinks targets and returns the post; its LinkChanges report a target that was not linked as NotPresent.' }
    )
    'Set-RelLink' = @(
        @{ Code = @'
$post = New-Post -Title 'Linked' -Tag python, sql
New-Tag django | Out-Null
Set-RelLink -InputObject $post -Relation Tags -Target python, django -PassThru
'@; Remarks = 'Makes the links exactly these, writing only the difference.' }
    )
    'Clear-RelLink' = @(
        @{ Code = @'
$post = New-Post -Title 'Linked' -Tag python, sql
Clear-RelLink -InputObject $post -Relation Tags -PassThru
'@; Remarks = 'Removes every link of the relation.' }
    )
    'Measure-RelObject' = @(
        @{ Code = @'
New-Post -Title 'A' -Tag python -Views 10 | Out-Null
Measure-RelObject -Model Post -Filter { $_.Tags.Name -eq 'python' } -Aggregate @{ AvgViews = 'Avg(Views)'; Posts = 'Count(Id)' }
'@; Remarks = 'Aggregates over the whole query, as one object.' }
        @{ Code = @'
Get-Post -Tag python -AsQuery | Measure-RelObject -Aggregate @{ N = 'Count(Id)' }
'@; Remarks = 'A query from the pipeline stays a query: the chain is one SQL statement.' }
        @{ Code = @'
Measure-RelObject -Model Post -Aggregate @{ Spread = 'StdDev(Views)'; Python = @{ Aggregate = 'Count(Id)'; Where = { $_.Tags.Name -eq 'python' } } }
'@; Remarks = 'StdDev and Variance (of the population; add '', Sample'' for a sample), and an aggregate with its own filter.' }
    )
    'Group-RelObject' = @(
        @{ Code = @'
New-Post -Title 'A' -Tag python, sql | Out-Null
Group-RelObject -Model Post -By @{ Tag = 'Tags.Name' } -Aggregate @{ Posts = 'Count(Id)' }
'@; Remarks = 'One object per group with its aggregates (Django''s values(...).annotate(...)).' }
        @{ Code = @'
Group-RelObject -Model Post -By @{ Tag = 'Tags.Name' } -Aggregate @{ Posts = 'Count(Id)' } -OrderBy '-Posts'
'@; Remarks = 'Groups ordered by an aggregate, the most posts first (ties by the group).' }
        @{ Code = @'
New-Post -Title 'B' -Tag python, shell | Out-Null
Group-RelObject -Model Post -By Tags.Name
'@; Remarks = 'Without -Aggregate: each distinct value once, ordered (Django''s values(...).distinct()).' }
    )
    'Invoke-RelSql' = @(
        @{ Code = @'
New-Post -Title 'Raw' | Out-Null
Invoke-RelSql 'SELECT title, views FROM post WHERE title LIKE @t' -Parameters @{ t = 'R%' }
'@; Remarks = 'Your own SQL, values as parameters only; rows come back as plain objects, and the statement is in Get-RelQueryLog.' }
        @{ Code = @'
New-Post -Title 'Raw model' | Out-Null
Invoke-RelSql 'SELECT * FROM post WHERE views >= @v ORDER BY id' @{ v = 0 } -Model Post
'@; Remarks = 'With -Model, rows are model objects (every field''s column selected; other columns become properties).' }
        @{ Code = @'
Invoke-RelSql 'UPDATE post SET views = views + 1' -NonQuery -Confirm:$false
'@; Remarks = 'A statement that writes supports -WhatIf and -Confirm; -NonQuery returns the number of rows changed.' }
    )
    'Export-RelData' = @(
        @{ Code = @'
New-Post -Title 'Kept' -Tag python | Out-Null
Export-RelData -Path ./blog-data.json
'@; Remarks = 'Writes every row with its id, foreign-key ids and ManyToMany links to a JSON file (Django''s dumpdata); one object per model says how many rows and links went out.' }
        @{ Code = @'
Export-RelData -Path ./tags.json -Model Tag
'@; Remarks = 'Only some models; links between the chosen models come along.' }
    )
    'Import-RelData' = @(
        @{ Code = @'
New-Post -Title 'Moved' -Tag sql | Out-Null
Export-RelData -Path ./moved.json | Out-Null
Connect-RelDatabase -InMemory
Import-RelData -Path ./moved.json
Get-Post -Tag sql
'@; Remarks = 'Loads the file into another database in one transaction, with the same ids and links (Django''s loaddata); a row whose id exists is overwritten.' }
    )
    'New-Tag' = @(
        @{ Code = @'
New-Tag -Name 'Machine Learning'
'@; Remarks = 'Creates a tag; its slug is machine-learning.' }
        @{ Code = @'
'python', 'Python', 'sql' | New-Tag -IfExists Get | Select-Object Name, Outcome
'@; Remarks = 'Get or create: a tag of the same name (ignoring case) is returned as it is, with Outcome Unchanged, instead of an error.' }
    )
    'Get-Tag' = @(
        @{ Code = @'
New-Tag python | Out-Null
Get-Tag py*
'@; Remarks = 'Tags by name, wildcards allowed; an exact name that matches nothing is an ObjectNotFound error.' }
    )
    'Remove-Tag' = @(
        @{ Code = @'
New-Tag obsolete | Out-Null
Remove-Tag obsolete -Confirm:$false
'@; Remarks = 'Removes tags with their post links.' }
    )
    'New-Post' = @(
        @{ Code = @'
New-Post -Title 'Lazy QuerySets explained' -Tag python, django -Views 10
'@; Remarks = 'Creates a post; tag names not used yet create the tags.' }
        @{ Code = @'
[pscustomobject]@{ Title = 'From CSV'; Body = 'text'; Tag = 'python;csv' } | New-Post
'@; Remarks = 'Rows with Title, Body and Tag properties (as Import-Csv gives) create posts, in batched transactions.' }
    )
    'Get-Post' = @(
        @{ Code = @'
New-Post -Title 'Tagged' -Tag python | Out-Null
Get-Post -Tag python
'@; Remarks = 'Posts with a tag: one SQL statement (tags are prefetched for display).' }
        @{ Code = @'
Get-Post -Filter { $_.Views -gt 100 -or $_.Title -like 'Django*' }
'@; Remarks = 'A scriptblock filter, translated to SQL (never run row by row).' }
    )
    'Set-Post' = @(
        @{ Code = @'
New-Post -Title 'Draft' | Out-Null
Set-Post -Post 'Draft' -Title 'Final' -Views 3 -PassThru
'@; Remarks = 'Changes a post given by object, id or title.' }
    )
    'Remove-Post' = @(
        @{ Code = @'
New-Post -Title 'Old' -Tag python | Out-Null
Remove-Post -Post 'Old' -WhatIf
'@; Remarks = 'Says what would be removed (the post and its tag links) without removing it.' }
    )
    'Add-PostTag' = @(
        @{ Code = @'
New-Post -Title 'Hello' | Out-Null
Get-Post -Title 'Hello' | Add-PostTag -Tag sql -Create -PassThru
'@; Remarks = 'Tags a post; a tag already there is a no-op; -Create makes missing tags. -PassThru returns the post, whose LinkChanges say Added or AlreadyPresent for each tag.' }
    )
    'Remove-PostTag' = @(
        @{ Code = @'
New-Post -Title 'Hello' -Tag python, sql | Out-Null
Remove-PostTag -Post 'Hello' -Tag sql -PassThru
'@; Remarks = 'Untags a post; a tag that is not there is a no-op.' }
    )
    'Set-PostTag' = @(
        @{ Code = @'
New-Post -Title 'Hello' -Tag python, sql | Out-Null
Set-PostTag -Post 'Hello' -Tag python, django -Create -WhatIf
'@; Remarks = 'Lists the links it would add and remove.' }
    )
    'Clear-PostTag' = @(
        @{ Code = @'
New-Post -Title 'Hello' -Tag python, sql | Out-Null
Clear-PostTag -Post 'Hello' -PassThru -Confirm:$false
'@; Remarks = 'Removes every tag of a post.' }
    )
    'New-User' = @(
        @{ Code = @'
'alice', 'bob' | New-User
'@; Remarks = 'Creates users from the pipeline.' }
        @{ Code = @'
New-User alice -IfExists Get | Select-Object UserName, Outcome
'@; Remarks = 'Get or create in one statement: Outcome says Created or Unchanged.' }
    )
    'Get-User' = @(
        @{ Code = @'
New-User alice | Out-Null
Get-User a*
'@; Remarks = 'Users by name, wildcards allowed.' }
    )
    'Remove-User' = @(
        @{ Code = @'
New-User alice | New-Profile -Bio 'hi' | Out-Null
Remove-User alice -Confirm:$false -Verbose
'@; Remarks = 'Removes a user; the profile goes with it (also removes 1 profile) and posts lose their author.' }
    )
    'New-Profile' = @(
        @{ Code = @'
New-User alice | New-Profile -Bio 'Writes about Django' -Website 'https://example.org'
'@; Remarks = 'Creates the profile of a user (one per user).' }
    )
    'Get-Profile' = @(
        @{ Code = @'
New-User alice | New-Profile -Bio 'hi' | Out-Null
(Get-User alice | Get-Profile).User.UserName
'@; Remarks = 'One-to-one, both ways: the profile of a user, and the user of a profile.' }
    )
    'Set-Profile' = @(
        @{ Code = @'
New-User alice | New-Profile | Out-Null
Set-Profile -User alice -Bio 'Updated' -PassThru
'@; Remarks = 'Changes a user''s profile.' }
    )
}
