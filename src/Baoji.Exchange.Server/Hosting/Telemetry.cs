using Baoji.Exchange.Grains.Diagnostics;
using Baoji.Exchange.Server.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>
/// Logs, traces and metrics in the shape of the .NET service defaults (eShop's ServiceDefaults): always collected,
/// exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is configured (OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS etc. as
/// the OpenTelemetry SDK reads them). Sources: the service's own (<see cref="BaojiTelemetry"/>), ASP.NET Core,
/// HttpClient and the Azure SDK (storage), Orleans; meters: those plus the storage round trips, Polly and the runtime.
/// </summary>
internal static class Telemetry
{
    public const string DefaultServiceName = "Baoji.Exchange";

    /// <summary>Runs before the storage clients are built: the Azure SDK reads its activity switch when it makes them.</summary>
    public static void AddBaojiTelemetry(this WebApplicationBuilder builder)
    {
        // The Azure SDK emits its spans (one per storage operation, "Azure.*" sources) only behind this switch.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } configured ? configured : DefaultServiceName;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddSource(BaojiTelemetry.Name, "Azure.*", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                // Probes every few seconds would drown the requests people make.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(BaojiTelemetry.Name, StorageOperationCounter.MeterName, "Microsoft.Orleans", "Polly")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }
}
