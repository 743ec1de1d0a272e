"""Rounds and proposals made through the services, for the micro-venture tests (on the demo station,
signed in as its head unless a test signs in someone else).

``make_round`` opens a round whose window holds today, with a 30,000 yuan maximum grant and two demo
reviewers; ``make_proposal`` writes a draft whose ``budget()`` passes those rules; ``walk_project``
takes a proposal along the workflow the usual way, filing what each step needs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Principal, Role
from desktop.domain.project_budget import BudgetLine, RoundRules
from desktop.domain.project_workflow import Status
from desktop.services import projects, reviews, rounds
from desktop.services.project_input import PlannedActivityInput, ProposalInput, TeamMemberInput
from desktop.services.projects import ProjectView
from desktop.services.rounds import RoundInput, RoundView
from desktop.storage.database import Database
from desktop.storage.models import Community, ProjectEvaluation, SocialOrg, UserAccount

TODAY = date.today()
STARTS = TODAY + timedelta(days=30)
ENDS = STARTS + timedelta(days=180)
REVIEWERS = ("chenjun", "zhaolei")  # demo accounts: a social worker and a viewer
RULES = RoundRules(max_grant_fen=3_000_000)  # 30,000 yuan; FORMS.md's default caps and labour share
REASON = "申报单位主动撤回"
_serials = count(1)


def user_ids(session: Session, usernames: Sequence[str]) -> list[str]:
    by_name = {name: id_ for name, id_ in session.execute(select(UserAccount.username, UserAccount.id))}
    return [by_name[name] for name in usernames]


def round_input(**overrides: Any) -> RoundInput:
    """A round of this year open from a month ago to a month on, with a 200,000 yuan pool."""
    data = RoundInput(f"测试创投批次{next(_serials)}", TODAY.year, "青山镇人民政府", "foundation", "青山镇社区基金",
                      20_000_000, TODAY - timedelta(days=30), TODAY + timedelta(days=30), ("elderly", "children"),
                      RULES, "测试批次")
    return replace(data, **overrides)


def make_round(session: Session, *, reviewers: Sequence[str] = REVIEWERS, **overrides: Any) -> RoundView:
    """A round with the default rubric and ``reviewers`` (demo usernames); ``overrides`` are RoundInput fields."""
    view = rounds.add(session, round_input(**overrides))
    if reviewers:
        view = rounds.set_reviewers(session, view.id, user_ids(session, reviewers))
    return view


def budget(requested_yuan: int = 20_000, matching_yuan: int = 0) -> tuple[BudgetLine, ...]:
    """Three lines asking ``requested_yuan`` in all, within every default rule: labour 30 % of the
    request, printing 10 %, the rest and all the matching funds on social services."""
    labour = requested_yuan * 3 // 10
    printing = requested_yuan // 10
    service = requested_yuan - labour - printing
    return (
        BudgetLine("service", "长者助餐服务（40 户）", "项", (service + matching_yuan) * 100, Decimal(1),
                   matching_yuan * 100),
        BudgetLine("labour", "社工劳务费（项目期）", "项", labour * 100, Decimal(1)),
        BudgetLine("printing", "宣传折页印刷", "份", 200, Decimal(printing) / 2),
    )


def proposal_input(session: Session, round_id: str, **overrides: Any) -> ProposalInput:
    """A whole proposal by the first demo organisation, in its community, with ``budget()``."""
    org = session.scalars(select(SocialOrg).where(SocialOrg.deleted_at.is_(None)).order_by(SocialOrg.name_sort)).first()
    assert org is not None, "the demo station has organisations"
    community = session.get(Community, org.community_id)
    assert community is not None
    data = ProposalInput(
        round_id, org.id, community.id, f"测试项目{next(_serials)}", STARTS, ENDS, ("elderly",), "独居老人",
        40, "为独居老人提供助餐与探访。", "社区独居老人多，做饭困难。", "40 户老人每周助餐两次。", "招募志愿者送餐。",
        "老人满意度 90% 以上。", "志愿者流失：建立激励机制。", "纳入社区基金长期支持。", 24, 960, 120,
        "刘桂芳", "13996231108", "何明德", "023-48612345", "qingshan@example.com",
        (TeamMemberInput("刘桂芳", "本科 社会工作", "中级社会工作师", "项目负责人", "13996231108"),
         TeamMemberInput("何明德", "大专", "", "志愿者协调")),
        budget(),
        (PlannedActivityInput("需求调研", STARTS, STARTS + timedelta(days=14), "入户走访 40 户", 4, 40),
         PlannedActivityInput("助餐服务", STARTS + timedelta(days=15), ENDS, "每周两次送餐", 20, 920)))
    return replace(data, **overrides)


def make_proposal(session: Session, round_id: str, *, today: date | None = None, **overrides: Any) -> ProjectView:
    """A draft proposal in the round; ``overrides`` are ProposalInput fields."""
    return projects.create(session, proposal_input(session, round_id, **overrides), today=today)


@contextmanager
def acting(db: Database, username: str) -> Iterator[None]:
    """The demo account ``username`` acting on ``db`` (no Argon2: the signed-in key stays), then the
    previous user again."""
    before, vault = db.principal, db.vault
    with db.read() as session:
        row = session.execute(select(UserAccount.id, UserAccount.display_name, UserAccount.role)
                              .where(UserAccount.username == username)).one()
    db.sign_in(Principal(row.id, username, row.display_name, Role(row.role)), vault)
    try:
        yield
    finally:
        db.sign_in(before, vault)


def review(db: Database, project_id: str, usernames: Sequence[str] = REVIEWERS, score: str = "80") -> None:
    """Each of ``usernames`` scores every criterion ``score`` and submits the sheet."""
    for username in usernames:
        with acting(db, username), db.write() as session:
            sheet = reviews.my_sheet(session, project_id)
            reviews.save_scores(session, project_id, {c.criterion_id: Decimal(score) for c in sheet.criteria})
            reviews.submit_sheet(session, project_id)


def evaluate(db: Database, project_id: str, kind: str) -> None:
    """A mid-term or final evaluation row on file, as the evaluation service would leave it."""
    with db.write() as session:
        session.add(ProjectEvaluation(project_id=project_id, kind=kind, evaluated_on=TODAY, conclusion="good"))


PATH: dict[Status, tuple[str, ...]] = {
    Status.DRAFT: (),
    Status.SUBMITTED: ("submit",),
    Status.IN_REVIEW: ("submit", "start_review"),
    Status.APPROVED: ("submit", "start_review", "approve"),
    Status.REJECTED: ("submit", "start_review", "reject"),
    Status.RUNNING: ("submit", "start_review", "approve", "start"),
    Status.MIDTERM: ("submit", "start_review", "approve", "start", "midterm"),
    Status.CLOSED: ("submit", "start_review", "approve", "start", "midterm", "close"),
    Status.TERMINATED: ("submit", "start_review", "approve", "terminate"),
}


def walk_project(db: Database, project_id: str, status: Status) -> ProjectView:
    """The proposal taken from where it is (on the usual path) to ``status`` the usual way (as the
    head), with the reviews, the approved amount (the full request) and the evaluations each step
    needs filed first."""
    with db.read() as session:
        view = projects.get(session, project_id)
    taken = PATH[Status(view.status)]
    assert PATH[status][:len(taken)] == taken, f"{status} is not on the way on from {view.status}"
    for action in PATH[status][len(taken):]:
        if action == "approve":
            review(db, project_id)
            with db.write() as session:
                reviews.set_approved(session, project_id, view.requested_fen)
        elif action == "reject":
            review(db, project_id, score="40")
        elif action in ("midterm", "close"):
            evaluate(db, project_id, "final" if action == "close" else "midterm")
        with db.write() as session:
            view = projects.move(session, project_id, action, reason=REASON)
    return view
