using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using RelationsPS.Testing;

namespace RelationsPS.Benchmarks.Postgres;

/// <summary>
/// --postgres --replica: a primary and a streaming standby made with pg_basebackup, both on loopback,
/// and what docs/SCALING.md says of read replicas, measured: how often a read on the standby right
/// after a committed write misses it, how long until it sees it, what synchronous_commit=remote_apply
/// costs a commit and buys a reader, and where Npgsql's multi-host Target Session Attributes lead.
/// </summary>
internal sealed class ReplicaProbe(Options o)
{
    private int Writes => o.CheckOnly ? 50 : o.Quick ? 500 : 2000;

    public int Run()
    {
        if (!PostgresCluster.IsAvailable)
        {
            Console.Error.WriteLine("PostgreSQL binaries not found: the replica probe needs initdb, pg_basebackup and pg_ctl.");
            return 2;
        }
        var md = new StringBuilder();
        using var primary = PostgresCluster.Start(PostgresRun.ServerSettings);
        using var standby = Standby.Create(primary);
        var primaryCs = primary.ConnectionString();
        var standbyCs = $"Host=127.0.0.1;Port={standby.Port};Username=postgres;Database=postgres";
        PgConnections.Execute(primaryCs, "CREATE TABLE probe (id bigint PRIMARY KEY, v text NOT NULL)");
        WaitVisible(standbyCs, "SELECT count(*) FROM pg_class WHERE relname = 'probe'");

        md.AppendLine("## Read replica on loopback (measured)").AppendLine();
        md.AppendLine($"- A primary and one streaming standby (pg_basebackup -R -X stream), PostgreSQL {Scalar(primaryCs, "SHOW server_version")}, both on 127.0.0.1, fsync=off, sharing {Environment.ProcessorCount} cores with the client; {Writes:N0} single-row autocommit INSERTs per mode, each followed at once by a read of that row on the standby.");
        md.AppendLine();
        md.AppendLine("| Commit mode | commit latency p50 / p95 (ms) | reads on the standby that missed the row just committed | time until the standby showed it p50 / p95 / max (ms) |");
        md.AppendLine("|---|---:|---:|---:|");
        long nextId = 1;
        foreach (var mode in new[] { "on", "remote_apply" })
        {
            if (mode == "remote_apply")
            {
                PgConnections.Execute(primaryCs, "ALTER SYSTEM SET synchronous_standby_names = '*'");
                PgConnections.Execute(primaryCs, "SELECT pg_reload_conf()");
                Thread.Sleep(500);
            }
            var (commit, missed, lag) = Measure(primaryCs, standbyCs, mode, ref nextId);
            var line = $"| synchronous_commit={mode}{(mode == "remote_apply" ? ", synchronous_standby_names='*'" : " (default, asynchronous standby)")} | {P(commit, 0.5)} / {P(commit, 0.95)} | {missed:N0} of {Writes:N0} ({100.0 * missed / Writes:F1}%) | {(lag.Count == 0 ? "–" : $"{P(lag, 0.5)} / {P(lag, 0.95)} / {lag.Max():F2}")} |";
            md.AppendLine(line);
            Console.WriteLine(line);
        }
        md.AppendLine();

        md.AppendLine("Npgsql multi-host connection strings (`Host=127.0.0.1:<primary>,127.0.0.1:<standby>`), where each lands (`pg_is_in_recovery()`) and what a write there does:").AppendLine();
        md.AppendLine("| Target Session Attributes | lands on | INSERT there |");
        md.AppendLine("|---|---|---|");
        foreach (var target in new[] { "any", "primary", "read-write", "standby", "prefer-standby", "read-only" })
        {
            var cs = $"Host=127.0.0.1:{primary.Port},127.0.0.1:{standby.Port};Username=postgres;Database=postgres;Target Session Attributes={target};Load Balance Hosts=false";
            using var c = PgConnections.Open(cs);
            var onStandby = (bool)PgConnections.Scalar(c, "SELECT pg_is_in_recovery()")!;
            string write;
            try
            {
                using var cmd = new NpgsqlCommand("INSERT INTO probe (id, v) VALUES ($1, 'w')", c);
                cmd.Parameters.Add(new NpgsqlParameter { Value = nextId++ });
                cmd.ExecuteNonQuery();
                write = "written";
            }
            catch (PostgresException e)
            {
                write = $"refused: SQLSTATE {e.SqlState} ({e.MessageText})";
            }
            var line = $"| {target} | {(onStandby ? "standby" : "primary")} | {write} |";
            md.AppendLine(line);
            Console.WriteLine(line);
        }
        NpgsqlConnection.ClearAllPools();
        md.AppendLine();
        Console.WriteLine();
        Console.WriteLine(md);
        if (o.Out is not null) File.WriteAllText(o.Out, md.ToString());
        return 0;
    }

    private (List<double> Commit, int Missed, List<double> Lag) Measure(string primaryCs, string standbyCs, string mode, ref long nextId)
    {
        var commit = new List<double>(Writes);
        var lag = new List<double>();
        var missed = 0;
        using var p = PgConnections.Open(primaryCs);
        using var s = PgConnections.Open(standbyCs);
        using (var set = new NpgsqlCommand($"SET synchronous_commit = {mode}", p)) set.ExecuteNonQuery();
        using var insert = new NpgsqlCommand("INSERT INTO probe (id, v) VALUES ($1, 'x')", p);
        insert.Parameters.Add(new NpgsqlParameter<long>());
        insert.Prepare();
        using var read = new NpgsqlCommand("SELECT count(*) FROM probe WHERE id = $1", s);
        read.Parameters.Add(new NpgsqlParameter<long>());
        read.Prepare();
        for (var i = 0; i < Writes; i++)
        {
            var id = nextId++;
            ((NpgsqlParameter<long>)insert.Parameters[0]).TypedValue = id;
            ((NpgsqlParameter<long>)read.Parameters[0]).TypedValue = id;
            var sw = Stopwatch.StartNew();
            insert.ExecuteNonQuery();
            commit.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            if ((long)read.ExecuteScalar()! == 1) continue;
            missed++;
            while ((long)read.ExecuteScalar()! == 0)
            {
                if (sw.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException($"The standby did not show row {id} within 10 s.");
            }
            lag.Add(sw.Elapsed.TotalMilliseconds);
        }
        return (commit, missed, lag);
    }

    private static string P(List<double> xs, double q)
    {
        var s = xs.Order().ToList();
        return s[Math.Min(s.Count - 1, (int)Math.Floor(q * s.Count))].ToString("F2", CultureInfo.InvariantCulture);
    }

    private static object? Scalar(string cs, string sql)
    {
        using var c = PgConnections.Open(cs);
        return PgConnections.Scalar(c, sql);
    }

    private static void WaitVisible(string cs, string countSql)
    {
        var sw = Stopwatch.StartNew();
        while (Convert.ToInt64(Scalar(cs, countSql), CultureInfo.InvariantCulture) == 0)
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("The standby did not replay the probe table within 30 s.");
            Thread.Sleep(20);
        }
    }

    /// <summary>A hot standby of <see cref="PostgresCluster"/>'s primary, in a folder inside the primary's (deleted with it).</summary>
    private sealed class Standby : IDisposable
    {
        private readonly string bin;
        private readonly string data;
        private readonly bool asPostgres;

        private Standby(string bin, string data, int port, bool asPostgres)
        {
            this.bin = bin;
            this.data = data;
            Port = port;
            this.asPostgres = asPostgres;
        }

        public int Port { get; }

        public static Standby Create(PostgresCluster primary)
        {
            var bin = PostgresCluster.FindBinaries()!;
            var standby = new Standby(bin, Path.Combine(primary.Directory, "standby"), FreePort(), Environment.UserName == "root");
            standby.Tool("pg_basebackup", ["-h", primary.Host, "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-D", standby.data, "-R", "-X", "stream", "-c", "fast"]);
            // A hot standby needs max_connections at least the primary's (PostgresCluster starts it with 200).
            standby.Tool("pg_ctl", ["-D", standby.data, "-l", Path.Combine(primary.Directory, "standby.log"), "-w", "-t", "60",
                "-o", $"-p {standby.Port} -k {primary.Directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"]);
            return standby;
        }

        public void Dispose()
        {
            try
            {
                if (File.Exists(Path.Combine(data, "postmaster.pid"))) Tool("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Not started: nothing to stop; the primary's Dispose deletes the folder.
            }
        }

        private void Tool(string name, string[] args)
        {
            var file = Path.Combine(bin, name);
            var psi = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (asPostgres) foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {name}.");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{name} failed ({p.ExitCode}): {stderr}{stdout.Result}");
        }

        private static int FreePort()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }
    }
}
