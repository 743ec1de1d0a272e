"""Every mapped table, imported here so the metadata is complete for Alembic and queries."""

from desktop.storage.models.account import AppSetting, KeyWrap, UserAccount
from desktop.storage.models.certificate import VolunteerCertificate, VolunteerCertificateRevocation
from desktop.storage.models.community import Community
from desktop.storage.models.donor import Donor
from desktop.storage.models.journal import AuditEntry, ChangeLogEntry
from desktop.storage.models.node import NodeIdentity, Station
from desktop.storage.models.social_org import SocialOrg, SocialOrgStatusChange
from desktop.storage.models.social_worker import SocialWorker, SocialWorkerCoverage
from desktop.storage.models.volunteer import (
    TimebankEntry, TimebankReward, Volunteer, VolunteerAward, VolunteerEvaluation, VolunteerService, VolunteerTraining,
)

__all__ = [
    "AppSetting", "AuditEntry", "ChangeLogEntry", "Community", "Donor", "KeyWrap", "NodeIdentity", "SocialOrg", "SocialOrgStatusChange",
    "SocialWorker", "SocialWorkerCoverage", "Station", "TimebankEntry", "TimebankReward", "UserAccount", "Volunteer",
    "VolunteerAward", "VolunteerCertificate", "VolunteerCertificateRevocation", "VolunteerEvaluation", "VolunteerService",
    "VolunteerTraining",
]
