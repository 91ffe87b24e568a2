using System.Globalization;
using System.Management.Automation.Host;

namespace RelationsPS.Shell;

/// <summary>The host the engine talks to: identity, cultures, the UI, and the exit code a script asks for.</summary>
internal sealed class RelpsHost : PSHost
{
    private readonly RelpsHostUserInterface ui = new();

    public override string Name => "relps";

    public override Version Version => typeof(RelpsHost).Assembly.GetName().Version ?? new Version(0, 1);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => ui;

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    /// <summary>Set when the script runs <c>exit N</c>.</summary>
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    public override void EnterNestedPrompt() => throw new NotSupportedException("relps has no nested prompts.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("relps has no nested prompts.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }
}
