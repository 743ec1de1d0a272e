"""The registers of community social organisations, social workers and social charity resources."""

from __future__ import annotations

from desktop.i18n import N_

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
