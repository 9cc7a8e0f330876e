namespace Baoji.Exchange.Server.Api;

public static class Policies
{
    public const string Admin = "admin";
}
