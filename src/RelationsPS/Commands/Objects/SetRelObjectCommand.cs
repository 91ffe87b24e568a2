using System.Collections;
using System.Management.Automation;
using RelationsPS.Commands.Support;
using RelationsPS.Core.Materialization;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Objects;

/// <summary>
/// Set-RelObject: saves rows changed in PowerShell (<c>$post.Title = 'x'; $post | Set-RelObject</c>), or sets
/// values on rows or on a whole query in one UPDATE; values may be expressions of the row's own
/// fields (<c>@{ Views = { $_.Views + 1 } }</c>). Piped changed objects (without -Property) are saved in
/// batched UPDATEs (Django's bulk_update); a batch that fails is saved again object by object, so only the
/// bad one is reported, and -PassThru writes each object out once its batch is saved. Fields are also parameters
/// of their own (<c>$server | Set-RelObject -Role db</c>), whose values Tab completes from the field's Choices.
/// </summary>
/// <remarks>
/// Objects from the pipeline are saved with the changes made to them; -Property sets values, which may be
/// expressions of the row's own fields ({ $_.Views + 1 }). Given a query, the change is one UPDATE statement for all
/// its rows.
/// </remarks>
[Cmdlet(VerbsCommon.Set, "RelObject", SupportsShouldProcess = true)]
[OutputType("RelationsPS.RelObject")]
public sealed class SetRelObjectCommand : RelCmdlet, IDynamicParameters
{
    protected override object? InputRows => InputObject;

    /// <summary>Rows (from the pipeline) or a query.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    /// <summary>Values to set; without it (and without field parameters such as <c>-Role db</c>, added to it), the changes made to the piped objects are saved.</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(Completion.FieldNameCompleter))]
    public Hashtable? Property { get; set; }

    /// <summary>Return the updated rows.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private Batch? batch;
    private RuntimeDefinedParameterDictionary? fields;

    /// <summary>The values to set: -Property and the field parameters together.</summary>
    private Hashtable? values;

    /// <summary>The fields as parameters (see <see cref="FieldParameters"/>), of the rows' model.</summary>
    public object? GetDynamicParameters() =>
        FieldParameters.Models(this, Database, null, InputObject) is { } models
            ? fields = FieldParameters.Define(GetType(), models, toMany: false, ParameterAttribute.AllParameterSets)
            : null;

    protected override void BeginProcessing()
    {
        var given = FieldParameters.Given(fields);
        if (given.Count > 0)
        {
            values = Property is null ? new Hashtable(StringComparer.OrdinalIgnoreCase) : new Hashtable(Property, StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry e in given)
            {
                if (values.ContainsKey(e.Key))
                    ThrowRelError(new PSArgumentException($"'{e.Key}' is given twice: in -Property and as -{e.Key}."), e.Key);
                values[e.Key] = e.Value;
            }
        }
        else values = Property;
        base.BeginProcessing();
    }

    /// <summary>Objects of one model saved together; another model's object writes the batch first.</summary>
    private sealed class Batch(SetRelObjectCommand cmdlet) : PipelineBatch<RelObject>(cmdlet,
        items =>
        {
            cmdlet.Db.BulkUpdate(items);
            return items;
        },
        item =>
        {
            cmdlet.Db.Save(item);
            return item;
        },
        (_, saved) =>
        {
            if (cmdlet.PassThru) cmdlet.WriteObject(RelObjectAdapter.ToPSObject(saved));
        },
        item => item)
    {
        public Core.Metadata.ModelDefinition? Model { get; set; }
    }

    protected override void EndProcessing()
    {
        if (batch is not null) Run(batch.Flush, null);
        base.EndProcessing();
    }

    protected override void ProcessRecord() => Run(() =>
    {
        if (InputObject is PSObject { BaseObject: QueryHandle q } || InputObject is QueryHandle)
        {
            var query = (InputObject as QueryHandle ?? (QueryHandle)((PSObject)InputObject).BaseObject).QuerySet;
            if (values is null) throw new PSArgumentException("Updating a query needs -Property or field parameters.");
            var bound = ValueBinder.Bind(Db, query.Model, values, this);
            if (!ShouldProcess($"{query.Count()} {query.Model.Name} rows", $"Set {ValueBinder.Describe(bound)}")) return;
            var n = query.Update(bound);
            WriteVerbose($"Updated {n} {query.Model.Name} rows.");
            if (PassThru) foreach (var row in query) WriteObject(RelObjectAdapter.ToPSObject(row));
            return;
        }
        var target = TargetResolver.RequireLocal(Db, RelObjectAdapter.AsRelObject(InputObject)
            ?? throw new PSArgumentException("Set-RelObject takes RelationsPS objects or a query (-AsQuery)."));
        if (MyInvocation.ExpectingInput && (values is null || values.Count == 0))
        {
            // Piped changed objects: batched UPDATEs (bulk_update); see PipelineBatch.
            if (!ShouldProcess(target.ToString(), "Save")) return;
            if (InputObject is PSObject changed) RelObjectAdapter.SyncBack(changed);
            if (batch is not null && batch.Count > 0 && batch.Model != target.Model) batch.Flush();
            batch ??= new Batch(this);
            batch.Model = target.Model;
            batch.Add(target);
            return;
        }
        var saved = Write(() =>
        {
            if (InputObject is PSObject pso) RelObjectAdapter.SyncBack(pso);
            if (values is not null)
            {
                var bound = ValueBinder.Bind(Db, target.Model, values, this);
                if (bound.Values.Any(v => v is Core.Expressions.Expr))
                {
                    if (!ShouldProcess(target.ToString(), $"Set {ValueBinder.Describe(bound)}")) return null;
                    Db.Objects(target.Model).Filter("Id", target.Id).Update(bound);
                    return Db.Objects(target.Model).FirstOrDefaultById(target.Id!.Value)!;
                }
                foreach (var (name, value) in bound) target[name] = value is List<RelObject> ? throw new PSArgumentException($"'{name}' is a to-many relation; use Set-RelLink.") : value;
            }
            if (!ShouldProcess(target.ToString(), "Save")) return null;
            Db.Save(target);
            return target;
        });
        if (saved is not null && values is not null && InputObject is PSObject given) RelObjectAdapter.Refresh(given, saved);
        if (saved is not null && PassThru) WriteObject(RelObjectAdapter.ToPSObject(saved));
    }, InputObject);
}
