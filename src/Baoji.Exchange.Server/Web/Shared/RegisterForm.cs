using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Ledger;
using Microsoft.AspNetCore.Components;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>
/// What the 登记 forms share: the signed-in organisation, its partners (from its pairings) and one submission through
/// <see cref="LedgerService.CreateAsync"/>, the API's rules and all; refused fields come back by name.
/// </summary>
public abstract class RegisterForm : BaojiPage
{
    [Inject] private LedgerService Ledger { get; set; } = default!;

    [Inject] private OrgNames OrgNames { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    // One key per form: a second click while the first is still on its way logs the record once.
    private readonly string _idempotencyKey = $"web-{Guid.NewGuid():N}";

    protected Organization? Self { get; private set; }

    protected IReadOnlyList<Organization> Partners { get; private set; } = [];

    /// <summary>True while the own side is the first party (visitor, sending, providing); false for the partner's.</summary>
    protected bool Outgoing { get; set; } = true;

    protected string? PartnerId { get; set; }

    protected bool Busy { get; private set; }

    protected IReadOnlyDictionary<string, string[]>? Errors { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        var caller = await CallerAsync();
        Self = caller.OrganizationId is { } id ? await OrgNames.GetAsync(id) : null;
        if (Self is not null)
        {
            Partners = await OrgNames.PartnersOfAsync(Self.Id);
        }
    }

    /// <summary>The two parties in the kind's order (from/to, home/host, provider/recipient).</summary>
    protected (string? First, string? Second) Parties => Outgoing ? (Self?.Id, PartnerId) : (PartnerId, Self?.Id);

    protected string PartnerField(string first, string second) => Outgoing ? second : first;

    protected async Task SubmitAsync(RecordKind kind, IRecordRequest request)
    {
        Busy = true;
        try
        {
            var outcome = await Ledger.CreateAsync(kind, request, await CallerAsync(), _idempotencyKey, CancellationToken.None);
            if (outcome.Record is { } record)
            {
                Navigation.NavigateTo(RecordIds.PageOf(record.Id));
                return;
            }

            Errors = PageErrors.From(outcome);
        }
        finally
        {
            Busy = false;
        }
    }

    protected static DateOnly? ToDate(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;

    /// <summary>An enumeration value as the API names it, for a request.</summary>
    protected static string? ApiName<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Api.ApiJson.Name(v) : null;
}

/// <summary>A choice of a drop-down: the value and its Chinese label.</summary>
public sealed record Choice<T>(T Value, string Label);
