namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>
/// One Idempotency-Key of one caller (key: "caller|collection|key"). The first request claims it with the hash
/// of its body and the id it will create; every repeat gets that id back, so it creates nothing new.
/// Records no longer claim keys here (their id is derived from the key, see <c>RecordCollections.KeyedId</c>); the
/// claims stored by earlier releases are still read, so a repeat of such a key still finds its record.
/// </summary>
[Alias("baoji.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    [Alias("Claim")]
    Task<IdempotencyClaim> Claim(string requestHash, string proposedId);

    /// <summary>The claim a request with this body hash would meet, without claiming: null while the key is unused.</summary>
    [Alias("Find")]
    Task<IdempotencyClaim?> Find(string requestHash);
}

[GenerateSerializer, Immutable, Alias("baoji.IdempotencyClaim")]
public sealed record IdempotencyClaim(
    [property: Id(0)] string ResourceId,
    [property: Id(1)] bool FirstClaim,
    [property: Id(2)] bool BodyDiffers);
