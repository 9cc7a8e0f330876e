using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Grains.Identity;
using Baoji.Exchange.Server.Identity;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Accounts;

/// <summary>
/// The administrator's account "admin" (all rights, no organisation), created at first start: with Auth:AdminPassword
/// when configured (which also resets it, so the operator can always get back in), else with a generated password
/// written to an owner-only file beside the admin token. An operator who configures the admin token configures this
/// password too: then no file is written. Runs after the silo has started.
/// </summary>
internal sealed class AccountBootstrap(
    IOptions<AuthOptions> options, IGrainFactory grains, AccountPasswords passwords, ILogger<AccountBootstrap> logger)
    : IHostedService
{
    public const string AdminDisplayName = "管理员";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = grains.GetGrain<IAccountGrain>(AccountRules.AdminLogin);
        var existing = await admin.Get();
        if (options.Value.AdminPassword is { Length: > 0 } configured)
        {
            if (existing is null)
            {
                await admin.Create(Command(configured));
            }
            else if (!passwords.Verify(existing.PasswordHash, configured).Matches)
            {
                await admin.ResetPassword(passwords.Hash(configured), "configuration");
            }

            IdentityLog.AdminAccountConfigured(logger);
            return;
        }

        var file = options.Value.EffectiveAdminPasswordFile;
        if (existing is null && options.Value.AdminToken is { Length: > 0 })
        {
            IdentityLog.AdminAccountNotCreated(logger);
            return;
        }

        if (existing is null)
        {
            var password = AccountPasswords.Generate();
            // Another silo starting at the same time may win: only the one whose create made the account writes the file.
            if ((await admin.Create(Command(password))).Created)
            {
                OwnerOnlyFile.Write(file, password);
            }
        }

        if (File.Exists(file))
        {
            IdentityLog.AdminPasswordInFile(logger, AccountAuthentication.SignInPath, AccountRules.AdminLogin, file);
        }
        else
        {
            IdentityLog.AdminPasswordFileLost(logger, file);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // A fresh operation id per start: two silos creating at once do not both take the create for theirs.
    private CreateAccount Command(string password) =>
        new($"bootstrap:{Guid.NewGuid():N}", AdminDisplayName, OrganizationId: null, IsAdmin: true, passwords.Hash(password), "bootstrap");
}
