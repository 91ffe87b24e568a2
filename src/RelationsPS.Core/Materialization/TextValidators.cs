using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// Django's validators for the text fields that have one, applied to what is written (not to filter values):
/// EmailValidator (a dot-atom user part, one '@', a dotted domain or localhost or an address literal),
/// URLValidator (http, https, ftp or ftps with a host: a dotted name, localhost, IPv4 or [IPv6]) and
/// GenericIPAddressField (IPv4 in dotted decimal without leading zeros, or IPv6, stored normalised).
/// </summary>
public static partial class TextValidators
{
    /// <summary>The value to store (an IP address normalised), or a ValidationException.</summary>
    public static string Validate(FieldDefinition field, string s)
    {
        if (s.Length == 0) return s;   // Blank is checked by the caller
        return field.Type switch
        {
            FieldType.Email => IsEmail(s) ? s : throw Refused(field, s, "an email address (name@example.com)"),
            FieldType.Url => IsUrl(s) ? s : throw Refused(field, s, "a URL with an http, https, ftp or ftps scheme and a host (https://example.com/path)"),
            FieldType.IPAddress => NormalizeIp(s) ?? throw Refused(field, s, "an IPv4 address (192.0.2.1) or an IPv6 address (2001:db8::1)"),
            _ => s,
        };
    }

    private static ValidationException Refused(FieldDefinition field, string s, string expected) =>
        new("InvalidValue", $"Field '{field}' takes {expected}; '{s}' is not one.", s);

    // ---- Email (django.core.validators.EmailValidator) ----

    [GeneratedRegex(@"^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$", RegexOptions.IgnoreCase)]
    private static partial Regex EmailUser();

    [GeneratedRegex(@"^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63}(?<!-))$", RegexOptions.IgnoreCase)]
    private static partial Regex EmailDomain();

    public static bool IsEmail(string s)
    {
        if (s.Length > 320 || s.Any(char.IsWhiteSpace)) return false;
        var at = s.LastIndexOf('@');
        if (at <= 0 || at == s.Length - 1) return false;
        var user = s[..at];
        var domain = s[(at + 1)..];
        if (!EmailUser().IsMatch(user)) return false;
        if (domain.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (domain.StartsWith('[') && domain.EndsWith(']'))
        {
            var literal = domain[1..^1];
            return literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase) ? IsIPv6(literal[5..]) : IsIPv4(literal);
        }
        return EmailDomain().IsMatch(Ascii(domain) ?? "");
    }

    /// <summary>An internationalised domain name as ASCII (punycode), or null when it is not a valid name.</summary>
    private static string? Ascii(string domain)
    {
        try
        {
            return new IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // ---- URL (django.core.validators.URLValidator) ----

    private static readonly string[] UrlSchemes = ["http", "https", "ftp", "ftps"];

    [GeneratedRegex(@"^(?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+(?:[A-Z]{2,63}|XN--[A-Z0-9]{1,59})\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex UrlHostName();

    [GeneratedRegex(@"^(?<scheme>[a-z0-9.+-]+)://(?:[^\s:@/]+(?::[^\s:@/]*)?@)?(?<host>\[[0-9a-f:.]+\]|[^\s:/?#\[\]@]+)(?::(?<port>[0-9]{1,5}))?(?<rest>[/?#][^\s]*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex UrlShape();

    public static bool IsUrl(string s)
    {
        if (s.Length > 2048) return false;
        var m = UrlShape().Match(s);
        if (!m.Success || !UrlSchemes.Contains(m.Groups["scheme"].Value.ToLowerInvariant())) return false;
        if (m.Groups["port"].Success && int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture) > 65535) return false;
        var host = m.Groups["host"].Value;
        if (host.StartsWith('[')) return IsIPv6(host[1..^1]);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IsIPv4(host)) return true;
        return Ascii(host.TrimEnd('.')) is { } ascii && UrlHostName().IsMatch(ascii);
    }

    // ---- IP addresses (django.utils.ipv6, GenericIPAddressField) ----

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$")]
    private static partial Regex IPv4();

    public static bool IsIPv4(string s) => IPv4().IsMatch(s);

    public static bool IsIPv6(string s) =>
        s.Contains(':') && !s.Contains('%') && s.All(c => Uri.IsHexDigit(c) || c is ':' or '.')
        && IPAddress.TryParse(s, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6
        && (!s.Contains('.') || IsIPv4(s[(s.LastIndexOf(':') + 1)..]));

    /// <summary>An IPv4 address as written, an IPv6 address compressed in lower case (<c>2001:db8::1</c>); null when it is neither.</summary>
    public static string? NormalizeIp(string s)
    {
        s = s.Trim();
        if (IsIPv4(s)) return s;
        return IsIPv6(s) ? IPAddress.Parse(s).ToString() : null;
    }
}
