namespace RelationsPS.Core.Metadata;

/// <summary>The field types of PRODUCT §3 (plus the automatic primary key and Uuid).</summary>
public enum FieldType
{
    /// <summary>The automatic integer primary key <c>Id</c>.</summary>
    AutoId,
    Char, Slug, Text, Url, Email,
    Integer, BigInteger, Float, Decimal,
    Boolean, Date, DateTime,
    /// <summary>A Guid, stored as its canonical text.</summary>
    Uuid,
    ForeignKey, OneToOne, ManyToMany,
    /// <summary>A TimeSpan, stored as a whole number of microseconds (Django's DurationField on SQLite).</summary>
    Duration,
    /// <summary>JSON (hashtables, lists, text, numbers, Booleans, null), stored as text (Django's JSONField).</summary>
    Json,
    /// <summary>Bytes (byte[]), stored as a BLOB (Django's BinaryField); exact and isnull lookups only.</summary>
    Binary,
    /// <summary>An IPv4 or IPv6 address, stored normalised as text (Django's GenericIPAddressField).</summary>
    IPAddress,
}

/// <summary>What happens to rows that point at a deleted row (Django's on_delete).</summary>
public enum OnDeleteAction
{
    Cascade, Protect, Restrict, SetNull, SetDefault, DoNothing,
}
