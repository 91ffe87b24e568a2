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
    /// an aggregate with its own filter (<c>@{ Aggregate = 'Count(Tags)'; Where = { $_.Tags.Name -like 'p*' } }</c>),
    /// or Django's Case/When as a hashtable (<see cref="Case"/>).
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
                IDictionary d when d.Keys.Cast<object>().Any(k => "Case".Equals(LanguagePrimitives.ConvertTo<string>(k), StringComparison.OrdinalIgnoreCase))
                    => query.Annotate(name, Case(cmdlet, query, d)),
                IDictionary d => query.Annotate(name, Aggregate(cmdlet, query, d)),
                var other => query.Annotate(name, LanguagePrimitives.ConvertTo<string>(other)),
            };
        }
        return query;
    }

    /// <summary>
    /// Django's <c>Case(When(...), When(...), default=...)</c> written as a hashtable:
    /// <c>@{ Case = @( @{ When = @{ Pages__gt = 900 }; Then = 'huge' }, @{ When = { $_.Pages -gt 400 }; Then = 'big' } ); Else = 'small' }</c>.
    /// The first branch whose When holds gives its Then; none does: Else, or $null without it. When is a filter as
    /// -Filter takes it (a hashtable of lookups or a scriptblock); Then and Else are values, or scriptblock expressions
    /// of the row (<c>{ $_.Name.ToUpper() }</c>): a string is text, not a field name (Django needs Value() for that).
    /// </summary>
    public static Case Case(PSCmdlet cmdlet, QuerySet query, IDictionary d)
    {
        object? branches = null, otherwise = null;
        var hasElse = false;
        foreach (DictionaryEntry e in d)
        {
            var key = LanguagePrimitives.ConvertTo<string>(e.Key);
            if (key.Equals("Case", StringComparison.OrdinalIgnoreCase)) branches = RelObjectAdapter.Unwrap(e.Value);
            else if (key.Equals("Else", StringComparison.OrdinalIgnoreCase)) (otherwise, hasElse) = (e.Value, true);
            else throw new PSArgumentException($"A Case annotation is @{{ Case = @{{ When = @{{ Pages__gt = 900 }}; Then = 'huge' }}, ...; Else = 'small' }}; '{key}' is not one of its keys (Case, Else).");
        }
        var list = branches switch
        {
            IDictionary one => [one],
            object[] many => many,
            _ => throw new PSArgumentException("A Case annotation's Case is a branch @{ When = ...; Then = ... } or a list of them."),
        };
        var whens = list.Select(b => b is IDictionary branch ? When(cmdlet, query, branch)
            : throw new PSArgumentException($"A Case branch is @{{ When = @{{ Pages__gt = 900 }}; Then = 'huge' }}, not '{b}'.")).ToList();
        return new Case(whens, hasElse ? Value(cmdlet, query, otherwise) : null);
    }

    private static When When(PSCmdlet cmdlet, QuerySet query, IDictionary branch)
    {
        object? condition = null, then = null;
        bool hasWhen = false, hasThen = false;
        foreach (DictionaryEntry e in branch)
        {
            var key = LanguagePrimitives.ConvertTo<string>(e.Key);
            if (key.Equals("When", StringComparison.OrdinalIgnoreCase)) (condition, hasWhen) = (RelObjectAdapter.Unwrap(e.Value), true);
            else if (key.Equals("Then", StringComparison.OrdinalIgnoreCase)) (then, hasThen) = (e.Value, true);
            else throw new PSArgumentException($"A Case branch is @{{ When = ...; Then = ... }}; '{key}' is not one of its keys (When, Then).");
        }
        if (!hasWhen || !hasThen) throw new PSArgumentException($"A Case branch needs both When and Then; this one has no {(hasWhen ? "Then" : "When")}.");
        Q q = condition switch
        {
            ScriptBlock sb => Translator(cmdlet, query).TranslateCondition(sb),
            IDictionary lookups => QuerySet.FromDictionary(RelObjectAdapter.UnwrapDictionary(lookups)),
            var other => throw new PSArgumentException($"A Case branch's When is a scriptblock or a hashtable of lookups, not '{other}'."),
        };
        return new When(q, Value(cmdlet, query, then));
    }

    /// <summary>A Then or Else: a scriptblock is an expression of the row, anything else a value.</summary>
    private static Expr Value(PSCmdlet cmdlet, QuerySet query, object? value) =>
        (value is PSObject { BaseObject: ScriptBlock } p ? p.BaseObject : value) is ScriptBlock sb
            ? Translator(cmdlet, query).TranslateValue(sb)
            : new Const(RelObjectAdapter.Unwrap(value));

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
