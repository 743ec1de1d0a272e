"""A micro-venture project on the demo station, written with the ORM (the papers read a project however
it was entered): the round, a proposal of 新华社区老年协会 with its team, activity plan and an eight-line
budget whose request is 30,000.00 yuan (叁万元整), and, once running, activities with volunteers,
spending with a reversed mistake, a mid-term evaluation (half the grant received) and a final one. For
the proposal and final-report PDF tests, the CLI test and the benchmark; with what they read back from a
PDF (poppler-utils)."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.project_budget import BudgetLine, totals
from desktop.services.sealing import seal_onto
from desktop.storage.database import Database
from desktop.storage.models import (
    Community, Project, ProjectActivity, ProjectActivityVolunteer, ProjectBudgetLine, ProjectEvaluation,
    ProjectExpense, ProjectPlannedActivity, ProjectRound, ProjectTeamMember, SocialOrg, Volunteer,
)

NUMBER = "创投-2026-9001"  # no demo project has it
TITLE = "新华社区独居长者助餐与健康守护计划"
ORG = "新华社区老年协会"  # a registered demo organisation, with a credit code
COMMUNITY = "新华社区"
ROUND = "2026年青山镇社区公益微创投"
ORGANISER = "清河县民政局"
LEADER, LEADER_PHONE = "黄国平", "13883476520"
CONTACT, CONTACT_PHONE, EMAIL = "罗小梅", "023-48612345", "xinhua.laoxie@example.cn"
TEAM = [("黄国平", "本科 社会工作", "社会工作师", "项目统筹", "13883476520"),
        ("罗小梅", "大专 护理", "助理社会工作师", "助餐与健康监测", "15123456789"),
        ("陈静", "本科 公共管理", "", "志愿者管理", "18623456780")]
STARTS, ENDS = date(2026, 3, 1), date(2026, 12, 31)
AREAS = ("elderly", "health", "volunteer")
# category, item, unit, unit price in fen, quantity, matching in fen
LINES = [
    ("service", "独居长者助餐补贴（50 人 × 4.4 个月）", "人·月", 5000, Decimal("220"), 200000),
    ("service", "健康讲座茶歇与讲义", "场", 30000, Decimal("8"), 0),
    ("labour", "项目社工劳务（2 人 × 8 个月）", "人·月", 50000, Decimal("16"), 0),
    ("volunteer_allowance", "志愿者交通餐费补贴", "人次", 2000, Decimal("150"), 0),
    ("training", "志愿者助老技能培训", "人·天", 12000, Decimal("20"), 0),
    ("printing", "宣传折页印刷", "份", 150, Decimal("1000"), 50000),
    ("materials", "血压计、体重秤等健康监测用品", "套", 35000, Decimal("4"), 0),
    ("transport", "入户探访交通费", "公里", 120, Decimal("2500.5"), 20060),
]
REQUESTED_FEN, MATCHING_FEN = 3_000_000, 270_060
IN_WORDS = "叁万元整"
PLAN = [("长者助餐服务", date(2026, 3, 1), date(2026, 12, 31), "每周五天为独居长者提供午餐并上门送餐", 200, 8000),
        ("健康讲座与体检", date(2026, 4, 1), date(2026, 11, 30), "每月一次健康讲座，测量血压血糖", 8, 400),
        ("志愿者助老培训", date(2026, 3, 15), date(2026, 5, 31), "培训助餐和探访志愿者", 4, 80)]
PLANNED = (240, 9000, 300)  # sessions, person-times, volunteer person-times
KINDS = ("community_event", "lecture", "visit", "group", "training")
APPROVED_FEN = 2_800_000
RECEIVED_FEN = 2_800_000
MIDTERM_RECEIVED_FEN = 1_400_000  # the first instalment, as the mid-term evaluation found it
NARRATIVE = ("项目围绕独居长者“吃饭难、看病难、少陪伴”的问题，联合社区食堂、卫生服务站和志愿者队伍，"
             "提供助餐、健康监测和陪伴探访服务。")
PROGRESS = "项目按计划开展助餐、健康讲座和入户探访，完成计划的主要活动。"
OUTCOMES = "长者按时就餐率明显提高，血压控制达标人数增加，邻里互助氛围形成。"
MANAGEMENT = "项目组每月召开例会，建立服务台账和志愿者排班制度。"
SPENDING = "交通费低于预算，原因是部分探访改由志愿者步行完成；印刷费按实结算。"
NEXT_STEPS = "下一步争取社区基金持续支持，将助餐点延伸到周边两个村。"
WRONG_EXPENSE = 99_900  # recorded by mistake and reversed


@dataclass(frozen=True)
class BuiltProject:
    project_id: str
    number: str
    activities: int
    person_times: int  # of all activities
    volunteer_times: int
    spent_fen: int  # net of the reversal


def budget() -> list[BudgetLine]:
    return [BudgetLine(c, item, unit, price, quantity, matching) for c, item, unit, price, quantity, matching in LINES]


def add_proposal(session: Session, *, status: str = "submitted", narrative: str = NARRATIVE,
                 copies: int = 1) -> Project:
    """The round and the proposal with its team, plan and budget (``copies`` times the eight lines, the
    request their sum); ``narrative`` fills every section."""
    org = session.scalar(select(SocialOrg).where(SocialOrg.name == ORG))
    community = session.scalar(select(Community).where(Community.name == COMMUNITY))
    assert org is not None and community is not None
    round_ = ProjectRound(name=ROUND, year=2026, organiser=ORGANISER, funding_kind="foundation", pool_fen=20_000_000,
                          opens_on=date(2026, 1, 1), closes_on=date(2026, 2, 15), max_grant_fen=3_000_000)
    session.add(round_)
    session.flush()
    lines = budget() * copies
    sums = totals(lines)
    project = Project(
        number=NUMBER, round_id=round_.id, org_id=org.id, community_id=community.id, title=TITLE,
        areas="," + ",".join(AREAS) + ",", target_group="辖区 60 岁以上独居、空巢长者", beneficiaries=50,
        starts_on=STARTS, ends_on=ENDS, summary=f"简介：{narrative}", needs=f"需求：{narrative}",
        objectives=f"目标：{narrative}", approach=f"实施：{narrative}", outcomes=f"成效：{narrative}",
        risks=f"风险：{narrative}", sustainability=f"持续：{narrative}", planned_sessions=PLANNED[0],
        planned_person_times=PLANNED[1], planned_volunteer_times=PLANNED[2], requested_fen=sums.requested_fen,
        matching_fen=sums.matching_fen, status=status, submitted_on=date(2026, 2, 10), leader_name=LEADER,
        contact_name=CONTACT, contact_email=EMAIL)
    seal_onto(session, project, leader_phone=LEADER_PHONE, contact_phone=CONTACT_PHONE)
    session.add(project)
    session.flush()
    for n, (name, education, qualification, role, phone) in enumerate(TEAM):
        member = ProjectTeamMember(project_id=project.id, position=n, name=name, education=education,
                                   qualification=qualification, role=role)
        seal_onto(session, member, phone=phone)
        session.add(member)
    # Entered out of category order: the table groups them all the same, keeping each line's number.
    for n, line in sorted(enumerate(lines), key=lambda pair: pair[0] % 3):
        session.add(ProjectBudgetLine(project_id=project.id, position=n, category=line.category, item=line.item,
                                      unit=line.unit, unit_price_fen=line.unit_price_fen,
                                      quantity_centi=int(line.quantity * 100), amount_fen=line.amount_fen,
                                      matching_fen=line.matching_fen))
    for n, (name, start, end, content, sessions, person_times) in enumerate(PLAN):
        session.add(ProjectPlannedActivity(project_id=project.id, position=n, name=name, starts_on=start, ends_on=end,
                                           content=content, sessions=sessions, person_times=person_times))
    session.flush()
    return project


def build_proposal(db: Database, **options: Any) -> str:
    """The proposal as submitted; returns its id."""
    with db.write() as session:
        return add_proposal(session, **options).id


def build_final(db: Database, *, activities: int = 12, place: str = "新华社区长者食堂", evaluation: str = "",
                final: bool = True) -> BuiltProject:
    """The project closed after ``activities`` activities at ``place`` spread over its months (none in
    July), spending and the mid-term evaluation, and the ``final`` one, to every section of which
    ``evaluation`` is added."""
    with db.write() as session:
        project = add_proposal(session, status="closed")
        project.approved_fen = APPROVED_FEN
        volunteers = list(session.scalars(select(Volunteer.id).order_by(Volunteer.number).limit(3)))
        assert len(volunteers) == 3
        months = [m for m in range(3, 13) if m != 7]
        person_times = volunteer_times = 0
        for n in range(activities):
            held = date(2026, months[n % len(months)], 1 + n // len(months) % 28)
            activity = ProjectActivity(project_id=project.id, held_on=held, title=f"第{n + 1}次长者助餐与健康服务",
                                       kind=KINDS[n % len(KINDS)], place=place, attendance=20 + n % 7,
                                       person_times=30 + n % 11, by_name=CONTACT)
            session.add(activity)
            session.flush()
            person_times += activity.person_times
            for volunteer in volunteers[:1 + n % 3]:
                session.add(ProjectActivityVolunteer(activity_id=activity.id, volunteer_id=volunteer, minutes=90))
                volunteer_times += 1
        lines = {line.category: line for line in session.scalars(
            select(ProjectBudgetLine).where(ProjectBudgetLine.project_id == project.id))}
        spent = 0
        for category, amount in (("service", 1_250_000), ("labour", 800_000), ("transport", 180_000),
                                 ("printing", 150_000), ("training", 240_000)):
            session.add(ProjectExpense(project_id=project.id, budget_line_id=lines[category].id,
                                       spent_on=date(2026, 11, 20), amount_fen=amount, payee="新华社区长者食堂",
                                       voucher_no=f"记-{category}", by_name=CONTACT))
            spent += amount
        wrong = ProjectExpense(project_id=project.id, budget_line_id=lines["materials"].id, spent_on=date(2026, 6, 2),
                               amount_fen=WRONG_EXPENSE, note="误记", by_name=CONTACT)
        session.add(wrong)
        session.flush()
        session.add(ProjectExpense(project_id=project.id, budget_line_id=lines["materials"].id,
                                   spent_on=date(2026, 6, 3), amount_fen=-WRONG_EXPENSE, reverses_id=wrong.id,
                                   note="冲销误记", by_name=CONTACT))
        session.add(ProjectEvaluation(project_id=project.id, kind="midterm", evaluated_on=date(2026, 7, 15),
                                      evaluator="清河县社会工作指导中心", conclusion="pass", progress="中期：进度滞后",
                                      funds_received_fen=MIDTERM_RECEIVED_FEN, by_name="周建国"))
        if final:
            session.add(ProjectEvaluation(
                project_id=project.id, kind="final", evaluated_on=ENDS + timedelta(days=10),
                evaluator="清河县社会工作指导中心", conclusion="excellent", funds_received_fen=RECEIVED_FEN,
                progress=PROGRESS + evaluation, outcomes=OUTCOMES + evaluation, management=MANAGEMENT + evaluation,
                spending=SPENDING + evaluation, next_steps=NEXT_STEPS + evaluation, by_name="周建国"))
        return BuiltProject(project.id, project.number, activities, person_times, volunteer_times, spent)


def text_of(pdf: Path, *pages: int, mode: str = "") -> str:
    """The text in reading order, a cell's lines together; or, with ``mode`` "-layout", as laid out (a
    table row's first lines on one line), or "-raw", in the order drawn (each cell's text whole even
    where a neighbouring cell wraps)."""
    args = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", *([mode] if mode else []), *args, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def rows_of(pdf: Path) -> list[str]:
    """Each line as laid out, its white space squeezed out: a table row reads "8入户探访交通费公里1.20…"."""
    return [squeezed(line) for line in text_of(pdf, mode="-layout").splitlines() if line.strip()]


def squeezed(text: str) -> str:
    """Without white space: wrapped lines come back joined however pdftotext joins them."""
    return re.sub(r"\s", "", text)


def pdf_info(pdf: Path) -> dict[str, str]:
    """``pdfinfo``'s fields: Pages, Page size…"""
    listing = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _sep, value in (line.partition(":") for line in listing.splitlines())}


def pages_of(pdf: Path, *, mode: str = "") -> list[str]:
    """The text of each page (one pdftotext run; it ends every page with a form feed)."""
    return text_of(pdf, mode=mode).split("\f")[:-1]


@dataclass(frozen=True)
class Word:
    """A word as pdftotext places it: its box in points from the top left of the page."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


def words_of(pdf: Path, page: int) -> list[Word]:
    """The words of one page with their boxes."""
    found = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', found)
    return [Word(html.unescape(text), float(left), float(top), float(right), float(bottom))
            for left, top, right, bottom, text in boxes]


def footers(pdf: Path) -> list[str]:
    """The last line printed on each page, as laid out."""
    return [(page.strip().splitlines() or [""])[-1].strip() for page in pages_of(pdf, mode="-layout")]
