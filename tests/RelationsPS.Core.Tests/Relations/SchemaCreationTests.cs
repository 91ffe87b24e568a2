using RelationsPS.Core.Compilation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// Schema creation (PRODUCT §3): the DDL of the blog database as <c>sqlite3 .schema</c> shows it,
/// join tables, idempotent re-open, and refusal of a contradicting schema with the file left byte for
/// byte as it was. Files are temporary and deleted with their -wal/-shm companions.
/// </summary>
public sealed class SchemaCreationTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"relps-schema-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }

    private static List<string> Master(RelDatabase db) =>
        db.Query(new SqlStatement("SELECT type || ' ' || name || ': ' || IFNULL(sql, '(automatic)') FROM sqlite_master ORDER BY type, name", []), r => r.GetString(0)).ToList();

    private static List<string> Sql(RelDatabase db, string type) =>
        db.Query(new SqlStatement("SELECT sql FROM sqlite_master WHERE type = @p0 AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name", [type]), r => r.GetString(0)).ToList();

    [Fact]
    public void Blog_tables_are_created_as_product_section_3_names_them()
    {
        using var db = TestDb.Blog();
        Assert.Equal(
        [
            """CREATE TABLE "post" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "body" text NOT NULL, "views" integer NOT NULL, "created" datetime NOT NULL, "author_id" integer NULL REFERENCES "user" ("id") DEFERRABLE INITIALLY DEFERRED)""",
            """CREATE TABLE "post_tags" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "post_id" integer NOT NULL REFERENCES "post" ("id") DEFERRABLE INITIALLY DEFERRED, "tag_id" integer NOT NULL REFERENCES "tag" ("id") DEFERRABLE INITIALLY DEFERRED, UNIQUE ("post_id", "tag_id"))""",
            """CREATE TABLE "profile" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL UNIQUE REFERENCES "user" ("id") DEFERRABLE INITIALLY DEFERRED, "bio" text NOT NULL, "website" varchar(200) NOT NULL)""",
            """CREATE TABLE "tag" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(50) NOT NULL UNIQUE, "slug" varchar(50) NOT NULL UNIQUE)""",
            """CREATE TABLE "user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_name" varchar(150) NOT NULL UNIQUE)""",
        ], Sql(db, "table").Where(s => !s.Contains("sqlite_sequence")).ToList());
    }

    [Fact]
    public void Blog_indexes_cover_every_foreign_key()
    {
        using var db = TestDb.Blog();
        Assert.Equal(
        [
            """CREATE INDEX "post_author_id_idx" ON "post" ("author_id")""",
            """CREATE INDEX "post_tags_post_id_idx" ON "post_tags" ("post_id")""",
            """CREATE INDEX "post_tags_tag_id_idx" ON "post_tags" ("tag_id")""",
        ], Sql(db, "index"));
        // The unique constraints make SQLite's automatic indexes (tag.name, tag.slug, user.user_name, profile.user_id, post_tags pair).
        Assert.Equal(["post_tags", "profile", "tag", "tag", "user"],
            db.Query(new SqlStatement("SELECT tbl_name FROM sqlite_master WHERE name LIKE 'sqlite_autoindex_%' ORDER BY tbl_name", []), r => r.GetString(0)).ToList());
    }

    [Fact]
    public void A_self_referential_join_table_uses_from_and_to_columns()
    {
        using var db = TestDb.Open(b => b.Model("Person", m => m.Char("Name", 20).ManyToMany("Friends", "self").ManyToMany("Idols", "self", relatedName: "Stalkers", symmetrical: false)));
        Assert.Equal(
        [
            """CREATE TABLE "person" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(20) NOT NULL)""",
            """CREATE TABLE "person_friends" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "from_person_id" integer NOT NULL REFERENCES "person" ("id") DEFERRABLE INITIALLY DEFERRED, "to_person_id" integer NOT NULL REFERENCES "person" ("id") DEFERRABLE INITIALLY DEFERRED, UNIQUE ("from_person_id", "to_person_id"))""",
            """CREATE TABLE "person_idols" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "from_person_id" integer NOT NULL REFERENCES "person" ("id") DEFERRABLE INITIALLY DEFERRED, "to_person_id" integer NOT NULL REFERENCES "person" ("id") DEFERRABLE INITIALLY DEFERRED, UNIQUE ("from_person_id", "to_person_id"))""",
        ], Sql(db, "table").Where(s => !s.Contains("sqlite_sequence")).ToList());
        Assert.Equal(
        [
            """CREATE INDEX "person_friends_from_person_id_idx" ON "person_friends" ("from_person_id")""",
            """CREATE INDEX "person_friends_to_person_id_idx" ON "person_friends" ("to_person_id")""",
            """CREATE INDEX "person_idols_from_person_id_idx" ON "person_idols" ("from_person_id")""",
            """CREATE INDEX "person_idols_to_person_id_idx" ON "person_idols" ("to_person_id")""",
        ], Sql(db, "index"));
    }

    [Fact]
    public void Meta_options_and_db_table_shape_the_ddl()
    {
        using var db = TestDb.Open(b => b
            .Model("Author", m => m.Char("Name", 20, unique: true))
            .Model("BookEntry", m => m.Char("Title", 40).Integer("Year", nullable: true).Decimal("Price", 6, 2).Boolean("InPrint")
                .Field("Code", new FieldSpec(FieldType.Uuid) { Null = true, Index = true })
                .ForeignKey("Author", "Author", OnDeleteAction.Protect)
                .ManyToMany("CoAuthors", "Author", relatedName: "CoWritten", through: null, throughFields: null)
                .Meta(new ModelOptions { DbTable = "books", UniqueTogether = [["Title", "Author"]] })));
        Assert.Equal(
        [
            """CREATE TABLE "author" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(20) NOT NULL UNIQUE)""",
            """CREATE TABLE "books" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(40) NOT NULL, "year" integer NULL, "price" decimal NOT NULL, "in_print" bool NOT NULL, "code" char(36) NULL, "author_id" integer NOT NULL REFERENCES "author" ("id") DEFERRABLE INITIALLY DEFERRED, UNIQUE ("title", "author_id"))""",
            """CREATE TABLE "books_co_authors" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "book_entry_id" integer NOT NULL REFERENCES "books" ("id") DEFERRABLE INITIALLY DEFERRED, "author_id" integer NOT NULL REFERENCES "author" ("id") DEFERRABLE INITIALLY DEFERRED, UNIQUE ("book_entry_id", "author_id"))""",
        ], Sql(db, "table").Where(s => !s.Contains("sqlite_sequence")).ToList());
        Assert.Equal(
        [
            """CREATE INDEX "books_author_id_idx" ON "books" ("author_id")""",
            """CREATE INDEX "books_co_authors_author_id_idx" ON "books_co_authors" ("author_id")""",
            """CREATE INDEX "books_co_authors_book_entry_id_idx" ON "books_co_authors" ("book_entry_id")""",
            """CREATE INDEX "books_code_idx" ON "books" ("code")""",
        ], Sql(db, "index"));
    }

    [Fact]
    public void Opening_the_same_file_twice_creates_nothing_the_second_time()
    {
        List<string> first;
        using (var db = RelDatabase.Open(path, BlogSchema.Models))
        {
            Assert.Equal(8, db.Log.Entries.Count(e => e.Sql.StartsWith("CREATE", StringComparison.Ordinal)));
            first = Master(db);
            db.New("User", ("UserName", "alice"));
        }
        using (var db = RelDatabase.Open(path, BlogSchema.Models))
        {
            Assert.DoesNotContain(db.Log.Entries, e => e.Sql.Contains("CREATE", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(0, db.Log.Count);
            Assert.Equal(first, Master(db));
            Assert.Equal(["alice"], db.Objects("User").Names("UserName"));
        }
    }

    [Fact]
    public void Reopening_with_an_added_model_creates_only_what_is_missing()
    {
        using (var db = RelDatabase.Open(path, BlogSchema.Models))
            db.New("Tag", ("Name", "python"), ("Slug", "python"));
        var extended = BlogSchema.Builder().Model("Comment", m => m.Text("Body").ForeignKey("Post", "Post", OnDeleteAction.Cascade)).Build();
        using (var db = RelDatabase.Open(path, extended))
        {
            Assert.Equal(
            [
                """CREATE TABLE "comment" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "body" text NOT NULL, "post_id" integer NOT NULL REFERENCES "post" ("id") DEFERRABLE INITIALLY DEFERRED)""",
                """CREATE INDEX "comment_post_id_idx" ON "comment" ("post_id")""",
            ], db.Log.Entries.Select(e => e.Sql).ToList());
            Assert.Equal(["python"], db.Objects("Tag").Names());
        }
    }

    private byte[] Snapshot()
    {
        Assert.False(File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0, "the -wal file should be checkpointed after close");
        return File.ReadAllBytes(path);
    }

    private void CreateBlogFile()
    {
        using var db = RelDatabase.Open(path, BlogSchema.Models);
        db.New("User", ("UserName", "alice"));
    }

    [Fact]
    public void A_contradicting_column_type_is_refused_and_the_file_is_unchanged()
    {
        CreateBlogFile();
        var before = Snapshot();
        var changed = new ModelSetBuilder()
            .Model("Tag", m => m.Char("Name", 60, unique: true).Slug("Slug", unique: true))
            .Build();
        var e = Assert.Throws<SchemaException>(() => RelDatabase.Open(path, changed));
        Assert.Equal("SchemaMismatch", e.ErrorId);
        Assert.Contains("column 'tag.name' is varchar(50) in the database, the schema says varchar(60)", e.Message);
        Assert.Contains("nothing was changed", e.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Missing_extra_and_nullability_differences_are_all_named()
    {
        CreateBlogFile();
        var before = Snapshot();
        var changed = new ModelSetBuilder()
            .Model("User", m => m.Char("UserName", 150, unique: true).Email("Email"))
            .Model("Profile", m => m.OneToOne("User", "User", OnDeleteAction.Cascade, nullable: true).Text("Bio", blank: true))
            .Build();
        var e = Assert.Throws<SchemaException>(() => RelDatabase.Open(path, changed));
        Assert.Equal("SchemaMismatch", e.ErrorId);
        Assert.Contains("table 'user' has no column 'email' (varchar(254)), which the schema declares", e.Message);
        Assert.Contains("column 'profile.user_id' is NOT NULL in the database, the schema says NULL", e.Message);
        Assert.Contains("table 'profile' has a column 'website' that the schema does not declare", e.Message);
        Assert.Equal(before, Snapshot());
        using var db = RelDatabase.Open(path, BlogSchema.Models);
        Assert.Equal(["alice"], db.Objects("User").Names("UserName"));
    }

    [Fact]
    public void A_refused_schema_creates_none_of_its_new_tables()
    {
        CreateBlogFile();
        var before = Snapshot();
        var changed = BlogSchema.Builder()
            .Model("Comment", m => m.Text("Body"))
            .Model("Extra", m => m.Char("X", 5));
        var models = changed.Build();
        var tagChanged = new ModelSetBuilder().Model("Tag", m => m.Char("Name", 50, unique: true)).Model("Comment", m => m.Text("Body")).Build();
        Assert.Throws<SchemaException>(() => RelDatabase.Open(path, tagChanged));
        Assert.Equal(before, Snapshot());
        using var db = RelDatabase.Open(path, models);
        Assert.Contains("comment", db.Query(new SqlStatement("SELECT name FROM sqlite_master WHERE type = 'table'", []), r => r.GetString(0)).ToList());
    }
}
