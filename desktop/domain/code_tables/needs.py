"""The needs and resources lists and 供需对接: categories, holders, urgency, statuses and matches."""

from __future__ import annotations

from desktop.i18n import N_

# The needs and resources lists and 供需对接 (issue 9): the categories of the needs list.
NEED_CATEGORIES: dict[str, str] = {
    "elderly": N_("Elderly care (养老)"),
    "disability": N_("Disability support (助残)"),
    "children": N_("Caring for children (儿童关爱)"),
    "assistance": N_("Social assistance (社会救助)"),
    "employment": N_("Employment (就业)"),
    "culture": N_("Culture and sports (文体)"),
    "environment": N_("Environmental governance (环境治理)"),
    "mediation": N_("Dispute mediation (矛盾调处)"),
    "other": N_("Other (其他)"),
}

NEED_HOLDERS: dict[str, str] = {
    "client": N_("A client"),
    "group": N_("A group"),
    "community": N_("The whole community"),
}

NEED_URGENCIES: dict[str, str] = {  # least to most urgent
    "low": N_("Not urgent (一般)"),
    "medium": N_("Fairly urgent (较急)"),
    "high": N_("Urgent (紧急)"),
}

NEED_SOURCES: dict[str, str] = {
    "visit": N_("Home visit (走访)"),
    "request": N_("Asked for (来访求助)"),
    "case": N_("Case assessment (个案评估)"),
    "survey": N_("Survey (需求调查)"),
    "referral": N_("Referred (转介)"),
    "other": N_("Other (其他)"),
}

NEED_STATUSES: dict[str, str] = {
    "open": N_("Waiting for a match (待对接)"),
    "matched": N_("Matched (已对接)"),
    "solved": N_("Solved (已解决)"),
    "unsolvable": N_("Cannot be solved (无法解决)"),
}

RESOURCE_KINDS: dict[str, str] = {
    "donor": N_("Donor or partner"),
    "org": N_("Social organisation"),
    "volunteer_skill": N_("Volunteers' skills"),
    "venue": N_("Venue"),
    "department": N_("Government department"),
    "service_project": N_("Service project (other than micro-venture)"),
    "other": N_("Other"),
}

RESOURCE_STATUSES: dict[str, str] = {
    "available": N_("Available (可用)"),
    "paused": N_("Paused (暂停)"),
    "ended": N_("No longer offered (已停止)"),
}

MATCH_STATUSES: dict[str, str] = {
    "active": N_("Under way (对接中)"),
    "done": N_("Done (已完成)"),
    "failed": N_("Did not work (未成功)"),
    "with_need": N_("Closed with the need (随需求关闭)"),  # neither done nor failed (services.needs)
}

# A project area (PROJECT_AREAS) answers needs of these categories, for matching projects to needs.
PROJECT_AREA_NEEDS: dict[str, tuple[str, ...]] = {
    "elderly": ("elderly",),
    "children": ("children",),
    "disability": ("disability",),
    "poverty": ("assistance", "employment"),
    "community_governance": ("mediation", "environment"),
    "volunteer": (),
    "culture": ("culture",),
    "environment": ("environment",),
    "health": ("elderly", "disability"),
    "other": ("other",),
}
