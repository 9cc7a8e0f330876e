using System.Net;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Accounts;

/// <summary>The first start creates the account admin with a generated password in an owner-only file beside the admin token.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FirstAdminTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("baoji-first-admin-").FullName;

    [Fact]
    public async Task The_first_start_writes_the_admin_password_beside_the_token_and_it_signs_in()
    {
        var tokenFile = Path.Combine(_work, "admin-token");
        await using var server = new ServerFactory(azurite, SharedServer.NewServiceId("firstadmin"), loadSeeds: false)
        {
            // As an operator's first start: neither the token nor the password configured.
            Settings = new Dictionary<string, string> { ["Auth:AdminToken"] = "", ["Auth:AdminPassword"] = "", ["Auth:AdminTokenFile"] = tokenFile },
        };
        _ = server.Services;

        var passwordFile = Path.Combine(_work, "admin-password");
        Assert.True(File.Exists(passwordFile), "no admin-password beside admin-token");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        }

        var password = (await File.ReadAllTextAsync(passwordFile)).Trim();
        Assert.True(password.Length >= 16);
        var (admin, _) = await server.SignedInAsync("admin", password);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/accounts/admin")).StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }
}
