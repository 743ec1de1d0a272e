"""Every mapped table, imported here so the metadata is complete for Alembic and queries."""

from desktop.storage.models.account import AppSetting, KeyWrap, UserAccount
from desktop.storage.models.community import Community
from desktop.storage.models.journal import AuditEntry, ChangeLogEntry
from desktop.storage.models.node import NodeIdentity, Station
from desktop.storage.models.social_org import SocialOrg, SocialOrgStatusChange

__all__ = [
    "AppSetting", "AuditEntry", "ChangeLogEntry", "Community", "KeyWrap", "NodeIdentity", "SocialOrg", "SocialOrgStatusChange",
    "Station", "UserAccount",
]
