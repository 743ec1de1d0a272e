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
    "sync.peer.add": N_("Trusted a sync peer"),
    "sync.peer.rekey": N_("Replaced a sync peer's keys"),
    "sync.peer.rename": N_("Updated a sync peer's name"),
    "sync.export": N_("Exported a sync bundle"),
    "sync.import": N_("Imported a sync bundle"),
    "sync.merge": N_("Merged from a sync bundle"),
    "sync.conflict": N_("Resolved a sync conflict"),
    "node.keys.sealed": N_("Sealed this node's private keys"),
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
    "client": N_("Clients"),
    "client_member": N_("Household members of clients"),
    "case_file": N_("Cases"),
    "case_stage_change": N_("Stage changes of cases"),
    "case_assessment": N_("Needs assessments"),
    "case_assessment_area": N_("Areas of needs assessments"),
    "case_plan": N_("Service plans"),
    "case_plan_goal": N_("Goals of service plans"),
    "case_service_record": N_("Case service records"),
    "case_evaluation": N_("Case evaluations"),
    "case_referral": N_("Referrals"),
    "case_followup": N_("Follow-ups"),
    "project_round": N_("Micro-venture rounds"),
    "round_criterion": N_("Scoring criteria of rounds"),
    "round_reviewer": N_("Reviewers of rounds"),
    "project": N_("Projects and proposals"),
    "project_status_change": N_("Status changes of projects"),
    "project_team_member": N_("Project teams"),
    "project_budget_line": N_("Project budget lines"),
    "project_planned_activity": N_("Planned project activities"),
    "review_sheet": N_("Review sheets"),
    "review_score": N_("Review scores"),
    "project_activity": N_("Project activities"),
    "project_activity_volunteer": N_("Volunteers at project activities"),
    "project_expense": N_("Project spending"),
    "project_milestone": N_("Project milestones"),
    "project_evaluation": N_("Project evaluations"),
    "attachment": N_("Attachments"),
    "sync_conflict": N_("Sync conflicts"),
    "fund": N_("Community funds"),
    "fund_member": N_("Fund committee members"),
    "ledger_entry": N_("Fund ledger entries"),
    "ledger_line": N_("Fund ledger lines"),
    "disbursement": N_("Fund disbursements"),
    "disbursement_approval": N_("Committee decisions on disbursements"),
    "goods_in_kind": N_("Goods donated in kind"),
    "balance_assertion": N_("Bank statement balances"),
    "donation_receipt": N_("Donation receipts"),
    "need": N_("Needs list"),
    "resource": N_("Resources list"),
    "need_match": N_("Matches of needs and resources"),
    "policy_profile": N_("Policy profiles sent by the county"),
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

# What a proposal asks of the applicant: its latest 年度年检结论 and its 评估等级; "" is not given.
ORG_INSPECTIONS: dict[str, str] = {
    "qualified": N_("Qualified (合格)"),
    "basically_qualified": N_("Basically qualified (基本合格)"),
    "unqualified": N_("Unqualified (不合格)"),
    "not_inspected": N_("Not inspected (未参检)"),
}

ORG_RATINGS: dict[str, str] = {
    "5A": N_("Grade 5A (5A级)"),
    "4A": N_("Grade 4A (4A级)"),
    "3A": N_("Grade 3A (3A级)"),
    "2A": N_("Grade 2A (2A级)"),
    "1A": N_("Grade 1A (1A级)"),
    "none": N_("Not rated (未评估)"),
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
