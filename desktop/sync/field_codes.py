"""Which list of codes a synced column holds, so that the 冲突 comparison and ``wushe sync conflicts`` show
"Registered (已登记)" rather than ``registered``. ``COMMON`` holds the list a column has in every table;
``BY_TABLE`` where a column of that name means something else (every table has its own ``status``); ``TAGS``
the columns that hold several codes (or names) at once, shown as the screens list them (养老、助残).
A column named in neither is shown as stored, as is a code the list does not know (from a newer node)."""

from __future__ import annotations

from typing import Any

from desktop.domain import codes as c
from desktop.domain.case_workflow import STAGE_LABELS
from desktop.domain.ledger import ACCOUNT_LABELS, APPROVAL_RULE_LABELS, DECISION_LABELS, \
    DISBURSEMENT_STATUS_LABELS, ENTRY_KIND_LABELS, FUND_STATUS_LABELS, MEMBER_ROLE_LABELS, RECEIPT_STATUS_LABELS
from desktop.domain.project_workflow import STATUS_LABELS as PROJECT_STATUSES
from desktop.i18n import _
from desktop.services.tags import tags_of

COMMON: dict[str, dict[str, str]] = {
    "gender": c.GENDERS, "id_type": c.ID_TYPES, "consent_method": c.CONSENT_METHODS, "consent_by": c.CONSENT_GIVERS,
    "setting": c.COMMUNITY_SETTINGS, "employer_kind": c.EMPLOYER_KINDS, "employment": c.EMPLOYMENT_KINDS,
    "cert_level": c.CERT_LEVELS, "funding_kind": c.FUNDING_KINDS, "inspection": c.ORG_INSPECTIONS,
    "relation": c.HOUSEHOLD_RELATIONS, "risk": c.RISK_LEVELS, "goals_met": c.GOALS_MET, "urgency": c.NEED_URGENCIES,
    "holder": c.NEED_HOLDERS, "account": ACCOUNT_LABELS, "decision": DECISION_LABELS,
    "approval_rule": APPROVAL_RULE_LABELS,
}

BY_TABLE: dict[str, dict[str, dict[str, str]]] = {
    "station": {"kind": c.NODE_KINDS},
    "social_org": {"status": c.ORG_STATUSES, "category": c.ORG_CATEGORIES, "rating": c.ORG_RATINGS},
    "social_org_status": {"status": c.ORG_STATUSES},
    "social_worker": {"status": c.WORKER_STATUSES},
    "volunteer": {"status": c.VOLUNTEER_STATUSES},
    "volunteer_service": {"category": c.SERVICE_CATEGORIES},
    "volunteer_evaluation": {"rating": c.EVALUATION_RATINGS},
    "donor": {"kind": c.DONOR_KINDS},
    "timebank_entry": {"kind": c.TIMEBANK_KINDS},
    "timebank_reward": {"kind": c.REWARD_KINDS},
    "case_file": {"source": c.CASE_SOURCES, "stage": STAGE_LABELS},
    "case_service_record": {"kind": c.SERVICE_RECORD_KINDS},
    "case_referral": {"status": c.REFERRAL_STATUSES, "target_kind": c.REFERRAL_TARGETS},
    "attachment": {"owner_table": c.TABLE_LABELS},
    "case_plan_goal": {"status": c.GOAL_STATUSES},
    "case_assessment_area": {"area": c.ASSESSMENT_AREAS, "level": c.NEED_LEVELS},
    "project": {"status": PROJECT_STATUSES},
    "project_budget_line": {"category": c.BUDGET_CATEGORIES},
    "project_activity": {"kind": c.ACTIVITY_KINDS},
    "project_evaluation": {"kind": c.PROJECT_EVALUATION_KINDS, "conclusion": c.EVALUATION_CONCLUSIONS},
    "fund": {"status": FUND_STATUS_LABELS},
    "fund_member": {"role": MEMBER_ROLE_LABELS},
    "ledger_entry": {"kind": ENTRY_KIND_LABELS},
    "disbursement": {"status": DISBURSEMENT_STATUS_LABELS},
    "donation_receipt": {"status": RECEIPT_STATUS_LABELS},
    "need": {"category": c.NEED_CATEGORIES, "source": c.NEED_SOURCES, "status": c.NEED_STATUSES},
    "need_match": {"status": c.MATCH_STATUSES},
    "resource": {"kind": c.RESOURCE_KINDS, "status": c.RESOURCE_STATUSES},
}


# Columns of several items kept as ",a,b," (``services.tags``): the codes they hold, None for names (teams).
TAGS: dict[str, dict[str, dict[str, str] | None]] = {
    "client": {"target_groups": c.TARGET_GROUPS},
    "volunteer": {"categories": c.SERVICE_CATEGORIES, "teams": None},
    "donor": {"offers": c.OFFER_KINDS},
    "project_round": {"areas": c.PROJECT_AREAS},
    "project": {"areas": c.PROJECT_AREAS},
    "resource": {"categories": c.NEED_CATEGORIES},
}


def code_list(table: str, column: str) -> dict[str, str] | None:
    """The codes ``table``'s ``column`` holds, or None for a column that holds no code."""
    return BY_TABLE.get(table, {}).get(column) or COMMON.get(column)


def code_text(table: str, column: str, value: Any) -> Any:
    """A code's translated label, several codes' labels listed the way the language lists them ("" for none);
    any other value as it is."""
    if column in TAGS.get(table, {}) and isinstance(value, str):
        items = TAGS[table][column]
        return _(", ").join(item if items is None else c.label(items, item) for item in tags_of(value))
    codes = code_list(table, column)
    if codes is None or isinstance(value, bool) or not isinstance(value, str | int):
        return value
    return c.label(codes, str(value))  # a rating's codes are "1" to "5", stored as numbers
