using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Objects;

/// <summary>
/// Invoke-RelSql: runs one SQL statement of your own (Django's raw() and cursor()), its values as named
/// parameters only (<c>@x</c> with <c>-Parameters @{ x = 1 }</c>), on the connection and inside its
/// transactions, logged in the query log like every statement. Rows come back as plain objects, or as
/// model objects with -Model. A statement that writes (SQLite's own verdict) asks for confirmation with
/// -Confirm and is skipped by -WhatIf; with -NonQuery the result is the number of rows changed.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RelSql", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PSCustomObject), typeof(PSObject), typeof(int))]
public sealed class InvokeRelSqlCommand : RelCmdlet
{
    /// <summary>One SQL statement; values as parameters (@name), never written into the text.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Query { get; set; } = "";

    /// <summary>The parameters' values by name (with or without the @).</summary>
    [Parameter(Position = 1)]
    public IDictionary? Parameters { get; set; }

    /// <summary>The model whose rows the query returns (every field's column must be selected; other columns become properties).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.ModelNameCompleter))]
    public string? Model { get; set; }

    /// <summary>Return the number of rows the statement changed instead of its rows.</summary>
    [Parameter]
    public SwitchParameter NonQuery { get; set; }

    protected override void EndProcessing()
    {
        Run(() =>
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (Parameters is not null)
                foreach (DictionaryEntry e in Parameters)
                    values[LanguagePrimitives.ConvertTo<string>(e.Key)] = (object?)RelObjectAdapter.AsRelObject(e.Value) ?? RelObjectAdapter.Unwrap(e.Value);
            var model = Model is null ? null : Db.Models.Get(Model);
            var readOnly = Db.IsReadOnlySql(Query);
            if (!readOnly && !ShouldProcess(Query, "Run SQL that writes")) return;
            if (NonQuery)
            {
                WriteObject(Write(() => Db.SqlExecute(Query, values)));
                return;
            }
            if (readOnly)
            {
                foreach (var row in Rows(model, values)) WriteObject(row);
                return;
            }
            // A write's rows (RETURNING) are read to the end inside its transaction, then written out.
            foreach (var row in Write(() => Rows(model, values).ToList())) WriteObject(row);
        }, Query);
        base.EndProcessing();
    }

    private IEnumerable<PSObject> Rows(Core.Metadata.ModelDefinition? model, Dictionary<string, object?> values)
    {
        if (model is not null)
        {
            foreach (var obj in Db.SqlQuery(model, Query, values)) yield return RelObjectAdapter.ToPSObject(obj);
            yield break;
        }
        foreach (var row in Db.SqlQuery(Query, values))
        {
            var o = new PSObject();
            foreach (var (name, value) in row) o.Properties.Add(new PSNoteProperty(name, value));
            yield return o;
        }
    }
}
