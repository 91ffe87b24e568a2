using System.Collections;
using System.Globalization;
using System.Management.Automation;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Filters;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Support;

/// <summary>
/// Turns a -Property hashtable into engine values: PowerShell wrappers removed, relations given by
/// object, id or name resolved to rows, and (for updates) scriptblocks such as <c>{ $_.Views + 1 }</c>
/// translated to expressions of the row's own fields.
/// </summary>
internal static class ValueBinder
{
    public static Dictionary<string, object?> Bind(RelDatabase db, ModelDefinition model, IDictionary values, PSCmdlet? forExpressions = null)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in values)
        {
            var name = LanguagePrimitives.ConvertTo<string>(RelObjectAdapter.Unwrap(e.Key));
            var raw = e.Value is PSObject p && p.BaseObject is ScriptBlock ? p.BaseObject : e.Value;
            if (raw is ScriptBlock sb)
            {
                if (forExpressions is null)
                    throw new RelationsException("ExpressionNotAllowed", ErrorKind.InvalidArgument, $"'{name}': a scriptblock value is only allowed when updating (Set-RelObject).", name);
                result[name] = Expression(forExpressions, model, sb);
                continue;
            }
            result[name] = BindValue(db, model, name, RelObjectAdapter.Unwrap(raw));
        }
        return result;
    }

    private static readonly char[] ListSeparators = [',', ';'];

    /// <summary>
    /// Values read from an object's properties (<see cref="RecordValues"/>), where a CSV row gives text for every
    /// cell: an empty cell of a field that is not text is <c>$null</c> (a CSV has no other way to say it), or the
    /// field's default when it has one (or is set automatically), and a
    /// to-many relation's cell may list several ids or names separated by ',' or ';' (as New-Post reads -Tag).
    /// Text is converted to the field's type by the engine, as for a hashtable.
    /// </summary>
    public static IDictionary FromRecord(ModelDefinition model, IDictionary values)
    {
        if (values is not RecordValues) return values;
        var result = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in values)
        {
            var name = LanguagePrimitives.ConvertTo<string>(e.Key);
            var value = RelObjectAdapter.Unwrap(e.Value);
            if (value is string text)
            {
                if (model.FindRelation(name) is { IsMultiValued: true })
                    value = text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                else if (text.Length == 0 && model.FindAttribute(name, out _) is { IsText: false } field)
                {
                    if (field.HasDefault || field.AutoNow || field.AutoNowAdd) continue;
                    value = null;
                }
            }
            result[name] = value;
        }
        return result;
    }

    private static object? BindValue(RelDatabase db, ModelDefinition model, string name, object? value)
    {
        var field = model.FindAttribute(name, out var isId);
        if (field is { IsToOne: true } && !isId && value is not null)
            return TargetResolver.ResolveSingle(db, field.Target!, value);
        if (model.FindRelation(name) is { IsMultiValued: true } rel && value is not null)
            return TargetResolver.Resolve(db, rel.To, value).ToList();
        if (field is { Type: FieldType.Json }) return JsonReady(value);
        return value;
    }

    /// <summary>A value for a Json field: PSCustomObjects (ConvertFrom-Json) as ordered dictionaries of their properties, at any depth.</summary>
    internal static object? JsonReady(object? value) => value switch
    {
        PSObject { BaseObject: PSCustomObject } p => p.Properties.Aggregate(new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase),
            (d, prop) => { d[prop.Name] = JsonReady(RelObjectAdapter.Unwrap(prop.Value)); return d; }),
        PSObject p => JsonReady(p.BaseObject),
        string => value,
        IDictionary d => d.Keys.Cast<object>().Aggregate(new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase),
            (o, k) => { o[k] = JsonReady(d[k]); return o; }),
        IEnumerable e => e.Cast<object?>().Select(JsonReady).ToArray(),
        _ => value,
    };

    /// <summary><c>{ $_.Views + 1 }</c> as an expression; values in it are evaluated in the caller's scope.</summary>
    public static Expr Expression(PSCmdlet cmdlet, ModelDefinition model, ScriptBlock sb) =>
        new ScriptBlockFilter(model, ast => FilterBuilder.EvaluateInCaller(cmdlet, ast)).TranslateExpression(sb);

    /// <summary>"Title='x', Views=3" for -WhatIf messages.</summary>
    public static string Describe(IReadOnlyDictionary<string, object?> values) =>
        string.Join(", ", values.Select(v => $"{v.Key}={Format(v.Value)}"));

    private static string Format(object? value) => value switch
    {
        null => "$null",
        string s => $"'{s}'",
        IEnumerable e => "(" + string.Join(", ", e.Cast<object?>().Select(Format)) + ")",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
