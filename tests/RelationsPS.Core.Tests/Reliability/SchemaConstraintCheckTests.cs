using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Queries;

namespace RelationsPS.Core.Tests.Reliability;

/// <summary>
/// The schema check compares constraints too (issue 12.8): a column made Unique, a unique constraint
/// dropped from the schema, and a ForeignKey pointed at another model are refused with the file
/// left as it was, where before duplicates were stored or links pointed at the wrong table.
/// </summary>
public sealed class SchemaConstraintCheckTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"relps-constraints-{Guid.NewGuid():N}.db");

    public SchemaConstraintCheckTests()
    {
        using var db = RelDatabase.Open(file, Schema(unique: false, authorTo: "Person"));
        db.Add("Person", ("Name", "ann"));
    }

    public void Dispose()
    {
        foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
    }

    private static ModelSet Schema(bool unique, string authorTo, bool codeUnique = true) => new ModelSetBuilder()
        .Model("Person", m => m.Char("Name", 20, unique: unique))
        .Model("Team", m => m.Char("Code", 10, unique: codeUnique))
        .Model("Note", m => m.Text("Body").ForeignKey("Author", authorTo, OnDeleteAction.Cascade))
        .Build();

    private void AssertRefused(ModelSet models, string expected)
    {
        var before = File.ReadAllBytes(file);
        var e = Assert.ThrowsAny<RelationsException>(() => RelDatabase.Open(file, models).Dispose());
        Assert.Equal("SchemaMismatch", e.ErrorId);
        Assert.Contains(expected, e.Message);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void The_same_schema_connects_again() => RelDatabase.Open(file, Schema(unique: false, authorTo: "Person")).Dispose();

    [Fact]
    public void Making_an_existing_column_unique_is_refused() =>
        AssertRefused(Schema(unique: true, authorTo: "Person"), "column 'person.name' is not unique in the database, the schema says Unique");

    [Fact]
    public void Dropping_unique_from_the_schema_is_refused() =>
        AssertRefused(Schema(unique: false, authorTo: "Person", codeUnique: false), "column 'team.code' is unique in the database, which the schema does not declare");

    [Fact]
    public void Pointing_a_foreign_key_at_another_model_is_refused() =>
        AssertRefused(Schema(unique: false, authorTo: "Team"), "column 'note.author_id' references table 'person' in the database, the schema says 'team'");
}
