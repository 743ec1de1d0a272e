"""Activity statistics for a period (工作统计): the figures a station reports upward, as in Linhai's
"走访群众2730人…梳理需求信息394条，开展服务项目36个，服务1758人次，培训374人次"
(the seeds) and FORMS.md's list.

The period is inclusive. Tombstoned rows are left out, and so are rows whose parent is tombstoned (the
records of a deleted case, the service of a deleted volunteer, the entries of a deleted fund). Records
that were corrected count once, as they now stand: a case service record by its last correction, a
volunteer service record not at all when reversed, a ledger entry net of its reversal (a reversal counts
in the period it is posted in, negative, as on the fund statement).

Each figure has a unit (``Figure.unit``):
    people        distinct persons (a client, a volunteer), counted once however often they appear
    person_times  人次: each time someone was served or trained
    count         things: needs, cases, records, projects, activities
    minutes       time, exact; shown as hours (``domain.durations.hours_text``)
    fen           money, integer fen; shown as yuan

Every figure is also split by village or community and by month, or, over a long period, by quarter or by
year (``bucket_of``: a chart and a table of sixty months are unreadable). A figure of ``people`` counts a
person once in each community and each month (quarter, year) they appear in, so its parts may add up to
more than the total; a project counts in every month it ran. The rest add up exactly.

Money raised is the period's donations net of the reversals of those same donations, so it is never less
than nothing; a donation of an earlier period reversed in this one is its own figure (冲销以前期间的捐赠),
which a report sent upward shows beside it rather than as a negative amount raised.

A record counts where it belongs: a case's in the case's community, an activity's in its project's, a
volunteer's service and training in the volunteer's community, money in its fund's. A case is counted
as it now stands: one closed in the period and reopened since is not counted as closed.

Counts are aggregate SQL, no record is loaded: one statement sums the figures per community and month,
each table's rows read as one range of an index led by their day (revision 0021) and grouped there; a
second gives each person's (person, community, month) once with the volunteers' time, and the people are
counted from those rows; only the projects, a few per community, come one row each to be laid over the
months. With 200,000 case service records, volunteer service rows, fund entries and needs, a year took
about 10 s before those indexes and this shape, and now about what the raw SQL computing the same figures
takes, 1.7 s with the test machine's two cores half busy (tests/benchmarks/test_period_stats.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from babel.dates import format_skeleton
from babel.numbers import format_decimal
from sqlalchemy import (
    ColumnElement, Select, SQLColumnExpression, and_, case, exists, func, literal, or_, select, union_all,
)
from sqlalchemy.orm import Session, aliased

from desktop.domain.case_workflow import DECLINE, Stage
from desktop.domain.durations import hours_text
from desktop.domain.ledger import DONATIONS, EntryKind
from desktop.domain.money import from_fen
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import Status
from desktop.errors import ValidationError
from desktop.i18n import N_, _, babel_locale, format_date, format_number
from desktop.services.guard import require
from desktop.storage.models import (
    CaseFile, CaseServiceRecord, CaseStageChange, Community, Fund, LedgerEntry, Need, Project, ProjectActivity,
    ProjectStatusChange, Volunteer, VolunteerService, VolunteerTraining,
)

PEOPLE, PERSON_TIMES, COUNT, MINUTES, FEN = "people", "person_times", "count", "minutes", "fen"
MONTH, QUARTER, YEAR = "month", "quarter", "year"
MONTHS_IN = {MONTH: 1, QUARTER: 3, YEAR: 12}
BY_MONTH_UP_TO = 24  # months: a longer period is split by quarter,
BY_QUARTER_UP_TO = 96  # and one longer than eight years by year
LONGEST_YEARS = 10  # a longer period is refused: a century made 135 pages in 90 s and says nothing


@dataclass(frozen=True)
class Key:
    key: str
    unit: str
    label: str  # N_ msgid
    note: str  # N_ msgid: how it is counted


KEYS: tuple[Key, ...] = (
    Key("people_visited", PEOPLE, N_("People visited at home"),
        N_("Clients with at least one home-visit service record (入户走访) in the period, each counted once.")),
    Key("needs_collected", COUNT, N_("Needs collected"),
        N_("Needs put on the needs list, by the day they were found.")),
    Key("needs_solved", COUNT, N_("Needs solved"), N_("Needs marked solved, by the day they were closed.")),
    Key("cases_opened", COUNT, N_("Cases opened"),
        N_("Cases opened in the period; a case not taken on at intake (不接案) is not counted.")),
    Key("cases_closed", COUNT, N_("Cases closed"),
        N_("Cases closed (结案) in the period and not reopened since; referrals out and cases not taken on are "
           "not counted.")),
    Key("service_records", COUNT, N_("Case service records"),
        N_("Contacts recorded on cases (every kind), a corrected record counted once.")),
    Key("projects_running", COUNT, N_("Projects running"),
        N_("Projects that were running on at least one day of the period, from their start until they closed "
           "or were terminated.")),
    Key("activities", COUNT, N_("Activities held"), N_("Activities of the projects held in the period.")),
    Key("person_times_served", PERSON_TIMES, N_("Person-times served"),
        N_("The person-times of the projects' activities plus one for each case service record.")),
    Key("person_times_trained", PERSON_TIMES, N_("Person-times trained"),
        N_("Volunteers' training attendances plus the person-times of activities of the kind training.")),
    Key("volunteers_serving", PEOPLE, N_("Volunteers serving"),
        N_("Volunteers with at least one service record that stands (not reversed), each counted once.")),
    Key("volunteer_hours", MINUTES, N_("Volunteer service time"),
        N_("The time of the volunteers' service records that stand, in their own village or community.")),
    Key("money_raised_fen", FEN, N_("Money raised"),
        N_("Donations of money and of valued goods posted to the community funds in the period, less the "
           "reversals of those same donations.")),
    Key("donations_reversed_fen", FEN, N_("Reversals of earlier donations"),
        N_("Donations posted before the period and reversed in it: not taken off the money raised in the "
           "period, which never had them.")),
    Key("money_granted_fen", FEN, N_("Money granted"),
        N_("Grants paid from the community funds to projects, less the reversals of grants posted in the "
           "period.")),
)
KEY_NAMES = tuple(k.key for k in KEYS)
CHARTED = "person_times_served"  # the figure the printed report and the workbook chart by month
_BY_KEY = {k.key: k for k in KEYS}
# Shown after a figure, with the key's own measure word where Chinese has one (条, 个, 场).
_MEASURES: dict[str, str] = {
    "people_visited": N_("people"), "needs_collected": N_("needs"), "needs_solved": N_("needs"),
    "cases_opened": N_("cases"), "cases_closed": N_("cases"), "service_records": N_("records"),
    "projects_running": N_("projects"), "activities": N_("activities"), "person_times_served": N_("person-times"),
    "person_times_trained": N_("person-times"), "volunteers_serving": N_("people"), "volunteer_hours": N_("hours"),
    "money_raised_fen": N_("yuan"), "donations_reversed_fen": N_("yuan"), "money_granted_fen": N_("yuan"),
}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # translated
    value: int
    unit: str  # PEOPLE, PERSON_TIMES, COUNT, MINUTES or FEN
    note: str = ""  # how it is counted, translated


@dataclass(frozen=True)
class CommunityStats:
    community_id: str
    name: str
    values: dict[str, int]  # every key of KEYS


@dataclass(frozen=True)
class MonthStats:
    month: str  # "2026-03": the first month of the month, quarter or year (``PeriodStats.bucket``)
    values: dict[str, int]


@dataclass(frozen=True)
class PeriodStats:
    start: date
    end: date
    as_of: date  # the day the figures were read: records entered later may change them
    figures: tuple[Figure, ...]  # in the order of KEYS
    by_community: tuple[CommunityStats, ...]  # live communities in name order, and any deleted one with figures
    by_month: tuple[MonthStats, ...]  # every month (quarter, year) the period touches, in order
    bucket: str = MONTH  # what a line of ``by_month`` covers: MONTH, QUARTER or YEAR (``bucket_of``)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def measure(key: str) -> str:
    """The word after a figure of ``key``: 人, 人次, 条, 个, 场, 小时, 元."""
    return _(_MEASURES[key])


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("end", _("The period ends before it starts."))
    # Ten years from 1 January end on 31 December nine years on; from 29 February, on 28 February.
    limit = (start.replace(day=28) if (start.month, start.day) == (2, 29) else start)
    if end >= limit.replace(year=limit.year + LONGEST_YEARS):
        raise ValidationError("end", _("A period of at most {years} years can be counted; split a longer one.")
                              .format(years=LONGEST_YEARS))


def bucket_of(start: date, end: date) -> str:
    """What a line of the figures over time covers: a month up to BY_MONTH_UP_TO months, then a quarter up
    to BY_QUARTER_UP_TO, then a year; the screen's chart, the PDF's and the workbook's all follow it."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return MONTH if months <= BY_MONTH_UP_TO else QUARTER if months <= BY_QUARTER_UP_TO else YEAR


def period_stats(session: Session, start: date, end: date, today: date | None = None) -> PeriodStats:
    """Every figure of KEYS from ``start`` to ``end`` (both included), in total, by community and by month."""
    require(session, Action.VIEW)
    check_period(start, end)
    bucket = bucket_of(start, end)
    months = _months(start, end, MONTHS_IN[bucket])
    totals: dict[str, int] = defaultdict(int)
    places: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_month: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counted = _Counted(start, end)
    people, service_time = _people(session, counted, months)
    for key, community, n, value in [*_summed(session, counted, months), *service_time]:
        totals[key] += value
        places[community][key] += value
        by_month[n][key] += value
    for (key, where), value in people.items():  # counted apart in the period, a community, a month
        if isinstance(where, int):
            by_month[where][key] = value
        elif where is not None:
            places[where][key] = value
        else:
            totals[key] = value
    _running(session, start, end, months, totals, places, by_month, MONTHS_IN[bucket])
    return PeriodStats(
        start, end, today or date.today(),
        tuple(Figure(k.key, _(k.label), totals.get(k.key, 0), k.unit, _(k.note)) for k in KEYS),
        _communities(session, places),
        tuple(MonthStats(f"{y:04d}-{m:02d}", _filled(by_month.get(n, {}))) for n, (y, m) in enumerate(months)),
        bucket)


def _filled(values: dict[str, int]) -> dict[str, int]:
    return {key: values.get(key, 0) for key in KEY_NAMES}


def _communities(session: Session, places: dict[str, dict[str, int]]) -> tuple[CommunityStats, ...]:
    rows = session.execute(select(Community.id, Community.name, Community.deleted_at)
                           .order_by(Community.name_sort, Community.id))
    return tuple(CommunityStats(cid, name, _filled(places.get(cid, {})))
                 for cid, name, deleted_at in rows if deleted_at is None or any(places.get(cid, {}).values()))


def _months(start: date, end: date, step: int = 1) -> list[tuple[int, int]]:
    """The first months of the months (``step`` 1), quarters (3) or years (12) the period touches."""
    months, (year, month) = [], (start.year, start.month - (start.month - 1) % step)
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = divmod(year * 12 + month - 1 + step, 12)
        month += 1
    return months


def _month_index(day: ColumnElement[date], months: Sequence[tuple[int, int]]) -> ColumnElement[int]:
    """The position of ``day``'s month among ``months``, by comparisons of dates, which every database
    does alike (a month function is SQLite's strftime or PostgreSQL's date_trunc)."""
    if len(months) == 1:
        return literal(0)
    return case(*((day < date(*months[n + 1], 1), n) for n in range(len(months) - 1)), else_=len(months) - 1)


# A figure's part in one community in one month: its key, the community, the month's position, the value.
Cell = tuple[str, str, int, int]
# The figures summed from the records' rows: all but people and projects (``_people``, ``_running``), and the
# volunteers' time, summed as the volunteers serving are counted.
_SUMMED = tuple(k.key for k in KEYS if k.unit != PEOPLE and k.key not in ("projects_running", "volunteer_hours"))


class _Counted:
    """The records that count in the period, as conditions on their tables: live, with live parents, dated
    in the period, and as they stand after corrections and reversals."""

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        # The records corrected or reversed, found once (a range of ix_case_service_record_corrects, of
        # ix_volunteer_service_reverses_id), not looked up again for each record.
        later = aliased(CaseServiceRecord)
        corrected = select(later.corrects_id).where(later.corrects_id.is_not(None), later.deleted_at.is_(None))
        reversal = aliased(VolunteerService)
        reversed_ids = select(reversal.reverses_id).where(reversal.reverses_id.is_not(None))
        # Case service records as they stand: a corrected one only by its correction.
        self.records = (CaseServiceRecord.deleted_at.is_(None), CaseFile.deleted_at.is_(None),
                        self.within(CaseServiceRecord.served_on), CaseServiceRecord.id.not_in(corrected))
        # Volunteer service records that stand: neither reversals nor reversed. ``|| ''`` keeps SQLite off the
        # index on reverses_id (NULL in nearly every row), on the one led by the day.
        self.service = (VolunteerService.deleted_at.is_(None), Volunteer.deleted_at.is_(None),
                        (VolunteerService.reverses_id + "").is_(None), self.within(VolunteerService.served_on),
                        VolunteerService.id.not_in(reversed_ids))

    def within(self, day: SQLColumnExpression[date]) -> ColumnElement[bool]:
        return day.between(self.start, self.end)


def _row(community: SQLColumnExpression[str], day: SQLColumnExpression[date],
         **adds: SQLColumnExpression[int] | int) -> Select[Any]:
    """A record's row: its community, its day and what it adds to each summed figure (nothing where not given)."""
    return select(community.label("community"), day.label("day"),
                  *((literal(v) if isinstance(v, int) else v).label(k) for k in _SUMMED for v in [adds.get(k, 0)]))


def _summed(session: Session, counted: _Counted, months: Sequence[tuple[int, int]]) -> list[Cell]:
    """The summed figures per community and month: one scan of each table, its rows grouped as they are
    read, so that what is carried on is a few rows per community and month (one sort of all the tables'
    rows with every figure's column took longer than reading them)."""
    grouped = []
    for source in _sources(counted):
        rows = source.subquery()
        month = _month_index(rows.c.day, months)
        grouped.append(select(rows.c.community, month, *(func.sum(rows.c[k]) for k in _SUMMED))
                       .group_by(rows.c.community, month))
    return [(key, community, n, int(value or 0)) for community, n, *values in session.execute(union_all(*grouped))
            for key, value in zip(_SUMMED, values, strict=True)]


def _sources(counted: _Counted) -> list[Select[Any]]:
    within = counted.within
    declined = and_(exists().where(CaseStageChange.case_id == CaseFile.id, CaseStageChange.action == DECLINE),
                    ~exists().where(CaseStageChange.case_id == CaseFile.id, CaseStageChange.action == "reopen"))
    person_times = ProjectActivity.person_times
    return [
        _row(Need.community_id, Need.found_on, needs_collected=1).where(Need.deleted_at.is_(None),
                                                                         within(Need.found_on)),
        _row(Need.community_id, Need.closed_on, needs_solved=1).where(
            Need.deleted_at.is_(None), Need.status + "" == "solved", within(Need.closed_on)),  # not ix_need_status
        _row(CaseFile.community_id, CaseFile.opened_on, cases_opened=1).where(
            CaseFile.deleted_at.is_(None), within(CaseFile.opened_on), ~declined),
        _row(CaseFile.community_id, CaseFile.closed_on, cases_closed=1).where(
            CaseFile.deleted_at.is_(None), CaseFile.stage == Stage.CLOSED, within(CaseFile.closed_on), ~declined),
        _row(CaseFile.community_id, CaseServiceRecord.served_on, service_records=1, person_times_served=1)
        .join_from(CaseServiceRecord, CaseFile, CaseFile.id == CaseServiceRecord.case_id).where(*counted.records),
        _row(Project.community_id, ProjectActivity.held_on, activities=1, person_times_served=person_times,
             person_times_trained=case((ProjectActivity.kind == "training", person_times), else_=0))
        .join_from(ProjectActivity, Project, Project.id == ProjectActivity.project_id).where(
            ProjectActivity.deleted_at.is_(None), Project.deleted_at.is_(None), within(ProjectActivity.held_on)),
        _row(Volunteer.community_id, VolunteerTraining.held_on, person_times_trained=1).join_from(
            VolunteerTraining, Volunteer, Volunteer.id == VolunteerTraining.volunteer_id).where(
            VolunteerTraining.deleted_at.is_(None), Volunteer.deleted_at.is_(None), within(VolunteerTraining.held_on)),
        _money(counted),
    ]


def _money(counted: _Counted) -> Select[Any]:
    """Donations and grants posted in the period, and, negative, the reversals posted in it of such entries
    of the period; the reversals of earlier donations apart (the module's docstring)."""
    original = aliased(LedgerEntry)
    earlier = original.posted_on < counted.start

    def net(kinds: Sequence[str]) -> ColumnElement[int]:
        return case((LedgerEntry.kind.in_(kinds), LedgerEntry.amount_fen),
                    (and_(original.kind.in_(kinds), ~earlier), -LedgerEntry.amount_fen), else_=0)

    return (_row(Fund.community_id, LedgerEntry.posted_on, money_raised_fen=net(tuple(DONATIONS)),
                 donations_reversed_fen=case((and_(original.kind.in_(tuple(DONATIONS)), earlier),
                                              LedgerEntry.amount_fen), else_=0),
                 money_granted_fen=net((EntryKind.GRANT,)))
            .join_from(LedgerEntry, Fund, Fund.id == LedgerEntry.fund_id)
            .outerjoin(original, original.id == LedgerEntry.reverses_id)
            .where(LedgerEntry.deleted_at.is_(None), Fund.deleted_at.is_(None), counted.within(LedgerEntry.posted_on),
                   LedgerEntry.kind.in_([*DONATIONS, EntryKind.GRANT, EntryKind.REVERSAL])))


def _people(session: Session, counted: _Counted, months: Sequence[tuple[int, int]]
            ) -> tuple[Counter[tuple[str, str | int | None]], list[Cell]]:
    """The figures of people, each person counted once in the whole period (None), once in each community
    (its id) and once in each month (its position) they appear in; and the volunteers' time, summed from
    the same reading of their service. SQL gives each person's time in each community and month, and the
    people are counted here: counting them in SQL sorted the rows once more for each way they are counted."""
    visits = select(literal("people_visited").label("key"), CaseFile.client_id.label("person"),
                    CaseFile.community_id.label("community"), CaseServiceRecord.served_on.label("day"),
                    literal(0).label("minutes")).join_from(
        CaseServiceRecord, CaseFile, CaseFile.id == CaseServiceRecord.case_id).where(
        *counted.records, CaseServiceRecord.kind == "home_visit")
    serving = select(literal("volunteers_serving"), Volunteer.id, Volunteer.community_id, VolunteerService.served_on,
                     VolunteerService.minutes).join_from(
        VolunteerService, Volunteer, Volunteer.id == VolunteerService.volunteer_id).where(*counted.service)
    rows = union_all(visits, serving).subquery()
    month = _month_index(rows.c.day, months)
    people: Counter[tuple[str, str | int | None]] = Counter()
    service_time: Counter[tuple[str, int]] = Counter()  # minutes by community and month
    seen: set[tuple[str, str, str | int | None]] = set()
    for key, person, community, n, minutes in session.execute(
            select(rows.c.key, rows.c.person, rows.c.community, month, func.sum(rows.c.minutes))
            .group_by(rows.c.key, rows.c.person, rows.c.community, month)):
        for where in (None, community, n):
            if (key, person, where) not in seen:
                seen.add((key, person, where))
                people[key, where] += 1
        if key == "volunteers_serving":
            service_time[community, n] += minutes
    return people, [("volunteer_hours", community, n, minutes) for (community, n), minutes in service_time.items()]


_ENDED = (Status.CLOSED, Status.TERMINATED)  # final: a project does not run again after either


def _running(session: Session, start: date, end: date, months: Sequence[tuple[int, int]], totals: dict[str, int],
             places: dict[str, dict[str, int]], by_month: dict[int, dict[str, int]], step: int = 1) -> None:
    """Projects running on a day of the period: started (moved to running) by its end and not closed or
    terminated before it begins. Laid over the months in Python: there is one row a project."""
    started = func.min(case((ProjectStatusChange.to_status == Status.RUNNING, ProjectStatusChange.changed_on)))
    stopped = func.max(case((ProjectStatusChange.to_status.in_(_ENDED), ProjectStatusChange.changed_on)))
    rows = session.execute(
        select(Project.community_id, started, stopped)
        .join(ProjectStatusChange, ProjectStatusChange.project_id == Project.id)
        .where(Project.deleted_at.is_(None), ProjectStatusChange.deleted_at.is_(None))
        .group_by(Project.id, Project.community_id)
        .having(started <= end, or_(stopped.is_(None), stopped >= start)))
    key = "projects_running"
    totals[key] = 0
    for community_id, first, last in rows:
        totals[key] += 1
        places[community_id][key] = places[community_id].get(key, 0) + 1
        for n, (year, month) in enumerate(months):
            # The part of the month (quarter, year) inside the period.
            after_year, after_month = divmod(year * 12 + month - 1 + step, 12)
            low = max(start, date(year, month, 1))
            high = min(end, date(after_year, after_month + 1, 1) - timedelta(days=1))
            if first <= high and (last is None or last >= low):
                by_month[n][key] = by_month[n].get(key, 0) + 1


def period_text(start: date, end: date) -> str:
    """The period as the report writes it: 2026年1月1日至2026年6月30日, January 1, 2026 to June 30, 2026."""
    return _("{start} to {end}").format(start=format_date(start, "long"), end=format_date(end, "long"))


def month_text(month: str, bucket: str = MONTH) -> str:
    """"2026-03" (``MonthStats.month``) as the locale writes a month, quarter or year: 2026年3月, Mar 2026;
    2026年第1季度, Q1 2026; 2026年, 2026."""
    return str(format_skeleton({MONTH: "yMMM", QUARTER: "yQQQ", YEAR: "y"}[bucket],
                               date(int(month[:4]), int(month[5:]), 1), locale=babel_locale()))


def bucket_heading(bucket: str) -> str:
    """The heading over the lines of ``by_month``: 月份, 季度, 年度."""
    return {MONTH: _("Month"), QUARTER: _("Quarter"), YEAR: _("Year")}[bucket]


def chart_title(bucket: str) -> str:
    """The chart's title: person-times served by month, by quarter or by year."""
    return {MONTH: _("Person-times served by month"), QUARTER: _("Person-times served by quarter"),
            YEAR: _("Person-times served by year")}[bucket]


def figure_text(unit: str, value: int) -> str:
    """A figure as a table shows it before its measure word: 1,758 · 12.5 (hours) · 30,000.00 (yuan)."""
    if unit == MINUTES:
        return hours_text(value)
    if unit == FEN:
        return format_decimal(from_fen(value), format="#,##0.00", locale=babel_locale())
    return format_number(value)
