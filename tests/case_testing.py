"""Clients made with the ORM (the client register is another area's service, not under test here) and
cases taken to any stage through the case services, for the case tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import count

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import Stage
from desktop.services import case_record, cases, signin
from desktop.services.case_record import AreaInput, AssessmentInput, EvaluationInput, GoalInput, PlanInput
from desktop.services.case_referrals import Receiver
from desktop.services.cases import CaseInput, CaseView
from desktop.services.sealing import opened
from desktop.services.tags import tags_column
from desktop.storage.database import Database
from desktop.storage.models import CaseStageChange, Client, UserAccount
from wushe_testing import DEMO_PASSWORD, community_ids

TODAY = date.today()
REGISTERED = TODAY - timedelta(days=400)
OPENED = TODAY - timedelta(days=60)
ASSESSMENT = AssessmentInput(OPENED + timedelta(days=1), (AreaInput("mental", "moderate", "常哭"),
                                                          AreaInput("daily_care", "severe", "无法做饭")),
                             "邻里关系好", "先解决吃饭问题")
PLAN = PlanInput(OPENED + timedelta(days=2), (GoalInput("每周助餐两次", OPENED + timedelta(days=30), "送餐记录"),
                                              GoalInput("情绪稳定")), "助餐、陪伴", client_agreed=True)
EVALUATION = EvaluationInput(OPENED + timedelta(days=20), "most", "挺好的", "目标基本达成")
RECEIVER = Receiver("清河县民政局", "department")
# Every detail a step may ask for, so that only the stage decides whether it is allowed.
DETAILS: dict[str, object] = {"reason": "情况有变", "receiver": RECEIVER, "closing_summary": "目标达成，结案"}
_serials = count(1)


def as_user(db: Database, username: str) -> Database:
    """``db`` with a demo user signed in: lixia and chenjun are social workers, admin the head."""
    signin.sign_in(db, username, DEMO_PASSWORD)
    return db


def user_id(db: Database, username: str) -> str:
    with db.read() as session:
        found = session.scalar(select(UserAccount.id).where(UserAccount.username == username))
    assert found is not None
    return found


def add_client(db: Database, name: str = "", community: str = "石桥村", id_tail: str = "",
               groups: tuple[str, ...] = ("elderly_alone",), registered_on: date = REGISTERED) -> str:
    """A client row written with the ORM, with no sealed fields."""
    serial = next(_serials)
    with db.write() as session:
        client = Client(name=name or f"测试对象{serial}", community_id=community_ids(db)[community],
                        id_tail=id_tail or f"{serial:04d}", target_groups=tags_column(groups),
                        registered_on=registered_on)
        session.add(client)
        session.flush()
        return client.id


def open_case(db: Database, client_id: str = "", **changes: object) -> CaseView:
    """A case opened by the signed-in user, 60 days ago, for a new client unless one is given."""
    data = CaseInput(client_id or add_client(db), "独居老人，做饭困难", "medium", "self", opened_on=OPENED)
    with db.write() as session:
        return cases.open_case(session, CaseInput(**{**data.__dict__, **changes}))


def walk(db: Database, case_id: str, stage: Stage, ready: bool = True) -> CaseView:
    """The case taken from intake to ``stage`` the usual way, each step with what it needs on file;
    ``ready`` also files what the steps out of ``stage`` need (an assessment, a plan, an evaluation)."""
    path = {Stage.INTAKE: [], Stage.ASSESSMENT: ["assess"], Stage.PLAN: ["assess", "plan"],
            Stage.SERVICE: ["assess", "plan", "serve"], Stage.EVALUATION: ["assess", "plan", "serve", "evaluate"],
            Stage.CLOSED: ["assess", "plan", "serve", "evaluate", "close"], Stage.REFERRED: ["refer"]}[stage]
    with db.write() as session:
        view = cases.get(session, case_id)
        for action in path:
            _file_what(session, case_id, Stage(view.stage))
            view = cases.move(session, case_id, action, **DETAILS)  # type: ignore[arg-type]
        if ready:
            _file_what(session, case_id, Stage(view.stage))
    return view


def _file_what(session: Session, case_id: str, stage: Stage) -> None:
    """What leaving ``stage`` forward needs: an assessment to plan, a plan to serve, an evaluation to close."""
    if stage is Stage.ASSESSMENT:
        case_record.add_assessment(session, case_id, ASSESSMENT)
    elif stage is Stage.PLAN:
        case_record.add_plan(session, case_id, PLAN)
    elif stage is Stage.EVALUATION:
        case_record.add_evaluation(session, case_id, EVALUATION)


def file_next(db: Database, case_id: str) -> None:
    """File what the next step forward from the case's stage needs."""
    with db.write() as session:
        _file_what(session, case_id, Stage(cases.get(session, case_id).stage))


@dataclass(frozen=True)
class Change:
    """A stage change as stored, its reason opened."""

    action: str
    from_stage: str
    to_stage: str
    reason: str
    by_name: str
    created_by: str | None
    created_at: datetime


def changes_of(db: Database, case_id: str) -> list[Change]:
    """The case's stage changes in the order they were made."""
    with db.read() as session:
        return [Change(row.action, row.from_stage, row.to_stage, opened(session, row, "reason"), row.by_name,
                       row.created_by, row.created_at)
                for row in session.scalars(select(CaseStageChange).where(CaseStageChange.case_id == case_id)
                                           .order_by(CaseStageChange.hlc))]
