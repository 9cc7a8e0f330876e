using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>
/// The one options pattern: every options class is registered as
/// <c>AddOptions&lt;T&gt;().BindConfiguration(T.Section).ValidateDataAnnotations().ValidateOnStart()</c>, its rules written
/// as data annotations (<c>[Range]</c>, <c>[Required]</c>, …, each message naming its key) and, for rules across
/// members, <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>. The few settings the host needs while
/// it is still being built (storage, cluster) are read here with the same binding and the same validator, so a bad
/// value fails in the same way (<see cref="OptionsValidationException"/>) before anything starts.
/// </summary>
internal static class ValidatedOptions
{
    public static T ReadValidated<T>(this IConfiguration configuration, string section)
        where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var result = new DataAnnotationValidateOptions<T>(Options.DefaultName).Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(section, typeof(T), result.Failures) : options;
    }
}
