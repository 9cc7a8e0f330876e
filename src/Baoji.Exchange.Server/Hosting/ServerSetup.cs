using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Accounts;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Api.OpenApi;
using Baoji.Exchange.Server.Diagnostics;
using Baoji.Exchange.Server.Health;
using Baoji.Exchange.Server.Identity;
using Baoji.Exchange.Server.Ledger;
using Baoji.Exchange.Server.Reconciliation;
using Baoji.Exchange.Server.Registry;
using Baoji.Exchange.Server.Reports;
using Baoji.Exchange.Server.Seeding;
using Baoji.Exchange.Server.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Baoji.Exchange.Server.Hosting;

/// <summary>Everything the host wires up, in one place, so Program.cs stays a table of contents.</summary>
internal static class ServerSetup
{
    public static async Task AddBaojiExchangeAsync(this WebApplicationBuilder builder)
    {
        builder.AddBaojiTelemetry();
        using var bootstrapLogging = LoggerFactory.Create(l => l.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole());
        var storage = new StorageClients(OpenApiDocumentGeneration.IsRunning
            ? OpenApiDocumentGeneration.UnusedStorage
            : await StorageBootstrap.ResolveAsync(builder, bootstrapLogging.CreateLogger("Baoji.Exchange.Storage")));
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(storage.Operations);
        if (builder.Configuration[StorageOperationsFile.Setting] is { Length: > 0 } operationsFile)
        {
            builder.Services.AddHostedService(s => new StorageOperationsFile(s.GetRequiredService<StorageOperationCounter>(), operationsFile));
        }
        builder.Services.AddSingleton(TimeProvider.System);

        // The silo comes after the Azurite lifetime (stopped last) and before the services that need grains at start.
        builder.AddBaojiSilo(storage);

        // One options pattern (see ValidatedOptions): bound, data annotations checked, at start.
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AdminCredential>();
        builder.Services.AddSingleton<UnknownTokens>();
        builder.Services.AddSingleton<AccessPolicy>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<RegistryReader>();
        builder.Services.AddSingleton<SeedLoader>();
        builder.Services.AddSingleton<LedgerSeedLoader>();
        builder.Services.AddSingleton(storage.Tables);
        builder.Services.AddSingleton<LedgerIndex>();
        builder.Services.AddSingleton<PendingProjections>();
        builder.Services.AddOptions<ProjectionOptions>().BindConfiguration(ProjectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<ProjectionRepair>();
        builder.Services.AddHostedService<IndexLayoutMove>();
        builder.Services.AddOptions<FailpointOptions>().BindConfiguration(FailpointOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Failpoints>();
        builder.Services.AddSingleton<FiguresProjection>();
        builder.Services.AddSingleton<PartyResolver>();
        builder.Services.AddSingleton<CommandResilience>();
        builder.Services.AddSingleton<LedgerService>();
        builder.Services.AddSingleton<AgreementDocuments>();
        builder.Services.AddSingleton<AgreementScans>();
        builder.Services.AddSingleton<ReportService>();
        builder.Services.AddSingleton<FigureItemPages>();
        builder.Services.AddSingleton<FigureDrillDowns>();
        builder.Services.AddSingleton<YearRecords>();
        builder.Services.AddSingleton<StoredRecords>();
        builder.Services.AddSingleton<IndexAudit>();
        builder.Services.AddSingleton<AgreementsAudit>();
        builder.Services.AddSingleton<FiguresAudit>();
        builder.Services.AddSingleton<IFiguresRebuildWork, FiguresRebuild>();
        builder.Services.AddSingleton<ReconciliationService>();
        builder.Services.AddSingleton<Imports.ImportStore>();
        builder.Services.AddSingleton<Imports.ImportService>();
        builder.Services.AddHostedService<AdminTokenBootstrap>();
        builder.Services.AddHostedService<SeedOnStart>();

        // Bearer tokens for the API, the sign-in cookie for the pages, accounts for people (and the admin's at first start).
        builder.Services.AddBaojiAuthentication();
        // Authenticated is all the framework checks; who may do what is AccessMatrix's, through AccessPolicy.
        builder.Services.AddAuthorization();
        builder.Services.AddBaojiDashboardAccess();
        builder.Services.AddBaojiReverseProxy();
        builder.Services.AddBaojiRateLimits();

        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Api.Localization.ProblemLocalizer.Apply);
        // Malformed bodies and parameters throw, so BadRequestExceptionHandler can name the field at fault.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<StorageUnavailableHandler>();
        builder.Services.AddBaojiOpenApi();
        builder.AddBaojiWeb();
        builder.Services.AddHealthChecks()
            .AddCheck<SiloHealthCheck>("silo", tags: ["ready"])
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);

        // Last: a hosted service registered after this line would start while the build-time OpenAPI document is generated.
        OpenApiDocumentGeneration.RemoveHostedServices(builder.Services);
    }

    public static void UseBaojiExchange(this WebApplication app)
    {
        // First: everything after it (cookies' Secure flag, rate limits by address, logs) sees the client, not the proxy.
        app.UseForwardedHeaders();
        app.UseBaojiWebHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        // After authentication, so requests are counted by the token that authenticated them.
        app.UseRateLimiter();
        // After the rate limiter, so a refused flood is not read; before authorization and binding read a body.
        app.UseRequestBodyLimits();
        app.UseAuthorization();
        app.UseBaojiSignIn();

        app.MapBaojiOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });

        app.MapOrganizationsApiV1();
        app.MapPairingsApiV1();
        app.MapTokensApiV1();
        app.MapAccountsApiV1();
        app.MapSignInEndpoints();
        app.MapRecordsApiV1();
        app.MapReportsApiV1();
        app.MapFiguresAuditApiV1();
        app.MapReconciliationApiV1();
        app.MapImportsApiV1();
        app.MapBaojiDashboard();
        // The web app is served at "/", the API reference stays at /docs.
        app.MapBaojiWeb();
    }
}
