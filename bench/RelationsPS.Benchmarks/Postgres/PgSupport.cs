using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace RelationsPS.Benchmarks.Postgres;

internal static class PgConnections
{
    public static NpgsqlConnection Open(string connectionString)
    {
        var c = new NpgsqlConnection(connectionString);
        c.Open();
        return c;
    }

    public static object? Scalar(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar();
    }

    public static void Execute(string connectionString, string sql)
    {
        using var c = Open(connectionString);
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }
}

/// <summary>
/// The column types of the tables the engine created, read from the catalog: binary COPY sends each
/// value in its column's exact type (it converts nothing), whatever integer or timestamp type the
/// engine chose.
/// </summary>
internal sealed class PgColumns
{
    private readonly Dictionary<(string Table, string Column), string> types = [];

    public static PgColumns Read(NpgsqlConnection c)
    {
        var result = new PgColumns();
        using var cmd = new NpgsqlCommand("SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema()", c);
        using var r = cmd.ExecuteReader();
        while (r.Read()) result.types[(r.GetString(0), r.GetString(1))] = r.GetString(2);
        return result;
    }

    public string TypeOf(string table, string column) =>
        types.TryGetValue((table, column), out var t) ? t : throw new InvalidOperationException($"No column {table}.{column} in the database.");

    public void WriteInteger(NpgsqlBinaryImporter copy, string table, string column, long value)
    {
        switch (TypeOf(table, column))
        {
            case "int4": copy.Write(checked((int)value), NpgsqlDbType.Integer); break;
            case "int8": copy.Write(value, NpgsqlDbType.Bigint); break;
            case "int2": copy.Write(checked((short)value), NpgsqlDbType.Smallint); break;
            case var other: throw new InvalidOperationException($"{table}.{column} is {other}, not an integer type.");
        }
    }

    public void WriteDateTime(NpgsqlBinaryImporter copy, string table, string column, DateTime utc)
    {
        switch (TypeOf(table, column))
        {
            case "timestamptz": copy.Write(utc, NpgsqlDbType.TimestampTz); break;
            case "timestamp": copy.Write(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp); break;
            case "text" or "varchar": copy.Write(Workload.DbDate(utc), NpgsqlDbType.Text); break;
            case var other: throw new InvalidOperationException($"{table}.{column} is {other}, not a date-time type.");
        }
    }
}

internal static class PgChecks
{
    /// <summary>
    /// What a bulk insert wrote, independent of the ids each contender's insert order gave: the
    /// SQLite run's content checksum (<see cref="Checks.BulkContent"/>) in PostgreSQL's functions
    /// (ascii for unicode, right for a negative substr), every product in bigint.
    /// </summary>
    public static Outcome BulkContent(string connectionString)
    {
        using var c = PgConnections.Open(connectionString);
        long Scalar(string sql)
        {
            var v = PgConnections.Scalar(c, sql);
            return v is DBNull or null ? 0 : Convert.ToInt64(v, CultureInfo.InvariantCulture);
        }
        var counts = new[] { "tag", "\"user\"", "profile", "post", "post_tags" }.Select(t => Scalar($"SELECT COUNT(*) FROM {t}")).ToArray();
        var parts = new[]
        {
            Scalar("SELECT SUM(views) FROM post"),
            Scalar("SELECT SUM(length(title) * 3 + length(body)) FROM post"),
            Scalar("SELECT SUM((p.views % 1009 + 1)::bigint * (ascii(t.name) * 31 + length(t.name) + CASE WHEN right(t.name, 3) ~ '^[0-9]+$' THEN right(t.name, 3)::bigint ELSE 0 END)) FROM post_tags pt JOIN post p ON p.id = pt.post_id JOIN tag t ON t.id = pt.tag_id"),
            Scalar("SELECT SUM(substr(u.user_name, 5)::bigint * (p.views % 101 + 1)) FROM post p JOIN \"user\" u ON u.id = p.author_id"),
            Scalar("SELECT SUM(substr(u.user_name, 5)::bigint * length(pr.bio)) FROM profile pr JOIN \"user\" u ON u.id = pr.user_id"),
            Scalar("SELECT COUNT(*) FROM post WHERE created < '2023-01-01T00:00:00Z'"),
        };
        long sum = 0;
        foreach (var p in parts) sum = Sum.Mix(sum, p);
        return new Outcome(counts.Sum(), sum, "tables=" + string.Join("/", counts));
    }
}
