using Baoji.Exchange.Contracts.Identity;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// Puts the administrator token in force: the configured one, or, at first start, a generated one whose hash
/// is stored and whose text goes to an owner-only file. Runs after the silo has started.
/// </summary>
internal sealed class AdminTokenBootstrap(
    IOptions<AuthOptions> options, IGrainFactory grains, AdminCredential credential, ILogger<AdminTokenBootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.AdminToken is { Length: > 0 } configured)
        {
            credential.Set(TokenFormat.Hash(configured));
            IdentityLog.AdminTokenConfigured(logger);
            return;
        }

        var file = options.Value.EffectiveAdminTokenFile;
        var store = grains.GetGrain<IAdminCredentialGrain>("admin");
        var stored = await store.GetHash();
        if (stored is null)
        {
            var token = TokenFormat.NewAdminToken();
            var hash = TokenFormat.Hash(token);
            stored = await store.SetHashIfEmpty(hash);
            if (stored == hash)
            {
                OwnerOnlyFile.Write(file, token);
            }
        }

        credential.Set(stored);
        if (File.Exists(file))
        {
            IdentityLog.AdminTokenInFile(logger, file);
        }
        else
        {
            IdentityLog.AdminTokenFileLost(logger, file);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
