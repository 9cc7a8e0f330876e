using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Baoji.Exchange.Grains.Diagnostics;

/// <summary>
/// The service's own activity source and meter, both named <see cref="Name"/>, with the domain figures an operator
/// watches: records created and confirmed, every ledger command by kind and outcome, figure deltas, and how far the
/// durable projection lags behind. Here, in the grains project, because the figure projection counts its deltas too;
/// the host adds <see cref="Name"/> to its tracer and meter providers. Static, like the runtime's own meters: a
/// measurement nobody listens to costs a branch.
/// </summary>
/// <remarks>
/// Log event ids, one range per area, each area's events in one [LoggerMessage] class:
/// 1000–1099 hosting and Azurite (HostingLog), 1100–1199 identity and accounts (IdentityLog), 1200–1299 seeding
/// (the seed loaders), 2000–2099 ledger (LedgerLog), 2100–2199 grains: projections and figure rebuilds (GrainsLog),
/// 3100–3199 reports (ChartFonts), 4000–4099 imports (ImportService.Log).
/// </remarks>
public static class BaojiTelemetry
{
    public const string Name = "Baoji.Exchange";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Records stored for the first time (a replayed create is not counted). Tags: kind.</summary>
    public static readonly Counter<long> RecordsCreated =
        Meter.CreateCounter<long>("baoji.records.created", "{record}", "Records created (replays excluded).");

    /// <summary>Confirmations stored (a replayed confirmation is not counted). Tags: kind.</summary>
    public static readonly Counter<long> RecordsConfirmed =
        Meter.CreateCounter<long>("baoji.records.confirmed", "{record}", "Records confirmed by their counterpart (replays excluded).");

    /// <summary>Every ledger command that reached the application layer. Tags: command, kind, outcome.</summary>
    public static readonly Counter<long> LedgerCommands =
        Meter.CreateCounter<long>("baoji.ledger.commands", "{command}", "Ledger commands by command, record kind and outcome.");

    /// <summary>How long a ledger command took, checks and retries included. Tags: command, kind, outcome.</summary>
    public static readonly Histogram<double> LedgerCommandDuration =
        Meter.CreateHistogram<double>("baoji.ledger.command.duration", "s", "Duration of ledger commands, checks and retries included.");

    /// <summary>Deltas the figure projection sent to figure grains and saw applied. Tags: target (year, agreements), source (projection, rebuild).</summary>
    public static readonly Counter<long> FigureDeltasApplied =
        Meter.CreateCounter<long>("baoji.figures.deltas_applied", "{delta}", "Figure deltas applied (versioned: a repeated delta changes nothing but is counted).");

    /// <summary>Records marked as owing a projection, as the last repair pass found them.</summary>
    public static readonly Gauge<long> PendingProjections =
        Meter.CreateGauge<long>("baoji.projections.pending", "{record}", "Records whose projection is still owed, at the last repair pass.");

    /// <summary>Age of the oldest owed projection at the last repair pass (0 when none is owed): the projection lag.</summary>
    public static readonly Gauge<double> ProjectionLag =
        Meter.CreateGauge<double>("baoji.projections.lag", "s", "Age of the oldest owed projection at the last repair pass.");

    /// <summary>Projections the background repair finished.</summary>
    public static readonly Counter<long> ProjectionsRepaired =
        Meter.CreateCounter<long>("baoji.projections.repaired", "{record}", "Owed projections the background repair finished.");
}
