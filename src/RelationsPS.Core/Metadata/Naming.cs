using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Humanizer;

namespace RelationsPS.Core.Metadata;

/// <summary>The naming rules of PRODUCT §3: snake_case tables and columns, pluralised related names.</summary>
public static partial class Naming
{
    /// <summary><c>BlogPost</c> -> <c>blog_post</c>, <c>UserName</c> -> <c>user_name</c>, <c>HTTPCode</c> -> <c>http_code</c>.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var prevLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var acronymEnd = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((prevLowerOrDigit || acronymEnd) && sb.Length > 0 && sb[^1] != '_') sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c == '-' || c == ' ' ? '_' : c);
            }
        }
        return sb.ToString();
    }

    /// <summary>The default related name of a ForeignKey or ManyToMany: the pluralised model name.</summary>
    public static string Plural(string modelName) => modelName.Pluralize(inputIsKnownToBeSingular: true);

    /// <summary>
    /// A model or relation name as a noun in a message: a plain word reads as a word (<c>Profile</c> -> <c>profile</c>),
    /// any other name is kept as written (<c>O2O</c>, <c>BlogPost</c>, <c>HTTPCode</c>), because it is the name
    /// the user gave the model (Humanizer would split <c>O2O</c> into "o 2 o").
    /// </summary>
    public static string Noun(string name) => PlainWord().IsMatch(name) ? name.ToLowerInvariant() : name;

    [GeneratedRegex("^[A-Z][a-z]+$")]
    private static partial Regex PlainWord();

    /// <summary>"1 profile", "37 tag links".</summary>
    public static string Quantity(string noun, long count) => noun.ToQuantity(count);

    /// <summary>"3 hours ago", "yesterday": a date as a person reads it.</summary>
    public static string Ago(DateTime value) => value.Humanize(utcDate: value.Kind != DateTimeKind.Local, culture: CultureInfo.InvariantCulture);

    /// <summary>
    /// Django's slugify: ASCII only (accents folded), lower case, runs of spaces and hyphens as one
    /// hyphen, other punctuation dropped, no leading or trailing hyphens or underscores.
    /// <c>'Machine Learning'</c> -> <c>machine-learning</c>.
    /// </summary>
    public static string Slugify(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormKD);
        var ascii = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed) if (c < 128) ascii.Append(c);
        var cleaned = Regex.Replace(ascii.ToString().ToLowerInvariant(), @"[^\w\s-]", "");
        return Regex.Replace(cleaned, @"[-\s]+", "-").Trim('-', '_');
    }
}
