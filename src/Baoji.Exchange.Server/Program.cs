using Baoji.Exchange.Server.Hosting;

var builder = WebApplication.CreateBuilder(ContentRoot.For(args));
await builder.AddBaojiExchangeAsync();

var app = builder.Build();
app.UseBaojiExchange();
await app.RunAsync();

/// <summary>The entry point; public so that functional tests can host it.</summary>
public partial class Program;
