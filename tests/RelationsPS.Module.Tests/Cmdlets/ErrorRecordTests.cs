using System.Management.Automation;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>ErrorRecords: stable ids, categories and targets; per-item errors that let the rest of the pipeline go on; one transaction per call.</summary>
public class ErrorRecordTests : IDisposable
{
    private readonly PowerShellSession ps;

    public ErrorRecordTests() : this(Db.SQLite)
    {
    }

    protected ErrorRecordTests(Db db)
    {
        ps = new PowerShellSession(db);
        ps.Ok(Seed.Blog);
    }

    public void Dispose() => ps.Dispose();

    [DbFact]
    public void A_duplicate_tag_is_UniqueViolation_ResourceExists_never_a_SqliteException()
    {
        var r = ps.Run("New-Tag python");
        var e = r.SingleError();
        Assert.Equal("UniqueViolation", e.Id());
        Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
        Assert.Equal("python", e.TargetObject);
        e.AssertNoSqliteException();
        Assert.Empty(r.Output);
        Assert.Equal(3, ps.Value("@(Get-Tag).Count"));
    }

    [DbFact]
    public void Duplicates_through_other_cmdlets_are_ResourceExists_too()
    {
        foreach (var script in new[] { "New-User alice", "New-Profile alice", "New-RelObject Tag @{ Name = 'x'; Slug = 'python' }" })
        {
            var e = ps.Run(script).SingleError();
            Assert.Equal("UniqueViolation", e.Id());
            Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
            e.AssertNoSqliteException();
        }
    }

    [DbTheory]
    [InlineData("Get-User bob2", "bob2")]
    [InlineData("Get-Tag nosuch", "nosuch")]
    [InlineData("New-Profile -User carol", "carol")]
    [InlineData("Get-Profile -User carol", "carol")]
    [InlineData("Remove-User carol -Confirm:$false", "carol")]
    [InlineData("Set-Profile -User bob -Bio x", "bob")]
    [InlineData("Add-PostTag -Post 'No such post' -Tag sql", "No such post")]
    [InlineData("Add-PostTag -Post 1 -Tag nosuch", "nosuch")]
    [InlineData("New-Post -Title x -Author carol", "carol")]
    public void A_missing_object_is_ObjectNotFound(string script, string target)
    {
        var e = ps.Run(script).SingleError();
        Assert.Equal("ObjectNotFound", e.Id());
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal(target, e.TargetObject?.ToString());
        e.AssertNoSqliteException();
    }

    [DbFact]
    public void A_missing_id_is_ObjectNotFound_naming_it()
    {
        var e = ps.Run("Get-Profile -User 99").SingleError();
        Assert.Equal("ObjectNotFound", e.Id());
        Assert.Equal("User with Id 99 does not exist.", e.Exception.Message);
    }

    [DbFact]
    public void Get_Post_by_an_id_that_does_not_exist_is_ObjectNotFound_as_Get_Tag_by_name()
    {
        var r = ps.Run("Get-Post -Id 1, 99");
        Assert.Equal(["Django intro"], r.Values("Title"));
        var e = r.SingleError();
        Assert.Equal("ObjectNotFound", e.Id());
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal(99L, e.TargetObject);
        Assert.Equal("Cannot find a post with Id 99.", e.Exception.Message);
        // A post that exists but is left out by another condition is not missing.
        ps.Run("Get-Post -Id 2 -Tag python; Get-Post -Id 1 -Filter { $_.Views -lt 10 }; Get-Post -Id 1, 2 -First 1").ShouldSucceed();
        Assert.Equal(["ObjectNotFound"], ps.Run("Get-Post -Id 98 -Tag python").ErrorIds);
    }

    [DbFact]
    public void Wildcards_that_match_nothing_are_quiet()
    {
        var r = ps.Run("Get-User zz*; Get-Tag zz*; Get-Post -Title zz*");
        r.ShouldSucceed();
        Assert.Empty(r.Output);
    }

    [DbFact]
    public void An_unknown_field_is_UnknownField_InvalidArgument_listing_valid_names_with_reverse_relations()
    {
        var e = ps.Run("Get-RelObject -Model User -Filter @{ Nope = 1 }").SingleError();
        Assert.Equal("UnknownField", e.Id());
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("'Nope'", e.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Choices are: ", e.Exception.Message, StringComparison.Ordinal);
        foreach (var name in new[] { "Id", "UserName", "Posts", "Profile" })
            Assert.Contains(name, e.Exception.Message, StringComparison.Ordinal);
        e.AssertNoSqliteException();

        var post = ps.Run("Get-Post -Filter @{ Tags__Nope = 'x' }").SingleError();
        Assert.Equal("UnknownField", post.Id());
        Assert.Contains("Name", post.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Posts", post.Exception.Message, StringComparison.Ordinal);
    }

    [DbTheory]
    [InlineData("Get-Post -OrderBy Nope")]
    [InlineData("Get-RelObject -Model Post -Exclude @{ Nope = 1 }")]
    [InlineData("New-RelObject Tag @{ Name = 'x'; Nope = 1 }")]
    [InlineData("Measure-RelObject -Model Post -Aggregate @{ N = 'Sum(Nope)' }")]
    [InlineData("Group-RelObject -Model Post -By Nope -Aggregate @{ N = 'Count(Id)' }")]
    [InlineData("Get-Post -Annotate @{ N = 'Count(Nope)' }")]
    public void Unknown_names_anywhere_are_InvalidArgument_with_choices(string script)
    {
        var e = ps.Run(script).SingleError();
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("Nope", e.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Choices are:", e.Exception.Message, StringComparison.Ordinal);
        e.AssertNoSqliteException();
    }

    [DbFact]
    public void An_unknown_lookup_is_InvalidArgument()
    {
        var e = ps.Run("Get-Post -Filter @{ Title__nope = 'x' }").SingleError();
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("nope", e.Exception.Message, StringComparison.OrdinalIgnoreCase);
        e.AssertNoSqliteException();
    }

    [DbFact]
    public void An_unknown_model_is_InvalidArgument_listing_models()
    {
        var e = ps.Run("Get-RelObject -Model Nope").SingleError();
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("Nope", e.Exception.Message, StringComparison.Ordinal);
        foreach (var m in new[] { "Tag", "Post", "User", "Profile" }) Assert.Contains(m, e.Exception.Message, StringComparison.Ordinal);
        var model = ps.Run("Get-RelModel Nope").SingleError();
        Assert.Equal("UnknownModel", model.Id());
    }

    [DbFact]
    public void Per_item_errors_do_not_stop_the_rest_of_the_pipeline()
    {
        var r = ps.Run("'a', 'b', 'a', 'c' | New-Tag | ForEach-Object Name");
        Assert.Equal(["a", "b", "c"], r.Text);
        Assert.Equal(["UniqueViolation"], r.ErrorIds);
        Assert.Equal("a", r.Errors[0].TargetObject);

        var removed = ps.Run("1, 99, 2 | Remove-Post -Confirm:$false");
        Assert.Equal(["ObjectNotFound"], removed.ErrorIds);
        Assert.Equal(99, Convert.ToInt32(removed.Errors[0].TargetObject));
        Assert.Equal("Python tricks", ps.Joined("Get-Post | ForEach-Object Title"));

        var users = ps.Run("'alice', 'nobody', 'bob' | Get-Profile | ForEach-Object Bio");
        Assert.Equal(["ObjectNotFound"], users.ErrorIds);
        Assert.Equal(["Likes Django"], users.Text);
    }

    [DbFact]
    public void Piped_rows_that_fail_are_reported_and_the_others_are_created()
    {
        var r = ps.Run("""
            @([pscustomobject]@{ Title = 'one'; Author = 'alice' },
              [pscustomobject]@{ Title = 'two'; Author = 'nobody' },
              [pscustomobject]@{ Title = 'three'; Author = 'bob' }) | New-Post | ForEach-Object Title
            """);
        Assert.Equal(["one", "three"], r.Text);
        Assert.Equal(["ObjectNotFound"], r.ErrorIds);
        Assert.Equal("Django intro,SQL basics,Python tricks,one,three", ps.Joined("Get-Post | ForEach-Object Title"));
    }

    [DbFact]
    public void A_call_that_fails_changes_nothing()
    {
        // The new tag would be created before the post fails validation (title longer than 200): both roll back.
        var r = ps.Run("New-Post -Title ('x' * 201) -Tag brandnew");
        Assert.Single(r.Errors);
        r.Errors[0].AssertNoSqliteException();
        Assert.Equal(ErrorCategory.InvalidArgument, r.Errors[0].CategoryInfo.Category);
        Assert.Equal("python,django,sql", ps.Joined("Get-Tag | ForEach-Object Name"));
        Assert.Equal(3, ps.Value("@(Get-Post).Count"));
    }

    [DbFact]
    public void A_wrong_model_is_refused()
    {
        var e = ps.Run("Get-Tag python | Remove-Post -Confirm:$false").SingleError();
        Assert.Equal("WrongModel", e.Id());
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal("Expected a Post, got a Tag.", e.Exception.Message);
        Assert.Equal(3, ps.Value("@(Get-Post).Count"));
    }

    [DbFact]
    public void Assigning_to_a_relation_member_is_an_error()
    {
        var r = ps.Run("$p = Get-Post -Id 1; $p.Tags = @()");
        Assert.True(r.Errors.Count + (r.Terminating is null ? 0 : 1) == 1);
        var message = r.Terminating?.Message ?? r.Errors[0].Exception.Message;
        Assert.Contains("'Post.Tags' is a relation", message, StringComparison.Ordinal);
    }

    [DbFact]
    public void Errors_carry_the_input_as_target_object_and_ObjectNotFound_the_missing_name()
    {
        var e = ps.Run("Get-Post -Id 1 | Add-PostTag -Tag nosuch").SingleError();
        Assert.Equal("ObjectNotFound", e.Id());
        Assert.Equal("Cannot find a tag named 'nosuch'. Create it with New-Tag, or use -Create.", e.Exception.Message);
        Assert.Equal("nosuch", e.TargetObject);

        var invalid = ps.Run("Get-Post -Id 1 | Set-Post -Title ('x' * 201)").SingleError();
        Assert.Equal(ErrorCategory.InvalidArgument, invalid.CategoryInfo.Category);
        Assert.Equal("Django intro", ((System.Management.Automation.PSObject)invalid.TargetObject!).Properties["Title"].Value);
    }
}

/// <summary>The same specs on PostgreSQL (each in-memory database of a spec is a new database of the test cluster).</summary>
[OnPostgreSQL]
public sealed class ErrorRecordTestsOnPostgreSQL() : ErrorRecordTests(Db.PostgreSQL);
