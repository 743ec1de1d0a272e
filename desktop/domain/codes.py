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
    "social_worker": N_("Social workers"),
    "social_worker_coverage": N_("Communities covered by social workers"),
    "donor": N_("Donors and partners"),
    "volunteer": N_("Volunteers"),
    "volunteer_service": N_("Volunteer service records"),
    "volunteer_training": N_("Volunteer training"),
    "volunteer_award": N_("Volunteer awards"),
    "volunteer_evaluation": N_("Volunteer evaluations"),
    "timebank_entry": N_("Time-bank entries"),
    "timebank_reward": N_("Time-bank rewards"),
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

GENDERS: dict[str, str] = {
    "female": N_("Female"),
    "male": N_("Male"),
}

# Social workers (社会工作者): who employs them, on what terms, and their national certificate.
EMPLOYER_KINDS: dict[str, str] = {
    "station": N_("Social-work station"),
    "agency": N_("Social-work service agency"),
    "community": N_("Village or community"),
}

EMPLOYMENT_KINDS: dict[str, str] = {
    "full_time": N_("Full-time"),
    "part_time": N_("Part-time"),
}

CERT_LEVELS: dict[str, str] = {
    "assistant": N_("Assistant social worker (助理社会工作师)"),
    "intermediate": N_("Social worker (社会工作师)"),
    "senior": N_("Senior social worker (高级社会工作师)"),
    "none": N_("No certificate"),
}

WORKER_STATUSES: dict[str, str] = {
    "active": N_("In post"),
    "left": N_("Left the post"),
}

# Social charity resources (社会慈善资源): donors and partners, and what they can offer.
DONOR_KINDS: dict[str, str] = {
    "enterprise": N_("Enterprise"),
    "unit": N_("Unit in the area (驻区单位)"),
    "individual": N_("Individual"),
    "foundation": N_("Foundation or charity"),
    "other": N_("Other"),
}

OFFER_KINDS: dict[str, str] = {
    "money": N_("Money"),
    "goods": N_("Goods"),
    "venue": N_("Venues"),
    "professional": N_("Professional services"),
    "volunteer": N_("Volunteer service"),
}

# Community volunteers (社区志愿者) and their record (民政部令第67号, 2020).
ID_TYPES: dict[str, str] = {
    "resident_id": N_("Resident ID card (居民身份证)"),
    "hk_macau": N_("Hong Kong / Macao permit or residence permit"),
    "taiwan": N_("Taiwan permit or residence permit"),
    "passport": N_("Passport"),
    "other": N_("Other document"),
}

VOLUNTEER_STATUSES: dict[str, str] = {
    "active": N_("Registered (在册)"),
    "paused": N_("Paused (暂停)"),
    "left": N_("Deregistered (注销)"),
}

SERVICE_CATEGORIES: dict[str, str] = {
    "elderly_disabled": N_("Helping the elderly and disabled"),
    "children": N_("Caring for children"),
    "governance": N_("Community governance"),
    "environment": N_("Environmental protection"),
    "culture_sports": N_("Culture and sports"),
    "emergency": N_("Emergency rescue"),
    "legal": N_("Legal services"),
    "health": N_("Medical and health care"),
    "other": N_("Other"),
}

# Consent to process sensitive personal information (PIPL): how it was given, and by whom.
CONSENT_METHODS: dict[str, str] = {
    "written": N_("In writing"),
    "oral": N_("Orally"),
    "electronic": N_("Electronically"),
}

CONSENT_GIVERS: dict[str, str] = {
    "self": N_("The person"),
    "guardian": N_("The guardian"),
}

EVALUATION_RATINGS: dict[str, str] = {
    "5": N_("★★★★★ Excellent"),
    "4": N_("★★★★ Good"),
    "3": N_("★★★ Satisfactory"),
    "2": N_("★★ Fair"),
    "1": N_("★ Poor"),
}

# Time bank (时间银行): what moved points in or out of a passbook.
TIMEBANK_KINDS: dict[str, str] = {
    "deposit": N_("Service hours deposited"),
    "redemption": N_("Redeemed"),
    "donation_out": N_("Donated"),
    "donation_in": N_("Donation received"),
    "over_cap": N_("Donated above the storage cap"),
    "reversal": N_("Reversal"),
}

REWARD_KINDS: dict[str, str] = {
    "goods": N_("Goods"),
    "service": N_("Service"),
}
