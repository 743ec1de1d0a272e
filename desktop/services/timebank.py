"""The time bank (时间银行): points for confirmed service hours, redeemed for rewards, donated.

Deposits are automatic: recording service hours is their confirmation (the organiser records and
certifies, as the 2020 rules ask), so the points are credited in the same unit of work, and
reversing the record reverses them. Every operation writes one batch of append-only lines; after
it no balance is below zero and no volunteer holds more than the storage cap, whose excess goes to
the station's pool (``volunteer_id`` None) as a donation. A batch is reversed as a whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.codes import TIMEBANK_KINDS, label
from desktop.domain.durations import hours_text
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action
from desktop.domain.timebank import cap_points, points_for, points_text
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import volunteers
from desktop.services.forms import optional_text, required_text
from desktop.services.guard import require
from desktop.storage import audit
from desktop.storage.models import AppSetting, TimebankEntry, TimebankReward, Volunteer, VolunteerService

RATE_SETTING = "timebank_points_per_hour"  # hundredths of a point per hour
CAP_SETTING = "timebank_cap_hours"
DAILY_CAP_SETTING = "volunteer_daily_cap_minutes"


@dataclass(frozen=True)
class TimebankSettings:
    rate: int = 100  # hundredths of a point per hour: one point an hour
    cap_hours: int = 1500  # Nanjing's storage cap
    daily_cap_minutes: int = 480  # service hours one volunteer may record for one day

    @property
    def cap(self) -> int:
        return cap_points(self.cap_hours, self.rate)


_SETTINGS = {RATE_SETTING: "rate", CAP_SETTING: "cap_hours", DAILY_CAP_SETTING: "daily_cap_minutes"}
_RANGES = {"rate": (1, 100_000), "cap_hours": (1, 100_000), "daily_cap_minutes": (30, 1440)}


def settings(session: Session) -> TimebankSettings:
    stored = {row.key: int(row.value) for row in session.scalars(select(AppSetting).where(
        AppSetting.key.in_(_SETTINGS)))}
    return TimebankSettings(**{field: stored[key] for key, field in _SETTINGS.items() if key in stored})


def set_settings(session: Session, new: TimebankSettings) -> None:
    require(session, Action.EDIT_STATION)
    for key, field in _SETTINGS.items():
        low, high = _RANGES[field]
        value = getattr(new, field)
        if not low <= value <= high:
            raise ValidationError(field, _("Enter a number between {min} and {max}.").format(min=low, max=high))
        row = session.get(AppSetting, key) or AppSetting(key=key, value="")
        row.value = str(value)
        session.add(row)
    audit.append(session, "setting", detail={key: getattr(new, field) for key, field in _SETTINGS.items()})


def balance(session: Session, volunteer_id: str | None) -> int:
    """Hundredths of a point held by a volunteer, or by the station's pool for None."""
    require(session, Action.VIEW)
    return _stored(session, volunteer_id)


def _stored(session: Session, volunteer_id: str | None) -> int:
    return session.scalar(select(func.coalesce(func.sum(TimebankEntry.amount), 0))
                          .where(TimebankEntry.volunteer_id == volunteer_id)) or 0


def _line(volunteer_id: str | None, kind: str, amount: int, **links: str | None) -> TimebankEntry:
    return TimebankEntry(volunteer_id=volunteer_id, kind=kind, amount=amount, **links)


class _Ledger:
    """Balances as the lines posted in this unit of work leave them. Each post is one batch; the
    caller flushes once when every batch is posted."""

    def __init__(self, session: Session, today: date | None, rules: TimebankSettings | None = None) -> None:
        self.session = session
        self.today = today or date.today()
        self.cap = (rules or settings(session)).cap
        self._held: dict[str | None, int] = {}

    def preload(self, volunteer_ids: Sequence[str]) -> None:
        """Read many balances in one query (a sign-in sheet's volunteers)."""
        missing = {v for v in volunteer_ids if v not in self._held}
        with self.session.no_autoflush:
            stored = {v: int(total) for v, total in self.session.execute(
                select(TimebankEntry.volunteer_id, func.sum(TimebankEntry.amount))
                .where(TimebankEntry.volunteer_id.in_(missing)).group_by(TimebankEntry.volunteer_id))}
        self._held.update({v: stored.get(v, 0) for v in missing})

    def held(self, volunteer_id: str | None) -> int:
        if volunteer_id not in self._held:
            with self.session.no_autoflush:  # the lines posted but not yet flushed are counted here
                self._held[volunteer_id] = _stored(self.session, volunteer_id)
        return self._held[volunteer_id]

    def post(self, lines: list[TimebankEntry]) -> str:
        """Donate what would exceed the cap, refuse what would leave a balance below zero, add."""
        lines = list(lines)
        net: dict[str | None, int] = defaultdict(int)
        for line in lines:
            net[line.volunteer_id] += line.amount
        for volunteer_id, change in list(net.items()):
            if volunteer_id is None:
                continue
            before = self.held(volunteer_id)
            excess = min(change, before + change - self.cap)
            if excess > 0:
                lines += [_line(volunteer_id, "over_cap", -excess),
                          _line(None, "donation_in", excess, counterpart_id=volunteer_id)]
                net[None] += excess
            elif before + change < 0:
                raise _cannot_cover(self.session, volunteer_id, before)
        if net[None] < 0 and self.held(None) + net[None] < 0:
            raise _cannot_cover(self.session, None, self.held(None))
        batch = new_id()
        lines.sort(key=lambda line: -line.amount)  # credits first: no passbook line shows a dip below zero
        for line in lines:
            line.batch, line.entry_on = batch, self.today
            self._held[line.volunteer_id] = self.held(line.volunteer_id) + line.amount
        self.session.add_all(lines)
        return batch


def _post(session: Session, lines: list[TimebankEntry], today: date | None) -> str:
    batch = _Ledger(session, today).post(lines)
    session.flush()
    return batch


def _cannot_cover(session: Session, volunteer_id: str | None, held: int) -> ValidationError:
    row = session.get(Volunteer, volunteer_id) if volunteer_id else None
    return ValidationError("amount", _("The balance of {name} ({balance} points) cannot cover this.").format(
        name=row.name if row else _("the station's pool"), balance=points_text(held)))


def deposit_for_services(session: Session, rows: Sequence[VolunteerService], rules: TimebankSettings,
                         today: date | None = None) -> None:
    """Credit the points of newly recorded service rows, one batch each (called by the hours service)."""
    ledger = _Ledger(session, today, rules)
    ledger.preload([row.volunteer_id for row in rows])
    for row in rows:
        amount = points_for(row.minutes, rules.rate)
        if amount > 0:
            ledger.post([_line(row.volunteer_id, "deposit", amount, service_id=row.id)])
    session.flush()


def reverse_service_deposit(session: Session, service_id: str, reason: str, today: date | None = None) -> None:
    """The service record is being reversed: so is its deposit, unless its points are spent."""
    deposit = session.scalar(select(TimebankEntry.batch).where(TimebankEntry.service_id == service_id,
                                                              TimebankEntry.kind == "deposit"))
    if deposit is not None:
        _reverse_batch(session, deposit, reason, today)


def redeem(session: Session, volunteer_id: str, reward_id: str, note: str = "", today: date | None = None) -> str:
    """Exchange points for a listed reward; refused when the balance does not cover its cost."""
    require(session, Action.EDIT_REGISTERS)
    volunteers.live(session, volunteer_id)
    reward = session.get(TimebankReward, reward_id)
    if reward is None or reward.deleted_at is not None or not reward.active:
        raise ValidationError("reward_id", _("Choose a reward from the catalogue."))
    held = _stored(session, volunteer_id)
    if held < reward.cost:
        raise ValidationError("reward_id", _("{reward} costs {cost} points; the balance is {balance}.").format(
            reward=reward.name, cost=points_text(reward.cost), balance=points_text(held)))
    return _post(session, [_line(volunteer_id, "redemption", -reward.cost, reward_id=reward_id,
                                 note=optional_text(note, "note", 200))], today)


def donate(session: Session, volunteer_id: str, amount: int, to_volunteer_id: str | None = None, note: str = "",
           today: date | None = None) -> str:
    """Give ``amount`` hundredths to another volunteer, or to the station's pool when ``to_volunteer_id`` is
    None; what the receiver cannot store above the cap goes on to the pool."""
    require(session, Action.EDIT_REGISTERS)
    volunteers.live(session, volunteer_id)
    if to_volunteer_id is not None:
        volunteers.live(session, to_volunteer_id)
        if to_volunteer_id == volunteer_id:
            raise ValidationError("to_volunteer_id", _("Choose another volunteer to receive the points."))
    if amount <= 0:
        raise ValidationError("amount", _("Enter a number of points above zero."))
    note = optional_text(note, "note", 200)
    return _post(session, [
        _line(volunteer_id, "donation_out", -amount, counterpart_id=to_volunteer_id, note=note),
        _line(to_volunteer_id, "donation_in", amount, counterpart_id=volunteer_id, note=note)], today)


def reverse(session: Session, entry_id: str, reason: str, today: date | None = None) -> str:
    """Reverse the operation a passbook line belongs to (a redemption, a donation). Deposits are
    reversed with their service record, which is what was wrong."""
    require(session, Action.EDIT_REGISTERS)
    entry = session.get(TimebankEntry, entry_id)
    if entry is None:
        raise ValidationError("entry_id", _("No such passbook line."))
    return _reverse_batch(session, entry.batch, reason, today, service=False)


def _reverse_batch(session: Session, batch_id: str, reason: str, today: date | None, *, service: bool = True) -> str:
    reason = required_text(reason, "reason", 200)
    lines = list(session.scalars(select(TimebankEntry).where(TimebankEntry.batch == batch_id)))
    if not service and any(line.kind == "deposit" for line in lines):
        raise ValidationError("entry_id", _("Points from service hours are reversed by reversing the service record."))
    if any(line.kind == "reversal" for line in lines):
        raise ValidationError("entry_id", _("A reversal cannot be reversed; record the operation again."))
    if session.scalar(select(func.count()).where(TimebankEntry.reverses_id.in_([line.id for line in lines]))):
        raise ValidationError("entry_id", _("This has already been reversed."))
    return _post(session, [_line(line.volunteer_id, "reversal", -line.amount, reverses_id=line.id,
                                 service_id=line.service_id, reward_id=line.reward_id,
                                 counterpart_id=line.counterpart_id, note=reason) for line in lines], today)


@dataclass(frozen=True)
class PassbookLine:
    """One line of a passbook (存折): 日期, 摘要, 存入, 取出, 结余, in hundredths of a point."""

    entry_id: str
    entry_on: date
    kind: str
    content: str
    deposit: int
    withdrawal: int
    balance: int


def passbook(session: Session, volunteer_id: str | None) -> list[PassbookLine]:
    """A volunteer's passbook (the station's pool for None), oldest line first."""
    require(session, Action.VIEW)
    other = aliased(Volunteer)
    rows = session.execute(
        select(TimebankEntry, VolunteerService.activity, VolunteerService.served_on, VolunteerService.minutes,
               TimebankReward.name, other.name)
        .outerjoin(VolunteerService, TimebankEntry.service_id == VolunteerService.id)
        .outerjoin(TimebankReward, TimebankEntry.reward_id == TimebankReward.id)
        .outerjoin(other, TimebankEntry.counterpart_id == other.id)
        .where(TimebankEntry.volunteer_id == volunteer_id)
        .order_by(TimebankEntry.hlc, TimebankEntry.id)).all()
    lines, running = [], 0
    for entry, activity, served_on, minutes, reward, counterpart in rows:
        running += entry.amount
        lines.append(PassbookLine(entry.id, entry.entry_on, entry.kind,
                                  _content(entry, activity, served_on, minutes, reward, counterpart),
                                  max(entry.amount, 0), max(-entry.amount, 0), running))
    return lines


def _content(entry: TimebankEntry, activity: str | None, served_on: date | None, minutes: int | None,
             reward: str | None, counterpart: str | None) -> str:
    """摘要: what the line was for, in the reader's language."""
    if entry.kind == "reversal":
        return _("Reversal: {reason}").format(reason=entry.note)
    if entry.kind == "deposit" and activity is not None and served_on is not None and minutes is not None:
        return _("{activity} on {date}, {hours} h").format(activity=activity, date=served_on.isoformat(),
                                                          hours=hours_text(minutes))
    if entry.kind == "redemption" and reward is not None:
        return _("Redeemed: {reward}").format(reward=reward)
    if entry.kind == "donation_out":
        return _("Donated to {name}").format(name=counterpart or _("the station's pool"))
    if entry.kind == "donation_in" and counterpart is not None:
        return _("From {name}").format(name=counterpart)
    return label(TIMEBANK_KINDS, entry.kind)
