using System.Globalization;
using System.Management.Automation.Host;

namespace RelationsPS.Shell;

/// <summary>The host the engine talks to: identity, cultures, the UI, and the exit code a script asks for.</summary>
internal sealed class RelpsHost(bool interactive) : PSHost
{
    private readonly RelpsHostUserInterface ui = new(interactive);

    public override string Name => "relps";

    public override Version Version => typeof(RelpsHost).Assembly.GetName().Version ?? new Version(0, 1);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => ui;

    public RelpsHostUserInterface Ui => ui;

    public override CultureInfo CurrentCulture { get; } = CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture { get; } = CultureInfo.CurrentUICulture;

    /// <summary>Set when a script runs <c>exit N</c> at its top level (or calls <c>$Host.SetShouldExit</c>).</summary>
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    // Nested prompts serve debugging and Suspend in confirmations; a script runner has neither.
    public override void EnterNestedPrompt() => throw new NotSupportedException("relps has no nested prompts.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("relps has no nested prompts.");

    // Native programs write straight to the inherited console; there is no console mode to save.
    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }
}
