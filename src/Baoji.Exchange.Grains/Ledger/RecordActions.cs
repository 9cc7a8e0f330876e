namespace Baoji.Exchange.Grains.Ledger;

/// <summary>Which commands one party may give a record now (<see cref="RecordDecisions.ActionsOf"/>).</summary>
public sealed record RecordActions(bool Confirm, bool Dispute, bool Correct, bool Withdraw)
{
    public bool Any => Confirm || Dispute || Correct || Withdraw;
}
