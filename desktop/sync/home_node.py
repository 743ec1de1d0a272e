"""Whose a record is: a county office holds every station's records but may change only its own (issue 8:
"sees each station's data read-only"). A station or a village room is not held back so: it edits the county's
records locally by design (``routing.py``), but for those the county owns (below).

A record belongs to the node that first wrote it, as this node's change log tells: the version that first
arrived here, or the insert made here. The county's own records (policy profiles, rounds, reference data)
stay its own when a station edits them; a station's record stays the station's after a conflict settled
here. A row whose log was pruned (``pruning.py``) belongs to the node that wrote its current version.

Nor may a county add under another node's record: a row it inserts (or re-points) whose foreign key to
a synced table names another node's row (a follow-up of a station's case, an entry in a station's fund, a
social organisation in a station's village) is refused the same way, naming the record it points at.
``COUNTY_WORK_UNDER_STATIONS`` names the county workflows that write under a station's record; such a
row goes down to that station alone (``routing.py`` sends a row only with its parents).

The one exception to "read-only" on a station's own row is the decision of a micro-venture round the
county runs (县级微创投): the round's owner decides, the station owns its proposal. So at the office that
runs the round, its secretary takes a station's proposal into review and approves or rejects it
(``ROUND_DECISIONS``), and sets its approved amount while in review: those steps change the fields
``COUNTY_DECISIONS`` names (status, approved amount) and nothing else of the project, and add the step's
``project_status_change`` row (its date, its reason, who) under it. Everything else of the proposal stays
the station's: its text, budget and team, and the steps of running it. The decided project then has the
county's version, which goes down to that station alone like the county's review sheets (``routing.py``:
no other node wrote it), and wins there as any later version does; the project stays the station's here.

The records a county office sends down are its own at the stations too (issue 8 trial #4): a round it runs,
with its rubric and reviewers, and its policy profiles (``COUNTY_OWNED``) are read-only at a station, which
may not add a criterion or reviewer under such a round either; a station's version arriving at the county
is not merged (``origin_rules``). A station's own rounds stay its own.

Services need not check: every service that asks ``guard.require`` for an action that changes records
``watch``es its unit of work, and the flush refuses a change to another node's row with one line naming
that node; rows written in bulk (``storage.bulk``, a spreadsheet import) are checked the same way before
they are written, none excepted, and refuse the whole import. The sync layer's own writes (the merge, a
conflict's resolution) are not watched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from desktop.domain.codes import TABLE_LABELS, label
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import Status, find_move
from desktop.errors import WusheError
from desktop.i18n import _
from desktop.services.batches import in_chunks
from desktop.storage.base import Base, Synced, synced_tables
from desktop.storage.bulk import INSERT_CHECKS
from desktop.storage.models import (
    ChangeLogEntry, NodeIdentity, Project, ProjectRound, ProjectStatusChange, ReviewSheet, Station, SyncPeer,
)
from desktop.storage.tracking import PRESERVE_STAMPS

READ_ONLY_KINDS = ("county",)  # the nodes that may change only their own records
# Actions that change no record, or only through the sync layer, which keeps every node's versions.
UNWATCHED = frozenset({Action.VIEW, Action.VIEW_CASES, Action.VIEW_ALL_CASES, Action.VIEW_AUDIT, Action.REVEAL_ID,
                       Action.SYNC})
_KIND = "home_node.kind"  # session.info: this node's kind, read once per unit of work
_WATCHED = "home_node.watched"


class ReadOnlyHere(WusheError):
    """A change to a record another node owns, refused at a county office."""

    def __init__(self, message: str, table: str, row_id: str, owner: str) -> None:
        super().__init__(message)
        self.table, self.row_id, self.owner = table, row_id, owner


def node_kind(session: Session) -> str:
    """This node's kind (``codes.NODE_KINDS``), read once per unit of work; "" before set-up."""
    if _KIND not in session.info:
        with session.no_autoflush:
            session.info[_KIND] = session.scalar(select(NodeIdentity.kind)) or ""
    return session.info[_KIND]


def first_writer(session: Session, table: str, row_id: str, origin: str) -> str:
    """The node that first wrote the row here, by the change log; ``origin`` (its current version's
    writer) when the log no longer holds it."""
    with session.no_autoflush:
        first = session.scalar(select(ChangeLogEntry.origin_node).where(
            ChangeLogEntry.row_id == row_id, ChangeLogEntry.table_name == table)
            .order_by(ChangeLogEntry.seq).limit(1))
    return first or origin


def owner_elsewhere(session: Session, table: str, row_id: str, origin: str) -> str | None:
    """The node id of the row's owner when this node must not change the row, else None."""
    if node_kind(session) not in READ_ONLY_KINDS:
        return None
    owner = first_writer(session, table, row_id, origin)
    return owner if owner and owner != session.info.get("node_id") else None


def node_kinds(session: Session, node_ids: set[str]) -> dict[str, str]:
    """The kind of each node known here: a trusted peer's as it was added (the keys a person checked),
    else its station profile as it travelled, and this node's own."""
    with session.no_autoflush:
        kinds = {node: kind for node, kind in session.execute(
            select(Station.id, Station.kind).where(Station.id.in_(node_ids)))}
        kinds.update((node, kind) for node, kind in session.execute(
            select(SyncPeer.node_id, SyncPeer.kind).where(SyncPeer.node_id.in_(node_ids))))
    return kinds


# Table → the link to the row whose owner owns it (None: the row itself), for the records a county office
# owns wherever they are: its rounds with their rubric and reviewers, its policy profiles.
COUNTY_OWNED: dict[str, str | None] = {ProjectRound.__tablename__: None, "round_criterion": "round_id",
                                       "round_reviewer": "round_id", "policy_profile": None}


def county_of(session: Session, table: str, row_id: str, parent_id: str | None = None) -> str | None:
    """The county office that owns the row of a ``COUNTY_OWNED`` table (this node, if it is one), else None:
    the first writer of the row, or for a criterion or reviewer of its round (``parent_id``, the link's
    value; read from the row when None)."""
    if table not in COUNTY_OWNED:
        return None
    link = COUNTY_OWNED[table]
    with session.no_autoflush:
        if link:
            t = Base.metadata.tables[table]
            parent_id = parent_id or session.scalar(select(t.c[link]).where(t.c.id == row_id))
            table, row_id = ProjectRound.__tablename__, parent_id or ""
        t = Base.metadata.tables[table]
        origin = session.scalar(select(t.c.origin_node).where(t.c.id == row_id))
    if origin is None:
        return None
    owner = first_writer(session, table, row_id, origin)
    return owner if node_kinds(session, {owner}).get(owner) == "county" else None


def county_owner(session: Session, table: str, row_id: str, parent_id: str | None = None) -> str | None:
    """The county office that owns the row, when it is not this node (``county_of``)."""
    owner = county_of(session, table, row_id, parent_id)
    return owner if owner and owner != session.info.get("node_id") else None


def node_name(session: Session, node_id: str) -> str:
    """What a person calls a node: its name as a trusted peer, else as its station profile travelled."""
    with session.no_autoflush:
        name = session.scalar(select(SyncPeer.name).where(SyncPeer.node_id == node_id)) or \
            session.scalar(select(Station.name).where(Station.id == node_id))
    return name or node_id[:8]


def read_only_text(session: Session, table: str, owner: str) -> str:
    return _("This record ({table}) belongs to {node} and is read-only here.").format(
        table=label(TABLE_LABELS, table), node=node_name(session, owner))


def county_text(session: Session, table: str, owner: str) -> str:
    return _("This record ({table}) belongs to the county office, {node}; ask them to change it.").format(
        table=label(TABLE_LABELS, table), node=node_name(session, owner))


def read_only_reason(session: Session, table: str, row_id: str) -> str:
    """Why the row may not be changed here, "" when it may: for a button's tooltip. A row not found is
    left to the service to refuse."""
    if node_kind(session) not in READ_ONLY_KINDS:
        owner = county_owner(session, table, row_id)
        return county_text(session, table, owner) if owner else ""
    t = Base.metadata.tables[table]
    origin = session.scalar(select(t.c.origin_node).where(t.c.id == row_id))
    owner = owner_elsewhere(session, table, row_id, origin) if origin is not None else None
    return read_only_text(session, table, owner) if owner else ""


@cache
def parent_links(table: str) -> tuple[tuple[str, str], ...]:
    """(attribute, referred table) of each foreign key of ``table`` to a synced table, from the metadata:
    a new table's links are found without being named here."""
    synced = {model.__tablename__: model for model in synced_tables()}
    mapper = inspect(synced[table])
    return tuple(sorted((mapper.get_property_by_column(fk.parent).key, fk.column.table.name)
                        for fk in Base.metadata.tables[table].foreign_keys if fk.column.table.name in synced))


def _round_run_here(session: Session, project_id: str) -> bool:
    """Whether the project applies to a micro-venture round this node runs: a county's round, which
    stations' proposals apply to, with the county's own accounts as reviewers (``round_reviewer``) and
    its own secretary: only at the county can they score a proposal and decide it."""
    project = session.get(Project, project_id)
    if project is None:
        return False
    origin = session.scalar(select(ProjectRound.origin_node).where(ProjectRound.id == project.round_id))
    return origin is not None and owner_elsewhere(session, ProjectRound.__tablename__, project.round_id, origin) is None


# The steps of the project workflow that are the round's, not the applicant's: taking a proposal into
# review and deciding it. Withdrawing, running and ending the project stay the station's.
ROUND_DECISIONS = frozenset({"start_review", "approve", "reject"})
_STAMPS = frozenset({"hlc", "origin_node", "updated_at"})  # what ``tracking.stamps`` writes on any update


def step_refusals(session: Session, project_id: str, actions: Iterable[str]) -> dict[str, str]:
    """Why this node may not take each of ``actions`` (steps of the project workflow) on the project, ""
    for a step it may take: for a button's tooltip. At a county a station's project takes no step, but the
    round's decisions in a round run here; the flush refuses the others anyway."""
    reason = read_only_reason(session, Project.__tablename__, project_id)
    decides = bool(reason) and _round_run_here(session, project_id)
    return {action: "" if decides and action in ROUND_DECISIONS else reason for action in actions}


def _decision_step(session: Session, change: Any) -> bool:
    return change.action in ROUND_DECISIONS and _round_run_here(session, change.project_id)


def _round_decision(session: Session, project: Any, before: Mapping[str, Any]) -> bool:
    """The project's status moved by one of ``ROUND_DECISIONS``, or its approved amount was set while in
    review (``reviews.set_approved``), in a round run here."""
    was = before.get("status", project.status)
    moved = was == project.status == Status.IN_REVIEW or any(
        was in step.sources and project.status == step.target for step in map(find_move, ROUND_DECISIONS))
    return moved and _round_run_here(session, project.id)


# (table, attribute) → when a row of ``table`` may point by ``attribute`` at another node's record here.
# The county workflows checked: its policy profiles, rounds (rubric, reviewers) and reference data point at
# nothing of a station's; its review of stations' proposals in its own rounds, and the steps deciding
# them, do.
COUNTY_WORK_UNDER_STATIONS: dict[tuple[str, str], Callable[[Session, Any], bool]] = {
    (ReviewSheet.__tablename__, "project_id"): lambda session, sheet: _round_run_here(session, sheet.project_id),
    (ProjectStatusChange.__tablename__, "project_id"): _decision_step,
}
# table → the attributes of another node's row a county may change, and when (given the row and the
# values it had): the decision on a station's proposal in a round the county runs.
COUNTY_DECISIONS: dict[str, tuple[frozenset[str], Callable[[Session, Any, Mapping[str, Any]], bool]]] = {
    Project.__tablename__: (frozenset({"status", "approved_fen"}), _round_decision),
}


def _decided_here(session: Session, obj: Synced, before: Mapping[str, Any]) -> bool:
    """Whether the change to another node's row ``obj`` is a decision this node may take on it: only the
    attributes ``COUNTY_DECISIONS`` names changed, as its rule allows."""
    rule = COUNTY_DECISIONS.get(type(obj).__tablename__)
    if rule is None:
        return False
    names, allowed = rule
    state = inspect(obj)
    changed = {key for key in before if state.attrs[key].history.has_changes()}
    return changed <= names | _STAMPS and allowed(session, obj, before)


def _others_parent(session: Session, obj: Synced, changed: set[str] | None,
                   owners: dict[tuple[str, str], str | None]) -> ReadOnlyHere | None:
    """The refusal when ``obj`` points (by the links in ``changed``; all when None) at another node's row.
    ``owners`` remembers, for the flush, each row's owner elsewhere (None: this node's, or new here)."""
    table = type(obj).__tablename__
    for key, parent in parent_links(table):
        value = getattr(obj, key)
        if value is None or (changed is not None and key not in changed):
            continue
        if (parent, value) not in owners:
            t = Base.metadata.tables[parent]
            origin = session.scalar(select(t.c.origin_node).where(t.c.id == value))
            owners[parent, value] = owner_elsewhere(session, parent, value, origin) if origin is not None else None
        owner = owners[parent, value]
        allowed = COUNTY_WORK_UNDER_STATIONS.get((table, key))
        if owner and not (allowed and allowed(session, obj)):
            return ReadOnlyHere(read_only_text(session, parent, owner), parent, value, owner)
    return None


def _refuse_county_rows(session: Session) -> None:
    """At a station: a change to a row the county office owns, or a new one under its round, is refused."""
    with session.no_autoflush:
        for obj in [*session.new, *session.dirty]:
            table = type(obj).__tablename__
            if table not in COUNTY_OWNED or not isinstance(obj, Synced) or (
                    obj not in session.new and not session.is_modified(obj, include_collections=False)):
                continue
            link = COUNTY_OWNED[table]
            owner = county_owner(session, table, obj.id, getattr(obj, link) if link else None)
            if owner:
                raise ReadOnlyHere(county_text(session, table, owner), table, obj.id, owner)


def _refuse_others_rows(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(PRESERVE_STAMPS):
        return
    if node_kind(session) not in READ_ONLY_KINDS:
        _refuse_county_rows(session)
        return
    owners: dict[tuple[str, str], str | None] = {}
    with session.no_autoflush:
        for obj in list(session.new):
            refused = _others_parent(session, obj, None, owners) if isinstance(obj, Synced) else None
            if refused:
                raise refused
        for obj in list(session.dirty):
            if not isinstance(obj, Synced) or not session.is_modified(obj, include_collections=False):
                continue
            # The version as stored: the stamping hook may have run first and written this node onto the row.
            committed = inspect(obj).committed_state
            origin = committed.get("origin_node", obj.origin_node)
            table = type(obj).__tablename__
            owner = owner_elsewhere(session, table, obj.id, origin)
            if owner is None:
                refused = _others_parent(session, obj, set(committed), owners)
                if refused:
                    raise refused
            elif not _decided_here(session, obj, committed):  # a decision changes no foreign key
                raise ReadOnlyHere(read_only_text(session, table, owner), table, obj.id, owner)


def _owners_elsewhere(session: Session, table: str, ids: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(id, owner) of each row of ``ids`` in ``table`` that another node owns, a chunk of ids per query:
    only rows another node wrote (now or before) are looked at one by one."""
    t = Base.metadata.tables[table]
    me = session.info.get("node_id")
    by_others = select(ChangeLogEntry.row_id).where(ChangeLogEntry.row_id == t.c.id, ChangeLogEntry.table_name == table,
                                                    ChangeLogEntry.origin_node != me).exists()
    for chunk in in_chunks(ids):
        for row_id, origin in session.execute(select(t.c.id, t.c.origin_node).where(
                t.c.id.in_(chunk), (t.c.origin_node != me) | by_others)).all():
            owner = owner_elsewhere(session, table, row_id, origin)
            if owner:
                yield row_id, owner


def _refuse_rows_under_others(session: Session, model: type[Synced], rows: Sequence[Mapping[str, Any]]) -> None:
    """The flush's rule for new rows, for those a bulk insert (``storage.bulk``) writes past the flush:
    any of them naming another node's record refuses them all, whatever the table. The county's work
    under stations' records (``COUNTY_WORK_UNDER_STATIONS``) adds one row at a time, never in bulk."""
    if node_kind(session) not in READ_ONLY_KINDS:
        return
    for key, parent in parent_links(model.__tablename__):
        named = sorted({row[key] for row in rows if row.get(key) is not None})
        for row_id, owner in _owners_elsewhere(session, parent, named):
            raise ReadOnlyHere(read_only_text(session, parent, owner), parent, row_id, owner)


def watch(session: Session, action: Action) -> None:
    """From now on this unit of work may not change another node's rows, if ``action`` changes records."""
    if action in UNWATCHED or session.info.get(_WATCHED):
        return
    session.info[_WATCHED] = True
    event.listen(session, "before_flush", _refuse_others_rows)
    session.info.setdefault(INSERT_CHECKS, []).append(_refuse_rows_under_others)
