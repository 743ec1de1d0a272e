"""Stable English codes stored in the database, with their labels translated when shown."""

from __future__ import annotations

from desktop.i18n import N_, _

NODE_KINDS: dict[str, str] = {
    "station": N_("Township social-work station"),
    "room": N_("Village/community social-work room"),
    "county": N_("County civil-affairs office"),
}

COMMUNITY_SETTINGS: dict[str, str] = {
    "urban": N_("Urban community"),
    "rural": N_("Rural village"),
}


def label(codes: dict[str, str], code: str) -> str:
    """The translated label of ``code``, or the code itself when it is unknown (from a newer node)."""
    return _(codes[code]) if code in codes else code


# What the audit log records, as people read it.
AUDIT_ACTIONS: dict[str, str] = {
    "init": N_("Set up the node"),
    "insert": N_("Added"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
    "restore": N_("Restored"),
    "backup": N_("Backup"),
    "backup.restore": N_("Restored a backup"),
    "login": N_("Signed in"),
    "logout": N_("Signed out"),
    "lockout": N_("Locked out"),
    "password.change": N_("Changed own password"),
    "recovery.new": N_("New recovery code"),
    "recovery.use": N_("Used the recovery code"),
    "reveal": N_("Revealed a protected field"),
    "setting": N_("Changed a setting"),
    "user.add": N_("Added a user"),
    "user.edit": N_("Edited a user"),
    "user.disable": N_("Disabled a user"),
    "user.enable": N_("Enabled a user"),
    "user.reset_password": N_("Reset a password"),
}

TABLE_LABELS: dict[str, str] = {
    "station": N_("Station profile"),
    "community": N_("Villages and communities"),
    "user_account": N_("Users"),
    "social_org": N_("Community social organisations"),
    "social_org_status": N_("Status changes of organisations"),
}

# Community social organisations (社区社会组织): category and legal status.
ORG_CATEGORIES: dict[str, str] = {
    "service": N_("Community service"),
    "charity": N_("Charity and public welfare"),
    "mutual_aid": N_("Mutual aid"),
    "culture_sports": N_("Culture and sports"),
    "governance": N_("Community governance"),
    "other": N_("Other"),
}

ORG_STATUSES: dict[str, str] = {
    "registered": N_("Registered (登记)"),
    "filed": N_("Filed (备案)"),
    "incubating": N_("Incubating (培育中)"),
}
