using Baoji.Exchange.Cli;

using var stdout = Console.OpenStandardOutput();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await CliApp.RunAsync(args, stdout, Console.Error, Environment.GetEnvironmentVariable, cancellationToken: cancel.Token);
