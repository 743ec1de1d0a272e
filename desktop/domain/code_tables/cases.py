"""Case files (个案管理): clients, assessments, plans, services, referrals and endings."""

from __future__ import annotations

from desktop.i18n import N_

# Case files (个案管理): who the clients are, where a case came from, and what was done.
TARGET_GROUPS: dict[str, str] = {
    "elderly_alone": N_("Elderly living alone or empty-nest (独居/空巢老人)"),
    "left_behind_child": N_("Left-behind child (留守儿童)"),
    "child_in_difficulty": N_("Child in difficulty (困境儿童)"),
    "disabled": N_("Person with a disability (残疾人)"),
    "dibao": N_("Minimum-living-allowance household (低保)"),
    "tekun": N_("Person in extreme poverty (特困)"),
    "youfu": N_("Entitled group (优抚对象)"),
    "other": N_("Other"),
}

HOUSEHOLD_RELATIONS: dict[str, str] = {
    "spouse": N_("Spouse"),
    "child": N_("Child"),
    "parent": N_("Parent"),
    "grandparent": N_("Grandparent"),
    "grandchild": N_("Grandchild"),
    "sibling": N_("Brother or sister"),
    "other": N_("Other relative or carer"),
}

CASE_SOURCES: dict[str, str] = {
    "outreach": N_("Found on a home visit (走访发现)"),
    "self": N_("Resident asked for help (居民求助)"),
    "community": N_("Referred by the village or community (村社区转介)"),
    "department": N_("Referred by a department (部门转介)"),
}

RISK_LEVELS: dict[str, str] = {
    "high": N_("High (高)"),
    "medium": N_("Medium (中)"),
    "low": N_("Low (低)"),
}

ASSESSMENT_AREAS: dict[str, str] = {
    "daily_care": N_("Daily care (生活照料)"),
    "health": N_("Physical health (身体健康)"),
    "mental": N_("Mood and mental health (心理情绪)"),
    "economic": N_("Economic situation (经济状况)"),
    "family": N_("Family relations (家庭关系)"),
    "social_support": N_("Social support (社会支持)"),
    "housing_safety": N_("Housing and safety (居住安全)"),
    "other": N_("Other (其他)"),
}

# How pressing the need in one assessed area is.
NEED_LEVELS: dict[str, str] = {
    "none": N_("No need"),
    "mild": N_("Mild"),
    "moderate": N_("Moderate"),
    "severe": N_("Severe"),
}

GOAL_STATUSES: dict[str, str] = {
    "pending": N_("Not started"),
    "in_progress": N_("In progress"),
    "achieved": N_("Achieved"),
    "not_achieved": N_("Not achieved"),
}

SERVICE_RECORD_KINDS: dict[str, str] = {
    "home_visit": N_("Home visit (入户走访)"),
    "phone": N_("Phone call (电话)"),
    "interview": N_("Interview (面谈)"),
    "accompany": N_("Accompanying (陪同)"),
    "group": N_("Group work (小组)"),
    "other": N_("Other (其他)"),
}

REFERRAL_TARGETS: dict[str, str] = {
    "department": N_("Government department"),
    "social_org": N_("Social organisation"),
    "donor": N_("Charity resource or donor"),
    "service": N_("Service or institution"),
}

REFERRAL_STATUSES: dict[str, str] = {
    "referred": N_("Referred (已转介)"),
    "accepted": N_("Accepted (已接收)"),
    "completed": N_("Completed (已完成)"),
    "failed": N_("Not successful (未成功)"),
}

GOALS_MET: dict[str, str] = {
    "all": N_("All goals achieved"),
    "most": N_("Most goals achieved"),
    "some": N_("Some goals achieved"),
    "none": N_("No goal achieved"),
}
