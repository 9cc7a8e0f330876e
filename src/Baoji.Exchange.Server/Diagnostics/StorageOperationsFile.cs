using System.Text.Json;

namespace Baoji.Exchange.Server.Diagnostics;

/// <summary>
/// Writes the storage operation counts to the file named by <c>Diagnostics:StorageOperationsFile</c> every
/// <see cref="Period"/> while they change, so a benchmark running the server as a process can read them without an
/// endpoint. Written aside and moved into place, so a reader never sees half a file.
/// </summary>
internal sealed class StorageOperationsFile(StorageOperationCounter counter, string path) : BackgroundService
{
    public const string Setting = "Diagnostics:StorageOperationsFile";

    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var written = "";
        while (true)
        {
            var json = JsonSerializer.Serialize(counter.Snapshot());
            if (json != written)
            {
                var aside = path + ".tmp";
                await File.WriteAllTextAsync(aside, json, CancellationToken.None);
                File.Move(aside, path, overwrite: true);
                written = json;
            }

            try
            {
                await Task.Delay(Period, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
