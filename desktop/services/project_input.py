"""What a proposal (申报书) is made of as typed: its head and narrative, the team, the activity plan and
the budget lines, each checked on its own. The round's budget rules are checked at submission
(``projects.move``), not here: a draft may be saved half done. A valid proposal's budget lines come in
the printed table's order (by category), so once saved a line has one number everywhere."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from desktop.domain.codes import PROJECT_AREAS
from desktop.domain.project_budget import BudgetLine, in_table_order
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.contacts import optional_phone
from desktop.services.forms import count, one_of, optional_text, required_text
from desktop.storage.models.project import NARRATIVE

SUMMARY = 500  # 项目简介: at most 500 characters (FORMS.md)
MAX_ROWS = 200  # team members, budget lines or planned activities of one proposal
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

T = TypeVar("T")


def phone(text: str, field: str) -> str:
    """A mobile or landline number as ``contacts.optional_phone`` gives it, refused under ``field``."""
    try:
        return optional_phone(text)
    except ValidationError as exc:
        raise ValidationError(field, exc.message) from None


def _rows(items: Sequence[T], field: str, check: Callable[[T, str], T]) -> tuple[T, ...]:
    """Each row checked with its field named ``<field>.<n>`` (n from 1, as the printed tables count)."""
    if len(items) > MAX_ROWS:
        raise ValidationError(field, _("At most {n} rows.").format(n=MAX_ROWS))
    return tuple(check(item, f"{field}.{n}") for n, item in enumerate(items, 1))


@dataclass(frozen=True)
class TeamMemberInput:
    """A member of the project's team (项目执行团队)."""

    name: str
    education: str = ""  # 学历及专业
    qualification: str = ""  # 社会工作职业资格
    role: str = ""  # 角色分工
    phone: str = ""

    def validated(self, field: str = "team") -> TeamMemberInput:
        return TeamMemberInput(required_text(self.name, f"{field}.name", 50),
                               optional_text(self.education, f"{field}.education", 100),
                               optional_text(self.qualification, f"{field}.qualification", 100),
                               optional_text(self.role, f"{field}.role", 100), phone(self.phone, f"{field}.phone"))


@dataclass(frozen=True)
class PlannedActivityInput:
    """One line of the activity plan (实施计划与进度)."""

    name: str
    starts_on: date
    ends_on: date
    content: str = ""
    sessions: int | str | None = 0  # 场次
    person_times: int | str | None = 0  # 服务人次

    def validated(self, field: str = "plan") -> PlannedActivityInput:
        if self.ends_on < self.starts_on:
            raise ValidationError(f"{field}.ends_on", _("The end date is before the start date."))
        return replace(self, name=required_text(self.name, f"{field}.name", 100),
                       content=optional_text(self.content, f"{field}.content", 500),
                       sessions=count(self.sessions, f"{field}.sessions") or 0,
                       person_times=count(self.person_times, f"{field}.person_times") or 0)


def _budget_line(line: BudgetLine, field: str) -> BudgetLine:
    """The line valid on its own, its problem named ``lines.<n>.<field>`` as ``project_budget`` names them."""
    found = line.problems()
    if found:
        name, message = found[0]
        raise ValidationError(f"{field}.{name}", message)
    return line.validated()


@dataclass(frozen=True)
class ProposalInput:
    round_id: str
    org_id: str  # 申报单位
    community_id: str  # where the project runs
    title: str
    starts_on: date
    ends_on: date
    areas: tuple[str, ...] = ()  # domain.codes.PROJECT_AREAS
    target_group: str = ""
    beneficiaries: int | str | None = 0  # 受益人数
    summary: str = ""  # 项目简介
    needs: str = ""  # 必要性与需求分析
    objectives: str = ""  # 项目目标
    approach: str = ""  # 实施计划与进度, in words
    outcomes: str = ""  # 预期成效与评估
    risks: str = ""  # 风险及应对
    sustainability: str = ""  # 可持续性
    planned_sessions: int | str | None = 0  # 预期产出: 活动场次
    planned_person_times: int | str | None = 0  # 服务人次
    planned_volunteer_times: int | str | None = 0  # 志愿者人次
    leader_name: str = ""  # 项目负责人
    leader_phone: str = ""
    contact_name: str = ""  # 项目联系人
    contact_phone: str = ""
    contact_email: str = ""
    team: tuple[TeamMemberInput, ...] = ()
    budget: tuple[BudgetLine, ...] = ()  # requested and matching totals are the lines' sums
    plan: tuple[PlannedActivityInput, ...] = ()

    def validated(self) -> ProposalInput:
        if self.ends_on < self.starts_on:
            raise ValidationError("ends_on", _("The end date is before the start date."))
        email = optional_text(self.contact_email, "contact_email", 100)
        if email and not _EMAIL.fullmatch(email):
            raise ValidationError("contact_email", _("Enter an e-mail address like name@example.com."))
        plan = _rows(self.plan, "plan", PlannedActivityInput.validated)
        for n, activity in enumerate(plan, 1):
            if activity.starts_on < self.starts_on or activity.ends_on > self.ends_on:
                raise ValidationError(f"plan.{n}.starts_on", _("Planned activities fall within the project's "
                                                                 "period."))
        narrative = {key: optional_text(getattr(self, key), key, NARRATIVE)
                     for key in ("needs", "objectives", "approach", "outcomes", "risks", "sustainability")}
        counts = {key: count(getattr(self, key), key) or 0
                  for key in ("beneficiaries", "planned_sessions", "planned_person_times", "planned_volunteer_times")}
        return replace(
            self, title=required_text(self.title, "title", 100),
            areas=tuple(dict.fromkeys(one_of(area, PROJECT_AREAS, "areas") for area in self.areas)),
            target_group=optional_text(self.target_group, "target_group", 200),
            summary=optional_text(self.summary, "summary", SUMMARY), **narrative, **counts,
            leader_name=optional_text(self.leader_name, "leader_name", 50),
            leader_phone=phone(self.leader_phone, "leader_phone"),
            contact_name=optional_text(self.contact_name, "contact_name", 50),
            contact_phone=phone(self.contact_phone, "contact_phone"), contact_email=email,
            team=_rows(self.team, "team", TeamMemberInput.validated),
            budget=in_table_order(_rows(self.budget, "lines", _budget_line)), plan=plan)
