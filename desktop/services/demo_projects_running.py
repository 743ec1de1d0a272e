"""What the demo's running projects have done so far: activities with volunteers from the register
(their hours on their records), spending against the budget lines with one mistaken expense reversed,
three milestones of which one is overdue, and a mid-term evaluation of the first project.

Everything goes through the services, each activity entered a few days after it was held as its
sign-in sheet came in. Dates fall between the project's start and today; a fixed seed keeps the demo
the same from run to run.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.services import project_activities, project_evaluations, project_milestones, project_spending
from desktop.services.project_activities import ActivityInput
from desktop.services.project_evaluations import EvaluationInput
from desktop.services.project_milestones import MilestoneInput
from desktop.services.project_spending import ExpenseInput
from desktop.services.tags import tags_of
from desktop.services.volunteer_hours import day_minutes
from desktop.storage.models import Community, Project, ProjectBudgetLine, ProjectPlannedActivity, Volunteer


@dataclass(frozen=True)
class Happening:
    """An activity a project of one area holds again and again."""

    title: str
    kind: str  # domain.codes.ACTIVITY_KINDS
    place: str  # after the community's name
    content: str
    attendance: tuple[int, int]  # from, to
    volunteers: tuple[int, int]
    minutes: int


H = Happening
# By the project's first area; "" for any other.
HAPPENINGS: dict[str, tuple[Happening, ...]] = {
    "elderly": (
        H("长者午餐堂食", "volunteer_service", "老年活动中心食堂", "为独居、空巢老人提供午餐，志愿者协助打饭、清洁",
          (30, 45), (3, 5), 120),
        H("行动不便老人送餐上门", "visit", "老人家中", "志愿者分组送餐上门，顺带了解老人身体和起居情况", (10, 16), (2, 4), 90),
        H("长者营养健康讲座", "lecture", "老年活动中心", "镇卫生院医生讲解老年人膳食搭配与慢病饮食", (35, 50), (2, 3), 120),
        H("长者集体生日会", "community_event", "老年活动中心", "为本月过生日的老人庆生，志愿者表演节目", (40, 60), (4, 6), 150),
        H("送餐志愿者例会", "meeting", "社区居委会会议室", "总结送餐情况，调整路线和排班", (12, 20), (3, 5), 60),
    ),
    "children": (
        H("四点半课堂作业辅导", "group", "党群服务中心四点半课堂", "志愿者分组辅导作业，检查当天作业完成情况",
          (25, 38), (3, 5), 120),
        H("绘本共读与故事会", "group", "党群服务中心阅览室", "低年级儿童共读绘本，讲述和表演故事", (18, 28), (2, 4), 90),
        H("亲子视频连线日", "community_event", "党群服务中心", "孩子与外出务工父母视频通话，分享本月进步", (30, 40), (2, 3), 120),
        H("儿童防溺水安全课", "lecture", "村小学多功能室", "讲解防溺水知识，演示求救与自救方法", (35, 45), (2, 3), 90),
        H("辅导志愿者培训", "training", "党群服务中心", "讲解作业辅导技巧与儿童沟通方法", (10, 14), (4, 6), 180),
    ),
    "": (
        H("社区主题活动", "community_event", "社区广场", "围绕项目主题开展宣传和互动活动", (40, 80), (4, 6), 120),
        H("居民小组活动", "group", "社区活动室", "居民分组讨论和实践", (15, 25), (2, 4), 90),
        H("项目志愿者例会", "meeting", "社区居委会会议室", "总结近期服务，安排下一步工作", (10, 15), (3, 5), 60),
    ),
}
PAYEES: dict[str, str] = {
    "service": "青山镇惠民农贸市场", "labour": "项目工作人员", "volunteer_allowance": "项目志愿者",
    "materials": "清河县乐家百货有限公司", "printing": "清河县彩虹印务有限公司", "training": "清河县社会工作协会",
    "expert": "青山镇卫生院", "transport": "青山镇出租车公司", "meeting": "青山镇便民服务中心",
    "communication": "中国移动清河分公司",
}
# The mid-term evaluation's sections: 执行情况, 目标达成与社会效益, 组织管理, 经费使用, 问题与下一步.
MIDTERM_SECTIONS = ("项目按计划推进，活动场次和服务人次达到阶段目标，活动台账和签到表齐全。",
                    "服务对象反映良好，志愿者队伍稳定，社区参与度明显提高。",
                    "承接机构分工明确，例会制度落实，财务单独建账。",
                    "支出与预算基本一致，凭证齐全；有一笔重复录入的支出已冲回。",
                    "下一阶段加强志愿者培训，补充服务对象满意度调查。")


def fill_running(session: Session, project_ids: Sequence[str], today: date) -> None:
    """Each running project's record so far; the first of them also has its mid-term evaluation."""
    for n, project_id in enumerate(project_ids):
        project = session.get(Project, project_id)
        assert project is not None
        rng = random.Random(f"{project.title}{today.year}")
        _activities(session, project, rng, today)
        _spending(session, project, rng, today)
        _milestones(session, project, today)
        if n == 0:  # the first half of the grant has been paid (首笔拨付)
            project_evaluations.add_evaluation(session, project.id, EvaluationInput(
                "midterm", today - timedelta(days=3), "清河县社会工作指导中心", "good", (project.approved_fen or 0) // 2,
                *MIDTERM_SECTIONS), today=today)


def _days(rng: random.Random, starts: date, until: date) -> list[date]:
    """8–15 days spread over ``starts``..``until``, each a little off its even place."""
    n = rng.randint(8, 15)
    span = (until - starts).days
    return sorted({min(until, starts + timedelta(days=span * k // n + rng.randint(0, 2))) for k in range(n)})


def _activities(session: Session, project: Project, rng: random.Random, today: date) -> None:
    community = session.get(Community, project.community_id)
    place = community.name if community else ""
    areas = tags_of(project.areas)
    happenings = HAPPENINGS.get(areas[0] if areas else "", HAPPENINGS[""])
    plan = list(session.scalars(select(ProjectPlannedActivity).where(
        ProjectPlannedActivity.project_id == project.id, ProjectPlannedActivity.deleted_at.is_(None))
        .order_by(ProjectPlannedActivity.position)))
    pool = _volunteers(session, project)
    for held in _days(rng, project.starts_on, today - timedelta(days=2)):
        what = rng.choice(happenings)
        attendance = rng.randint(*what.attendance)
        served = _free(session, rng.sample(pool, k=min(len(pool), rng.randint(*what.volunteers))), held, what.minutes)
        planned = next((p.id for p in plan if p.starts_on <= held <= p.ends_on), None)
        project_activities.add_activity(session, project.id, ActivityInput(
            held, what.title, what.kind, place + what.place, what.content, attendance, attendance + rng.randint(0, 3),
            planned, tuple((volunteer_id, what.minutes) for volunteer_id in served)),
            today=min(today, held + timedelta(days=rng.randint(0, 3))))


def _volunteers(session: Session, project: Project) -> list[str]:
    """Active volunteers of the project's community, or of the township when it has too few."""
    active = select(Volunteer.id).where(Volunteer.status == "active", Volunteer.deleted_at.is_(None))
    local = list(session.scalars(active.where(Volunteer.community_id == project.community_id).order_by(Volunteer.id)))
    return local if len(local) >= 3 else list(session.scalars(active.order_by(Volunteer.id)))


def _free(session: Session, chosen: Sequence[str], day: date, minutes: int) -> list[str]:
    """Those of ``chosen`` whose record has room for ``minutes`` more on ``day`` (the daily cap)."""
    recorded = day_minutes(session, [(volunteer_id, day) for volunteer_id in chosen])
    return [volunteer_id for volunteer_id in chosen if recorded[volunteer_id, day] + minutes <= 480]


def _spending(session: Session, project: Project, rng: random.Random, today: date) -> None:
    """One to three payments per line, 20–40 % of it so far, in whole yuan and vouchers numbered by
    date; the first paid twice by mistake and reversed."""
    lines = session.scalars(select(ProjectBudgetLine).where(
        ProjectBudgetLine.project_id == project.id, ProjectBudgetLine.deleted_at.is_(None))
        .order_by(ProjectBudgetLine.position))
    days = (today - project.starts_on).days
    payments = []
    for line in lines:
        count = rng.randint(1, 3)
        payments += [(project.starts_on + timedelta(days=rng.randint(0, days)), line.position, line,
                      line.amount_fen * rng.randint(20, 40) // 100 // count // 100 * 100) for _n in range(count)]
    made = [project_spending.record_expense(session, project.id, ExpenseInput(
        line.id, spent, amount, f"记-{spent:%Y%m}-{number:03d}", PAYEES.get(line.category, "青山镇便民超市"),
        line.item), today=today)
        for number, (spent, _position, line, amount) in enumerate(sorted(payments, key=lambda p: p[:2]), 1)
        if amount > 0]
    if made:
        first = made[0]
        again = project_spending.record_expense(session, project.id, ExpenseInput(
            first.budget_line_id, first.spent_on, first.amount_fen, first.voucher_no, first.payee, first.note),
            today=today)
        project_spending.reverse_expense(session, again.id, "同一凭证重复录入")


def _milestones(session: Session, project: Project, today: date) -> None:
    """The survey done, the quarter's ledgers overdue, the closing still ahead."""
    survey = project_milestones.add_milestone(session, project.id, MilestoneInput(
        "完成需求调研与服务对象建档", project.starts_on + timedelta(days=20)))
    project_milestones.mark_done(session, survey.id, project.starts_on + timedelta(days=18), today=today)
    project_milestones.add_milestone(session, project.id, MilestoneInput(
        "报送季度服务台账", today - timedelta(days=5), "报镇社工站和社区基金管委会"))
    project_milestones.add_milestone(session, project.id, MilestoneInput(
        "结项验收与成果展示", project.ends_on - timedelta(days=10)))
