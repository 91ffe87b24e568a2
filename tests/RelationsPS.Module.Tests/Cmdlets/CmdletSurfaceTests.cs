using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Cmdlets;

/// <summary>Every cmdlet of PRODUCT §4 with the parameters named there, -Database everywhere, ShouldProcess on the destructive ones.</summary>
public sealed class CmdletSurfaceTests : IDisposable
{
    private readonly PowerShellSession ps = new();

    public void Dispose() => ps.Dispose();

    public static TheoryData<string, string> Contract => new()
    {
        { "Connect-RelDatabase", "Path InMemory ConnectionString Provider Credential Schema PassThru ReadOnly" },
        { "Disconnect-RelDatabase", "Database" },
        { "Get-RelDatabase", "Database" },
        { "Get-RelModel", "Name" },
        { "Use-RelTransaction", "ScriptBlock" },
        { "Get-RelQueryLog", "Last" },
        { "Clear-RelQueryLog", "Database" },
        { "New-Tag", "Name Slug IfExists" },
        { "Get-Tag", "Name Post" },
        { "Remove-Tag", "Name" },
        { "New-Post", "Title Body Tag Author" },
        { "Get-Post", "Id Title Tag MatchAllTags Filter Exclude OrderBy First Skip Include Annotate AsQuery" },
        { "Set-Post", "Post Title Body Views Author" },
        { "Remove-Post", "Post" },
        { "Add-PostTag", "Post Tag Create PassThru" },
        { "Remove-PostTag", "Post Tag PassThru" },
        { "Set-PostTag", "Post Tag PassThru" },
        { "Clear-PostTag", "Post PassThru" },
        { "New-User", "UserName IfExists" },
        { "Get-User", "UserName" },
        { "Remove-User", "User" },
        { "New-Profile", "User Bio Website" },
        { "Get-Profile", "User" },
        { "Set-Profile", "User Bio Website" },
        { "New-RelObject", "Model Property IfExists Key" },
        { "Get-RelObject", "Model Filter Exclude OrderBy First Skip Distinct Include Annotate AsQuery InputObject Property" },
        { "Set-RelObject", "InputObject Property PassThru" },
        { "Remove-RelObject", "InputObject" },
        { "Add-RelLink", "InputObject Relation Target ThroughDefaults PassThru" },
        { "Remove-RelLink", "InputObject Relation Target PassThru" },
        { "Set-RelLink", "InputObject Relation Target ThroughDefaults PassThru" },
        { "Clear-RelLink", "InputObject Relation PassThru" },
        { "Measure-RelObject", "Model InputObject Filter Aggregate" },
        { "Group-RelObject", "Model InputObject Filter By Aggregate" },
        { "Compare-RelSchema", "Schema Rename" },
        { "Update-RelSchema", "Schema Rename Force Transform WhatIf Confirm PassThru" },
        { "Get-RelSchemaHistory", "Database" },
        { "Export-RelSchema", "Path PassThru" },
        { "Invoke-RelSql", "Query Parameters Model NonQuery" },
        { "Export-RelData", "Path Model" },
        { "Import-RelData", "Path" },
    };

    [Fact]
    public void The_module_exports_exactly_the_41_cmdlets_of_the_contract()
    {
        var exported = ps.Strings("Get-Command -Module RelationsPS | ForEach-Object Name").Order().ToList();
        Assert.Equal(Contract.Select(r => (string)r[0]).Order().ToList(), exported);
        Assert.Equal(41, exported.Count);
    }

    [Theory]
    [MemberData(nameof(Contract))]
    public void Each_cmdlet_has_its_contract_parameters_and_Database(string cmdlet, string parameters)
    {
        var names = ps.Strings($"(Get-Command {cmdlet}).Parameters.Keys");
        foreach (var p in parameters.Split(' ')) Assert.Contains(p, names);
        if (cmdlet != "Connect-RelDatabase") Assert.Contains("Database", names);
        Assert.NotEmpty(ps.Strings($"(Get-Command {cmdlet}).OutputType | ForEach-Object Name"));
    }

    [Theory]
    [InlineData("Remove-Tag")]
    [InlineData("Remove-Post")]
    [InlineData("Remove-User")]
    [InlineData("Remove-PostTag")]
    [InlineData("Remove-RelObject")]
    [InlineData("Remove-RelLink")]
    [InlineData("Clear-PostTag")]
    [InlineData("Clear-RelLink")]
    [InlineData("Set-Post")]
    [InlineData("Set-PostTag")]
    [InlineData("Set-Profile")]
    [InlineData("Set-RelObject")]
    [InlineData("Set-RelLink")]
    [InlineData("Add-PostTag")]
    [InlineData("Add-RelLink")]
    [InlineData("New-Tag")]
    [InlineData("New-Post")]
    [InlineData("New-User")]
    [InlineData("New-Profile")]
    [InlineData("New-RelObject")]
    public void Cmdlets_that_change_data_support_WhatIf_and_Confirm(string cmdlet)
    {
        var names = ps.Strings($"(Get-Command {cmdlet}).Parameters.Keys");
        Assert.Contains("WhatIf", names);
        Assert.Contains("Confirm", names);
    }

    [Theory]
    [InlineData("Connect-RelDatabase", "ConnectionString,InMemory,Path")]
    [InlineData("Get-RelObject", "Model,Query")]
    [InlineData("Measure-RelObject", "Input,Model")]
    [InlineData("Group-RelObject", "Input,Model")]
    public void Parameter_sets(string cmdlet, string sets) =>
        Assert.Equal(sets, string.Join(",", ps.Strings($"(Get-Command {cmdlet}).ParameterSets | ForEach-Object Name").Order()));

    [Theory]
    [InlineData("Get-Tag", "Name", 0)]
    [InlineData("Get-User", "UserName", 0)]
    [InlineData("Remove-Tag", "Name", 0)]
    [InlineData("Remove-User", "User", 0)]
    [InlineData("Remove-Post", "Post", 0)]
    [InlineData("Set-Post", "Post", 0)]
    [InlineData("Get-RelModel", "Name", 0)]
    [InlineData("Connect-RelDatabase", "Path", 0)]
    [InlineData("Use-RelTransaction", "ScriptBlock", 0)]
    [InlineData("New-RelObject", "Model", 0)]
    [InlineData("New-RelObject", "Property", 1)]
    [InlineData("Get-RelObject", "Model", 0)]
    public void Positional_parameters_of_the_contract(string cmdlet, string parameter, int position) =>
        Assert.Equal(position, ps.Value($"(Get-Command {cmdlet}).Parameters['{parameter}'].ParameterSets.Values[0].Position"));
}
