using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RelationsPS.Core.Expressions;
using RelationsPS.Core.Metadata;
using RelationsPS.Core.Query;
using RelationsPS.Filters;
using RelationsPS.Objects;

namespace RelationsPS.Commands.Support;

/// <summary>Turns a -Filter / -Exclude value (scriptblock or hashtable of Django lookups) into engine conditions.</summary>
internal static class FilterBuilder
{
    /// <summary>Adds a filter to the query: scriptblocks with PowerShell semantics, hashtables as one Django filter() call.</summary>
    public static QuerySet Apply(PSCmdlet cmdlet, QuerySet query, object? filter, bool exclude)
    {
        switch (RelObjectAdapter.Unwrap(filter))
        {
            case null:
                return query;
            case ScriptBlock sb:
                var q = Translate(cmdlet, query, sb);
                return query.FilterEach(exclude ? new NotQ(q) : q);
            case IDictionary d:
                var lookups = RelObjectAdapter.UnwrapDictionary(d);
                return exclude ? query.Exclude(lookups) : query.Filter(lookups);
            case object[] many:
                return many.Aggregate(query, (acc, f) => Apply(cmdlet, acc, f, exclude));
            case var other:
                throw new PSArgumentException($"A filter is a scriptblock ({{ $_.Views -gt 100 }}) or a hashtable of lookups (@{{ Views__gt = 100 }}), not '{other}'.");
        }
    }

    /// <summary>
    /// Adds annotations in the order written (ordered hashtables) or by name: a string (<c>'Count(Tags)'</c>,
    /// <c>'Lower(Title)'</c>), a scriptblock translated to an expression (<c>{ if ($_.Views -gt 100) { 'big' } else { 'small' } }</c>),
    /// or an aggregate with its own filter (<c>@{ Aggregate = 'Count(Tags)'; Where = { $_.Tags.Name -like 'p*' } }</c>).
    /// </summary>
    public static QuerySet Annotate(PSCmdlet cmdlet, QuerySet query, IDictionary annotations)
    {
        var entries = annotations.Cast<DictionaryEntry>().ToList();
        if (annotations is not System.Collections.Specialized.OrderedDictionary) entries = entries.OrderBy(e => e.Key.ToString(), StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var e in entries)
        {
            var name = LanguagePrimitives.ConvertTo<string>(e.Key);
            query = RelObjectAdapter.Unwrap(e.Value) switch
            {
                ScriptBlock sb => query.Annotate(name, Translator(cmdlet, query).TranslateValue(sb)),
                IDictionary d => query.Annotate(name, Aggregate(cmdlet, query, d)),
                var other => query.Annotate(name, LanguagePrimitives.ConvertTo<string>(other)),
            };
        }
        return query;
    }

    /// <summary>An aggregate value: <c>'Sum(Price * Pages)'</c>, or <c>@{ Aggregate = 'Count(Tags)'; Where = { ... } | @{ lookups } }</c>.</summary>
    public static Aggregate Aggregate(PSCmdlet cmdlet, QuerySet query, object? value)
    {
        if (RelObjectAdapter.Unwrap(value) is not IDictionary d) return Core.Expressions.Aggregate.Parse(LanguagePrimitives.ConvertTo<string>(RelObjectAdapter.Unwrap(value)));
        object? text = null, where = null;
        foreach (DictionaryEntry e in d)
        {
            var key = LanguagePrimitives.ConvertTo<string>(e.Key);
            if (key.Equals("Aggregate", StringComparison.OrdinalIgnoreCase)) text = RelObjectAdapter.Unwrap(e.Value);
            else if (key.Equals("Where", StringComparison.OrdinalIgnoreCase) || key.Equals("Filter", StringComparison.OrdinalIgnoreCase)) where = RelObjectAdapter.Unwrap(e.Value);
            else throw new PSArgumentException($"An aggregate with its own filter is @{{ Aggregate = 'Count(Tags)'; Where = {{ $_.Tags.Name -like 'p*' }} }}; '{key}' is not one of its keys (Aggregate, Where).");
        }
        if (text is null) throw new PSArgumentException("An aggregate with its own filter names its aggregate: @{ Aggregate = 'Count(Tags)'; Where = { ... } }.");
        var aggregate = Core.Expressions.Aggregate.Parse(LanguagePrimitives.ConvertTo<string>(text));
        return where switch
        {
            null => aggregate,
            ScriptBlock sb => aggregate with { Where = Translator(cmdlet, query).TranslateCondition(sb) },
            IDictionary lookups => aggregate with { Where = QuerySet.FromDictionary(RelObjectAdapter.UnwrapDictionary(lookups)) },
            var other => throw new PSArgumentException($"An aggregate's Where is a scriptblock or a hashtable of lookups, not '{other}'."),
        };
    }

    private static ScriptBlockFilter Translator(PSCmdlet cmdlet, QuerySet query) =>
        new(query.Model, ast => EvaluateInCaller(cmdlet, ast), query.State.Annotations.Select(a => a.Name).ToArray());

    public static Q Translate(PSCmdlet cmdlet, QuerySet query, ScriptBlock filter)
    {
        var annotations = query.State.Annotations.Select(a => a.Name).ToArray();
        var translator = new ScriptBlockFilter(query.Model, ast => EvaluateInCaller(cmdlet, ast), annotations);
        return translator.Translate(filter);
    }

    /// <summary>Evaluates a value part of a filter once, in the caller's scope (where the cmdlet was called).</summary>
    public static object? EvaluateInCaller(PSCmdlet cmdlet, ExpressionAst ast)
    {
        if (ast is VariableExpressionAst v)
        {
            var name = v.VariablePath.UserPath;
            if (name.Equals("null", StringComparison.OrdinalIgnoreCase)) return null;
            if (name.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (name.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            return RelObjectAdapter.Unwrap(cmdlet.SessionState.PSVariable.GetValue(name));
        }
        var results = cmdlet.SessionState.InvokeCommand.InvokeScript(cmdlet.SessionState, ScriptBlock.Create(ast.Extent.Text));
        return results.Count switch
        {
            0 => null,
            1 => RelObjectAdapter.Unwrap(results[0]),
            _ => results.Select(r => RelObjectAdapter.Unwrap(r)).ToArray(),
        };
    }
}
