using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Tests.Support;

namespace RelationsPS.Core.Tests.Relations;

/// <summary>
/// A database RelationsPS did not create, in the shape of the Chinook sample (built here with plain SQL):
/// its tables read as models (inspectdb), exported to a schema file and back, connected read-only and
/// queried across its relations, the file unchanged byte for byte.
/// </summary>
public sealed class ForeignDatabaseTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"relps-chinook-{Guid.NewGuid():N}.db");

    /// <summary>The Chinook-shaped tables and rows, the same file the Pester specs build their database from.</summary>
    private static string ChinookSql => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "chinook-shape.sql"));

    internal static void Build(string file)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = ChinookSql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var f in new[] { path, path + "-wal", path + "-shm", path + ".psd1" })
            if (File.Exists(f)) File.Delete(f);
    }

    private string Hash() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Tables_read_as_models_as_inspectdb_reads_them()
    {
        Build(path);
        using var db = RelDatabase.Open(path, null, new OpenOptions { ReadOnly = true });
        var m = db.Models;
        Assert.Equal(["Album", "Artist", "Customer", "Employee", "Genre", "Invoice", "InvoiceLine", "MediaType", "Playlist", "PlaylistTrack", "Track"], m.Models.Select(x => x.Name).Order().ToList());
        Assert.Equal(("Album", "AlbumId", "Artist"), (m.Get("Album").Table, m.Get("Album").IdColumn, m.Get("Album").FindField("Artist")!.Target!.Name));
        Assert.Equal("ArtistId", m.Get("Album").FindField("Artist")!.Column);
        Assert.Equal(("ReportsTo", "Employee"), (m.Get("Employee").FindField("ReportsTo")!.Column, m.Get("Employee").FindField("ReportsTo")!.Target!.Name));
        Assert.Equal(FieldType.ForeignKey, m.Get("Customer").FindField("SupportRep")!.Type);
        var tracks = m.Get("Playlist").FindField("Tracks")!;
        Assert.Equal((FieldType.ManyToMany, "Track", "PlaylistTrack"), (tracks.Type, tracks.Target!.Name, tracks.ThroughModel!.Name));
        Assert.Equal("rowid", m.Get("PlaylistTrack").IdColumn);
        Assert.Equal((FieldType.Decimal, 10, 2), (m.Get("Track").FindField("UnitPrice")!.Type, m.Get("Track").FindField("UnitPrice")!.MaxDigits, m.Get("Track").FindField("UnitPrice")!.DecimalPlaces));
        Assert.Equal((FieldType.Char, 120), (m.Get("Artist").FindField("Name")!.Type, m.Get("Artist").FindField("Name")!.MaxLength));
    }

    [Fact]
    public void Exported_and_connected_read_only_it_is_queried_across_its_relations_and_the_file_does_not_change()
    {
        Build(path);
        var hash = Hash();
        string psd1;
        using (var inspect = RelDatabase.Open(path, null, new OpenOptions { ReadOnly = true })) psd1 = SchemaWriter.ToPsd1(inspect.Models);
        var schema = SchemaReader.Read(SchemaWriter.ToDictionary(SchemaReader.Read(SchemaWriter.ToDictionary(RelDatabase.Open(path, null, new OpenOptions { ReadOnly = true }).Models))));
        Assert.Contains("IdColumn = 'ArtistId'", psd1);
        using (var db = RelDatabase.Open(path, schema, new OpenOptions { ReadOnly = true }))
        {
            Assert.Equal(["Balls to the Wall"], db.Objects("Album").Filter("Artist__Name", "Accept").Names("Title"));
            Assert.Equal(["For Those About To Rock (We Salute You)", "Go Down"], db.Objects("Track").Filter("Album__Artist__Name", "AC/DC").Names());
            Assert.Equal(["Go Down"], db.Objects("Track").Filter("Playlists__Name", "Grunge").Names());
            Assert.Equal(3, db.Objects("Playlist").Filter("Name", "Music").Single().Manager("Tracks").Count());
            Assert.Equal(["Edwards", "Peacock"], db.Objects("Employee").Filter("ReportsTo__isnull", false).OrderBy("LastName").Names("LastName"));
            Assert.Equal(["Leonie", "Luís"], db.Objects("Customer").Filter("SupportRep__ReportsTo__LastName", "Edwards").OrderBy("FirstName").Names("FirstName"));
            Assert.Equal(2, db.Objects("Invoice").Filter("InvoiceLines__Track__Name", "For Those About To Rock (We Salute You)").Count());
            Assert.Equal(4.96m, db.Objects("Invoice").Aggregate(("Total", "Sum(Total)"))["Total"]);
            var e = Assert.ThrowsAny<RelationsException>(() => db.New("Artist", ("Name", "Nobody")));
            Assert.Equal("DatabaseReadOnly", e.ErrorId);
        }
        Assert.Equal(hash, Hash());
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public void Without_a_schema_and_not_read_only_it_is_refused_unchanged()
    {
        Build(path);
        var hash = Hash();
        var e = Assert.Throws<SchemaException>(() => RelDatabase.Open(path, BlogSchema.Models, new OpenOptions { RefuseForeignTables = true }));
        Assert.Equal("ForeignDatabase", e.ErrorId);
        Assert.Equal(hash, Hash());
    }
}
