using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RelationsPS.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for specs and the benchmark: initdb in a temp folder, a server on a
/// free loopback port (never any other address), trust authentication for the user <c>postgres</c>,
/// stopped and deleted on <see cref="Dispose"/>. Shared as a source file (tests/Shared) by the test
/// projects and the benchmark, so each starts its own cluster and nothing depends on a server
/// already running on the machine.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string bin;
    private readonly bool asPostgresUser;
    private bool stopped;

    private PostgresCluster(string bin, string directory, int port, bool asPostgresUser)
    {
        this.bin = bin;
        Directory = directory;
        Port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /// <summary>The cluster's folder (data in <c>data/</c>, the socket and log beside it).</summary>
    public string Directory { get; }

    public int Port { get; }

    public string Host => "127.0.0.1";

    /// <summary>
    /// The folder with initdb and pg_ctl: $RELATIONSPS_PG_BIN, else the newest /usr/lib/postgresql/N/bin,
    /// else null (PostgreSQL is not installed; specs that need it report themselves skipped, CI installs it).
    /// </summary>
    public static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("RELATIONSPS_PG_BIN") is { Length: > 0 } env && File.Exists(Path.Combine(env, "pg_ctl"))) return env;
        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root)) return null;
        return System.IO.Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    public static bool IsAvailable => FindBinaries() is not null;

    /// <summary>
    /// Creates and starts a cluster (about 3 s). <paramref name="settings"/> are extra server settings
    /// (<c>name=value</c>), e.g. <c>fsync=off</c> for specs that never crash the server.
    /// </summary>
    public static PostgresCluster Start(params string[] settings)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("PostgreSQL binaries not found (set RELATIONSPS_PG_BIN or install postgresql).");
        SweepLeftovers(bin);
        var dir = Path.Combine(Path.GetTempPath(), $"relationsps-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        System.IO.Directory.CreateDirectory(dir);
        // initdb refuses to run as root: as root, the cluster belongs to the postgres user.
        var asPostgres = Environment.UserName == "root";
        if (asPostgres) Run("chown", ["postgres:postgres", dir], asPostgres: false);
        var cluster = new PostgresCluster(bin, dir, FreePort(), asPostgres);
        try
        {
            cluster.Tool("initdb", ["-D", cluster.DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
            var options = $"-p {cluster.Port} -k {dir} -c listen_addresses={cluster.Host} -c max_connections=200";
            foreach (var s in settings) options += " -c " + s;
            cluster.Tool("pg_ctl", ["-D", cluster.DataDirectory, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
        return cluster;
    }

    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>A keyword connection string (Npgsql's form) to <paramref name="database"/> as postgres.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host={Host};Port={Port};Username=postgres;Database={database}";

    /// <summary>The URI form RelationsPS accepts (<c>postgresql://user@host:port/db</c>).</summary>
    public string Uri(string database = "postgres") => $"postgresql://postgres@{Host}:{Port}/{database}";

    /// <summary>Creates an empty database (names of letters, digits and underscores).</summary>
    public void CreateDatabase(string name)
    {
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) throw new ArgumentException("Database names here are letters, digits and '_'.", nameof(name));
        Tool("createdb", ["-h", Host, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name]);
    }

    /// <summary>Drops a database, closing its connections first.</summary>
    public void DropDatabase(string name) =>
        Tool("dropdb", ["-h", Host, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "--force", "--if-exists", name]);

    public void Dispose()
    {
        if (stopped) return;
        stopped = true;
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                Tool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // A server that did not start has nothing to stop; the folder goes either way.
        }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Stops and deletes the clusters of test processes that are gone. A test host may be ended before its
    /// exit handlers have removed the folder (gigabytes each), so every start cleans up after the dead ones.
    /// </summary>
    private static void SweepLeftovers(string bin)
    {
        foreach (var dir in System.IO.Directory.GetDirectories(Path.GetTempPath(), "relationsps-pg-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out var pid) || ProcessAlive(pid)) continue;
            var leftover = new PostgresCluster(bin, dir, 0, Environment.UserName == "root");
            leftover.Dispose();
        }
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void Tool(string name, string[] args) => Run(Path.Combine(bin, name), args, asPostgresUser);

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr}{stdout.Result}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
