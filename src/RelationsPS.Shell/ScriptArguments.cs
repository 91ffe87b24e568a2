using System.Management.Automation.Runspaces;

namespace RelationsPS.Shell;

/// <summary>
/// Turns the words after a script path into parameters the way <c>pwsh -File</c> does, so a script
/// behaves the same under relps and pwsh.
/// </summary>
internal static class ScriptArguments
{
    /// <remarks>
    /// A word <c>-Name</c> becomes a bare parameter name and the binder decides, knowing the script's
    /// parameters, whether the next word is its value or <c>-Name</c> is a switch; <c>-Name:value</c> is
    /// a name with its value (<c>$true</c>/<c>$false</c> as booleans, for switches); anything else,
    /// including a lone <c>-</c> and negative numbers, is a positional string.
    /// </remarks>
    public static IReadOnlyList<CommandParameter> ToParameters(IReadOnlyList<string> words)
    {
        var parameters = new List<CommandParameter>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!IsParameterToken(word))
            {
                parameters.Add(new CommandParameter(null, word));
                continue;
            }
            var colon = word.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                // A leading dash tells the engine this is a name as typed, to be paired by the binder.
                parameters.Add(new CommandParameter(word));
            }
            else if (colon == word.Length - 1)
            {
                // `-Name: value`, as pwsh -File reads it.
                parameters.Add(i + 1 < words.Count ? Named(word[1..colon], words[++i]) : new CommandParameter(word));
            }
            else
            {
                parameters.Add(Named(word[1..colon], word[(colon + 1)..]));
            }
        }
        return parameters;
    }

    private static CommandParameter Named(string name, string value) => value.ToLowerInvariant() switch
    {
        "$true" => new CommandParameter(name, true),
        "$false" => new CommandParameter(name, false),
        _ => new CommandParameter(name, value),
    };

    // pwsh -File treats any word of two or more characters starting with a dash as a name; numbers
    // like -5 are values here, so `script.ps1 -Offset -5` works as people mean it.
    private static bool IsParameterToken(string word) =>
        word.Length > 1 && word[0] == '-' && !char.IsDigit(word[1]) && word[1] != '.';
}
