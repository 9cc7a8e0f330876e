namespace Baoji.Exchange.Contracts.Ledger;

/// <summary>Bureau leadership (县区教育部门领导) or paired-school leadership (结对学校领导).</summary>
[GenerateSerializer, Alias("baoji.VisitLevel")]
public enum VisitLevel
{
    Bureau = 0,
    School = 1,
}

[GenerateSerializer, Alias("baoji.StaffRole")]
public enum StaffRole
{
    Teacher = 0,
    Cadre = 1,
}

[GenerateSerializer, Alias("baoji.TrainingKind")]
public enum TrainingKind
{
    TeacherTraining = 0,
    Equipment = 1,
    OnlineResearch = 2,
}

[GenerateSerializer, Alias("baoji.TrainingMode")]
public enum TrainingMode
{
    Online = 0,
    Onsite = 1,
}

[GenerateSerializer, Alias("baoji.AgreementKind")]
public enum AgreementKind
{
    Cooperation = 0,
    AssistancePlan = 1,
    CoConstruction = 2,
}
