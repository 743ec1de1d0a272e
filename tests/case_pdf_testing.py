"""A rich, closed case on the demo station, written with the ORM (the printed paper reads a case however
it was entered): a client with sealed contacts and a household, two assessments, two plan versions,
service records with a correction, a referral, an evaluation, a follow-up and the closing, every
narrative sealed as the services seal it. For the case PDF tests (unit and CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import ASSESSMENT_AREAS
from desktop.domain.id_documents import blind_key
from desktop.domain.identity import make_resident_id
from desktop.services.guard import vault
from desktop.services.sealing import seal_onto
from desktop.storage.base import Synced
from desktop.storage.database import Database
from desktop.storage.models import (
    CaseAssessment, CaseAssessmentArea, CaseEvaluation, CaseFile, CaseFollowUp, CasePlan, CasePlanGoal, CaseReferral,
    CaseServiceRecord, CaseStageChange, Client, ClientMember, Community, UserAccount,
)

TODAY = date.today()
OPENED = TODAY - timedelta(days=240)
BIRTH = date(1948, 3, 12)
ID_NUMBER = make_resident_id("330102", BIRTH, 12, False)
PHONE = "13812345678"
ADDRESS = "青山镇石桥村三组 12 号"
GUARDIAN_PHONE = "13987654321"
CLIENT = "欧阳秀英"  # no demo client has this name
WRONG_CONTENT = "误记：上门测量血压，记录有误"  # the record the correction replaces
CORRECTED_CONTENT = "更正后：陪同服务对象到镇卫生院复查血压并取药"
PLAN_V1_GOAL = "每周至少两次按时服药"
PLAN_V2_GOAL = "每周参加两次社区长者食堂助餐"
REFERRAL = "青山镇卫生院家庭医生团队"
PROBLEM = "独居，患高血压，常忘记服药；子女在外务工，近来情绪低落，很少出门。"
CLOSING = "服务目标基本达成：服务对象按时服药，每周到长者食堂用餐，与子女联系增多，同意结案。"


@dataclass(frozen=True)
class BuiltCase:
    case_id: str
    number: str
    client_id: str


def add(session: Session, row: Synced, **narratives: str) -> None:
    """``row`` added with its ``narratives`` sealed onto it."""
    seal_onto(session, row, **narratives)
    session.add(row)


def account(session: Session, username: str) -> tuple[str, str]:
    """(user id, display name) of a demo account."""
    found = session.scalar(select(UserAccount).where(UserAccount.username == username))
    assert found is not None
    return found.id, found.display_name


def add_client(session: Session) -> Client:
    """The client, every sealed field written through the vault as the client register seals them."""
    keys = vault(session)
    community = session.scalar(select(Community).where(Community.name == "石桥村"))
    assert community is not None
    client = Client(name=CLIENT, gender="female", birth_date=BIRTH, community_id=community.id,
                    target_groups=",elderly_alone,dibao,", registered_on=OPENED - timedelta(days=3),
                    guardian_name="王建华", guardian_relation="儿子", consent_on=OPENED - timedelta(days=3),
                    consent_method="written", consent_by="self", id_tail=ID_NUMBER[-4:])
    session.add(client)
    session.flush()  # sealed values are bound to the row's id
    client.id_number_sealed = keys.seal("client", client.id, "id_number", ID_NUMBER)
    client.id_blind = keys.blind("id_number", blind_key("resident_id", ID_NUMBER))
    client.phone_sealed = keys.seal("client", client.id, "phone", PHONE)
    client.address_sealed = keys.seal("client", client.id, "address", ADDRESS)
    client.guardian_phone_sealed = keys.seal("client", client.id, "guardian_phone", GUARDIAN_PHONE)
    add(session, ClientMember(client_id=client.id, name="王建华", relation="child", birth_year=1972, lives_with=False),
        notes="在县城工作，每月探望一次")
    session.add(ClientMember(client_id=client.id, name="刘桂兰", relation="sibling", birth_year=1951))
    session.flush()
    return client


def build_case(db: Database, *, records: int = 10, worker: str = "lixia", long_text: str = "") -> BuiltCase:
    """The case 个案-2026-9001, closed, with ``records`` service records (the third corrected once);
    ``long_text`` is added to the fifth record, to see a very long entry wrap and split."""
    with db.write() as session:
        worker_id, worker_name = account(session, worker)
        client = add_client(session)
        case = CaseFile(number="个案-2026-9001", client_id=client.id, community_id=client.community_id,
                        worker_user_id=worker_id, worker_name=worker_name, opened_on=OPENED, source="outreach",
                        risk="medium", stage="closed", closed_on=TODAY - timedelta(days=5))
        add(session, case, problem=PROBLEM, closing_summary=CLOSING)
        session.flush()
        for action, old, new, reason in (
                ("open", "", "intake", ""), ("assess", "intake", "assessment", ""),
                ("plan", "assessment", "plan", ""), ("serve", "plan", "service", ""),
                ("revise_plan", "service", "plan", "复评发现新的助餐需求"), ("serve", "plan", "service", ""),
                ("evaluate", "service", "evaluation", ""), ("close", "evaluation", "closed", "")):
            add(session, CaseStageChange(case_id=case.id, action=action, from_stage=old, to_stage=new,
                                         by_name=worker_name), reason=reason)
        _assess(session, case.id, OPENED + timedelta(days=7), "mild", "首次评估：按时服药和情绪支持为先。")
        _assess(session, case.id, OPENED + timedelta(days=90), "moderate", "复评：吃饭不规律，需链接助餐服务。")
        _plan(session, case.id, 1, OPENED + timedelta(days=10), [PLAN_V1_GOAL, "每月与子女视频通话两次"])
        _plan(session, case.id, 2, OPENED + timedelta(days=95), [PLAN_V2_GOAL, "每周按时服药"])
        _records(session, case.id, records, worker_name, long_text)
        add(session, CaseReferral(case_id=case.id, referred_on=OPENED + timedelta(days=30), target_kind="service",
                                  target_name=REFERRAL, status="completed", status_on=OPENED + timedelta(days=45)),
            reason="需要定期随访血压", feedback="已签约家庭医生，每月上门随访")
        add(session, CaseEvaluation(case_id=case.id, evaluated_on=TODAY - timedelta(days=10), goals_met="most",
                                    by_name=worker_name),
            client_feedback="现在吃饭有人陪，心情好多了", worker_view="服药依从性明显提高")
        add(session, CaseFollowUp(case_id=case.id, worker_user_id=worker_id, due_on=TODAY + timedelta(days=25)),
            purpose="结案一个月后回访服药和用餐情况")
        return BuiltCase(case.id, case.number, client.id)


def _assess(session: Session, case_id: str, on: date, level: str, summary: str) -> None:
    assessment = CaseAssessment(case_id=case_id, assessed_on=on, by_name="李霞")
    add(session, assessment, strengths="性格开朗，邻里关系好", summary=summary)
    session.flush()
    # Entered in reverse: the paper lists the areas in the form's order all the same.
    for area in reversed(ASSESSMENT_AREAS):
        add(session, CaseAssessmentArea(assessment_id=assessment.id, area=area, level=level), notes=f"{area} 的情况说明")


def _plan(session: Session, case_id: str, version: int, on: date, goals: list[str]) -> None:
    plan = CasePlan(case_id=case_id, version=version, effective_on=on, client_agreed=True, by_name="李霞")
    add(session, plan, strategies=f"第{version}版：个案管理与资源链接")
    session.flush()
    for n, goal in enumerate(goals):
        add(session, CasePlanGoal(plan_id=plan.id, position=n, target_on=on + timedelta(days=60),
                                  status="achieved" if n else "in_progress"), goal=goal, indicator="社工每周核对记录")


def _records(session: Session, case_id: str, count: int, by: str, long_text: str) -> None:
    for n in range(count):
        content = WRONG_CONTENT if n == 2 else f"第{n + 1}次服务：入户了解服药和饮食情况{long_text if n == 4 else ''}"
        record = CaseServiceRecord(case_id=case_id, served_on=OPENED + timedelta(days=12 + 3 * n), kind="home_visit",
                                   minutes=60 + 15 * (n % 3), place="服务对象家中", by_name=by)
        add(session, record, content=content, next_step="下周再次入户" if n % 2 else "")
        session.flush()
        if n == 2:
            add(session, CaseServiceRecord(case_id=case_id, served_on=record.served_on, kind="accompany", minutes=120,
                                           place="镇卫生院", by_name=by, corrects_id=record.id),
                content=CORRECTED_CONTENT)
