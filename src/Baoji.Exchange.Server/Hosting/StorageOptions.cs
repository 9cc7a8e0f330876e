using System.ComponentModel.DataAnnotations;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>Where grain state, records and documents are stored (configuration section "Storage").</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>An Azure Storage connection string. Empty: the server starts Azurite from infra/ itself.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Azurite's data folder when the server starts it. Default: .data/azurite-2 in the repository.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The folder holding Azurite's package.json. Default: infra/ of the repository.</summary>
    public string? AzuriteDirectory { get; set; }

    [Range(1, 65535, ErrorMessage = "Storage:BlobPort must be a port between 1 and 65535.")]
    public int BlobPort { get; set; } = 10000;

    [Range(1, 65535, ErrorMessage = "Storage:QueuePort must be a port between 1 and 65535.")]
    public int QueuePort { get; set; } = 10001;

    [Range(1, 65535, ErrorMessage = "Storage:TablePort must be a port between 1 and 65535.")]
    public int TablePort { get; set; } = 10002;

    /// <summary>How long to wait for a started Azurite to answer.</summary>
    [Range(1, 600, ErrorMessage = "Storage:StartupTimeoutSeconds must be between 1 and 600.")]
    public int StartupTimeoutSeconds { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (new[] { BlobPort, QueuePort, TablePort }.Distinct().Count() != 3)
        {
            yield return new ValidationResult("Storage:BlobPort, Storage:QueuePort and Storage:TablePort must differ.", [nameof(TablePort)]);
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString) && !ConnectionString.Contains('=', StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                "Storage:ConnectionString is not an Azure Storage connection string (expected key=value pairs such as AccountName=…;AccountKey=…).",
                [nameof(ConnectionString)]);
        }
    }
}
