"""Micro-venture projects (微创投): funding, proposals, budgets, activities and evaluations."""

from __future__ import annotations

from desktop.i18n import N_

# Micro-venture projects (微创投): where a round's money comes from, and what a proposal records.
FUNDING_KINDS: dict[str, str] = {
    "foundation": N_("Community foundation (社区基金)"),
    "government": N_("Government purchase of services (政府购买服务)"),
    "charity": N_("Charity or foundation grant (慈善组织/基金会资助)"),
    "other": N_("Other (其他)"),
}

# The 项目领域 tick boxes of the proposal's basic table.
PROJECT_AREAS: dict[str, str] = {
    "elderly": N_("Services for the elderly (为老服务)"),
    "children": N_("Caring for children (儿童关爱)"),
    "disability": N_("Services for people with disabilities (助残服务)"),
    "poverty": N_("Help for people in difficulty (困难群众帮扶)"),
    "community_governance": N_("Community governance (社区治理)"),
    "volunteer": N_("Volunteer service (志愿服务)"),
    "culture": N_("Culture and sports (文化体育)"),
    "environment": N_("Environmental protection (环境保护)"),
    "health": N_("Health services (健康服务)"),
    "other": N_("Other (其他)"),
}

# Rows of the budget table, in the order the proposal prints them (FORMS.md).
BUDGET_CATEGORIES: dict[str, str] = {
    "service": N_("Social service costs (社会服务支出)"),
    "labour": N_("Labour (劳务费)"),
    "volunteer_allowance": N_("Volunteer allowances (志愿者补贴)"),
    "expert": N_("Expert consultation (专家咨询费)"),
    "training": N_("Training (培训费)"),
    "meeting": N_("Meetings (会议费)"),
    "transport": N_("Transport (交通费)"),
    "communication": N_("Communication (通讯费)"),
    "printing": N_("Printing and publicity (印刷宣传费)"),
    "materials": N_("Materials and supplies (物资购置费)"),
    "fixed_assets": N_("Necessary fixed assets (必需购置的固定资产)"),
    "tax": N_("Taxes (税费)"),
    "other": N_("Other (其他)"),
}

# What a running project's activities (实际活动) were.
ACTIVITY_KINDS: dict[str, str] = {
    "group": N_("Group activity (小组活动)"),
    "community_event": N_("Community event (社区活动)"),
    "training": N_("Training (培训)"),
    "visit": N_("Home visit (入户探访)"),
    "lecture": N_("Lecture (讲座)"),
    "volunteer_service": N_("Volunteer service (志愿服务)"),
    "meeting": N_("Meeting (会议)"),
    "other": N_("Other (其他)"),
}

PROJECT_EVALUATION_KINDS: dict[str, str] = {
    "midterm": N_("Mid-term evaluation (中期评估)"),
    "final": N_("Final evaluation (结项评估)"),
}

EVALUATION_CONCLUSIONS: dict[str, str] = {
    "excellent": N_("Excellent (优秀)"),
    "good": N_("Good (良好)"),
    "pass": N_("Pass (合格)"),
    "fail": N_("Fail (不合格)"),
}
