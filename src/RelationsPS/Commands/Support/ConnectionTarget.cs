using System.Data.Common;
using System.Net;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;

namespace RelationsPS.Commands.Support;

/// <summary>
/// What Connect-RelDatabase (or <c>$env:RELATIONSPS_DATABASE</c>) names: a provider and its connection string,
/// and how to show it without a password. Parses the URI form
/// <c>postgresql://user[:password]@host[:port]/database[?param=value&amp;...]</c> (libpq's, as psql and Django's
/// dj-database-url take it) into Npgsql's keyword form, and applies a <c>-Credential</c>. The module never sees
/// Npgsql's types (they live in the module's own load context); the BCL's connection string builder quotes values.
/// </summary>
internal sealed class ConnectionTarget
{
    private ConnectionTarget(DatabaseProvider provider, string connectionString, string display)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Display = display;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The provider's connection string; may hold a password: never log or show it.</summary>
    public string ConnectionString { get; }

    /// <summary>What to show for this target: <c>postgresql://user@host:port/db</c>, or the SQLite data source. No password.</summary>
    public string Display { get; }

    public override string ToString() => Display;

    /// <summary>True for <c>postgresql://</c> and <c>postgres://</c> (both are libpq's scheme names).</summary>
    public static bool IsUri(string? text) =>
        text is not null && (text.TrimStart().StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith("postgres://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Query parameters of the URI form and the Npgsql keywords they become (libpq's names).</summary>
    private static readonly Dictionary<string, string> UriParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["keepalives_idle"] = "Keepalive",
    };

    /// <summary>Keywords that say a string is a connection string, by provider (Npgsql's and Microsoft.Data.Sqlite's names).</summary>
    private static readonly HashSet<string> SqliteKeywords = new(StringComparer.OrdinalIgnoreCase) { "Data Source", "DataSource", "Filename", "Mode", "Cache" };
    private static readonly HashSet<string> PostgresKeywords = new(StringComparer.OrdinalIgnoreCase) { "Host", "Server", "Port", "Username", "User Id", "User", "Database", "Password", "SSL Mode" };

    /// <summary>Parses a <c>postgresql://</c> URI, applying <paramref name="credential"/> (its user name and password win).</summary>
    public static ConnectionTarget FromUri(string uri, NetworkCredential? credential)
    {
        var text = uri.Trim();
        // The password is cut out before anything can quote the text in an error.
        var shown = WithoutPassword(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var u) || string.IsNullOrEmpty(u.Host))
            throw Invalid($"'{shown}' is not a PostgreSQL URI: write postgresql://user@host:port/database.", shown);
        var b = new DbConnectionStringBuilder { ["Host"] = u.IdnHost.Trim('[', ']') };
        if (!u.IsDefaultPort && u.Port > 0) b["Port"] = u.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var user = "";
        if (u.UserInfo.Length > 0)
        {
            var colon = u.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? u.UserInfo : u.UserInfo[..colon]);
            if (colon >= 0) b["Password"] = Uri.UnescapeDataString(u.UserInfo[(colon + 1)..]);
        }
        if (user.Length > 0) b["Username"] = user;
        var database = Uri.UnescapeDataString(u.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
            throw Invalid($"'{shown}' names no database: write postgresql://user@host:port/database.", shown);
        b["Database"] = database;
        foreach (var pair in u.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            if (!UriParameters.TryGetValue(key, out var keyword))
                throw Invalid($"The URI parameter '{key}' is not supported. Supported: {string.Join(", ", UriParameters.Keys.Order(StringComparer.Ordinal))}; " +
                    "for any other Npgsql setting use -ConnectionString.", shown);
            b[keyword] = Uri.UnescapeDataString(eq < 0 ? "" : pair[(eq + 1)..]);
        }
        return Build(DatabaseProvider.PostgreSQL, b, credential);
    }

    /// <summary>
    /// A provider connection string. Without <paramref name="provider"/> the provider is read from it: a URI or Host/Server
    /// means PostgreSQL, Data Source/Filename means SQLite.
    /// </summary>
    public static ConnectionTarget FromConnectionString(string connectionString, DatabaseProvider? provider, NetworkCredential? credential)
    {
        if (IsUri(connectionString))
        {
            if (provider == DatabaseProvider.SQLite)
                throw Invalid($"'{WithoutPassword(connectionString)}' is a PostgreSQL URI; -Provider SQLite takes a SQLite connection string ('Data Source=blog.db').", WithoutPassword(connectionString));
            return FromUri(connectionString, credential);
        }
        DbConnectionStringBuilder b;
        try
        {
            b = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            // The builder's message quotes the text, which may hold a password: say what is wrong without it.
            throw Invalid("The connection string is not of the form 'Keyword=value;Keyword=value'.", null);
        }
        var keys = b.Keys.Cast<string>().ToList();
        provider ??= keys.Any(PostgresKeywords.Contains) && !keys.Any(SqliteKeywords.Contains) ? DatabaseProvider.PostgreSQL
            : keys.Any(SqliteKeywords.Contains) && !keys.Any(PostgresKeywords.Contains) ? DatabaseProvider.SQLite
            : throw Invalid("Cannot tell the provider from the connection string: add -Provider PostgreSQL or -Provider SQLite.", Redacted(b));
        if (provider == DatabaseProvider.SQLite && credential is not null)
            throw Invalid("-Credential is for PostgreSQL: SQLite files have no user or password.", Redacted(b));
        return Build(provider.Value, b, credential);
    }

    /// <summary>
    /// True when text given as a file path is a connection string ('Data Source=x.db'): it names a known keyword
    /// with '='. A file name such as 'a=b.db' names no keyword and stays a path.
    /// </summary>
    public static bool LooksLikeConnectionString(string path)
    {
        if (!path.Contains('=', StringComparison.Ordinal)) return false;
        try
        {
            var b = new DbConnectionStringBuilder { ConnectionString = path };
            return b.Keys.Cast<string>().Any(k => SqliteKeywords.Contains(k) || PostgresKeywords.Contains(k));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static ConnectionTarget Build(DatabaseProvider provider, DbConnectionStringBuilder b, NetworkCredential? credential)
    {
        if (credential is not null)
        {
            if (!string.IsNullOrEmpty(credential.UserName))
            {
                foreach (var k in new[] { "User Id", "User", "UserName" }) b.Remove(k);
                b["Username"] = credential.UserName;
            }
            b.Remove("Pwd");
            b["Password"] = credential.Password;
        }
        return new ConnectionTarget(provider, b.ConnectionString, provider == DatabaseProvider.PostgreSQL ? DisplayOf(b) : Redacted(b));
    }

    /// <summary><c>postgresql://user@host:port/db</c> from a keyword connection string: what Get-RelDatabase shows.</summary>
    private static string DisplayOf(DbConnectionStringBuilder b)
    {
        string? Get(params string[] keys) => keys.Select(k => b.TryGetValue(k, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var user = Get("Username", "User Id", "User");
        var host = Get("Host", "Server") ?? "localhost";
        var port = Get("Port") ?? "5432";
        return $"postgresql://{(user is null ? "" : Uri.EscapeDataString(user) + "@")}{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}/{Uri.EscapeDataString(Get("Database") ?? "")}";
    }

    /// <summary>Text that may be a connection string, as the user wrote it, with its password (by any of its names) left out.</summary>
    public static string Redacted(string connectionString) =>
        string.Join(';', connectionString.Split(';').Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase) && !p.TrimStart().StartsWith("Pwd", StringComparison.OrdinalIgnoreCase)));

    /// <summary>A connection string with its password (by any of its names) left out.</summary>
    private static string Redacted(DbConnectionStringBuilder b)
    {
        var copy = new DbConnectionStringBuilder { ConnectionString = b.ConnectionString };
        foreach (var k in new[] { "Password", "Pwd" }) copy.Remove(k);
        return copy.ConnectionString;
    }

    /// <summary>A URI with the password of its user part left out (also from text that does not parse).</summary>
    public static string WithoutPassword(string uri)
    {
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        var at = uri.LastIndexOf('@');
        if (scheme < 0 || at < scheme) return uri;
        var colon = uri.IndexOf(':', scheme + 3);
        return colon >= 0 && colon < at ? uri[..colon] + uri[at..] : uri;
    }

    private static RelationsException Invalid(string message, string? target) =>
        new("InvalidConnection", ErrorKind.InvalidArgument, message, target);
}
