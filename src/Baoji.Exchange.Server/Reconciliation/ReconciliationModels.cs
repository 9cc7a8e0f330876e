namespace Baoji.Exchange.Server.Reconciliation;

/// <summary>Two records that probably describe one event, logged once by each side.</summary>
public sealed record ProbableDuplicate(string Collection, string FirstId, string SecondId, IReadOnlyList<string> PartyIds, string Reason);

public sealed record MergeRequest(string? KeepId, string? DuplicateId);

/// <summary>A merge counts the duplicate once (through the kept record); withdrawing it counts both again.</summary>
public sealed record MergeView(string Id, string KeepId, string DuplicateId, string Status);
