"""Cases (个案): opening one, its head fields, and moving it through the workflow.

The moves and what each needs are data in ``domain.case_workflow``; ``move`` only finds out which
of those needs the file meets and lets ``check_move`` decide. Every move, and the opening, is a
``CaseStageChange`` row saying who took which step, when and why (a handover to another worker too:
``services.case_handover``). Numbers are ``个案-2026-0001``, per node and year of opening. Who sees which
case: ``services.case_access``; lists: ``services.case_list``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import (
    DECLINE, OPEN_STAGES, Requirement, Stage, check_move, find_move, moves_from,
)
from desktop.domain.codes import CASE_SOURCES, RISK_LEVELS
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action, Principal, Role, may
from desktop.errors import NotFoundError, ValidationError, raise_all
from desktop.i18n import _, format_date
from desktop.services import case_record, case_referrals
from desktop.services.case_access import load_case, not_theirs, visible, written
from desktop.services.case_referrals import Receiver
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.guard import head_here, require
from desktop.services.id_numbers import masked_number
from desktop.services.numbering import next_number
from desktop.services.sealing import opened, seal_onto
from desktop.storage.models import CaseFile, CaseStageChange, Client, Community, UserAccount
from desktop.storage.withheld import withheld_fields

NUMBER_PREFIX = "个案"  # the product's case number, 个案-2026-0001, in every language
# Accounts that may be responsible for a case: the roles that may edit cases.
CASE_ROLES = frozenset(role for role in Role if may(role, Action.EDIT_CASES))
KNOWN_STAGES: frozenset[str] = frozenset(Stage)


@dataclass(frozen=True)
class CaseInput:
    client_id: str
    problem: str  # 主要问题, as presented
    risk: str = "medium"  # domain.codes.RISK_LEVELS
    source: str = "self"  # domain.codes.CASE_SOURCES
    worker_user_id: str = ""  # blank: the signed-in user on opening, unchanged on update
    opened_on: date | None = None  # today when not given

    def validated(self, today: date) -> CaseInput:
        """The input checked, every problem reported at once (``ValidationErrors``)."""
        opened = self.opened_on or today
        problems: list[ValidationError] = []
        checked: dict[str, str] = {}
        for field, check in (("problem", lambda: required_text(self.problem, "problem", 1000)),
                             ("risk", lambda: one_of(self.risk, RISK_LEVELS, "risk")),
                             ("source", lambda: one_of(self.source, CASE_SOURCES, "source"))):
            try:
                checked[field] = check()
            except ValidationError as exc:
                problems.append(exc)
        if opened > today:
            problems.append(ValidationError("opened_on", _("The opening date is in the future.")))
        raise_all(problems)
        return replace(self, opened_on=opened, **checked)


@dataclass(frozen=True)
class CaseView:
    id: str
    number: str
    client_id: str
    client_name: str
    id_masked: str  # the client's ID number, masked (``masked_id``)
    community_id: str
    community: str
    worker_user_id: str
    worker_name: str
    opened_on: date
    source: str
    problem: str
    risk: str
    stage: str  # domain.case_workflow.Stage
    closed_on: date | None
    closing_summary: str  # of the latest closing (kept when reopened, replaced at the next)
    referred_to: str  # while referred out
    declined_reason: str  # why the case was not taken on (不接案), when that is how it closed
    moves: tuple[str, ...]  # the steps open to the case now (domain.case_workflow.MOVES actions)
    # Sealed fields a plain bundle left out (problem, closing_summary): ``storage.withheld``, shown with
    # ``services.received``'s mark.
    withheld: tuple[str, ...] = ()

    def as_input(self) -> CaseInput:
        return CaseInput(self.client_id, self.problem, self.risk, self.source, self.worker_user_id, self.opened_on)


@dataclass(frozen=True)
class WorkerChoice:
    id: str
    username: str
    name: str


def masked_id(session: Session, client: Client) -> str:
    """The client's ID number masked by the one rule of every list, paper and export (5101**********1234,
    ``domain.id_documents.mask_id_number``); "" when none is stored or the data key is locked."""
    return masked_number(session, "client", client)


def workers(session: Session) -> list[WorkerChoice]:
    """Active accounts a case may be given to, for the head's choice."""
    require(session, Action.VIEW_CASES)
    rows = session.scalars(select(UserAccount).where(UserAccount.disabled_at.is_(None),
                                                     UserAccount.role.in_(CASE_ROLES)).order_by(UserAccount.username))
    return [WorkerChoice(row.id, row.username, row.display_name) for row in rows]


def worker_account(session: Session, who: Principal, user_id: str) -> UserAccount:
    """The responsible worker: the signed-in user, or an account the head chose."""
    wanted = user_id or who.user_id
    if not wanted:
        raise ValidationError("worker_user_id", _("Choose the responsible worker."))
    if wanted != who.user_id and not who.may(Action.VIEW_ALL_CASES):  # giving cases to others is the head's
        raise ValidationError("worker_user_id", _("You may open a case only as its worker yourself; the {head} "
                                                  "gives cases to other workers.").format(head=head_here(session)))
    account = session.get(UserAccount, wanted)
    if account is None or account.disabled_at is not None or account.role not in CASE_ROLES:
        raise ValidationError("worker_user_id", _("Choose an active social worker or the {head}.").format(
            head=head_here(session)))
    return account


def _live_client(session: Session, client_id: str) -> Client:
    client = session.get(Client, client_id) if client_id else None
    if client is None or client.deleted_at is not None:
        raise ValidationError("client_id", _("Choose a client from the register."))
    return client


def _registered_by(client: Client, opened_on: date) -> None:
    """A case entered from the paper files (补录) may open before the client was put on the register, an
    import without 登记日期 registering everyone today: the client was one by then, so the registration
    date moves back to the opening. Only a case before the client's birth is refused."""
    if client.birth_date and opened_on < client.birth_date:
        raise ValidationError("opened_on", _("The case cannot open before {name} was born ({date}).").format(
            name=client.name, date=format_date(client.birth_date)))
    if opened_on < client.registered_on:
        client.registered_on = opened_on


def _refuse_second_open_case(session: Session, client: Client, case_id: str = "") -> None:
    """A client has one open case at a time: opening one, or reopening ``case_id``, is refused while
    another is open."""
    running = session.scalar(select(CaseFile.number).where(
        CaseFile.client_id == client.id, CaseFile.stage.in_(OPEN_STAGES), CaseFile.deleted_at.is_(None),
        CaseFile.id != case_id).limit(1))
    if running:
        raise ValidationError("client_id", _("{name} already has an open case ({number}).").format(
            name=client.name, number=running))


def _reopenable_client(session: Session, case: CaseFile) -> None:
    """Reopening serves the client again, so it asks what opening asks: the client is still on the
    register and has no other open case."""
    client = session.get(Client, case.client_id)
    assert client is not None  # a case's client row is only ever tombstoned
    if client.deleted_at is not None:
        raise ValidationError("client_id", _("{name} was deleted from the register; restore the client before "
                                             "reopening the case.").format(name=client.name))
    _refuse_second_open_case(session, client, case.id)


def _record_change(session: Session, case: CaseFile, action: str, from_stage: str, reason: str, who: Principal,
                   today: date | None) -> None:
    change = CaseStageChange(case_id=case.id, action=action, from_stage=from_stage, to_stage=case.stage,
                             by_name=who.display_name, **written(today))
    seal_onto(session, change, reason=reason)
    session.add(change)


def open_case(session: Session, data: CaseInput, today: date | None = None) -> CaseView:
    """A new case at intake (接案) for a client of the register; ``today`` is the date of entry."""
    who = require(session, Action.EDIT_CASES)
    data = data.validated(today or date.today())
    assert data.opened_on is not None
    client = _live_client(session, data.client_id)
    _registered_by(client, data.opened_on)
    _refuse_second_open_case(session, client)
    worker = worker_account(session, who, data.worker_user_id)
    number = next_number(session, CaseFile.number, CaseFile.origin_node, NUMBER_PREFIX, data.opened_on.year)
    row = CaseFile(id=new_id(), number=number, client_id=client.id,
                   community_id=client.community_id, worker_user_id=worker.id, worker_name=worker.display_name,
                   opened_on=data.opened_on, source=data.source, risk=data.risk, stage=Stage.INTAKE, **written(today))
    seal_onto(session, row, problem=data.problem)
    session.add(row)
    _record_change(session, row, "open", "", "", who, today)
    session.flush()
    return get(session, row.id)


def update_case(session: Session, case_id: str, data: CaseInput) -> CaseView:
    """Change the problem, risk and source. The client, the opening date and the worker stay: another
    worker takes the case by a handover (``case_handover.hand_over``), which records from whom, to whom
    and why."""
    require(session, Action.EDIT_CASES)
    row = load_case(session, case_id, Action.EDIT_CASES)
    if data.client_id != row.client_id or data.opened_on not in (None, row.opened_on):
        raise ValidationError("client_id", _("A case keeps its client and opening date; open a new case instead."))
    if data.worker_user_id not in ("", row.worker_user_id):
        raise ValidationError("worker_user_id", _("Hand the case over (转交) to give it to another worker, with "
                                                  "the reason."))
    data = replace(data, opened_on=row.opened_on).validated(date.today())
    row.risk, row.source = data.risk, data.source
    seal_onto(session, row, problem=data.problem)
    session.flush()
    return get(session, row.id)


def _needs_met(session: Session, case: CaseFile, needs: frozenset[Requirement], *, reason: str,
               receiver: Receiver | None, summary: str) -> set[Requirement]:
    """Which of ``needs`` the case's file and the step's details meet."""
    met: dict[Requirement, Callable[[], bool]] = {
        Requirement.REASON: lambda: bool(reason),
        Requirement.RECEIVER: lambda: receiver is not None and receiver.named,
        Requirement.CLOSING_SUMMARY: lambda: bool(summary),
        Requirement.ASSESSMENT: lambda: case_record.has_assessment(session, case.id),
        Requirement.PLAN: lambda: _plan_ready(session, case.id),
        Requirement.EVALUATION: lambda: case_record.evaluated_since_service(session, case.id),
    }
    return {need for need in needs if met[need]()}


def _plan_ready(session: Session, case_id: str) -> bool:
    """The plan in force has a goal; with no plan on file at all the step is refused for that, not for its goals."""
    if not case_record.has_plan(session, case_id):
        raise ValidationError("plan", _("There is no service plan yet: draw one up first, with its goals."))
    return case_record.plan_has_goals(session, case_id)


def move(session: Session, case_id: str, action: str, *, reason: str = "", receiver: Receiver | None = None,
         closing_summary: str = "", today: date | None = None) -> CaseView:
    """Take a step of the workflow (an action of ``domain.case_workflow.MOVES``), refused with what is
    missing (each of a step's details at once: a referral's receiver and reason). Closing sets
    ``closed_on``; referring out records the referral; reopening clears both. ``today`` is the day the step is taken (the clock's unless given)."""
    who = require(session, Action.EDIT_CASES)
    row = load_case(session, case_id, Action.EDIT_CASES)
    day = today or date.today()
    reason = optional_text(reason, "reason", 500)
    summary = optional_text(closing_summary, "closing_summary", 2000)
    step = find_move(action)
    check_move(Stage(row.stage), action, step.needs)  # a step the stage does not allow is refused before any need
    target = check_move(Stage(row.stage), action,
                        _needs_met(session, row, step.needs, reason=reason, receiver=receiver, summary=summary))
    if target in OPEN_STAGES and row.stage not in OPEN_STAGES:
        _reopenable_client(session, row)
    if target is Stage.REFERRED:
        assert receiver is not None  # check_move asked for it
        row.referred_to = case_referrals.referral_row(session, row, receiver, reason, day, today).target_name
    elif target is Stage.CLOSED:
        row.closed_on = day
        if summary:  # else the summary of an earlier closing stays
            seal_onto(session, row, closing_summary=summary)
    else:
        row.closed_on, row.referred_to = None, ""
    from_stage, row.stage = row.stage, target
    _record_change(session, row, action, from_stage, reason, who, today)
    session.flush()
    return get(session, row.id)


def get_many(session: Session, ids: Sequence[str]) -> list[CaseView]:
    """The cases of ``ids`` the signed-in user may see, in the order given."""
    rows = session.execute(select(CaseFile, Client, Community.name)
                           .join(Client, CaseFile.client_id == Client.id)
                           .join(Community, CaseFile.community_id == Community.id)
                           .where(CaseFile.id.in_(ids), *visible(session))).all()
    found = {row.id: _view(session, row, client, community) for row, client, community in rows}
    return [found[i] for i in ids if i in found]


def _view(session: Session, row: CaseFile, client: Client, community: str) -> CaseView:
    # A stage this version does not know (from a newer node) offers no step.
    moves = tuple(m.action for m in moves_from(Stage(row.stage))) if row.stage in KNOWN_STAGES else ()
    return CaseView(row.id, row.number, row.client_id, client.name, masked_id(session, client), row.community_id,
                    community, row.worker_user_id, row.worker_name, row.opened_on, row.source,
                    opened(session, row, "problem"),
                    row.risk, row.stage, row.closed_on, opened(session, row, "closing_summary"), row.referred_to,
                    declined_reason(session, row), moves, withheld_fields(row))


def declined_reason(session: Session, row: CaseFile) -> str:
    """The reason given for not taking the case on, when declining at intake is how it last closed."""
    if row.stage != Stage.CLOSED:
        return ""
    closing = session.scalar(select(CaseStageChange).where(
        CaseStageChange.case_id == row.id, CaseStageChange.to_stage == Stage.CLOSED)
        .order_by(CaseStageChange.hlc.desc()).limit(1))
    return opened(session, closing, "reason") if closing is not None and closing.action == DECLINE else ""


def get(session: Session, case_id: str) -> CaseView:
    views = get_many(session, [case_id])
    if not views:
        raise NotFoundError(_("No such case."))
    return views[0]


def ids_by_number(session: Session, number: str) -> list[str]:
    """The ids of the cases with this number that the signed-in user may see (numbers are per node: a
    county file may hold two); none of hers, but another worker's, is refused naming that worker."""
    ids = list(session.scalars(select(CaseFile.id).where(CaseFile.number == number.strip(), *visible(session))))
    if not ids:
        not_theirs(session, number)
    return ids


def by_number(session: Session, number: str) -> CaseView:
    """The case with this number that the signed-in user may see, if only one has it."""
    ids = ids_by_number(session, number)
    if len(ids) != 1:
        raise NotFoundError(_("No case has the number {number}.").format(number=number) if not ids else
                            _("Several cases have the number {number}; use the list.").format(number=number))
    return get(session, ids[0])
