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

    /// <summary>
    /// Django's slugify, keeping the letters of every script as Django's <c>slugify(allow_unicode=True)</c>
    /// does: accents on Latin letters folded (<c>café</c> -> <c>cafe</c>), letters and digits of other
    /// scripts kept (<c>питон</c>, <c>日本語</c>), lower case, runs of spaces and hyphens as one hyphen, other
    /// punctuation and symbols dropped, no leading or trailing hyphens or underscores.
    /// <c>'Machine Learning'</c> -> <c>machine-learning</c>. A name of symbols only (<c>🐍</c>) gives "".
    /// </summary>
    private static bool IsLone(string s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])
        : char.IsLowSurrogate(s[i]) && (i == 0 || !char.IsHighSurrogate(s[i - 1]));

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
            if (IsLone(s, i)) return true;
        return false;
    }

    public static string Slugify(string value)
    {
        // Text that is not valid UTF-16 (a lone surrogate) cannot be normalised; its valid characters make the
        // slug, and the name itself is refused where it is stored.
        if (HasLoneSurrogate(value)) value = new string(value.Where((c, i) => !IsLone(value, i)).ToArray());
        var decomposed = value.Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder(decomposed.Length);
        var afterAscii = false;
        foreach (var c in decomposed)
        {
            var mark = CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
            if (c < 128) kept.Append(c);
            // An accent on a Latin letter is folded away; the marks of other scripts (Devanagari vowel signs, kana voicing) are part of the letter.
            else if (mark && afterAscii) continue;
            else if (mark || char.IsLetterOrDigit(c)) kept.Append(c);
            else kept.Append(' ');
            if (!mark) afterAscii = c < 128;
        }
        var cleaned = Regex.Replace(kept.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant(), @"[^\w\p{Mc}\p{Me}\s-]", "");
        return Regex.Replace(cleaned, @"[-\s]+", "-").Trim('-', '_');
    }
}
