"""Stable English codes stored in the database, with their labels translated when shown.

The tables live by subject in ``desktop.domain.code_tables``; this module is the one place that names
them all, so ``from desktop.domain.codes import X`` finds any of them."""

from __future__ import annotations

from desktop.domain.code_tables.cases import (
    ASSESSMENT_AREAS, CASE_SOURCES, GOALS_MET, GOAL_STATUSES, HOUSEHOLD_RELATIONS, NEED_LEVELS, REFERRAL_STATUSES,
    REFERRAL_TARGETS, RISK_LEVELS, SERVICE_RECORD_KINDS, TARGET_GROUPS,
)
from desktop.domain.code_tables.needs import (
    MATCH_STATUSES, NEED_CATEGORIES, NEED_HOLDERS, NEED_SOURCES, NEED_STATUSES, NEED_URGENCIES, PROJECT_AREA_NEEDS,
    RESOURCE_KINDS, RESOURCE_STATUSES,
)
from desktop.domain.code_tables.people import CONSENT_GIVERS, CONSENT_METHODS, GENDERS, ID_TYPES
from desktop.domain.code_tables.projects import (
    ACTIVITY_KINDS, BUDGET_CATEGORIES, EVALUATION_CONCLUSIONS, FUNDING_KINDS, PROJECT_AREAS,
    PROJECT_EVALUATION_KINDS,
)
from desktop.domain.code_tables.registers import (
    CERT_LEVELS, DONOR_KINDS, EMPLOYER_KINDS, EMPLOYMENT_KINDS, OFFER_KINDS, ORG_CATEGORIES, ORG_INSPECTIONS,
    ORG_RATINGS, ORG_STATUSES, WORKER_STATUSES,
)
from desktop.domain.code_tables.station import AUDIT_ACTIONS, COMMUNITY_SETTINGS, NODE_KINDS, TABLE_LABELS
from desktop.domain.code_tables.volunteers import (
    EVALUATION_RATINGS, REWARD_KINDS, SERVICE_CATEGORIES, TIMEBANK_KINDS, VOLUNTEER_STATUSES,
)
from desktop.i18n import _


def label(codes: dict[str, str], code: str) -> str:
    """The translated label of ``code``, or the code itself when it is unknown (from a newer node)."""
    return _(codes[code]) if code in codes else code
