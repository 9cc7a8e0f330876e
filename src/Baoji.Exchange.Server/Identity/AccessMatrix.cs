namespace Baoji.Exchange.Server.Identity;

/// <summary>The kind of caller a rule of <see cref="AccessMatrix"/> speaks of.</summary>
public enum AccessRole
{
    Admin,
    City,
    County,
    School,
}

/// <summary>
/// The caller's relation to what it asks for: <see cref="Own"/> when the resource (a record's party, a listed
/// organisation, a report's perspective city or county) is the caller's organisation or one under it.
/// </summary>
public enum AccessRelation
{
    Own,
    Other,
}

/// <summary>One endpoint of the API, as a method and a route template.</summary>
public sealed record AccessEndpoint(string Method, string Route)
{
    public override string ToString() => $"{Method} {Route}";
}

/// <summary>What one role gets on its own and on another's resource: <see cref="AccessMatrix.Allowed"/> or the refusing status.</summary>
public sealed record AccessCell(int Own, int Other)
{
    public int For(AccessRelation relation) => relation == AccessRelation.Own ? Own : Other;
}

/// <summary>One row of the matrix: an endpoint and what each role gets there.</summary>
public sealed record AccessRule(AccessEndpoint Endpoint, AccessCell Admin, AccessCell City, AccessCell County, AccessCell School)
{
    public AccessCell For(AccessRole role) => role switch
    {
        AccessRole.Admin => Admin,
        AccessRole.City => City,
        AccessRole.County => County,
        _ => School,
    };
}

/// <summary>
/// Who may call what: the one table <see cref="AccessPolicy"/> enforces, the README shows
/// (<c>AccessMatrixTests</c> checks the README's copy) and <c>AccessMatrixTests</c> runs row by row against the server.
/// The two cities are treated alike: each role on the Xuzhou side has the rights of the same role on the Baoji side.
/// </summary>
public static class AccessMatrix
{
    /// <summary>The cell value of an allowed call (the endpoint answers 2xx or a validation problem, never 401/403).</summary>
    public const int Allowed = 200;

    /// <summary>The cell value of a case that cannot arise (every record of the partnership lies under both cities).</summary>
    public const int NotApplicable = 0;

    private static readonly AccessCell Both = new(Allowed, Allowed);
    private static readonly AccessCell OwnOnly = new(Allowed, StatusCodes.Status403Forbidden);
    private static readonly AccessCell Everything = new(Allowed, NotApplicable);
    private static readonly AccessCell Neither = new(StatusCodes.Status403Forbidden, StatusCodes.Status403Forbidden);

    // Merges name records the caller may not read as unknown: another pair's record ids are not confirmed to exist.
    private static readonly AccessCell OwnOrHidden = new(Allowed, StatusCodes.Status404NotFound);

    public static readonly AccessEndpoint OrganizationGet = new("GET", "/api/v1/organizations/{id}");
    public static readonly AccessEndpoint OrganizationPut = new("PUT", "/api/v1/organizations/{id}");
    public static readonly AccessEndpoint PairingsList = new("GET", "/api/v1/pairings");
    public static readonly AccessEndpoint TokenIssue = new("POST", "/api/v1/tokens");
    public static readonly AccessEndpoint TokenList = new("GET", "/api/v1/tokens?organizationId=");
    public static readonly AccessEndpoint TokenRevoke = new("DELETE", "/api/v1/tokens/{tokenId}");
    public static readonly AccessEndpoint Me = new("GET", "/api/v1/me");
    public static readonly AccessEndpoint MePassword = new("POST", "/api/v1/me/password");
    public static readonly AccessEndpoint AccountCreate = new("POST", "/api/v1/accounts");
    public static readonly AccessEndpoint AccountList = new("GET", "/api/v1/accounts?organizationId=");
    public static readonly AccessEndpoint AccountGet = new("GET", "/api/v1/accounts/{login}");
    public static readonly AccessEndpoint AccountDisable = new("POST", "/api/v1/accounts/{login}/disable");
    public static readonly AccessEndpoint AccountEnable = new("POST", "/api/v1/accounts/{login}/enable");
    public static readonly AccessEndpoint AccountPasswordReset = new("POST", "/api/v1/accounts/{login}/password");
    public static readonly AccessEndpoint RecordCreate = new("POST", "/api/v1/{collection}");
    public static readonly AccessEndpoint RecordGet = new("GET", "/api/v1/{collection}/{id}");
    public static readonly AccessEndpoint RecordList = new("GET", "/api/v1/{collection}?organizationId=");
    public static readonly AccessEndpoint Report = new("GET", "/api/v1/reports/{year}?perspective=");
    public static readonly AccessEndpoint ReportChart = new("GET", "/api/v1/reports/{year}/chart.png?perspective=");
    public static readonly AccessEndpoint CityDrillDown = new("GET", "/api/v1/reports/{year}/records?perspective=&figure=");
    public static readonly AccessEndpoint CountyDrillDown = new("GET", "/api/v1/reports/{year}/records?perspective=&figure=&countyId=");
    public static readonly AccessEndpoint FiguresAudit = new("GET", "/api/v1/reports/{year}/audit?perspective=");
    public static readonly AccessEndpoint FiguresRebuild = new("POST", "/api/v1/reports/{year}/rebuild?perspective=");
    public static readonly AccessEndpoint FiguresRebuildStatus = new("GET", "/api/v1/reports/{year}/rebuild/{jobId}");
    public static readonly AccessEndpoint Reconciliation = new("GET", "/api/v1/reconciliation/{year}?perspective=");
    public static readonly AccessEndpoint OrganizationsList = new("GET", "/api/v1/organizations?parentId=");
    public static readonly AccessEndpoint PairingCreate = new("POST", "/api/v1/pairings");
    public static readonly AccessEndpoint RecordConfirm = new("POST", "/api/v1/{collection}/{id}/confirmation");
    public static readonly AccessEndpoint RecordDispute = new("POST", "/api/v1/{collection}/{id}/dispute");
    public static readonly AccessEndpoint RecordWithdraw = new("POST", "/api/v1/{collection}/{id}/withdrawal");
    public static readonly AccessEndpoint RecordCorrect = new("PATCH", "/api/v1/{collection}/{id}");
    public static readonly AccessEndpoint AgreementSign = new("POST", "/api/v1/agreements/{id}/signatures");
    public static readonly AccessEndpoint AgreementTerminate = new("POST", "/api/v1/agreements/{id}/termination");
    public static readonly AccessEndpoint DocumentPut = new("PUT", "/api/v1/agreements/{id}/document");
    public static readonly AccessEndpoint DocumentGet = new("GET", "/api/v1/agreements/{id}/document");
    public static readonly AccessEndpoint MergeCreate = new("POST", "/api/v1/reconciliation/merges");
    public static readonly AccessEndpoint MergeGet = new("GET", "/api/v1/reconciliation/merges/{id}");
    public static readonly AccessEndpoint MergeWithdraw = new("POST", "/api/v1/reconciliation/merges/{id}/withdrawal");
    public static readonly AccessEndpoint ImportTemplate = new("GET", "/api/v1/imports/templates/{file}");
    public static readonly AccessEndpoint ImportCreate = new("POST", "/api/v1/imports");
    public static readonly AccessEndpoint ImportGet = new("GET", "/api/v1/imports/{id}");
    public static readonly AccessEndpoint ImportCommit = new("POST", "/api/v1/imports/{id}/commit");
    public static readonly AccessEndpoint Dashboard = new("GET", "/dashboard");

    /// <summary>
    /// Own/other per endpoint: an organisation's own id or another's; a record one of whose parties the caller is or
    /// stands above, or one of another county pair; a report of the caller's own city (a county: its own county) or of
    /// the other city (another county). A city reads the reports of its partnership from its own perspective only.
    /// A record command is allowed to those who may act for a party of the record; which side of the record may do
    /// what (confirm what the other side logged, withdraw what one's own side logged) is a two-sided rule of
    /// <c>RecordDecisions</c>, not access. The merge rows name the duplicate record, the pairing row either party.
    /// Accounts are the organisation's they act for: a city bureau manages its own and its counties' and schools', a
    /// county bureau its own and its schools', a school reads its own.
    /// </summary>
    public static readonly IReadOnlyList<AccessRule> Rules =
    [
        new(OrganizationGet, Admin: Both, City: Both, County: Both, School: Both),
        new(OrganizationPut, Admin: Both, City: Neither, County: Neither, School: Neither),
        new(PairingsList, Admin: Both, City: Both, County: Both, School: Both),
        new(TokenIssue, Admin: Both, City: Neither, County: Neither, School: Neither),
        new(TokenList, Admin: Both, City: Neither, County: Neither, School: Neither),
        new(TokenRevoke, Admin: Both, City: Neither, County: Neither, School: Neither),
        new(Me, Admin: Both, City: Both, County: Both, School: Both),
        // A signed-in person changes their own password (a token has no person: 422 naming Authorization).
        new(MePassword, Admin: Both, City: Both, County: Both, School: Both),
        new(AccountCreate, Admin: Both, City: OwnOnly, County: OwnOnly, School: Neither),
        new(AccountList, Admin: Both, City: OwnOnly, County: OwnOnly, School: OwnOnly),
        new(AccountGet, Admin: Both, City: OwnOnly, County: OwnOnly, School: OwnOnly),
        new(AccountDisable, Admin: Both, City: OwnOnly, County: OwnOnly, School: Neither),
        new(AccountEnable, Admin: Both, City: OwnOnly, County: OwnOnly, School: Neither),
        new(AccountPasswordReset, Admin: Both, City: OwnOnly, County: OwnOnly, School: Neither),
        new(RecordCreate, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(RecordGet, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(RecordList, Admin: Both, City: OwnOnly, County: OwnOnly, School: OwnOnly),
        new(Report, Admin: Both, City: OwnOnly, County: Neither, School: Neither),
        new(ReportChart, Admin: Both, City: OwnOnly, County: Neither, School: Neither),
        new(CityDrillDown, Admin: Both, City: OwnOnly, County: Neither, School: Neither),
        new(CountyDrillDown, Admin: Both, City: OwnOnly, County: OwnOnly, School: Neither),
        new(FiguresAudit, Admin: Both, City: Neither, County: Neither, School: Neither),
        new(FiguresRebuild, Admin: Both, City: Neither, County: Neither, School: Neither),
        new(FiguresRebuildStatus, Admin: Both, City: Neither, County: Neither, School: Neither),
        new(Reconciliation, Admin: Both, City: OwnOnly, County: Neither, School: Neither),
        new(OrganizationsList, Admin: Both, City: Both, County: Both, School: Both),
        new(PairingCreate, Admin: Both, City: Everything, County: Neither, School: Neither),
        new(RecordConfirm, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(RecordDispute, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(RecordWithdraw, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(RecordCorrect, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(AgreementSign, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(AgreementTerminate, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(DocumentPut, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(DocumentGet, Admin: Both, City: Everything, County: OwnOnly, School: OwnOnly),
        new(MergeCreate, Admin: Both, City: Everything, County: OwnOrHidden, School: OwnOrHidden),
        new(MergeGet, Admin: Both, City: Everything, County: OwnOrHidden, School: OwnOrHidden),
        new(MergeWithdraw, Admin: Both, City: Everything, County: OwnOrHidden, School: OwnOrHidden),
        // An import logs records for one organisation (own: the caller's or one under it), as its creating requests would.
        new(ImportTemplate, Admin: Both, City: Both, County: Both, School: Both),
        new(ImportCreate, Admin: Both, City: OwnOnly, County: OwnOnly, School: OwnOnly),
        new(ImportGet, Admin: Both, City: OwnOnly, County: OwnOnly, School: OwnOnly),
        new(ImportCommit, Admin: Both, City: OwnOnly, County: OwnOnly, School: OwnOnly),
        // The Orleans dashboard shows every grain's calls and the live log: the operator's, nobody else's.
        new(Dashboard, Admin: Both, City: Neither, County: Neither, School: Neither),
    ];

    /// <summary>The status the matrix gives: <see cref="Allowed"/> or the refusal.</summary>
    public static int Decide(AccessEndpoint endpoint, AccessRole role, AccessRelation relation) =>
        Rules.Single(r => r.Endpoint == endpoint).For(role).For(relation) switch
        {
            // Should a registry ever make the case arise (a third city), it is refused.
            NotApplicable => StatusCodes.Status403Forbidden,
            var status => status,
        };

    /// <summary>The matrix as the Markdown table of the README.</summary>
    public static string ToMarkdown()
    {
        static string Cell(AccessCell c) => c.Own == c.Other ? Text(c.Own) : $"{Text(c.Own)} / {Text(c.Other)}";
        static string Text(int status) => status switch
        {
            Allowed => "yes",
            NotApplicable => "—",
            _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var lines = new List<string> { "| endpoint | admin | city | county bureau | school |", "|---|---|---|---|---|" };
        lines.AddRange(Rules.Select(r => $"| `{r.Endpoint}` | {Cell(r.Admin)} | {Cell(r.City)} | {Cell(r.County)} | {Cell(r.School)} |"));
        return string.Join('\n', lines) + "\n";
    }
}
