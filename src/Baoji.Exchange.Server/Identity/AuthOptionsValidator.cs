using Baoji.Exchange.Grains.Identity;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Identity;

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.AdminToken is { Length: > 0 } token && (token.Length < 16 || token.Any(char.IsWhiteSpace)))
        {
            return ValidateOptionsResult.Fail("Auth:AdminToken must be at least 16 characters without spaces (or unset to generate one).");
        }

        if (options.AdminPassword is { Length: > 0 } password && AccountRules.PasswordProblem("Auth:AdminPassword", password) is { } problem)
        {
            return ValidateOptionsResult.Fail(problem + " (or unset to generate one)");
        }

        if (options.LockoutMaxFailedAttempts is < 1 or > 100 || options.LockoutMinutes is < 1 or > 1440)
        {
            return ValidateOptionsResult.Fail("Auth:LockoutMaxFailedAttempts must be between 1 and 100 and Auth:LockoutMinutes between 1 and 1440.");
        }

        return options.SignInIdleMinutes is < 5 or > 10080
            ? ValidateOptionsResult.Fail("Auth:SignInIdleMinutes must be between 5 and 10080.")
            : ValidateOptionsResult.Success;
    }
}
