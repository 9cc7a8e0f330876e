using System.ComponentModel.DataAnnotations;
using Baoji.Exchange.Grains.Identity;

namespace Baoji.Exchange.Server.Identity;

/// <summary>The rules of <see cref="AuthOptions"/> that a data annotation cannot say (the ranges are attributes on the members).</summary>
public sealed partial class AuthOptions : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AdminToken is { Length: > 0 } token && (token.Length < 16 || token.Any(char.IsWhiteSpace)))
        {
            yield return new ValidationResult("Auth:AdminToken must be at least 16 characters without spaces (or unset to generate one).", [nameof(AdminToken)]);
        }

        if (AdminPassword is { Length: > 0 } password && AccountRules.PasswordProblem("Auth:AdminPassword", password) is { } problem)
        {
            yield return new ValidationResult(problem + " (or unset to generate one)", [nameof(AdminPassword)]);
        }
    }
}
