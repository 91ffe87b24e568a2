using System.Collections;
using System.Management.Automation.Language;

namespace RelationsPS.Module.Tests.Help;

/// <summary>module/help/examples.psd1: cmdlet name -> examples (code, remarks), read without running it.</summary>
public static class Examples
{
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Code, string Remarks)>> Load()
    {
        var ast = Parser.ParseFile(HelpGenerator.ExamplesFile, out _, out var errors);
        if (errors.Length > 0) throw new InvalidOperationException($"{HelpGenerator.ExamplesFile}: {errors[0].Message} (line {errors[0].Extent.StartLineNumber})");
        var table = (Hashtable)((HashtableAst)ast.Find(a => a is HashtableAst, false)!).SafeGetValue();
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in table)
        {
            var items = e.Value is object[] many ? many : [e.Value!];
            result[(string)e.Key] = items.Cast<Hashtable>().Select(h => (((string)h["Code"]!).Replace("\r\n", "\n", StringComparison.Ordinal).Trim(), (string)h["Remarks"]!)).ToList();
        }
        return result;
    }

    /// <summary>Every example as (cmdlet, index), for theories.</summary>
    public static IEnumerable<(string Cmdlet, int Index)> All() =>
        Load().OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.Select((_, i) => (kv.Key, i)));
}
