-- The shape of the Chinook sample database (tables, keys, a few rows), for the foreign-database specs.
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
