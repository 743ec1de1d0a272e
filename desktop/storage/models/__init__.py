"""Every mapped table, imported here so the metadata is complete for Alembic and queries."""

from desktop.storage.models.account import AppSetting, KeyWrap, UserAccount
from desktop.storage.models.case_file import (
    CaseAssessment, CaseAssessmentArea, CaseEvaluation, CaseFile, CaseFollowUp, CasePlan, CasePlanGoal, CaseReferral,
    CaseReferralChange,
    CaseServiceRecord, CaseStageChange,
)
from desktop.storage.models.certificate import VolunteerCertificate, VolunteerCertificateRevocation
from desktop.storage.models.client import Client, ClientMember
from desktop.storage.models.community import Community
from desktop.storage.models.donor import Donor
from desktop.storage.models.journal import AuditEntry, ChangeLogEntry
from desktop.storage.models.ledger import (
    BalanceAssertion, BalanceAssertionWithdrawal, Disbursement, DisbursementApproval, DonationReceipt, Fund, FundMember,
    FundPublication, GoodsInKind, LedgerEntry, LedgerLine,
)
from desktop.storage.models.needs import Need, NeedMatch, PolicyProfileDoc, Resource
from desktop.storage.models.node import NodeIdentity, Station
from desktop.storage.models.project import (
    Attachment, Project, ProjectActivity, ProjectActivityVolunteer, ProjectBudgetLine, ProjectEvaluation, ProjectExpense,
    ProjectMilestone, ProjectPlannedActivity, ProjectRound, ProjectStatusChange, ProjectTeamMember, ReviewScore,
    ReviewSheet, RoundCriterion, RoundReviewer,
)
from desktop.storage.models.social_org import SocialOrg, SocialOrgStatusChange
from desktop.storage.models.social_worker import SocialWorker, SocialWorkerCoverage
from desktop.storage.models.sync import SyncBundleLog, SyncConflict, SyncPeer
from desktop.storage.models.volunteer import (
    TimebankEntry, TimebankReward, Volunteer, VolunteerAward, VolunteerEvaluation, VolunteerService, VolunteerTraining,
)

__all__ = [
    "AppSetting", "Attachment", "AuditEntry", "CaseAssessment", "CaseAssessmentArea", "CaseEvaluation", "CaseFile", "CaseFollowUp",
    "CasePlan", "CasePlanGoal", "CaseReferral", "CaseReferralChange", "CaseServiceRecord", "CaseStageChange", "Client", "ClientMember", "ChangeLogEntry", "Community", "Donor", "KeyWrap",
    "BalanceAssertion", "BalanceAssertionWithdrawal", "Disbursement", "DisbursementApproval", "DonationReceipt", "Fund", "FundMember", "FundPublication", "GoodsInKind",
    "LedgerEntry", "LedgerLine", "Need", "NeedMatch", "NodeIdentity", "PolicyProfileDoc", "Resource", "Project", "ProjectActivity",
    "ProjectActivityVolunteer", "ProjectBudgetLine", "ProjectEvaluation", "ProjectExpense", "ProjectMilestone",
    "ProjectPlannedActivity", "ProjectRound", "ProjectStatusChange", "ProjectTeamMember", "ReviewScore", "ReviewSheet",
    "RoundCriterion", "RoundReviewer", "SocialOrg", "SocialOrgStatusChange",
    "SocialWorker", "SocialWorkerCoverage", "Station", "SyncBundleLog", "SyncConflict", "SyncPeer", "TimebankEntry", "TimebankReward", "UserAccount", "Volunteer",
    "VolunteerAward", "VolunteerCertificate", "VolunteerCertificateRevocation", "VolunteerEvaluation", "VolunteerService",
    "VolunteerTraining",
]
