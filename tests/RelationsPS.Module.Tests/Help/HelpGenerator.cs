using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RelationsPS.Module.Tests.Support;

namespace RelationsPS.Module.Tests.Help;

/// <summary>
/// Writes the MAML help of every exported cmdlet from readable sources: the cmdlets' XML doc
/// comments (synopsis, description, parameter descriptions), what PowerShell itself reports about
/// each cmdlet (parameter sets, types, positions, pipeline input, output types) and
/// module/help/examples.psd1. The committed module/en-US/RelationsPS.dll-Help.xml must equal its output
/// (a test checks; set RELATIONSPS_UPDATE_HELP=1 and run the tests to rewrite it).
/// </summary>
public static partial class HelpGenerator
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static string HelpFile => Path.Combine(Repo.Root, "module", "en-US", "RelationsPS.dll-Help.xml");

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    /// <summary>-WhatIf and -Confirm are listed for the cmdlets that have them (ShouldProcess), with the usual texts.</summary>
    private static readonly Dictionary<string, string> RiskParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs (what it would create, change or remove, and what a cascade would take along). The cmdlet is not run.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    public static string Generate()
    {
        var docs = XDocument.Load(Path.Combine(Repo.Root, "module", "bin", "RelationsPS.xml"));
        var summaries = docs.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => Clean(m.Element("summary")?.Value ?? ""));
        // A cmdlet's <remarks> continue its description beyond the synopsis.
        foreach (var m in docs.Descendants("member"))
            if (m.Element("remarks") is { } remarks && ((string)m.Attribute("name")!).StartsWith("T:", StringComparison.Ordinal))
                summaries[(string)m.Attribute("name")! + "#remarks"] = Clean(remarks.Value);
        using var ps = new PowerShellSession(connectInMemory: false);
        var exampleTable = Examples.Load();
        var commands = ps.Ok("Get-Command -Module RelationsPS").Select(o => (CmdletInfo)o.BaseObject).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev),
            commands.Select(c => CommandElement(c, summaries, exampleTable)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).ToString().Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    public static string ExamplesFile => Path.Combine(Repo.Root, "module", "help", "examples.psd1");

    private static XElement CommandElement(CmdletInfo c, Dictionary<string, string> summaries, IReadOnlyDictionary<string, IReadOnlyList<(string Code, string Remarks)>> examples)
    {
        var type = c.ImplementingType;
        var description = summaries.GetValueOrDefault("T:" + type.FullName) ?? "";
        description = Regex.Replace(description, @"^[A-Z][a-z]+-[A-Za-z]+:\s*", "");
        if (description.Length > 0) description = char.ToUpperInvariant(description[0]) + description[1..];
        var synopsis = Synopsis(description);
        if (summaries.GetValueOrDefault("T:" + type.FullName + "#remarks") is { Length: > 0 } more) description += " " + more;
        var parameters = c.Parameters.Values.Where(p => !Common.Contains(p.Name)).OrderBy(p => Position(p) ?? int.MaxValue).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        string ParamText(ParameterMetadata p)
        {
            if (RiskParameters.TryGetValue(p.Name, out var risk)) return risk;
            var prop = type.GetProperty(p.Name);
            return prop is null ? "" : summaries.GetValueOrDefault($"P:{prop.DeclaringType!.FullName}.{p.Name}") ?? "";
        }

        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                new XElement(Maml + "description", Para(synopsis)),
                new XElement(Command + "verb", c.Verb),
                new XElement(Command + "noun", c.Noun)),
            new XElement(Maml + "description", Para(description)),
            new XElement(Command + "syntax", c.ParameterSets.Select(set => new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", c.Name),
                set.Parameters.Where(p => !Common.Contains(p.Name)).OrderBy(p => p.Position >= 0 ? p.Position : int.MaxValue).ThenBy(p => p.Name, StringComparer.Ordinal).Select(p => ParameterElement(p.Name, p.ParameterType, p.IsMandatory,
                    p.Position >= 0 ? p.Position : null, p.ValueFromPipeline, p.ValueFromPipelineByPropertyName, null, [], false))))),
            new XElement(Command + "parameters", parameters.Select(p =>
            {
                var attr = p.Attributes.OfType<ParameterAttribute>().ToList();
                return ParameterElement(p.Name, p.ParameterType, attr.Any(a => a.Mandatory), Position(p),
                    attr.Any(a => a.ValueFromPipeline), attr.Any(a => a.ValueFromPipelineByPropertyName), ParamText(p),
                    p.Aliases, p.Attributes.OfType<SupportsWildcardsAttribute>().Any());
            })),
            new XElement(Command + "inputTypes", parameters.Where(p => p.Attributes.OfType<ParameterAttribute>().Any(a => a.ValueFromPipeline)).Select(p =>
                new XElement(Command + "inputType", new XElement(Dev + "type", new XElement(Maml + "name", p.ParameterType.FullName))))),
            new XElement(Command + "returnValues", ReturnValues(c).Select(o =>
                new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", o))))),
            new XElement(Command + "examples", (examples.GetValueOrDefault(c.Name) ?? []).Select((e, i) =>
                new XElement(Command + "example",
                    new XElement(Maml + "title", $"-------------------------- Example {i + 1} --------------------------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Para(e.Remarks))))));
    }

    /// <summary>
    /// The [OutputType] names, without the '#Fields' names that only tell completion a row's members, and with the
    /// query object of -AsQuery (not an [OutputType], which would make completion offer its members as the rows').
    /// </summary>
    private static IEnumerable<string> ReturnValues(CmdletInfo c) =>
        c.OutputType.Select(o => o.Name).Where(n => !n.Contains('#', StringComparison.Ordinal))
            .Concat(c.Parameters.ContainsKey("AsQuery") ? ["RelationsPS.Objects.QueryHandle (with -AsQuery)"] : []);

    private static int? Position(ParameterMetadata p) =>
        p.Attributes.OfType<ParameterAttribute>().Select(a => a.Position).Where(x => x >= 0).Cast<int?>().FirstOrDefault();

    private static XElement ParameterElement(string name, Type type, bool mandatory, int? position, bool byValue, bool byName, string? description,
        IReadOnlyCollection<string> aliases, bool wildcards)
    {
        var pipeline = (byValue, byName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var isSwitch = type == typeof(SwitchParameter);
        var e = new XElement(Command + "parameter",
            new XAttribute("required", mandatory ? "true" : "false"),
            new XAttribute("globbing", wildcards ? "true" : "false"),
            new XAttribute("aliases", aliases.Count == 0 ? "none" : string.Join(", ", aliases)),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XElement(Maml + "name", name));
        if (description is not null) e.Add(new XElement(Maml + "description", Para(description)));
        if (!isSwitch) e.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), TypeName(type)));
        if (description is not null) e.Add(new XElement(Dev + "type", new XElement(Maml + "name", type.FullName)));
        return e;
    }

    private static string TypeName(Type t) => t.IsArray ? TypeName(t.GetElementType()!) + "[]" : t.Name;

    private static XElement Para(string text) => new(Maml + "para", text);

    private static string Clean(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    private static string Synopsis(string description)
    {
        var m = Regex.Match(description, @"^(.+?[.!?])(\s|$)");
        return m.Success ? m.Groups[1].Value : description;
    }
}
