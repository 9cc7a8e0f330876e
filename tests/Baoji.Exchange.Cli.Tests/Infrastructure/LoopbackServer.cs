using System.Net.Http.Headers;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Cli.Tests.Infrastructure;

/// <summary>
/// One real server (silo + API) for the class, with the 2024 exchange log loaded, on a Kestrel loopback port: the CLI
/// reaches it over a real socket, in the test process or as an installed tool in a process of its own.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit calls DisposeAsync of IAsyncLifetime, which disposes the server.")]
public sealed class LoopbackServer : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private ServerFactory? _server;

    public ServerFactory Get(AzuriteFixture azurite)
    {
        lock (_gate)
        {
            if (_server is null)
            {
                _server = new ServerFactory(azurite, $"cli-{Guid.NewGuid():N}"[..24]) { LoadLedger = true };
                _server.UseKestrel(0);
                _server.StartServer();
            }

            return _server;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

internal static class ServerFactoryExtensions
{
    /// <summary>The server's address on the loopback interface, as the CLI's --url.</summary>
    public static string Url(this ServerFactory server)
    {
        using var client = server.CreateClient();
        return client.BaseAddress!.ToString();
    }

    /// <summary>A personal token the admin issues for the organisation (what a person would put in ~/.config/baoji/token).</summary>
    public static async Task<string> TokenFor(this ServerFactory server, string organizationId)
    {
        using var client = await server.ActingFor(organizationId);
        return client.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    public static async Task<string> GetTextAsync(this ServerFactory server, string path, string accept) =>
        System.Text.Encoding.UTF8.GetString(await server.GetBytesAsync(path, accept));

    /// <summary>A document as the API serves it, byte for byte (a CSV's byte-order mark included).</summary>
    public static async Task<byte[]> GetBytesAsync(this ServerFactory server, string path, string accept)
    {
        using var admin = server.Admin();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await admin.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }
}
