using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Grains.Faults;

/// <summary>
/// Named places where a test (or a soak run) makes the service fail as storage or the machine would: off unless
/// <see cref="FailpointOptions.Enabled"/>, so in production a hit costs one field read. Armed in code by in-process
/// tests, or by configuration (<c>Failpoints:Arm:&lt;name&gt;=fail|crash|kill|suppress[:count]</c>) for a server process.
/// </summary>
public sealed class Failpoints
{
    private readonly bool _enabled;
    private readonly ConcurrentDictionary<string, Armed> _armed = new(StringComparer.Ordinal);

    public Failpoints(IOptions<FailpointOptions> options)
    {
        _enabled = options.Value.Enabled;
        foreach (var (name, setting) in options.Value.Arm)
        {
            var parts = setting.Split(':', 2);
            var action = Enum.Parse<FailpointAction>(parts[0], ignoreCase: true);
            Arm(name, action, parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue);
        }
    }

    /// <summary>A process without failpoints, for code constructed outside dependency injection.</summary>
    public static Failpoints None { get; } = new(Options.Create(new FailpointOptions()));

    /// <summary>How often each failpoint fired.</summary>
    public IReadOnlyDictionary<string, int> Fired => _fired;

    private readonly ConcurrentDictionary<string, int> _fired = new(StringComparer.Ordinal);

    /// <summary>Makes the next <paramref name="count"/> hits of <paramref name="name"/> act.</summary>
    public void Arm(string name, FailpointAction action, int count = int.MaxValue)
    {
        if (!_enabled)
        {
            throw new InvalidOperationException("Failpoints are off; set Failpoints:Enabled=true to arm them.");
        }

        _armed[name] = new Armed(action, count);
    }

    public void Disarm(string name) => _armed.TryRemove(name, out _);

    public void Reset()
    {
        _armed.Clear();
        _fired.Clear();
    }

    /// <summary>Acts when armed: throws, simulates a crash or kills the process.</summary>
    public void Hit(string name)
    {
        switch (Take(name))
        {
            case FailpointAction.Fail:
                throw new FailpointException($"Failpoint {name}: injected failure.");
            case FailpointAction.Crash:
                throw new SimulatedCrashException($"Failpoint {name}: the process would have died here.");
            case FailpointAction.Kill:
                // SIGKILL: no shutdown handler runs, no buffer is flushed, exactly as a power cut or the OOM killer.
                Process.GetCurrentProcess().Kill();
                break;
        }
    }

    /// <summary>True when <paramref name="name"/> is armed to skip work silently (a lost write nobody noticed).</summary>
    public bool Suppressed(string name) => Take(name) == FailpointAction.Suppress;

    private FailpointAction? Take(string name)
    {
        if (!_enabled || !_armed.TryGetValue(name, out var armed))
        {
            return null;
        }

        lock (armed)
        {
            if (armed.Remaining <= 0)
            {
                return null;
            }

            armed.Remaining--;
        }

        _fired.AddOrUpdate(name, 1, (_, n) => n + 1);
        return armed.Action;
    }

    private sealed class Armed(FailpointAction action, int remaining)
    {
        public FailpointAction Action { get; } = action;

        public int Remaining { get; set; } = remaining;
    }
}

public enum FailpointAction
{
    /// <summary>Throw <see cref="FailpointException"/>: a storage error, retried like one.</summary>
    Fail,

    /// <summary>Throw <see cref="SimulatedCrashException"/>: nothing after this point runs and nobody retries (in-process tests).</summary>
    Crash,

    /// <summary>SIGKILL the process.</summary>
    Kill,

    /// <summary>Skip the step and carry on as if it had been done.</summary>
    Suppress,
}

/// <summary>Configuration section "Failpoints".</summary>
public sealed class FailpointOptions
{
    public const string Section = "Failpoints";

    public bool Enabled { get; set; }

    /// <summary>Failpoint name → action[:count], armed at start.</summary>
    public Dictionary<string, string> Arm { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>An injected storage failure.</summary>
[GenerateSerializer, Alias("baoji.FailpointException")]
public sealed class FailpointException : Exception
{
    public FailpointException()
    {
    }

    public FailpointException(string message) : base(message)
    {
    }

    public FailpointException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>
/// A crash simulated inside a test process: the work after the failpoint never happens, and the command pipeline does
/// not retry it (a dead process retries nothing). The test then restarts the silo.
/// </summary>
[GenerateSerializer, Alias("baoji.SimulatedCrashException")]
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
    {
    }

    public SimulatedCrashException(string message) : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>The failpoints of the service, by where they sit.</summary>
public static class FailpointNames
{
    /// <summary>A record's new state is stored; its index rows and figures are not written yet.</summary>
    public const string RecordAfterStateWrite = "record.after-state-write";

    /// <summary>A record's index rows are written; its figure deltas are not.</summary>
    public const string ProjectionAfterIndex = "projection.after-index";

    /// <summary>A figure delta's table transaction is committed; its caller does not hear so.</summary>
    public const string FiguresInTransaction = "figures.in-transaction";

    /// <summary>A merge or unmerge is stored on the duplicate; the service has not answered.</summary>
    public const string ReconciliationAfterMerge = "reconciliation.after-merge";

    /// <summary>Half of a rebuild's records are projected into the new figures.</summary>
    public const string RebuildMidway = "rebuild.midway";

    /// <summary>A record's projection is skipped although the record believes it done (proves the audit reads records).</summary>
    public const string ProjectionSuppress = "projection.suppress";
}
