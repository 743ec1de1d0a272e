"""What a person calls a synced column: the label its register form shows for the field (the same
msgid, so the same translation), for the 冲突 comparison and ``wushe sync conflicts``.

``COMMON`` holds the label a column has in most registers; ``BY_TABLE`` where a form calls it something
else. A sealed column is looked up by its field (``phone`` for ``phone_sealed``); a column named in
neither is shown by its name, as one from a newer node would be.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from desktop.domain.money import from_fen
from desktop.i18n import N_, _

MONEY_SUFFIX = "_fen"  # integer fen, shown in yuan like the forms show them
SCALED = {"_centi": 100, "_tenths": 10}  # a quantity or score kept in hundredths or tenths, shown whole

COMMON: dict[str, str] = {
    # people and places
    "name": N_("Name"), "gender": N_("Gender"), "birth_date": N_("Date of birth"), "id_type": N_("ID document"),
    "id_number": N_("ID number"), "phone": N_("Phone"), "address": N_("Address"), "notes": N_("Notes"),
    "note": N_("Note"), "community_id": N_("Village or community"), "status": N_("Status"), "kind": N_("Kind"),
    "category": N_("Category"), "number": N_("Number"), "registered_on": N_("Registered on"),
    "consent_on": N_("Consent given on"), "consent_method": N_("How it was given"), "consent_by": N_("Given by"),
    "guardian_name": N_("Guardian"), "guardian_phone": N_("Guardian's phone"), "user_id": N_("User account"),
    "joined_on": N_("Joined"), "credit_code": N_("Credit code"), "division_code": N_("Administrative-division code"),
    "deleted_at": N_("Deleted"), "updated_at": N_("Last changed"),
    # communities, stations, organisations, workers, volunteers, donors
    "population": N_("Resident population"), "setting": N_("Urban or rural"), "township": N_("Township or street"),
    "county": N_("County or district"), "founded_on": N_("Founded"), "leader": N_("Leader"),
    "leader_phone": N_("Leader's phone"), "members": N_("Members"), "federation_id": N_("Belongs to federation"),
    "inspection": N_("Annual inspection"), "postcode": N_("Postcode"), "profile": N_("Organisation profile"),
    "employer_kind": N_("Employed by"), "employer_name": N_("Employer"), "employment": N_("Employment"),
    "cert_level": N_("Qualification"), "cert_number": N_("Certificate no."), "cert_year": N_("Year certified"),
    "residence": N_("Residential area"), "skills": N_("Skills"), "categories": N_("Service categories"),
    "teams": N_("Teams"), "contact_person": N_("Contact person"), "offers": N_("Offers"),
    "offer_notes": N_("What they offer"), "first_contact_on": N_("First contact"), "target_groups": N_("Target groups"),
    # cases
    "client_id": N_("Client"), "worker_user_id": N_("Responsible worker"), "opened_on": N_("Opened on"),
    "problem": N_("Presenting problem"), "risk": N_("Risk"), "stage": N_("Stage"), "reason": N_("Reason"),
    "assessed_on": N_("Assessed on"), "strengths": N_("Strengths and resources"), "effective_on": N_("In force from"),
    "strategies": N_("Strategies and activities"), "evaluated_on": N_("Evaluated on"), "goals_met": N_("Goals"),
    "client_feedback": N_("Client's feedback"), "worker_view": N_("Social worker's view"),
    "referred_on": N_("Referred on"), "feedback": N_("Feedback"), "due_on": N_("Due on"), "done_on": N_("Done on"),
    "outcome": N_("Outcome"), "next_step": N_("Next step"), "content": N_("Content"), "place": N_("Place"),
    "minutes": N_("Minutes"), "source": N_("How the case came"),
    # rounds, projects, funds
    "round_id": N_("Round"), "project_id": N_("Project"), "org_id": N_("Applicant (申报单位)"), "year": N_("Year"),
    "opens_on": N_("Proposals from"), "closes_on": N_("Proposals until"), "funding_kind": N_("Funding kind"),
    "funding_source": N_("Funding source"), "pool_fen": N_("Pool (yuan)"),
    "max_grant_fen": N_("Maximum grant per project"),
    "training_cap_fen": N_("Training, per person-day"), "meeting_cap_fen": N_("Meetings, per person-day"),
    "expert_cap_fen": N_("Expert fees, per person-day"), "min_matching_percent": N_("Matching funds at least"),
    "labour_max_percent": N_("Labour and volunteer allowances at most"), "title": N_("Project title"),
    "target_group": N_("Target group"), "beneficiaries": N_("Beneficiaries (受益人数)"), "starts_on": N_("Starts on"),
    "ends_on": N_("Ends on"), "leader_name": N_("Project leader (项目负责人)"),
    "contact_name": N_("Contact person (项目联系人)"), "contact_phone": N_("Contact's phone"),
    "contact_email": N_("Contact's e-mail"), "requested_fen": N_("Requested (yuan)"),
    "approved_fen": N_("Approved (yuan)"), "amount_fen": N_("Amount (yuan)"), "purpose": N_("Purpose"),
    "host_charity": N_("Host charity (托管慈善组织)"), "approval_rule": N_("Disbursements need"),
    "receipt_prefix": N_("Receipt word"), "payee": N_("Paid to"), "voucher_no": N_("Voucher no. (凭证号)"),
    "person_times": N_("Person-times served (服务人次)"), "attendance": N_("Attendance (参与人数)"),
    "role": N_("Role"), "affiliation": N_("Affiliation"), "evaluator": N_("Evaluated by"),
    "conclusion": N_("Conclusion"), "funds_received_fen": N_("Funds received (到位资金)"),
    "matching_fen": N_("Matching funds (yuan)"), "unit_price_fen": N_("Unit price (yuan)"),
    "valued_fen": N_("Valuation (yuan)"), "quantity_centi": N_("Quantity"), "unit": N_("Unit"),
    "station_id": N_("Station"), "volunteer_id": N_("Volunteer"), "fund_id": N_("Fund"), "donor_id": N_("Donor"),
    "worker_id": N_("Social worker"), "worker_name": N_("Worker"), "account": N_("Account"),
    "counterparty": N_("Counterparty"), "comment": N_("Comment"), "weight": N_("Weight"), "issued_on": N_("Issued on"),
    "closed_on": N_("Closed on"), "closing_summary": N_("Closing summary"), "referred_to": N_("Referred to"),
    "relation": N_("Relation"), "birth_year": N_("Year of birth"), "lives_with": N_("Lives with the client"),
    "party_branch": N_("Party branch"), "brand": N_("Brand"), "is_federation": N_("Federation"),
    "opinion": N_("Opinion (评审意见)"), "submitted_on": N_("Submitted on"), "needs": N_("Needs"),
    "sessions": N_("Sessions"), "goal": N_("Goal"), "indicator": N_("Indicator"), "target_on": N_("Target date"),
    "area": N_("Area"), "decision": N_("Decision"), "decided_on": N_("Decided on"), "proposed_on": N_("Proposed on"),
    "proposed_by": N_("Proposed by"), "organiser": N_("Organiser"), "recorded_on": N_("Recorded on"),
    "by_name": N_("Recorded by"), "recorded_by": N_("Recorded by"),
    "position": N_("Place in the list"), "case_id": N_("Case no."), "held_on": N_("Date"),
    "service_id": N_("Service record"), "late": N_("Recorded late"), "rating": N_("Evaluation rating"),
    "activity_id": N_("Activity"),
}

BY_TABLE: dict[str, dict[str, str]] = {
    "station": {"name": N_("Station name"), "kind": N_("Kind of node")},
    "social_worker": {"name": N_("Full name"), "phone": N_("Mobile"), "joined_on": N_("Serving from")},
    "volunteer": {"name": N_("Full name"), "guardian_relation": N_("Relation to the volunteer"),
                  "registered_on": N_("Registration date")},
    "client": {"name": N_("Full name"), "guardian_relation": N_("Relation to the client")},
    "client_member": {"name": N_("Member name")},
    "social_org": {"address": N_("Mailing address")},
    "donor": {"address": N_("Mailing address")},
    "fund": {"purpose": N_("Fund purpose"), "opened_on": N_("Set up on"), "name": N_("Fund")},
    "fund_member": {"role": N_("Committee role"), "left_on": N_("First day not serving"),
                    "joined_on": N_("Serving from"), "unpaid": N_("Serves unpaid")},
    "project_round": {"areas": N_("Areas funded"), "organiser": N_("Organiser (主办单位)")},
    "project": {"areas": N_("Areas (项目领域)"), "summary": N_("Summary (项目简介)"),
                "objectives": N_("Objectives (项目目标)"), "approach": N_("Approach and schedule (实施计划与进度)"),
                "outcomes": N_("Expected outcomes and evaluation (预期成效与评估)"),
                "risks": N_("Risks and responses (风险及应对)"), "sustainability": N_("Sustainability (可持续性)"),
                "planned_sessions": N_("Sessions planned (活动场次)"),
                "planned_person_times": N_("Person-times planned (服务人次)"),
                "planned_volunteer_times": N_("Volunteer person-times planned (志愿者人次)")},
    "project_milestone": {"name": N_("Milestone"), "due_on": N_("Due by")},
    "project_activity": {"title": N_("Activity"), "content": N_("Activity content"), "held_on": N_("Date"),
                         "planned_id": N_("In the activity plan")},
    "project_expense": {"spent_on": N_("Date"), "budget_line_id": N_("Budget line")},
    "case_assessment": {"summary": N_("Summary of needs")},
    "case_service_record": {"content": N_("Service content"), "served_on": N_("Date")},
    "volunteer_service": {"activity": N_("Activity"), "served_on": N_("Date"), "in_charge": N_("Person in charge"),
                          "category": N_("Service category")},
    "volunteer_training": {"name": N_("Training"), "organiser": N_("Organised by"), "minutes": N_("Hours of study")},
    "volunteer_award": {"name": N_("Award"), "awarded_on": N_("Date"), "awarded_by": N_("Awarded by")},
    "timebank_reward": {"name": N_("Reward"), "cost": N_("Points"), "active": N_("Offered for redemption")},
    "ledger_entry": {"memo": N_("Summary (摘要)"), "posted_on": N_("Date")},
    "donation_receipt": {"number": N_("Receipt no."), "entry_id": N_("Donation"), "donor_name": N_("Donor"),
                         "purpose": N_("Purpose of the donation"), "issuer": N_("Issued by"),
                         "void_reason": N_("Reason for voiding"), "voided_on": N_("Voided on"),
                         "official_ticket_code": N_("Ticket code (票据代码)"),
                         "official_ticket_number": N_("Ticket number (票据号码)"),
                         "ticket_correction": N_("Reason for correction"), "serial": N_("Serial no.")},
    "community": {"volunteer_point": N_("Volunteer service point"), "volunteer_point_note": N_("About the point")},
    # needs and resources (desktop/ui/needs)
    "need": {"title": N_("Need"), "details": N_("Details"), "holder": N_("For whom"), "group_label": N_("Group"),
             "people": N_("People"), "urgency": N_("Urgency"), "source": N_("How it came to light"),
             "found_on": N_("Found on"), "outcome": N_("What came of it")},
    "resource": {"categories": N_("Serves needs of"), "org_id": N_("Social organisation"),
                 "provider_name": N_("Provider's name"), "community_id": N_("Serves where"),
                 "capacity": N_("Capacity"), "capacity_note": N_("Capacity note"),
                 "available_from": N_("Available from"), "available_until": N_("Available until"),
                 "availability": N_("Available when"), "contact": N_("Contact")},
    "need_match": {"need_id": N_("Need"), "resource_id": N_("Resource"), "project_id": N_("Micro-venture project"),
                   "matched_on": N_("Matched on"), "reason": N_("Why this one"), "follow_up": N_("Follow-up notes"),
                   "outcome": N_("What came of it"), "handled_by": N_("Handled by")},
    "policy_profile": {"profile_id": N_("Policy profile"), "body": N_("Content"), "active": N_("Active")},
    "attachment": {"owner_table": N_("Register"), "owner_id": N_("Attached to"), "filename": N_("File"),
                   "media_type": N_("File type"), "size": N_("Size"), "sha256": N_("Fingerprint (SHA-256)"),
                   "caption": N_("Caption"), "removed_reason": N_("Reason for removal"),
                   "removed_by": N_("Removed by")},
    "round_criterion": {"guidance": N_("Guidance for reviewers")},
    "balance_assertion": {"on_date": N_("At the end of"), "reconciled_at": N_("Reconciled on"),
                          "reconciled_note": N_("Reconciliation note"), "reconciled_by": N_("Reconciled by"),
                          "reconciled_fen": N_("Reconciled balance (yuan)")},
    "project_team_member": {"education": N_("Education and major (学历及专业)"),
                            "qualification": N_("Social work qualification (职业资格)")},
    "project_budget_line": {"item": N_("Item (明细)")},
    "case_referral": {"target_kind": N_("Kind"), "target_id": N_("Referred to"), "target_name": N_("Referred to"),
                      "status_on": N_("Date")},
    "case_plan_goal": {"plan_id": N_("Service plan")},
    "review_sheet": {"reviewer_user_id": N_("Reviewer"), "reviewer_name": N_("Reviewer's name"),
                     "submitted_at": N_("Submitted"), "score_centi": N_("Score")},
    "review_score": {"sheet_id": N_("Review sheet"), "criterion_id": N_("Criterion"), "score_tenths": N_("Score")},
    "volunteer_evaluation": {"rating": N_("Quality of service")},
    "disbursement": {"to_fund_id": N_("To the fund"), "refund_of_id": N_("Donation refunded"),
                     "posted_entry_id": N_("Posted as entry"), "closed_by": N_("Closed by"),
                     "close_reason": N_("Reason for closing")},
}


def field_label(table: str, column: str) -> str:
    """The translated label of ``table``'s ``column`` (or of a sealed field's name), else the name."""
    field = column.removesuffix("_sealed")
    for labels in (BY_TABLE.get(table, {}), COMMON):
        if field in labels:
            return _(labels[field])
    return column


def field_list(table: str, columns: Iterable[str]) -> str:
    """Several fields' labels in one line, the way the language lists them (、 in Chinese)."""
    return _(", ").join(field_label(table, column) for column in columns)


def field_value(column: str, value: Any) -> Any:
    """A money column's fen in yuan, as its label says, a quantity or score in hundredths or tenths as the number
    it is (1250 hundredths: 12.5); any other value as it is."""
    if column.endswith(MONEY_SUFFIX) and type(value) is int:
        return from_fen(value)
    scale = next((n for suffix, n in SCALED.items() if column.endswith(suffix)), None)
    if scale is not None and type(value) is int:
        return (Decimal(value) / scale).normalize() if value % scale else value // scale
    return value

