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
