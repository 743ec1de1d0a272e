"""供需对接: for a need, the resources and projects that could answer it, ranked and explained; a match
is recorded, followed and closed (issue 9).

Ranking. A candidate must serve the need's category (a resource by its categories, a micro-venture project
by its areas through domain.codes.PROJECT_AREA_NEEDS): 7 points. Its score (0–100) then adds, in this order
of weight:

* what is asked: the words of the need's title and details that say what it asks (助餐, 送餐, 托管) and that
  the resource's name, notes and capacity note, or the project's title, hold too (services.text_overlap):
  one 45, two or more 50;
* where it is: the need's own village or community 30, township-wide 15, another one 0;
* room to take the need: 3 or more free places (or no limit) 9, two 6, one 3, none 0 — a running project
  counts as having room, an approved one not yet started as two places; a resource not yet begun has none;
* how its past matches went: round(2 × done / (done + failed)) of its matches closed as done or failed (not
  those closed with their need), 1 when it has none;
* whom it is for: shared words that only say whom (高龄, 留守儿童): one 1, two or more 2.

The service asked for outweighs everything else together (45 > 30 + 9 + 2 + 2): the meal service of the next
village comes before the festival gift of the township that is also "for 高龄 people". A step of the place
outweighs room, past success and whom together (15 > 9 + 2 + 2), a step of room past success (3 > 2).
A candidate already matched to this very need without success, and a resource offered only in a season that
is not now (重阳节前后, 暑假: domain.seasons), lose 50 points and say so: they fall below every candidate that
offers what is asked and can be had now. Equal scores go by the exact success rate, then by name.

Paused, ended and expired resources (past their last day) are not offered, nor matched; a full one is
offered with a warning, and matched only when the person says so (``allow_over_capacity``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import MATCH_STATUSES, NEED_CATEGORIES, PROJECT_AREA_NEEDS, label
from desktop.domain.permissions import Action
from desktop.domain.pinyin import sort_key
from desktop.domain.project_workflow import RUNNING, Status
from desktop.domain.seasons import out_of_season
from desktop.errors import ValidationError
from desktop.i18n import _, format_date
from desktop.services import needs as needs_service
from desktop.services import records
from desktop.services.cell_parsers import listing
from desktop.services.forms import optional_text, required_text
from desktop.services.guard import require
from desktop.services.project_list import ProjectListRow, projects_list
from desktop.services.resources import expired
from desktop.services.text_overlap import only_whom, shared_words
from desktop.services.tags import has_tag, tags_of
from desktop.storage.models import Community, Need, NeedMatch, Project, Resource

__all__ = ["Candidate", "MatchRow", "ProjectListRow", "candidates", "close_match", "matches_of_need",
           "matches_of_resource", "projects_list", "record_match", "update_match"]

CATEGORY_POINTS = 7
ASKED_POINTS = (0, 45, 50)  # by service words shared: none, one, two or more
PLACE_POINTS = {"same": 30, "township": 15, "other": 0}
ROOM_POINTS = (0, 3, 6, 9)  # by free places: none, one, two, three or more
SUCCESS_POINTS = 2
WHOM_POINTS = (0, 1, 2)  # by words shared that say only whom the need is for
FAILED_HERE_POINTS = 50  # taken off a candidate already matched to this need without success
OUT_OF_SEASON_POINTS = 50  # taken off a resource offered only in a season that is not now
NO_HISTORY_RATE = 0.5  # neither rewarded nor held back
MATCHABLE_PROJECTS = (Status.APPROVED, *RUNNING)


@dataclass(frozen=True)
class Candidate:
    kind: str  # "resource" or "project"
    id: str
    name: str
    score: int  # 0–100
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    full: bool = False  # a resource whose places are all taken: matched only when the person confirms


@dataclass(frozen=True)
class MatchRow:
    id: str
    need_id: str
    need_title: str
    kind: str  # "resource" or "project"
    target_id: str
    target_name: str
    matched_on: date
    status: str
    status_label: str
    reason: str
    follow_up: str
    outcome: str
    closed_on: date | None


@dataclass(frozen=True)
class _Ranked:
    candidate: Candidate
    rate: float
    name_sort: str


def _live_need(session: Session, need_id: str) -> Need:
    need = records.load(session, Need, need_id, _("This need is not in the list."))
    if need.deleted_at is not None:
        raise ValidationError("need_id", _("This need was deleted."))
    return need


def _unclosed_need(session: Session, need_id: str) -> Need:
    need = _live_need(session, need_id)
    if need.status in needs_service.CLOSED:
        raise ValidationError("need_id", _("This need is closed (perhaps by someone else just now): reopen it "
                                           "to match it again."))
    return need


def _tallies(session: Session, column: object, among: Select[tuple[str]]) -> dict[str, Counter[str]]:
    """How many matches of each status each resource or project (``column``) ``among`` the candidates (ids)
    has. Read by the candidates' own index: the status index holds a county's hundred thousand matches."""
    rows = session.execute(select(column, NeedMatch.status, func.count()).where(
        column.in_(among),  # type: ignore[attr-defined]
        NeedMatch.deleted_at.is_(None)).group_by(column, NeedMatch.status))
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for target, status, n in rows:
        found[target][status] = n
    return found


def _success(tally: Counter[str]) -> tuple[float, int, str]:
    """The rate of its closed matches, its points and the sentence that explains it."""
    done, total = tally["done"], tally["done"] + tally["failed"]
    if not total:
        return NO_HISTORY_RATE, round(SUCCESS_POINTS * NO_HISTORY_RATE), _("No closed matches yet")
    rate = done / total
    return rate, round(SUCCESS_POINTS * rate), _("{done} of {total} past matches succeeded").format(
        done=done, total=total)


def _place(need: Need, community_id: str | None, community: str | None) -> tuple[int, str]:
    if community_id == need.community_id:
        return PLACE_POINTS["same"], _("In the same village or community")
    if community_id is None:
        return PLACE_POINTS["township"], _("Serves the whole township")
    return PLACE_POINTS["other"], _("Based in another village or community: {name}").format(name=community or "")


def _about(need: Need, texts: tuple[str, ...]) -> tuple[int, list[str]]:
    """The points for what the need and a candidate share in words — the service asked for first, whom it is
    for far behind — and the reasons that name them."""
    words = shared_words(f"{need.title}\n{need.details}", texts, ignore=NEED_CATEGORIES[need.category])
    whom = [word for word in words if only_whom(word)]
    asked = [word for word in words if word not in whom]
    reasons = []
    if asked:
        reasons.append(_("Offers what is asked: {words}").format(words=listing(asked[:4])))
    if whom:
        reasons.append(_("For the same people: {words}").format(words=listing(whom[:4])))
    return ASKED_POINTS[min(len(asked), 2)] + WHOM_POINTS[min(len(whom), 2)], reasons


def _failed_here(session: Session, need: Need) -> dict[str, str]:
    """The resources and projects already matched to this need without success, with the outcome of the last."""
    rows = session.execute(select(NeedMatch.resource_id, NeedMatch.project_id, NeedMatch.outcome).where(
        NeedMatch.need_id == need.id, NeedMatch.status == "failed", NeedMatch.deleted_at.is_(None))
        .order_by(NeedMatch.closed_on, NeedMatch.created_at))
    return {str(resource or project): outcome for resource, project, outcome in rows}


def _tried(kind: str, outcome: str) -> str:
    return (_("This need was already matched with this resource without success: {outcome}") if kind == "resource"
            else _("This need was already matched with this project without success: {outcome}")).format(
                outcome=outcome)


def _ranked(kind: str, target_id: str, name: str, name_sort: str, points: int, rate: float,
            reasons: list[str], warnings: list[str], failed_here: dict[str, str], full: bool = False) -> _Ranked:
    if target_id in failed_here:
        points -= FAILED_HERE_POINTS
        warnings = [_tried(kind, failed_here[target_id]), *warnings]
    return _Ranked(Candidate(kind, target_id, name, max(0, min(100, points)), tuple(reasons), tuple(warnings), full),
                   rate, name_sort)


def _room(row: Resource, in_use: int, today: date) -> tuple[int, list[str], list[str]]:
    """The points for its free places now (none before its first day; a penalty out of its season), and the
    reasons and warnings that say so."""
    if row.available_from and today < row.available_from:
        return 0, [], [_("Available only from {day}").format(day=format_date(row.available_from))]
    if out_of_season(row.availability, today):
        return -OUT_OF_SEASON_POINTS, [], [_("Not available now: it is offered {availability}").format(
            availability=row.availability)]
    if row.capacity is None:
        return ROOM_POINTS[3], [_("No limit on places")], []
    free = max(0, row.capacity - in_use)
    if free:
        return ROOM_POINTS[min(free, 3)], [_("{n} places free").format(n=free)], []
    return 0, [], [_("No place free: its one place is taken by a match under way") if row.capacity == 1 else
                   _("No place free: its capacity of {n} is taken by matches under way").format(n=row.capacity)]


def _resource_candidates(session: Session, need: Need, today: date, category: str,
                         failed_here: dict[str, str]) -> list[_Ranked]:
    taken = select(NeedMatch.resource_id).where(NeedMatch.need_id == need.id, needs_service.under_way(),
                                                NeedMatch.resource_id.isnot(None))
    serving = (Resource.deleted_at.is_(None), Resource.status == "available",
               has_tag(Resource.categories, need.category), Resource.id.not_in(taken),
               (Resource.available_until.is_(None)) | (Resource.available_until >= today))
    tallies = _tallies(session, NeedMatch.resource_id, select(Resource.id).where(*serving))
    rows = session.execute(
        select(Resource, Community.name).outerjoin(Community, Community.id == Resource.community_id).where(*serving))
    found = []
    for row, community in rows:
        place_points, place = _place(need, row.community_id, community)
        text_points, about = _about(need, (row.name, row.notes, row.capacity_note))
        reasons = [category, *about, place]
        room_points, room, warnings = _room(row, tallies[row.id]["active"], today)
        reasons += room
        if row.availability:
            reasons.append(_("When: {availability}").format(availability=row.availability))
        rate, success_points, success = _success(tallies[row.id])
        reasons.append(success)
        points = CATEGORY_POINTS + place_points + text_points + room_points + success_points
        found.append(_ranked("resource", row.id, row.name, row.name_sort, points, rate, reasons, warnings,
                             failed_here, full=row.capacity is not None and row.capacity <= tallies[row.id]["active"]))
    return found


def _answering_areas(category: str) -> set[str]:
    """The project areas that answer needs of ``category``."""
    return {area for area, answers in PROJECT_AREA_NEEDS.items() if category in answers}


def _project_candidates(session: Session, need: Need, category: str, failed_here: dict[str, str]) -> list[_Ranked]:
    areas = _answering_areas(need.category)
    taken = select(NeedMatch.project_id).where(NeedMatch.need_id == need.id, needs_service.under_way(),
                                               NeedMatch.project_id.isnot(None))
    matchable = (Project.deleted_at.is_(None), Project.status.in_(MATCHABLE_PROJECTS), Project.id.not_in(taken))
    tallies = _tallies(session, NeedMatch.project_id, select(Project.id).where(*matchable))
    rows = session.execute(
        select(Project, Community.name).join(Community, Community.id == Project.community_id).where(*matchable))
    found = []
    for project, community in rows:
        if not set(tags_of(project.areas)) & areas:
            continue
        place_points, place = _place(need, project.community_id, community)
        text_points, about = _about(need, (project.title,))
        running = project.status in RUNNING
        rate, success_points, success = _success(tallies[project.id])
        reasons = [category, *about, place,
                   _("The project is running") if running else _("Approved, not started yet"), success]
        points = CATEGORY_POINTS + place_points + text_points + ROOM_POINTS[3 if running else 2] + success_points
        name = f"{project.number} {project.title}"
        found.append(_ranked("project", project.id, name, sort_key(project.title), points, rate, reasons, [],
                             failed_here))
    return found


def candidates(session: Session, need_id: str, today: date | None = None, limit: int = 20) -> list[Candidate]:
    """The resources and projects that serve the need's category, best first (see the module's docstring);
    those already matched to it and under way are left out, as are resources paused, ended or past their
    last day and projects that are not approved or running."""
    require(session, Action.VIEW)
    need = _unclosed_need(session, need_id)
    today = today or date.today()
    category = _("Serves the category: {category}").format(category=label(NEED_CATEGORIES, need.category))
    failed_here = _failed_here(session, need)
    ranked = (_resource_candidates(session, need, today, category, failed_here)
              + _project_candidates(session, need, category, failed_here))
    ranked.sort(key=lambda r: (-r.candidate.score, -r.rate, r.name_sort, r.candidate.id))
    return [r.candidate for r in ranked[:limit]]


def _check_resource(session: Session, need: Need, resource_id: str, allow_over_capacity: bool) -> None:
    """A resource that serves the need's category, is available and not past its last day, and has a place
    free (or the person chose to go over its capacity)."""
    resource = session.get(Resource, resource_id)
    if resource is None or resource.deleted_at is not None or resource.status != "available" \
            or expired(resource.available_until, date.today()):
        raise ValidationError("resource_id", _("Choose a resource that is available."))
    if need.category not in tags_of(resource.categories):
        raise ValidationError("resource_id", _("This resource does not serve the need's category ({category}).")
                              .format(category=label(NEED_CATEGORIES, need.category)))
    in_use = session.scalar(select(func.count()).select_from(NeedMatch).where(
        NeedMatch.resource_id == resource_id, needs_service.under_way())) or 0
    if resource.capacity is not None and in_use >= resource.capacity and not allow_over_capacity:
        raise ValidationError("resource_id", (
            _("This resource is full: its one place is taken by a match under way. Match it anyway only if it can "
              "take one more.") if resource.capacity == 1 else
            _("This resource is full: its {n} places are taken by matches under way. Match it anyway only if it can "
              "take one more.")).format(n=resource.capacity))


def record_match(session: Session, need_id: str, *, resource_id: str | None = None, project_id: str | None = None,
                 reason: str = "", on: date | None = None, allow_over_capacity: bool = False) -> str:
    """Put a resource or a project (exactly one) to the need; the need becomes matched. Returns the match's id.
    A full resource is refused unless ``allow_over_capacity`` (the person confirmed it can take one more)."""
    who = require(session, Action.EDIT_NEEDS)
    need = _unclosed_need(session, need_id)
    if bool(resource_id) == bool(project_id):
        raise ValidationError("resource_id", _("Choose one resource or one project."))
    if resource_id:
        _check_resource(session, need, resource_id, allow_over_capacity)
    else:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None or project.status not in MATCHABLE_PROJECTS:
            raise ValidationError("project_id", _("Choose a project that is approved or running."))
        if not set(tags_of(project.areas)) & _answering_areas(need.category):
            raise ValidationError("project_id", _("This project does not serve the need's category ({category}).")
                                  .format(category=label(NEED_CATEGORIES, need.category)))
    target = NeedMatch.resource_id == resource_id if resource_id else NeedMatch.project_id == project_id
    if session.scalar(select(NeedMatch.id).where(NeedMatch.need_id == need_id, NeedMatch.status == "active",
                                                 NeedMatch.deleted_at.is_(None), target)):
        raise ValidationError("resource_id" if resource_id else "project_id",
                              _("This one is already matched to the need."))
    row = NeedMatch(need_id=need_id, resource_id=resource_id or None, project_id=project_id or None,
                    matched_on=needs_service.day_between(on, need.found_on, "matched_on"), status="active",
                    reason=optional_text(reason, "reason", 500), handled_by=who.display_name)
    session.add(row)
    need.status = "matched"
    session.flush()
    return row.id


def _active_match(session: Session, match_id: str) -> NeedMatch:
    row = records.load(session, NeedMatch, match_id, _("This match is not on record."))
    if row.deleted_at is not None or row.status != "active":
        raise ValidationError("match_id", _("This match is closed."))
    return row


def update_match(session: Session, match_id: str, note: str, on: date | None = None) -> None:
    """Add a dated follow-up note to a match under way, as the last line of its history ("2026-12-02 李霞：…");
    the earlier notes stay."""
    who = require(session, Action.EDIT_NEEDS)
    row = _active_match(session, match_id)
    line = _("{day} {who}: {note}").format(day=(on or date.today()).isoformat(), who=who.display_name,
                                           note=" ".join(required_text(note, "follow_up", 500).split()))
    row.follow_up = f"{row.follow_up}\n{line}" if row.follow_up else line
    session.flush()


def close_match(session: Session, match_id: str, status: str, outcome: str, on: date | None = None) -> None:
    """Close a match as done or failed. When the last match under way of a need fails and none was done,
    the need waits for a match again; a done one leaves it matched, for the worker to close as solved."""
    require(session, Action.EDIT_NEEDS)
    row = _active_match(session, match_id)
    if status not in ("done", "failed"):
        raise ValidationError("status", _("Choose done or did not work."))
    row.outcome = required_text(outcome, "outcome", 500)
    row.status, row.closed_on = status, needs_service.day_between(on, row.matched_on, "closed_on")
    session.flush()
    others = set(session.scalars(select(NeedMatch.status).where(
        NeedMatch.need_id == row.need_id, NeedMatch.deleted_at.is_(None))))
    need = session.get(Need, row.need_id)
    if need is not None and need.status == "matched" and not others & {"active", "done"}:
        need.status = "open"
        session.flush()


def _match_rows(session: Session, where: object) -> list[MatchRow]:
    rows = session.execute(
        select(NeedMatch, Need.title, Resource.name, Project.number, Project.title)
        .join(Need, Need.id == NeedMatch.need_id).outerjoin(Resource, Resource.id == NeedMatch.resource_id)
        .outerjoin(Project, Project.id == NeedMatch.project_id)
        .where(NeedMatch.deleted_at.is_(None), where)  # type: ignore[arg-type]
        .order_by(NeedMatch.matched_on.desc(), NeedMatch.created_at.desc()))
    return [MatchRow(m.id, m.need_id, need_title, "resource" if m.resource_id else "project",
                     m.resource_id or m.project_id or "", resource or f"{number} {project}", m.matched_on, m.status,
                     label(MATCH_STATUSES, m.status), m.reason, m.follow_up, m.outcome, m.closed_on)
            for m, need_title, resource, number, project in rows]


def matches_of_need(session: Session, need_id: str) -> list[MatchRow]:
    """The need's matches, the latest first."""
    require(session, Action.VIEW)
    _live_need(session, need_id)
    return _match_rows(session, NeedMatch.need_id == need_id)


def matches_of_resource(session: Session, resource_id: str) -> list[MatchRow]:
    require(session, Action.VIEW)
    return _match_rows(session, NeedMatch.resource_id == resource_id)
