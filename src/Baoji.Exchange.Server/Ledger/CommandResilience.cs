using Baoji.Exchange.Grains.Faults;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>
/// The one place where ledger commands get their resilience. Every command carries an operation id, so retrying
/// the whole command is safe: retries with backoff and jitter for a storage hiccup, a timeout per attempt and in
/// all, and a circuit breaker per storage dependency (<see cref="StorageFailures"/>) that turns an outage into a fast
/// 503 instead of piling up waiting requests. Only storage failures open a breaker: a record that refuses a command, or
/// one grain that a flood of its own commands keeps busy, leaves the other records' commands alone.
/// Polly.Extensions' telemetry reports every retry, timeout and breaker change as the pipeline
/// <see cref="PipelineName"/>: in the "Polly" meter (resilience.polly.strategy.events, …) and in the log.
/// </summary>
public sealed class CommandResilience
{
    public const string PipelineName = "baoji-ledger-commands";

    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    public CommandResilience(ILoggerFactory loggerFactory)
    {
        // A simulated crash is no storage failure: a dead process neither retries nor trips a breaker.
        var transient = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException and not BrokenCircuitException and not SimulatedCrashException);
        var builder = new ResiliencePipelineBuilder { Name = PipelineName }.AddTimeout(TimeSpan.FromSeconds(45));
        foreach (var dependency in Enum.GetValues<StorageDependency>())
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = $"storage-{dependency}",
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => StorageFailures.Classify(e) == dependency),
                FailureRatio = 0.5,
                MinimumThroughput = 6,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = BreakDuration,
            });
        }

        Pipeline = builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
            })
            .AddTimeout(TimeSpan.FromSeconds(10))
            .ConfigureTelemetry(loggerFactory)
            .Build();
    }

    public ResiliencePipeline Pipeline { get; }

    /// <summary>Runs an idempotent command; a failure that outlives the retries becomes <see cref="StorageUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> command, CancellationToken cancellationToken)
    {
        try
        {
            return await Pipeline.ExecuteAsync(async token => await command(token), cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw new StorageUnavailableException(e.RetryAfter ?? BreakDuration, e);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException(TimeSpan.FromSeconds(5), e);
        }
    }
}

/// <summary>Storage (or the silo) did not answer; the client should retry the same request later.</summary>
public sealed class StorageUnavailableException(TimeSpan retryAfter, Exception inner)
    : Exception("Storage is unavailable; retry the same request later.", inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
