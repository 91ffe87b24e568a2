using System.Collections;
using System.Data.Common;
using System.Globalization;

namespace RelationsPS.Core.Dialects.PostgreSql;

/// <summary>
/// Npgsql's reader as the materialiser reads SQLite's: dates and times as the engine's text forms
/// (<c>yyyy-MM-dd HH:mm:ss.fffffff</c>, <c>yyyy-MM-dd</c>, <c>HH:mm:ss.fffffff</c>), booleans as 1/0
/// integers, uuids as text, every integer widened to Int64. The codec then reads both databases with
/// the same code. Each column's kind is looked up once per result, not per value.
/// </summary>
internal sealed class PostgreSqlReader(DbDataReader inner) : DbDataReader
{
    private enum Kind : byte { Unknown, Plain, Timestamp, Date, Time, Boolean, Uuid, SmallInteger, Numeric, Real }

    private Kind[] kinds = [];

    private Kind KindOf(int i)
    {
        if (kinds.Length != inner.FieldCount) kinds = new Kind[inner.FieldCount];
        var k = kinds[i];
        if (k != Kind.Unknown) return k;
        k = inner.GetDataTypeName(i) switch
        {
            "timestamp without time zone" or "timestamp with time zone" => Kind.Timestamp,
            "date" => Kind.Date,
            "time without time zone" => Kind.Time,
            "boolean" => Kind.Boolean,
            "uuid" => Kind.Uuid,
            "integer" or "smallint" => Kind.SmallInteger,
            "numeric" => Kind.Numeric,
            "double precision" or "real" => Kind.Real,
            _ => Kind.Plain,
        };
        kinds[i] = k;
        return k;
    }

    private const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.fffffff";

    /// <summary>
    /// A NULL read with a typed getter fails as SQLite's does (InvalidOperationException), which the
    /// materialiser takes as "read this row with the null-checking readers" (Npgsql throws InvalidCastException).
    /// </summary>
    private InvalidOperationException NullRead(int ordinal) => new($"Column '{inner.GetName(ordinal)}' is NULL.");

    public override string GetString(int ordinal)
    {
        try
        {
            return ReadString(ordinal);
        }
        catch (InvalidCastException) when (inner.IsDBNull(ordinal))
        {
            throw NullRead(ordinal);
        }
    }

    public override long GetInt64(int ordinal)
    {
        try
        {
            return ReadInt64(ordinal);
        }
        catch (InvalidCastException) when (inner.IsDBNull(ordinal))
        {
            throw NullRead(ordinal);
        }
    }

    public override double GetDouble(int ordinal)
    {
        try
        {
            return ReadDouble(ordinal);
        }
        catch (InvalidCastException) when (inner.IsDBNull(ordinal))
        {
            throw NullRead(ordinal);
        }
    }

    private string ReadString(int ordinal) => KindOf(ordinal) switch
    {
        Kind.Timestamp => inner.GetDateTime(ordinal).ToString(DateTimeFormat, CultureInfo.InvariantCulture),
        Kind.Date => inner.GetDateTime(ordinal).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Kind.Time => inner.GetFieldValue<TimeSpan>(ordinal).ToString(@"hh\:mm\:ss\.fffffff", CultureInfo.InvariantCulture),
        Kind.Uuid => inner.GetGuid(ordinal).ToString("D"),
        Kind.Boolean => inner.GetBoolean(ordinal) ? "1" : "0",
        Kind.SmallInteger or Kind.Numeric or Kind.Real => Convert.ToString(inner.GetValue(ordinal), CultureInfo.InvariantCulture)!,
        _ => inner.GetString(ordinal),
    };

    private long ReadInt64(int ordinal) => KindOf(ordinal) switch
    {
        Kind.Boolean => inner.GetBoolean(ordinal) ? 1L : 0L,
        Kind.SmallInteger => inner.GetInt32(ordinal),
        Kind.Numeric => (long)inner.GetDecimal(ordinal),
        Kind.Real => (long)inner.GetDouble(ordinal),
        _ => inner.GetInt64(ordinal),
    };

    private double ReadDouble(int ordinal) => KindOf(ordinal) switch
    {
        Kind.Numeric => (double)inner.GetDecimal(ordinal),
        Kind.SmallInteger => inner.GetInt32(ordinal),
        Kind.Boolean => inner.GetBoolean(ordinal) ? 1 : 0,
        Kind.Real => inner.GetDouble(ordinal),
        _ => Convert.ToDouble(inner.GetValue(ordinal), CultureInfo.InvariantCulture),
    };

    public override object GetValue(int ordinal)
    {
        var value = inner.GetValue(ordinal);
        if (value is DBNull) return value;
        return KindOf(ordinal) switch
        {
            Kind.Timestamp or Kind.Date or Kind.Time or Kind.Uuid => GetString(ordinal),
            Kind.Boolean => (bool)value ? 1L : 0L,
            Kind.SmallInteger => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }

    public override T GetFieldValue<T>(int ordinal)
    {
        if (typeof(T) == typeof(string)) return (T)(object)GetString(ordinal);
        if (typeof(T) == typeof(long)) return (T)(object)GetInt64(ordinal);
        if (typeof(T) == typeof(double)) return (T)(object)GetDouble(ordinal);
        if (typeof(T) == typeof(object)) return (T)GetValue(ordinal);
        return inner.GetFieldValue<T>(ordinal);
    }

    public override bool GetBoolean(int ordinal) => KindOf(ordinal) == Kind.Boolean ? inner.GetBoolean(ordinal) : GetInt64(ordinal) != 0;
    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
    public override char GetChar(int ordinal) => inner.GetChar(ordinal);
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);
    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);
    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);
    public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);
    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);
    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);
    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);
    public override int GetInt32(int ordinal) => KindOf(ordinal) == Kind.SmallInteger ? inner.GetInt32(ordinal) : checked((int)GetInt64(ordinal));
    public override string GetName(int ordinal) => inner.GetName(ordinal);
    public override int GetOrdinal(string name) => inner.GetOrdinal(name);
    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);
    public override int FieldCount => inner.FieldCount;
    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));
    public override int RecordsAffected => closed ? recordsAffected : inner.RecordsAffected;
    public override bool HasRows => inner.HasRows;
    public override bool IsClosed => closed || inner.IsClosed;
    public override int Depth => inner.Depth;
    public override bool NextResult() => inner.NextResult();
    public override bool Read() => inner.Read();
    /// <summary>
    /// Npgsql reuses one reader object per connection for every command: once this result is closed
    /// (read to its end ahead of another statement), closing or disposing it again would close the next
    /// command's result. So the inner reader is closed once, and what is asked after stays this result's.
    /// </summary>
    private bool closed;
    private int recordsAffected;

    public override void Close()
    {
        if (closed) return;
        recordsAffected = inner.RecordsAffected;
        closed = true;
        inner.Close();
    }
    public override IEnumerator GetEnumerator() => ((IEnumerable)inner).GetEnumerator();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !closed)
        {
            closed = true;
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
