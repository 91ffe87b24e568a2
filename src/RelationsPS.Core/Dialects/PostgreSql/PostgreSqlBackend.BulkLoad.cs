using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Dialects.PostgreSql;

/// <summary>
/// Bulk creates through binary COPY (<see cref="NpgsqlBinaryImporter"/>): each value in the binary form of
/// its column's type (docs/POSTGRESQL.md has the types), so the server parses no text. A value is written
/// as the INSERT path's text would be stored: a DateTime's seventh fractional digit is rounded to the
/// microsecond as PostgreSQL's text input rounds it (binary input would truncate it).
/// </summary>
internal sealed partial class PostgreSqlBackend
{
    /// <summary>
    /// Below this many rows a bulk create stays INSERTs when they are one statement per row (CreateMany), or
    /// the rows have ManyToMany values (a link statement per row): COPY costs a round trip to draw the ids
    /// and two for the COPY itself. Measured on the blog's Tag and Post (with two tags each); see
    /// docs/POSTGRESQL.md ("Bulk creates").
    /// </summary>
    public const int CopyFromRows = 4;

    /// <summary>The same against BulkCreate's five-row INSERTs of rows without ManyToMany values, which are cheaper per row.</summary>
    public const int CopyFromBatchedRows = 16;

    public override int BulkLoadRows => CopyFromRows;

    public override int BulkLoadRowsOverBatchedInserts => CopyFromBatchedRows;

    /// <summary>
    /// Npgsql writes DateTime.MinValue and MaxValue (and DateOnly's) as -infinity and infinity, which the
    /// INSERT path stores as the dates themselves (a DateTime that rounds to 0001-01-01 00:00 too); a DateTime
    /// that rounds past 9999-12-31 has no binary form.
    /// </summary>
    public override bool BulkLoads(FieldType type, object value) => type switch
    {
        FieldType.DateTime => value is DateTime dt && ServerRounded(dt) is { Ticks: not 0 },
        FieldType.Date => value is DateTime d && d.Date != DateTime.MinValue.Date && d.Date != DateTime.MaxValue.Date,
        _ => true,
    };

    public override long BulkLoad(DbConnection connection, string command, IReadOnlyList<FieldType> columns, int rows, Func<int, int, object?> value, Func<bool> interrupted)
    {
        using var copy = ((NpgsqlConnection)connection).BeginBinaryImport(command);
        for (var r = 0; r < rows; r++)
        {
            // An interrupt is looked at every 1,024 rows: a volatile read per row would cost more than it saves.
            if ((r & 1023) == 0 && interrupted()) throw new OperationCanceledException("The bulk load was interrupted.");
            copy.StartRow();
            for (var c = 0; c < columns.Count; c++) Write(copy, columns[c], value(r, c));
        }
        // Closing the importer without Complete (an exception above) cancels the COPY: nothing of it stays.
        return checked((long)copy.Complete());
    }

    private static void Write(NpgsqlBinaryImporter copy, FieldType type, object? value)
    {
        if (value is null)
        {
            copy.WriteNull();
            return;
        }
        switch (type)
        {
            case FieldType.AutoId or FieldType.BigInteger or FieldType.ForeignKey or FieldType.OneToOne:
                copy.Write((long)value, NpgsqlDbType.Bigint);
                break;
            case FieldType.Integer:
                // The codec checked the range (ValueOutOfRange before anything is written).
                copy.Write(checked((int)(long)value), NpgsqlDbType.Integer);
                break;
            case FieldType.Float:
                copy.Write((double)value, NpgsqlDbType.Double);
                break;
            case FieldType.Decimal:
                // numeric(p,s) applies its scale to a binary value as to text ('1.5' is stored 1.50).
                copy.Write((decimal)value, NpgsqlDbType.Numeric);
                break;
            case FieldType.Boolean:
                copy.Write((bool)value, NpgsqlDbType.Boolean);
                break;
            case FieldType.Date:
                copy.Write(DateOnly.FromDateTime((DateTime)value), NpgsqlDbType.Date);
                break;
            case FieldType.DateTime:
                copy.Write(ServerRounded((DateTime)value) ?? throw new InvalidOperationException($"{value} has no binary timestamp (checked by BulkLoads)."), NpgsqlDbType.Timestamp);
                break;
            case FieldType.Uuid:
                copy.Write((Guid)value, NpgsqlDbType.Uuid);
                break;
            case FieldType.Duration:
                // Microseconds, as the codec stores a Duration (it refused a finer part).
                copy.Write(((TimeSpan)value).Ticks / 10, NpgsqlDbType.Bigint);
                break;
            case FieldType.Json:
                copy.Write((string)value, NpgsqlDbType.Json);
                break;
            case FieldType.Binary:
                copy.Write((byte[])value, NpgsqlDbType.Bytea);
                break;
            default:
                // Char, Slug, Url, Email, Text, IPAddress: text and varchar share one binary form.
                copy.Write(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text);
                break;
        }
    }

    /// <summary>
    /// The DateTime PostgreSQL stores for the INSERT path's text of <paramref name="value"/>: its text input
    /// reads the fraction of a second as a double and rounds it times a million to the even microsecond
    /// (<c>rint</c>; a tick count over 10^7 is that same double). Kind is Unspecified (Npgsql refuses a UTC
    /// DateTime for <c>timestamp without time zone</c>; the text path drops the Z too). Null past DateTime.MaxValue.
    /// </summary>
    internal static DateTime? ServerRounded(DateTime value)
    {
        var ticks = value.Ticks;
        if (ticks % 10 != 0)
        {
            var fraction = ticks % TimeSpan.TicksPerSecond;
            var micro = (long)Math.Round(fraction / 1e7 * 1_000_000.0, MidpointRounding.ToEven);
            ticks = ticks - fraction + micro * 10;
            if (ticks > DateTime.MaxValue.Ticks) return null;
        }
        return new DateTime(ticks, DateTimeKind.Unspecified);
    }

    /// <summary>
    /// PostgreSQL names the row a COPY failed at in the error's context, <c>COPY tag, line 3</c> (rows from 1,
    /// also for binary COPY and for rows it inserted in a batch).
    /// </summary>
    public override int? BulkLoadFailedRow(DbException error)
    {
        if (error is not PostgresException { Where: { } where }) return null;
        const string marker = ", line ";
        var at = where.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0 || !where.StartsWith("COPY ", StringComparison.Ordinal)) return null;
        var end = at + marker.Length;
        while (end < where.Length && char.IsAsciiDigit(where[end])) end++;
        return int.TryParse(where.AsSpan(at + marker.Length, end - at - marker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var line) && line > 0 ? line - 1 : null;
    }
}
