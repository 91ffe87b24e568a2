using System.Diagnostics;
using System.Data.Common;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Execution;

/// <summary>
/// Raw SQL, the escape hatch (Django's <c>raw()</c> and <c>connection.cursor()</c>): one statement written
/// by the caller, its values as named parameters only (<c>@x</c>), run on this connection inside its
/// transactions and logged in the query log like every statement.
/// </summary>
public sealed partial class RelDatabase
{
    /// <summary>
    /// Whether <paramref name="sql"/> is one statement that writes nothing (the provider's verdict): the
    /// cmdlet asks for confirmation only for writes. Text after the first statement is refused
    /// (<c>RawSqlMultipleStatements</c>), and so is text the database cannot read.
    /// </summary>
    public bool IsReadOnlySql(string sql)
    {
        lock (gate)
        {
            EnsureOpen();
            try
            {
                return backend.IsReadOnlySql(connection, sql);
            }
            catch (DbException e)
            {
                throw RawError(e, sql);
            }
        }
    }

    /// <summary>Runs a query and streams its rows, each a read-only dictionary keyed by column name (a repeated name gets its position: <c>name2</c>).</summary>
    public IEnumerable<IReadOnlyDictionary<string, object?>> SqlQuery(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        RowShape? shape = null;
        return RawRows(sql, parameters, r =>
        {
            shape ??= new RowShape([.. ColumnNames(r)]);
            var row = ValueRow.Create(shape);
            for (var i = 0; i < r.FieldCount; i++) row.Set(shape.SlotOf(i), FieldCodec.ReadAny(r, i));
            return (IReadOnlyDictionary<string, object?>)row;
        });
    }

    /// <summary>
    /// Runs a query whose rows are <paramref name="model"/>'s (Django's <c>Manager.raw()</c>): columns are
    /// matched to fields by column name (<c>author_id</c>) or field name (<c>AuthorId</c>), ignoring case;
    /// every field's column must be there; other columns become annotations.
    /// </summary>
    public IEnumerable<RelObject> SqlQuery(ModelDefinition model, string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        int[]? ordinals = null;
        List<(int Ordinal, string Name)>? extra = null;
        RowContext? context = null;
        var fields = model.ConcreteFields;
        var readers = fields.Select(FieldCodec.Reader).ToArray();
        return RawRows(sql, parameters, r =>
        {
            if (ordinals is null)
            {
                var names = ColumnNames(r).ToList();
                int Find(FieldDefinition f) => names.FindIndex(n => n.Equals(f.Column, StringComparison.OrdinalIgnoreCase)
                    || n.Equals(f.IsToOne ? f.IdAttribute : f.Name, StringComparison.OrdinalIgnoreCase));
                var found = fields.Select(Find).ToArray();
                var missing = fields.Where((f, i) => found[i] < 0).Select(f => f.Column!).ToList();
                if (missing.Count > 0)
                    throw new RelationsException("RawSqlMissingColumns", ErrorKind.InvalidArgument,
                        $"The query's rows are not whole {model.Name} rows: select {string.Join(", ", missing)} too (or every column: SELECT * FROM {Dialect.Quote(model.Table)} ...).", sql);
                extra = names.Select((n, i) => (i, n)).Where(c => !found.Contains(c.i)).ToList();
                // The other columns are the rows' annotations; a name given twice is one, holding the later column's value.
                context = extra.Count == 0 ? RowContext.Of(model, this) : new RowContext(model, this, new RowShape([.. extra.Select(c => c.Name)]));
                ordinals = found;
            }
            // One object per row as a query's (FieldRows); a NULL id (the statement's own choice) makes a row without one.
            var row = r.IsDBNull(ordinals[0]) ? FieldRows.WithoutId(context!) : FieldRows.Create(context!, r.GetInt64(ordinals[0]));
            for (var i = 1; i < fields.Count; i++) row.SetSlot(i, readers[i](r, ordinals[i]));
            for (var a = 0; a < extra!.Count; a++) row.SetSlot(fields.Count + context!.Annotations!.SlotOf(a), FieldCodec.ReadAny(r, extra[a].Ordinal));
            return row;
        });
    }

    /// <summary>Runs a statement that returns no rows (or whose rows are not wanted) and returns the rows it changed.</summary>
    public int SqlExecute(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        lock (gate)
        {
            using var cmd = RawCommand(sql, parameters, out var values);
            var start = Stopwatch.GetTimestamp();
            try
            {
                var rows = cmd.ExecuteNonQuery();
                Log.Add(sql, values, rows, start);
                return rows;
            }
            catch (DbException e)
            {
                throw RawError(e, sql);
            }
            catch (InvalidOperationException e) when (MissingParameter(e, sql) is { } missing)
            {
                throw missing;
            }
        }
    }

    private IEnumerable<T> RawRows<T>(string sql, IReadOnlyDictionary<string, object?>? parameters, Func<DbDataReader, T> read) =>
        new RawStatementRows<T>(this, sql, parameters, read);

    /// <summary>The rows of a raw statement: a command of its own, disposed and logged when the stream ends.</summary>
    private sealed class RawStatementRows<T>(RelDatabase db, string sql, IReadOnlyDictionary<string, object?>? parameters, Func<DbDataReader, T> read)
        : RowStream<T>(db, read)
    {
        private DbCommand? cmd;
        private List<object?>? values;
        private long start;

        protected override DbDataReader Open()
        {
            var command = Db.RawCommand(sql, parameters, out values);
            start = Stopwatch.GetTimestamp();
            try
            {
                cmd = command;
                return Db.backend.Wrap(command.ExecuteReader());
            }
            catch (DbException e)
            {
                command.Dispose();
                throw Db.RawError(e, sql);
            }
            catch (InvalidOperationException e) when (MissingParameter(e, sql) is { } missing)
            {
                command.Dispose();
                throw missing;
            }
        }

        protected override Exception Translate(DbException e) => Db.RawError(e, sql);

        protected override void End(DbDataReader reader, long rowsRead)
        {
            // A write's rows changed, else the rows read.
            var changed = reader.RecordsAffected;
            reader.Dispose();
            cmd!.Dispose();
            Db.Log.Add(sql, values!, changed > 0 ? changed : rowsRead, start);
        }

        protected override RowStream<T> Again() => new RawStatementRows<T>(Db, sql, parameters, Read);
    }

    private DbCommand RawCommand(string sql, IReadOnlyDictionary<string, object?>? parameters, out List<object?> values)
    {
        EnsureOpen();
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = transaction;
        values = [];
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
        {
            var v = RawParameter(value);
            values.Add(v);
            var p = backend.NewParameter(name.StartsWith('@') || name.StartsWith(':') || name.StartsWith('$') ? name : "@" + name);
            backend.Bind(p, v);
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>A value as the engine stores it: dates as its text form, Booleans 1/0, Guids as text, decimals exact.</summary>
    private static object? RawParameter(object? value) => value switch
    {
        null or DBNull => null,
        RelObject o => o.Id,
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture) + (dt.Kind == DateTimeKind.Utc ? "Z" : ""),
        bool b => b ? 1L : 0L,
        Guid g => g.ToString("D"),
        decimal m when decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue => (long)m,
        decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture),
        int or long or short or byte or double or float or string or byte[] => value,
        _ => throw new RelationsException("RawSqlParameterType", ErrorKind.InvalidArgument,
            $"A parameter of type {value.GetType().Name} cannot be passed to SQL; give a number, text, date, Boolean, Guid or byte array.", value),
    };

    private static IEnumerable<string> ColumnNames(System.Data.Common.DbDataReader r)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < r.FieldCount; i++)
        {
            var name = r.GetName(i);
            yield return seen.Add(name) ? name : name + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Microsoft.Data.Sqlite's "Must add values for the following parameters: @x" as an engine error.</summary>
    private static RelationsException? MissingParameter(InvalidOperationException e, string sql) =>
        e.Message.StartsWith("Must add values", StringComparison.Ordinal)
            ? new RelationsException("RawSqlParameterMissing", ErrorKind.InvalidArgument, $"The SQL names a parameter without a value: {e.Message[(e.Message.IndexOf(':') + 1)..].Trim()} (give it in -Parameters).", sql, e)
            : null;

    private RelationsException RawError(DbException e, string sql) => Translate(e, null) switch
    {
        DatabaseException => new RelationsException("RawSqlFailed", ErrorKind.InvalidArgument, $"The SQL failed: {backend.PlainMessage(e)}", sql, e),
        var other => other,
    };
}
