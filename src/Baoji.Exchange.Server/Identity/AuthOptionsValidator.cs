using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Identity;

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.AdminToken is { } token && (token.Length < 16 || token.Any(char.IsWhiteSpace)))
        {
            return ValidateOptionsResult.Fail("Auth:AdminToken must be at least 16 characters without spaces (or unset to generate one).");
        }

        return ValidateOptionsResult.Success;
    }
}
