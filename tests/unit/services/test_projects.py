"""Proposals through the service: numbering, what a draft holds and how it is checked, rewriting a draft,
every step of the workflow from every status (allowed or refused), what each step needs, who may take
it, the history, the list and the whole proposal as it prints."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from case_testing import as_user
from desktop.domain.project_budget import BudgetLine, RoundRules, check_budget
from desktop.domain.project_workflow import MOVES, Status, moves_from
from desktop.errors import NotFoundError
from desktop.services import project_detail, project_papers, projects, reviews, rounds
from desktop.services.demo_projects import DEMO_PROPOSALS, ROUND_NAME
from desktop.services.guard import PermissionDenied
from desktop.services.project_input import PlannedActivityInput, TeamMemberInput
from desktop.services.projects import ProjectQuery, ProjectView
from desktop.storage.database import Database
from desktop.storage.models import (
    Project, ProjectBudgetLine, ProjectStatusChange, ProjectTeamMember, ReviewSheet, SocialOrg,
)
from project_testing import (
    REASON, STARTS, TODAY, acting, budget, evaluate, make_proposal, make_round, proposal_input, review,
    walk_project,
)
from wushe_testing import DemoTemplate, open_copy, refusal


@pytest.fixture
def head(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with its head signed in."""
    db = as_user(open_copy(demo_template.path, tmp_path), "admin")
    yield db
    db.close()


@pytest.fixture
def draft(head: Database) -> ProjectView:
    """A draft proposal in a round open today with two reviewers."""
    with head.write() as session:
        return make_proposal(session, make_round(session).id)


class Undone(Exception):
    """Raised in a unit of work to roll back a step once it was taken."""


def step(db: Database, project_id: str, action: str, **details: object) -> ProjectView:
    with db.write() as session:
        return projects.move(session, project_id, action, **details)  # type: ignore[arg-type]


def ready(db: Database, project: ProjectView) -> None:
    """File what the steps out of the project's status need: the reviews and an approved amount in
    review, a mid-term evaluation when running, a final one at mid-term."""
    if project.status == Status.IN_REVIEW:
        review(db, project.id)
        with db.write() as session:
            reviews.set_approved(session, project.id, project.requested_fen)
    elif project.status == Status.RUNNING:
        evaluate(db, project.id, "midterm")
    elif project.status == Status.MIDTERM:
        evaluate(db, project.id, "final")


def changes(db: Database, project_id: str) -> list[tuple[str, str, str, str, str]]:
    with db.read() as session:
        return [(c.action, c.from_status, c.to_status, c.reason, c.by_name) for c in session.scalars(
            select(ProjectStatusChange).where(ProjectStatusChange.project_id == project_id)
            .order_by(ProjectStatusChange.hlc))]


# --- creating and rewriting a draft ------------------------------------------------------------

def test_a_draft_is_numbered_and_its_totals_come_from_the_lines(head: Database) -> None:
    with head.write() as session:
        round_id = make_round(session).id
        first = make_proposal(session, round_id, budget=budget(20_000, 5_000))
        second = make_proposal(session, round_id)
        last_year = make_proposal(session, round_id, today=TODAY.replace(year=TODAY.year - 1))
        serial = int(first.number.rsplit("-", 1)[1])
    assert first.number.startswith(f"创投-{TODAY.year}-") and second.number == f"创投-{TODAY.year}-{serial + 1:04d}"
    assert last_year.number.startswith(f"创投-{TODAY.year - 1}-")
    assert (first.status, first.requested_fen, first.matching_fen, first.total_fen) == (
        "draft", 2_000_000, 500_000, 2_500_000)
    assert (first.approved_fen, first.submitted_on, first.moves) == (None, None, ("submit",))
    assert changes(head, first.id) == [("create", "", "draft", "", "周建国")]


def test_the_whole_proposal_comes_back_as_entered(head: Database, draft: ProjectView) -> None:
    with head.read() as session:
        detail = project_detail.detail(session, draft.id)
        data = proposal_input(session, draft.round_id, title=draft.title)
        org = session.get(SocialOrg, draft.org_id)
        assert org is not None
        assert (detail.org_credit_code, detail.org_founded_on) == (org.credit_code, org.founded_on)
    assert detail.as_input() == data.validated()
    assert [(line.amount_fen, line.requested_fen) for line in detail.budget] == [
        (1_200_000, 1_200_000), (600_000, 600_000), (200_000, 200_000)]
    assert detail.budget[2].quantity == Decimal("1000.00")
    assert detail.totals.requested_fen == draft.requested_fen == 2_000_000
    assert detail.contact_phone == "023-48612345" and detail.team[0].phone == "13996231108"
    assert [h.action for h in detail.history] == ["create"]
    with head.read() as session:  # the phones are sealed at rest
        row = session.get(Project, draft.id)
        member = session.scalars(select(ProjectTeamMember).where(ProjectTeamMember.project_id == draft.id)).first()
        assert row is not None and member is not None
        assert row.leader_phone_sealed and b"13996231108" not in row.leader_phone_sealed
        assert member.phone_sealed and b"13996231108" not in member.phone_sealed


def test_phones_are_masked_for_a_viewer(head: Database, draft: ProjectView) -> None:
    with acting(head, "zhaolei"), head.read() as session:
        detail = project_detail.detail(session, draft.id)
    assert detail.leader_phone != "13996231108" and detail.leader_phone.endswith("1108")


@pytest.mark.parametrize(("change", "field"), [
    ({"title": " "}, "title"),
    ({"ends_on": STARTS - timedelta(days=1)}, "ends_on"),
    ({"summary": "简" * 501}, "summary"),
    ({"needs": "需" * 4001}, "needs"),
    ({"areas": ("elderly", "moon")}, "areas"),
    ({"beneficiaries": "许多"}, "beneficiaries"),
    ({"leader_phone": "12345"}, "leader_phone"),
    ({"contact_email": "qingshan.example.com"}, "contact_email"),
    ({"team": (TeamMemberInput("刘桂芳"), TeamMemberInput(""))}, "team.2.name"),
    ({"team": (TeamMemberInput("刘桂芳", phone="0000"),)}, "team.1.phone"),
    ({"budget": (*budget(), BudgetLine("meeting", "启动会", "人·天", 10000, Decimal("1.234")))}, "lines.4.quantity"),
    ({"budget": (BudgetLine("service", "助餐", "次", 1000, Decimal(2), 5000),)}, "lines.1.matching"),
    ({"plan": (PlannedActivityInput("调研", STARTS - timedelta(days=1), STARTS),)}, "plan.1.starts_on"),
    ({"plan": (PlannedActivityInput("调研", STARTS + timedelta(days=2), STARTS),)}, "plan.1.ends_on"),
    ({"org_id": "no-such-org"}, "org_id"),
    ({"community_id": "no-such-community"}, "community_id"),
])
def test_what_a_draft_holds_is_checked(head: Database, draft: ProjectView, change: dict[str, object],
                                       field: str) -> None:
    assert refusal(head, lambda s: make_proposal(s, draft.round_id, **change)).field == field


def test_a_draft_names_a_round_that_is_there(head: Database) -> None:
    assert refusal(head, lambda s: make_proposal(s, "no-such-round")).field == "round_id"


def test_a_draft_can_be_rewritten_and_old_rows_stay_as_tombstones(head: Database, draft: ProjectView) -> None:
    with head.write() as session:
        data = proposal_input(session, draft.round_id, title="长者助餐·幸福食堂", budget=budget(10_000, 2_000),
                              team=(TeamMemberInput("杨晓东", role="负责人"),))
        view = projects.update(session, draft.id, data)
        detail = project_detail.detail(session, draft.id)
        lines = session.scalar(select(func.count()).select_from(ProjectBudgetLine).where(
            ProjectBudgetLine.project_id == draft.id, ProjectBudgetLine.deleted_at.is_not(None)))
    assert (view.number, view.title, view.requested_fen, view.matching_fen) == (
        draft.number, "长者助餐·幸福食堂", 1_000_000, 200_000)
    assert [m.name for m in detail.team] == ["杨晓东"] and len(detail.budget) == 3 and lines == 3
    walk_project(head, draft.id, Status.SUBMITTED)
    refused = refusal(head, lambda s: projects.update(s, draft.id, data))
    assert refused.field == "status" and "Only a draft" in refused.message


def test_budget_lines_are_kept_in_the_printed_order(head: Database, draft: ProjectView) -> None:
    """Lines typed across categories are stored grouped as the paper prints them, so the form after
    saving, the paper and a refusal at submission give a line one number."""
    service, labour, printing = budget()
    training = BudgetLine("training", "骨干培训", "人·天", 40000, Decimal(2))  # above the round's cap
    with head.write() as session:
        typed = proposal_input(session, draft.round_id, budget=(printing, training, service, labour))
        projects.update(session, draft.id, typed)
        stored = session.execute(select(ProjectBudgetLine.position, ProjectBudgetLine.item).where(
            ProjectBudgetLine.project_id == draft.id, ProjectBudgetLine.deleted_at.is_(None))
            .order_by(ProjectBudgetLine.position)).all()
        shown = [line.item for line in project_detail.detail(session, draft.id).budget]
        printed = [(row.number, row.item) for group in project_papers.proposal_paper(session, draft.id).budget
                   for row in group.lines]
    expected = [service.item, labour.item, training.item, printing.item]
    assert [tuple(row) for row in stored] == printed == list(enumerate(expected, 1)) and shown == expected
    refused = refusal(head, lambda s: projects.move(s, draft.id, "submit"))
    assert refused.field == "lines.3.unit_price" and refused.message.startswith("Line 3: ")
    with head.write() as session:  # a line added at the end joins its category, after the ones typed before it
        later = BudgetLine("service", "入户探访", "次", 5000, Decimal(2))
        projects.update(session, draft.id, proposal_input(session, draft.round_id, budget=(*budget(), later)))
        assert [line.item for line in project_detail.detail(session, draft.id).budget] == [
            service.item, later.item, labour.item, printing.item]


# --- every step from every status ----------------------------------------------------------------

@pytest.mark.parametrize("status", list(Status), ids=str)
def test_every_step_from_every_status(head: Database, draft: ProjectView, status: Status) -> None:
    """With all it needs on file, a step is taken exactly when the status allows it."""
    project = walk_project(head, draft.id, status)
    ready(head, project)
    allowed = {m.action for m in moves_from(status)}
    assert set(project.moves) == allowed
    for move in MOVES:
        if move.action in allowed:
            with pytest.raises(Undone), head.write() as session:
                moved = projects.move(session, draft.id, move.action, reason=REASON)
                assert moved.status == move.target
                raise Undone
        else:
            refused = refusal(head, lambda s: projects.move(s, draft.id, move.action, reason=REASON))
            assert refused.field == "action" and "cannot take the step" in refused.message
    with head.read() as session:
        assert projects.get(session, draft.id).status == status


def test_the_history_says_who_took_each_step_when_and_why(head: Database, draft: ProjectView) -> None:
    walk_project(head, draft.id, Status.TERMINATED)
    assert changes(head, draft.id) == [
        ("create", "", "draft", "", "周建国"), ("submit", "draft", "submitted", REASON, "周建国"),
        ("start_review", "submitted", "in_review", REASON, "周建国"),
        ("approve", "in_review", "approved", REASON, "周建国"), ("terminate", "approved", "terminated", REASON, "周建国")]
    with head.read() as session:
        history = project_detail.detail(session, draft.id).history
    assert [h.changed_on for h in history] == [TODAY] * 5


def test_submitting_dates_the_proposal_and_withdrawing_needs_a_reason(head: Database, draft: ProjectView) -> None:
    day = TODAY - timedelta(days=3)
    assert step(head, draft.id, "submit", today=day).submitted_on == day
    assert refusal(head, lambda s: projects.move(s, draft.id, "withdraw")).field == "reason"
    withdrawn = step(head, draft.id, "withdraw", reason="预算需调整")
    assert (withdrawn.status, withdrawn.submitted_on) == ("draft", None)


def test_submitting_outside_the_window_is_refused(head: Database) -> None:
    with head.write() as session:
        closed = make_proposal(session, make_round(session, opens_on=TODAY - timedelta(days=30),
                                                   closes_on=TODAY - timedelta(days=1)).id)
    refused = refusal(head, lambda s: projects.move(s, closed.id, "submit"))
    assert refused.field == "window_open" and "window is not open" in refused.message
    assert step(head, closed.id, "submit", today=TODAY - timedelta(days=1)).status == "submitted"  # its last day


@pytest.mark.parametrize(("rules", "lines", "field", "words"), [
    (RoundRules(max_grant_fen=1_000_000), budget(), "requested", "maximum grant"),
    (RoundRules(min_matching_percent=50), budget(20_000, 5_000), "matching", "at least 10000.00 yuan"),
    (RoundRules(labour_max_percent=20), budget(), "labour", "above 20%"),
    (RoundRules(), (*budget(), BudgetLine("training", "骨干培训", "人·天", 40000, Decimal(2))), "lines.3.unit_price",
     "cap of 350.00 yuan"),  # training prints before printing: the third line
    (RoundRules(), (*budget(), BudgetLine("other", "项目管理费", "项", 10000, Decimal(1))), "lines.4.item",
     "management fee"),
    (RoundRules(), (*budget(), BudgetLine("materials", "购车补助", "辆", 10000, Decimal(1))), "lines.4.item",
     "vehicles"),
    (RoundRules(), (), "lines", "at least one budget line"),
    (RoundRules(), (BudgetLine("service", "助餐", "次", 1000, Decimal(2), 2000),), "requested", "request is zero"),
])
def test_submitting_a_budget_that_breaks_a_rule_says_which(head: Database, rules: RoundRules,
                                                           lines: tuple[BudgetLine, ...], field: str,
                                                           words: str) -> None:
    with head.write() as session:
        project = make_proposal(session, make_round(session, rules=rules).id, budget=lines)
    refused = refusal(head, lambda s: projects.move(s, project.id, "submit"))
    assert refused.field == field and words in refused.message
    with head.read() as session:
        assert projects.get(session, project.id).status == "draft"


def test_approving_needs_every_reviewer_and_an_amount(head: Database, draft: ProjectView) -> None:
    walk_project(head, draft.id, Status.IN_REVIEW)
    # The reviews are asked for before the amount: that is the order a round goes in.
    assert refusal(head, lambda s: projects.move(s, draft.id, "approve")).field == "reviews_done"
    for action in ("approve", "reject"):
        assert refusal(head, lambda s: projects.move(s, draft.id, action, reason=REASON)).field == "reviews_done"
    review(head, draft.id, usernames=("chenjun",))
    assert refusal(head, lambda s: projects.move(s, draft.id, "approve")).field == "reviews_done"
    review(head, draft.id, usernames=("zhaolei",))
    refused = refusal(head, lambda s: projects.move(s, draft.id, "approve"))
    assert refused.field == "approved_amount" and "Set an approved amount" in refused.message
    assert refusal(head, lambda s: projects.move(s, draft.id, "reject")).field == "reason"
    with head.write() as session:
        reviews.set_approved(session, draft.id, 1_500_000)
    approved = step(head, draft.id, "approve")
    assert (approved.status, approved.approved_fen) == ("approved", 1_500_000)


def test_rejecting_drops_the_amount_pencilled_in(head: Database, draft: ProjectView) -> None:
    walk_project(head, draft.id, Status.IN_REVIEW)
    review(head, draft.id, usernames=("chenjun", "zhaolei"))
    with head.write() as session:
        reviews.set_approved(session, draft.id, 1_500_000)
    rejected = step(head, draft.id, "reject", reason=REASON)
    assert (rejected.status, rejected.approved_fen) == ("rejected", None)


def test_a_round_with_no_reviewers_cannot_approve(head: Database) -> None:
    with head.write() as session:
        project = make_proposal(session, make_round(session, reviewers=()).id)
    walk_project(head, project.id, Status.IN_REVIEW)
    assert refusal(head, lambda s: projects.move(s, project.id, "reject", reason=REASON)).field == "reviews_done"


def test_approval_is_kept_within_the_request_and_the_pool(head: Database) -> None:
    with head.write() as session:
        round_id = make_round(session, pool_fen=3_000_000).id
        first, second = make_proposal(session, round_id), make_proposal(session, round_id)
    walk_project(head, first.id, Status.APPROVED)  # 20,000 of the 30,000 yuan pool
    walk_project(head, second.id, Status.IN_REVIEW)
    review(head, second.id)
    with head.write() as session:  # as a county file merged from elsewhere could hold it
        row = session.get(Project, second.id)
        assert row is not None
        row.approved_fen = 2_000_001
    refused = refusal(head, lambda s: projects.move(s, second.id, "approve"))
    assert refused.field == "approved_amount" and "above the request" in refused.message
    with head.write() as session:
        row = session.get(Project, second.id)
        assert row is not None
        row.approved_fen = 1_000_001
    refused = refusal(head, lambda s: projects.move(s, second.id, "approve"))
    assert refused.field == "approved_amount" and "more than the pool of 30000.00 yuan" in refused.message
    with head.write() as session:
        reviews.set_approved(session, second.id, 1_000_000)
    assert step(head, second.id, "approve").approved_fen == 1_000_000


def test_the_evaluations_come_before_midterm_and_closing(head: Database, draft: ProjectView) -> None:
    walk_project(head, draft.id, Status.RUNNING)
    assert refusal(head, lambda s: projects.move(s, draft.id, "midterm")).field == "midterm_evaluation"
    evaluate(head, draft.id, "final")  # not the kind the step needs
    assert refusal(head, lambda s: projects.move(s, draft.id, "midterm")).field == "midterm_evaluation"
    evaluate(head, draft.id, "midterm")
    assert step(head, draft.id, "midterm").status == "midterm"
    with head.write() as session:  # the final one filed before counts
        assert projects.move(session, draft.id, "close").status == "closed"


def test_terminating_needs_a_reason(head: Database, draft: ProjectView) -> None:
    walk_project(head, draft.id, Status.RUNNING)
    assert refusal(head, lambda s: projects.move(s, draft.id, "terminate")).field == "reason"
    assert step(head, draft.id, "terminate", reason="申报单位注销").status == "terminated"


def test_an_unknown_step_is_refused(head: Database, draft: ProjectView) -> None:
    assert refusal(head, lambda s: projects.move(s, draft.id, "fly")).field == "action"


def test_the_applicant_side_and_the_secretary_take_different_steps(head: Database, draft: ProjectView) -> None:
    with acting(head, "lixia"):  # a social worker
        assert step(head, draft.id, "submit").status == "submitted"
        for action in ("start_review", "withdraw"):
            with pytest.raises(PermissionDenied), head.write() as session:
                projects.move(session, draft.id, action, reason=REASON)
    with acting(head, "zhaolei"):  # a viewer reviews, but neither writes proposals nor moves them
        with pytest.raises(PermissionDenied), head.write() as session:
            make_proposal(session, draft.round_id)
    walk_project(head, draft.id, Status.APPROVED)
    with acting(head, "lixia"):
        assert step(head, draft.id, "start").status == "running"
        with pytest.raises(PermissionDenied), head.write() as session:
            projects.move(session, draft.id, "terminate", reason=REASON)


# --- the list ---------------------------------------------------------------------------------

def test_the_list_filters_and_pages(head: Database) -> None:
    with head.write() as session:
        round_id = make_round(session).id
        orgs = list(session.scalars(select(SocialOrg).where(SocialOrg.deleted_at.is_(None)).limit(2)))
        made = [make_proposal(session, round_id, title=f"邻里互助{n}", org_id=org.id, community_id=org.community_id)
                for n, org in enumerate(orgs * 2)]
    walk_project(head, made[0].id, Status.SUBMITTED)
    with head.read() as session:
        mine = projects.list_ids(session, ProjectQuery(round_id=round_id))
        assert mine == [p.id for p in reversed(made)]  # newest number first
        assert projects.list_ids(session, ProjectQuery(round_id=round_id, status="submitted")) == [made[0].id]
        assert set(projects.list_ids(session, ProjectQuery(round_id=round_id, org_id=orgs[1].id))) == {
            made[1].id, made[3].id}
        assert set(projects.list_ids(session, ProjectQuery(community_id=orgs[0].community_id, round_id=round_id))) \
            >= {made[0].id, made[2].id}
        assert projects.list_ids(session, ProjectQuery(text="邻里互助2")) == [made[2].id]
        assert projects.list_ids(session, ProjectQuery(text=made[3].number)) == [made[3].id]
        assert projects.list_ids(session, ProjectQuery(text="100%_")) == []
        page = projects.list_page(session, ProjectQuery(round_id=round_id), 1, 2, True)
        assert (page.ids, page.total) == (mine[1:3], 4)
        assert [v.id for v in projects.get_many(session, [made[2].id, "nope", made[0].id])] == [made[2].id, made[0].id]
        view = projects.by_number(session, made[1].number)
        assert (view.org_name, view.community, view.round_name, view.status_label) == (
            orgs[1].name, projects.get(session, made[1].id).community, projects.get(session, made[1].id).round_name,
            "Draft (草稿)")
        with pytest.raises(NotFoundError, match="No project has the number"):
            projects.by_number(session, "创投-1999-0001")


def test_the_list_sorts_by_status_and_amounts_with_the_number_breaking_ties(head: Database) -> None:
    with head.write() as session:
        round_id = make_round(session).id
        made = [make_proposal(session, round_id, budget=budget(yuan)) for yuan in (20_000, 10_000, 30_000)]
    walk_project(head, made[1].id, Status.SUBMITTED)

    def listed(order_by: str, descending: bool) -> list[str]:
        with head.read() as session:
            return projects.list_ids(session, ProjectQuery(round_id=round_id, order_by=order_by, descending=descending))

    assert listed("requested", False) == [made[1].id, made[0].id, made[2].id]
    assert listed("requested", True) == [made[2].id, made[0].id, made[1].id]
    # drafts before submitted proposals, as the statuses are listed; equals by number, the same way round
    assert listed("status", False) == [made[0].id, made[2].id, made[1].id]
    assert listed("status", True) == [made[1].id, made[2].id, made[0].id]
    assert listed("number", False) == [p.id for p in made]



# --- the demo round ---------------------------------------------------------------------------

def test_the_demo_round_is_complete_and_keeps_its_rules(head: Database) -> None:
    with head.read() as session:
        found = rounds.find(session, ROUND_NAME.format(year=TODAY.year))
        views = projects.list_all(session, ProjectQuery(round_id=found.id))
        details = [project_detail.detail(session, v.id) for v in views]
        sheets = session.execute(select(ReviewSheet.project_id, func.count()).where(
            ReviewSheet.submitted_at.is_not(None)).group_by(ReviewSheet.project_id)).all()
        for view in views:  # every budget passes the round's rules
            check_budget(projects.budget_lines(session, view.id), found.rules, view.requested_fen)
    assert sorted(v.status for v in views) == ["draft", "in_review", "in_review", "running", "running"]
    assert (found.pool_fen, found.rules.max_grant_fen, len(found.reviewers)) == (20_000_000, 3_000_000, 2)
    assert found.approved_fen == sum(v.approved_fen or 0 for v in views if v.status == "running") <= found.pool_fen
    assert all(2 <= len(d.budget) <= 6 and len(d.plan) == 3 and 2 <= len(d.team) <= 3 for d in details)
    assert dict(sheets) == {v.id: 2 for v in views if v.status != "draft"}
    assert {v.org_name for v in views} == {d.org for d in DEMO_PROPOSALS}


def test_a_draft_is_deleted_as_a_tombstone_and_a_submitted_proposal_never(head: Database, draft: ProjectView) -> None:
    with acting(head, "zhaolei"), pytest.raises(PermissionDenied), head.write() as session:  # a viewer
        projects.delete(session, draft.id)
    with head.write() as session:
        submitted = make_proposal(session, draft.round_id)
    walk_project(head, submitted.id, Status.SUBMITTED)
    error = refusal(head, lambda s: projects.delete(s, submitted.id))
    assert error.field == "status" and "withdraw it, or terminate the project, instead" in error.message
    with head.write() as session:
        projects.delete(session, draft.id)
    with head.read() as session:
        row = session.get(Project, draft.id)
        assert row is not None and row.deleted_at is not None  # the row stays: a tombstone
        assert draft.id not in projects.list_ids(session)
        assert projects.get(session, submitted.id).status == Status.SUBMITTED
        with pytest.raises(NotFoundError):
            projects.by_number(session, draft.number)
