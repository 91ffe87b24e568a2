namespace RelationsPS.Core.Metadata;

/// <summary>
/// A part of a Date or DateTime field that a path may read, as Django's transforms do
/// (<c>Created__year</c>) and as a DateTime's properties read in PowerShell (<c>$_.Created.Year</c>).
/// Parts are read from the stored value as written (UTC when it was given as UTC).
/// </summary>
public enum DatePart
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    /// <summary>The date of a DateTime (Django's <c>__date</c>, PowerShell's <c>.Date</c>).</summary>
    Date,
    /// <summary>Day of the week, 1 (Sunday) to 7 (Saturday), as Django's <c>__week_day</c>.</summary>
    WeekDay,
    /// <summary>Quarter of the year, 1 to 4.</summary>
    Quarter,
    /// <summary>ISO-8601 week number, 1 to 53 (Django's <c>__week</c>).</summary>
    Week,
    /// <summary>The ISO-8601 week-numbering year (Django's <c>__iso_year</c>).</summary>
    IsoYear,
    /// <summary>The time of day of a DateTime, a TimeSpan (Django's <c>__time</c>; PowerShell's <c>.TimeOfDay</c>).</summary>
    Time,
}

/// <summary>The field a date part reads as: a whole number, or a Date for <see cref="DatePart.Date"/>.</summary>
public static class DateParts
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FieldDefinition, FieldDefinition?[]> Cache = new();

    /// <summary>The part named <paramref name="name"/> (any case) of a field that has it, or null.</summary>
    public static DatePart? Find(FieldDefinition field, string name)
    {
        if (field.Type is not (FieldType.Date or FieldType.DateTime)) return null;
        // Django's spellings (week_day, iso_year) and PowerShell's (TimeOfDay) name the same parts.
        name = name.Replace("_", "", StringComparison.Ordinal);
        if (name.Equals("TimeOfDay", StringComparison.OrdinalIgnoreCase)) name = nameof(DatePart.Time);
        if (!Enum.TryParse<DatePart>(name, ignoreCase: true, out var part) || int.TryParse(name, out _)) return null;
        var timeOnly = part is DatePart.Hour or DatePart.Minute or DatePart.Second or DatePart.Date or DatePart.Time;
        return timeOnly && field.Type == FieldType.Date ? null : part;
    }

    /// <summary>The names a field's parts answer to, for "Choices are" messages.</summary>
    public static IEnumerable<string> Names(FieldDefinition field) =>
        Enum.GetValues<DatePart>().Where(p => Find(field, p.ToString()) is not null).Select(p => p.ToString());

    /// <summary>
    /// A field standing for a part of <paramref name="source"/>: same model and nullability, the
    /// part's type, <see cref="FieldDefinition.PartOf"/> and <see cref="FieldDefinition.Part"/> set.
    /// One instance per field and part.
    /// </summary>
    public static FieldDefinition Field(FieldDefinition source, DatePart part)
    {
        var parts = Cache.GetValue(source, _ => new FieldDefinition?[Enum.GetValues<DatePart>().Length]);
        lock (parts)
        {
            return parts[(int)part] ??= new FieldDefinition(source.Name + "." + part, part switch { DatePart.Date => FieldType.Date, DatePart.Time => FieldType.Char, _ => FieldType.Integer })
            {
                Model = source.Model,
                Column = source.Column,
                Null = source.Null,
                Blank = true,
                MaxLength = part == DatePart.Time ? 16 : null,
                PartOf = source,
                Part = part,
            };
        }
    }
}
