using System.Security.Cryptography;
using System.Text;
using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Identity;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Registry;

namespace Baoji.Exchange.Server.Accounts;

/// <summary>
/// Accounts for people: who may create, list, read, disable, enable and reset whose account is <see cref="AccessMatrix"/>'s
/// (the administrator any; a city bureau its own city's and those of its counties and schools; a county bureau its own
/// and its schools'), decided on the organisation the account acts for. The API and the pages both call here.
/// </summary>
public sealed class AccountService(
    IGrainFactory grains, AccessPolicy access, RegistryReader registry, AccountPasswords passwords, CommandResilience resilience, TimeProvider time)
{
    public async Task<AccountOutcome> CreateAsync(AccountRequest request, Caller caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        Check(errors, "login", AccountRules.LoginProblem("login", request.Login));
        Check(errors, "displayName", AccountRules.DisplayNameProblem("displayName", request.DisplayName));
        Check(errors, "password", request.Password is null ? null : AccountRules.PasswordProblem("password", request.Password));
        if (!OrganizationIds.IsWellFormed(request.OrganizationId))
        {
            errors.Add("organizationId", "organizationId is the organisation the person acts for.");
        }

        if (errors.Any)
        {
            return AccountOutcome.Invalid(errors);
        }

        var login = AccountRules.NormalizeLogin(request.Login)!;
        var organizationId = request.OrganizationId!;
        if (await registry.GetAsync(organizationId) is null)
        {
            return AccountOutcome.Problem(422, "organizationId", $"No organisation {organizationId} is registered.");
        }

        if (await access.DecideAsync(caller, AccessMatrix.AccountCreate, organizationId) is var refused and not AccessMatrix.Allowed)
        {
            return AccountOutcome.Problem(refused, "organizationId", $"This caller may not create accounts for {organizationId}.");
        }

        if (login == AccountRules.AdminLogin)
        {
            return AccountOutcome.Problem(409, "login", "The login admin is the administrator's.");
        }

        var displayName = request.DisplayName!.Trim();
        var operationId = $"op:{Guid.NewGuid():N}";
        if (idempotencyKey is not null)
        {
            // The key names one create: sent again it gets that account back, with another body it is refused.
            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{login}\n{displayName}\n{organizationId}")));
            var claim = await resilience.RunAsync(
                t => grains.GetGrain<IIdempotencyGrain>($"{Who(caller)}|accounts|{idempotencyKey}").Claim(fingerprint, login).WaitAsync(t), cancellationToken);
            if (claim.BodyDiffers || claim.ResourceId != login)
            {
                return AccountOutcome.Problem(422, "Idempotency-Key", "This Idempotency-Key was used with a different body.");
            }

            operationId = $"key:{Who(caller)}:{idempotencyKey}";
        }

        var password = request.Password ?? AccountPasswords.Generate();
        var command = new CreateAccount(operationId, displayName, organizationId, IsAdmin: false, passwords.Hash(password), Who(caller));
        var creation = await resilience.RunAsync(t => Account(login).Create(command).WaitAsync(t), cancellationToken);
        return creation switch
        {
            { Account: null } => AccountOutcome.Problem(409, "organizationId",
                $"{organizationId} already has {IOrganizationAccountsGrain.MaxAccounts} accounts."),
            { Created: false } => AccountOutcome.Problem(409, "login", $"The login {login} is taken."),
            // A generated password is shown when this attempt's hash is the stored one (a retry's is not: reset it if lost).
            { Account: var account } => AccountOutcome.Ok(
                View(account!) with { Password = request.Password is null && account!.PasswordHash == command.PasswordHash ? password : null }, created: true),
        };
    }

    public async Task<AccountOutcome> ListAsync(string? organizationId, Caller caller)
    {
        organizationId ??= caller.OrganizationId;
        if (!OrganizationIds.IsWellFormed(organizationId))
        {
            return AccountOutcome.Problem(400, "organizationId", "organizationId names the organisation whose accounts to list.");
        }

        if (await access.DecideAsync(caller, AccessMatrix.AccountList, organizationId!) is var refused and not AccessMatrix.Allowed)
        {
            return AccountOutcome.Problem(refused, "organizationId", $"This caller may not list the accounts of {organizationId}.");
        }

        var logins = await grains.GetGrain<IOrganizationAccountsGrain>(organizationId!).List();
        var accounts = await Task.WhenAll(logins.Select(l => Account(l).Get()));

        // A login listed by a create that failed after listing it has no account (or, taken later, another organisation's).
        return AccountOutcome.List([.. accounts.OfType<PersonAccount>().Where(a => a.OrganizationId == organizationId).Select(View)]);
    }

    public async Task<AccountOutcome> GetAsync(string login, Caller caller)
    {
        var (account, problem) = await FindAsync(login, caller, AccessMatrix.AccountGet);
        return problem ?? AccountOutcome.Ok(View(account!));
    }

    public async Task<AccountOutcome> SetDisabledAsync(string login, bool disabled, Caller caller, CancellationToken cancellationToken)
    {
        var (account, problem) = await FindAsync(login, caller, disabled ? AccessMatrix.AccountDisable : AccessMatrix.AccountEnable);
        if (problem is not null)
        {
            return problem;
        }

        if (account!.IsAdmin && disabled)
        {
            return AccountOutcome.Problem(409, "login", "The administrator's account cannot be disabled.");
        }

        var changed = await resilience.RunAsync(t => Account(account.Login).SetDisabled(disabled, Who(caller)).WaitAsync(t), cancellationToken);
        return AccountOutcome.Ok(View(changed!));
    }

    public async Task<AccountOutcome> ResetPasswordAsync(string login, PasswordResetRequest request, Caller caller, CancellationToken cancellationToken)
    {
        if (AccountRules.PasswordProblem("password", request.Password) is { } invalid)
        {
            return AccountOutcome.Problem(400, "password", invalid);
        }

        var (account, problem) = await FindAsync(login, caller, AccessMatrix.AccountPasswordReset);
        if (problem is not null)
        {
            return problem;
        }

        var hash = passwords.Hash(request.Password!);
        var changed = await resilience.RunAsync(t => Account(account!.Login).ResetPassword(hash, Who(caller)).WaitAsync(t), cancellationToken);
        return AccountOutcome.Ok(View(changed!));
    }

    /// <summary>
    /// The registered organisations where <see cref="AccessMatrix"/> gives the caller <paramref name="endpoint"/> (e.g. whose
    /// accounts it may list or create): what the 管理 page offers, decided by the rows the API enforces.
    /// </summary>
    public async Task<IReadOnlyList<Contracts.Registry.Organization>> OrganizationsWhereAsync(Caller caller, AccessEndpoint endpoint)
    {
        var allowed = new List<Contracts.Registry.Organization>();
        foreach (var organization in await registry.ListAsync(null, null))
        {
            if (await access.DecideAsync(caller, endpoint, organization.Id) == AccessMatrix.Allowed)
            {
                allowed.Add(organization);
            }
        }

        return allowed;
    }

    /// <summary>
    /// A signed-in person changes their own password, giving the current one. Like a reset it ends the person's sign-ins
    /// (this one too: they sign in again with the new password). A token acts for an organisation and has no password.
    /// </summary>
    public async Task<AccountOutcome> ChangeOwnPasswordAsync(Caller caller, OwnPasswordRequest request, CancellationToken cancellationToken)
    {
        if (caller.Login is null)
        {
            return AccountOutcome.Problem(422, "Authorization", "Only a signed-in person changes their own password; a token has none.");
        }

        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors.Add("currentPassword", "currentPassword is required.");
        }

        Check(errors, "newPassword", AccountRules.PasswordProblem("newPassword", request.NewPassword));
        if (errors.Any)
        {
            return AccountOutcome.Invalid(errors);
        }

        if (await Account(caller.Login).Get() is not { } account)
        {
            return AccountOutcome.Problem(404, "login", $"No account {caller.Login}.");
        }

        if (!passwords.Verify(account.PasswordHash, request.CurrentPassword!).Matches)
        {
            return AccountOutcome.Problem(422, "currentPassword", "currentPassword is not the account's password.");
        }

        var hash = passwords.Hash(request.NewPassword!);
        var changed = await resilience.RunAsync(t => Account(account.Login).ResetPassword(hash, Who(caller)).WaitAsync(t), cancellationToken);
        return AccountOutcome.Ok(View(changed!));
    }

    /// <summary>The caller: organisation, role, and the person when one signed in.</summary>
    public async Task<MeView> MeAsync(Caller caller) =>
        new(caller.OrganizationId, caller.IsAdmin, Api.ApiJson.Name(await access.RoleOfAsync(caller)), caller.Login, caller.PersonName);

    /// <summary>How an account records who created or changed it: a person as "account:&lt;login&gt;", a token as history names it.</summary>
    public static string Who(Caller caller) => caller.Login is { } login ? $"account:{login}" : caller.Actor;

    private async Task<(PersonAccount? Account, AccountOutcome? Problem)> FindAsync(string login, Caller caller, AccessEndpoint endpoint)
    {
        var normalized = AccountRules.NormalizeLogin(login);
        var account = normalized is null ? null : await Account(normalized).Get();
        if (account is null)
        {
            return (null, AccountOutcome.Problem(404, "login", $"No account {login}."));
        }

        // The administrator's account belongs to no organisation: only the administrator manages it.
        var status = account.OrganizationId is { } organizationId
            ? await access.DecideAsync(caller, endpoint, organizationId)
            : caller.IsAdmin ? AccessMatrix.Allowed : 403;
        return status == AccessMatrix.Allowed
            ? (account, null)
            : (null, AccountOutcome.Problem(status, "login", $"This caller may not call {endpoint} for the account {account.Login}."));
    }

    private IAccountGrain Account(string login) => grains.GetGrain<IAccountGrain>(login);

    private AccountView View(PersonAccount account) => AccountView.Of(account, time.GetUtcNow());

    private static void Check(FieldErrors errors, string field, string? problem)
    {
        if (problem is not null)
        {
            errors.Add(field, problem);
        }
    }
}
