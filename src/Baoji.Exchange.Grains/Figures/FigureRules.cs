using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// The counting rules of the year-end figures (see API.md, "Year-end figures"), as contributions of one record
/// to one year. Withdrawn, disputed and merged-away records contribute nothing. Agreements are counted from the
/// <see cref="IAgreementRegisterGrain"/> instead, because "in force on 31 December" is a question about a day.
/// </summary>
public static class FigureRules
{
    /// <summary>The partnership a record belongs to: "&lt;Shaanxi city&gt;-&lt;Jiangsu city&gt;".</summary>
    public static string PartnershipOf(LedgerRecord record)
    {
        var shaanxi = record.Parties.First(p => p.Province == Province.Shaanxi).CityId;
        var jiangsu = record.Parties.First(p => p.Province == Province.Jiangsu).CityId;
        return $"{shaanxi}-{jiangsu}";
    }

    /// <summary>The years whose figures a visit, placement or training can count in (agreements: none).</summary>
    public static IEnumerable<int> YearsOf(RecordBody body) => body switch
    {
        StaffExchangeBody s => Enumerable.Range(s.StartDate.Year, Math.Clamp(s.EndDate.Year - s.StartDate.Year + 1, 1, 30)),
        AgreementBody => [],
        _ => [body.Start.Year],
    };

    /// <summary>The scopes a record counts in: the whole partnership and the county of each party (if it has one).</summary>
    public static IReadOnlyList<string> ScopesOf(LedgerRecord record) =>
        [FigureNames.AllScope, .. record.Parties.Select(p => p.CountyId).OfType<string>().Distinct()];

    public static IReadOnlyList<Contribution> ContributionsFor(LedgerRecord record, int year)
    {
        if (!record.Counts || !YearsOf(record.Body).Contains(year))
        {
            return [];
        }

        var perScope = new List<(string Figure, string? Item, decimal Weight)>();
        switch (record.Body)
        {
            case VisitBody v:
                perScope.Add((v.Level == VisitLevel.Bureau ? FigureNames.BureauVisits : FigureNames.SchoolVisits, null, 1));
                break;
            case StaffExchangeBody s:
                var home = record.Parties.First(p => p.OrgId == s.HomeOrgId);
                // A person is their home organisation's reference: two placements of one person count once.
                perScope.Add((FigureNames.StaffFrom(home.CityId), $"{s.HomeOrgId}|{s.PersonRef}", 1));
                break;
            case TrainingBody t:
                perScope.Add((FigureNames.Trainings, null, 1));
                perScope.Add((FigureNames.TrainingSessions, null, t.Sessions));
                perScope.Add((FigureNames.TrainingTrainees, null, t.Trainees));
                if (t.EquipmentValueYuan > 0)
                {
                    perScope.Add((FigureNames.EquipmentValueYuan, null, t.EquipmentValueYuan));
                }

                if (t.Kind == TrainingKind.OnlineResearch)
                {
                    perScope.Add((FigureNames.OnlineResearchSessions, null, t.Sessions));
                }

                perScope.AddRange(t.Subjects.Select(subject => (FigureNames.SubjectPrefix + subject, (string?)null, (decimal)t.Sessions)));
                break;
        }

        if (record.Status == RecordStatus.Logged)
        {
            perScope.Add((FigureNames.Unconfirmed, null, 1));
        }

        return [.. ScopesOf(record).SelectMany(scope => perScope.Select(c => new Contribution(scope, c.Figure, c.Item, c.Weight))),
            .. MonthOf(record.Body, year)];
    }

    /// <summary>
    /// The record's bar in the chart's month panel, for the whole partnership only: the month it starts in, or
    /// January for a placement begun in an earlier year. Kept like every other figure, so the chart reads no records.
    /// </summary>
    private static IEnumerable<Contribution> MonthOf(RecordBody body, int year)
    {
        var kind = body switch
        {
            VisitBody => FigureNames.VisitsKind,
            StaffExchangeBody => FigureNames.StaffKind,
            TrainingBody => FigureNames.TrainingsKind,
            _ => null,
        };
        if (kind is not null)
        {
            yield return new Contribution(FigureNames.AllScope, FigureNames.Month(kind, body.Start.Year == year ? body.Start.Month : 1), null, 1);
        }
    }

    public static AgreementEntry? AgreementEntryOf(LedgerRecord record) => record.Body is AgreementBody a
        ? new AgreementEntry(record.Id, record.Version, a.Kind, record.Parties, record.SignedOn, a.ValidFrom, a.ValidUntil,
            record.Termination?.TerminatedOn, record.Counts, record.Status == RecordStatus.Confirmed)
        : null;
}
