using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Baoji.Exchange.Cli;

/// <summary>The usual help of any command, followed by the exit codes, so <c>baoji report --help</c> tells a script writer them too.</summary>
public sealed class HelpWithExitCodes(HelpAction help) : SynchronousCommandLineAction
{
    /// <summary>As the usual help: <c>baoji report --help</c> shows the help, not "--perspective is required".</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var exit = help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes.Help);
        return exit;
    }

    /// <summary>Puts this action on the root's (recursive) help option.</summary>
    public static void Install(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new HelpWithExitCodes((HelpAction)option.Action!);
    }
}
