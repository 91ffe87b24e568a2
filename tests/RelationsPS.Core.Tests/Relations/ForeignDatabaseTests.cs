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

    public const string ChinookSql = """
        CREATE TABLE [Artist] ([ArtistId] INTEGER NOT NULL PRIMARY KEY, [Name] NVARCHAR(120));
        CREATE TABLE [Album] ([AlbumId] INTEGER NOT NULL PRIMARY KEY, [Title] NVARCHAR(160) NOT NULL, [ArtistId] INTEGER NOT NULL REFERENCES [Artist] ([ArtistId]));
        CREATE TABLE [Genre] ([GenreId] INTEGER NOT NULL PRIMARY KEY, [Name] NVARCHAR(120));
        CREATE TABLE [MediaType] ([MediaTypeId] INTEGER NOT NULL PRIMARY KEY, [Name] NVARCHAR(120));
        CREATE TABLE [Track] ([TrackId] INTEGER NOT NULL PRIMARY KEY, [Name] NVARCHAR(200) NOT NULL, [AlbumId] INTEGER REFERENCES [Album] ([AlbumId]),
            [MediaTypeId] INTEGER NOT NULL REFERENCES [MediaType] ([MediaTypeId]), [GenreId] INTEGER REFERENCES [Genre] ([GenreId]), [Composer] NVARCHAR(220),
            [Milliseconds] INTEGER NOT NULL, [Bytes] INTEGER, [UnitPrice] NUMERIC(10,2) NOT NULL);
        CREATE TABLE [Playlist] ([PlaylistId] INTEGER NOT NULL PRIMARY KEY, [Name] NVARCHAR(120));
        CREATE TABLE [PlaylistTrack] ([PlaylistId] INTEGER NOT NULL REFERENCES [Playlist] ([PlaylistId]), [TrackId] INTEGER NOT NULL REFERENCES [Track] ([TrackId]),
            CONSTRAINT [PK_PlaylistTrack] PRIMARY KEY ([PlaylistId], [TrackId]));
        CREATE TABLE [Employee] ([EmployeeId] INTEGER NOT NULL PRIMARY KEY, [LastName] NVARCHAR(20) NOT NULL, [FirstName] NVARCHAR(20) NOT NULL, [Title] NVARCHAR(30),
            [ReportsTo] INTEGER REFERENCES [Employee] ([EmployeeId]), [BirthDate] DATETIME, [Email] NVARCHAR(60));
        CREATE TABLE [Customer] ([CustomerId] INTEGER NOT NULL PRIMARY KEY, [FirstName] NVARCHAR(40) NOT NULL, [LastName] NVARCHAR(20) NOT NULL, [Country] NVARCHAR(40),
            [Email] NVARCHAR(60) NOT NULL, [SupportRepId] INTEGER REFERENCES [Employee] ([EmployeeId]));
        CREATE TABLE [Invoice] ([InvoiceId] INTEGER NOT NULL PRIMARY KEY, [CustomerId] INTEGER NOT NULL REFERENCES [Customer] ([CustomerId]), [InvoiceDate] DATETIME NOT NULL,
            [BillingCountry] NVARCHAR(40), [Total] NUMERIC(10,2) NOT NULL);
        CREATE TABLE [InvoiceLine] ([InvoiceLineId] INTEGER NOT NULL PRIMARY KEY, [InvoiceId] INTEGER NOT NULL REFERENCES [Invoice] ([InvoiceId]),
            [TrackId] INTEGER NOT NULL REFERENCES [Track] ([TrackId]), [UnitPrice] NUMERIC(10,2) NOT NULL, [Quantity] INTEGER NOT NULL);
        CREATE INDEX [IFK_AlbumArtistId] ON [Album] ([ArtistId]);
        CREATE INDEX [IFK_TrackAlbumId] ON [Track] ([AlbumId]);
        INSERT INTO Artist VALUES (1, 'AC/DC'), (2, 'Accept');
        INSERT INTO Album VALUES (1, 'For Those About To Rock', 1), (2, 'Balls to the Wall', 2), (3, 'Let There Be Rock', 1);
        INSERT INTO Genre VALUES (1, 'Rock'), (2, 'Jazz');
        INSERT INTO MediaType VALUES (1, 'MPEG audio file');
        INSERT INTO Track VALUES (1, 'For Those About To Rock (We Salute You)', 1, 1, 1, 'Angus Young', 343719, 11170334, 0.99),
            (2, 'Balls to the Wall', 2, 1, 1, NULL, 342562, 5510424, 0.99), (3, 'Go Down', 3, 1, 1, 'AC/DC', 331180, 10847611, 1.99);
        INSERT INTO Playlist VALUES (1, 'Music'), (2, 'Grunge');
        INSERT INTO PlaylistTrack VALUES (1, 1), (1, 2), (1, 3), (2, 3);
        INSERT INTO Employee VALUES (1, 'Adams', 'Andrew', 'General Manager', NULL, '1962-02-18 00:00:00', 'andrew@chinookcorp.com'),
            (2, 'Edwards', 'Nancy', 'Sales Manager', 1, '1958-12-08 00:00:00', 'nancy@chinookcorp.com'), (3, 'Peacock', 'Jane', 'Sales Agent', 2, '1973-08-29 00:00:00', 'jane@chinookcorp.com');
        INSERT INTO Customer VALUES (1, 'Luís', 'Gonçalves', 'Brazil', 'luisg@embraer.com.br', 3), (2, 'Leonie', 'Köhler', 'Germany', 'leonekohler@surfeu.de', 3);
        INSERT INTO Invoice VALUES (1, 2, '2009-01-01 00:00:00', 'Germany', 1.98), (2, 1, '2009-01-02 00:00:00', 'Brazil', 2.98);
        INSERT INTO InvoiceLine VALUES (1, 1, 1, 0.99, 1), (2, 1, 2, 0.99, 1), (3, 2, 3, 1.99, 1), (4, 2, 1, 0.99, 1);
        """;

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
