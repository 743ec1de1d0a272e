"""A conflict in a person's words, for ``wushe sync conflicts`` and the 冲突 tab: the register's name, what
the record is called (its name, title or number; a record without one by the record it belongs to), the
names of the nodes the two versions came from (and, for one conflict, when each version was written and by
which account, ``written``), and each field by its form label with codes, money and references to other
records as a person reads them; once resolved, which version was kept and which set aside (``sides``), and
who decided when (``resolved_text``). The ids stay in ``ConflictView`` (``--json``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from babel.dates import format_time
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import TABLE_LABELS, label
from desktop.domain.permissions import role_labels
from desktop.i18n import N_, _, babel_locale, format_date, format_datetime, format_money, format_number
from desktop.storage.base import Base
from desktop.storage.models import AuditEntry, Station, SyncConflict, SyncPeer, UserAccount
from desktop.sync.conflicts import KEEP, NAMING, RESOLUTIONS, ConflictView, versions
from desktop.sync.home_node import node_kind
from desktop.sync.field_codes import code_text
from desktop.sync.field_labels import MONEY_SUFFIX, field_label, field_value
from desktop.sync.peers import peer_label

NONE = "—"
# Columns that name a record of one of several registers, without a foreign key: the registers it may be in.
LOOSE_REFERENCES = {("case_referral", "target_id"): ("social_org", "donor")}


def record_label(table: str, fields: Mapping[str, Any]) -> str:
    """What a person calls a record from its own fields, "" when none names it."""
    return next((str(fields[name]) for name in NAMING if fields.get(name)), "")


def _parent(table: str, fields: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first record this one refers to: (table, id)."""
    for column in Base.metadata.tables[table].c:
        for key in column.foreign_keys:
            value = fields.get(column.name)
            if isinstance(value, str) and value:
                return key.column.table.name, value
    return None


def stored_label(session: Session, table: str, row_id: str) -> str:
    """What a person calls a stored record: its own name, else its parent's (a case's follow-up by the
    case's number), else the start of its id."""
    t = Base.metadata.tables.get(table)
    row = session.execute(select(t).where(t.c.id == row_id)).mappings().first() if t is not None else None
    if row is None:
        return row_id[:8]
    own = record_label(table, row)
    if own:
        return own
    parent = _parent(table, row)
    return stored_label(session, *parent) if parent is not None else row_id[:8]


def _nodes(session: Session) -> dict[str, tuple[str, str]]:
    """Node id → (name, kind): this node's, its peers' and every station profile's that travelled here."""
    found = {node: (name, kind) for node, name, kind in session.execute(select(Station.id, Station.name, Station.kind))}
    found.update((node, (name, kind)) for node, name, kind in session.execute(
        select(SyncPeer.node_id, SyncPeer.name, SyncPeer.kind)))
    return found


def node_names(session: Session) -> dict[str, str]:
    """Node id → name: this node's, its peers' and every station profile's that travelled here."""
    return {node: name for node, (name, _kind) in _nodes(session).items()}


def node_labels(session: Session) -> dict[str, str]:
    """Node id → its name with its kind (``peers.peer_label``), for the nodes ``node_names`` knows."""
    return {node: peer_label(name, kind) for node, (name, kind) in _nodes(session).items()}


def deletion_text(value: str | None) -> str:
    """A version's deletion (the wire's ISO time, or None) as a person reads it, in local time."""
    if not value:
        return _("Not deleted")
    moment = datetime.fromisoformat(value).astimezone()
    return _("Deleted ({date} {time})").format(date=format_date(moment.date(), "long"),
                                               time=format_time(moment, "short", locale=babel_locale()))


def value_text(session: Session, table: str, column: str, value: Any) -> str:
    """A field's value as a person reads it: a code's label, money in yuan, a referenced record by its
    label, yes or no, whether deleted and when; an empty value as a dash."""
    if column == "deleted_at":
        return deletion_text(value)
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    foreign = next(iter(Base.metadata.tables[table].c[column].foreign_keys), None) \
        if table in Base.metadata.tables and column in Base.metadata.tables[table].c else None
    if foreign is not None and isinstance(value, str):
        return stored_label(session, foreign.column.table.name, value)
    if (table, column) in LOOSE_REFERENCES and isinstance(value, str):
        return next((shown for other in LOOSE_REFERENCES[table, column]
                     if (shown := stored_label(session, other, value)) != value[:8]), value[:8])
    shown = field_value(column, code_text(table, column, value))
    if shown == "":  # a list of codes with none in it
        return NONE
    if isinstance(shown, Decimal) and column.endswith(MONEY_SUFFIX):  # money, in yuan as the forms show it
        return format_money(shown)
    if type(shown) is int or isinstance(shown, Decimal):  # a quantity or score in hundredths: 12.5
        return format_number(shown)
    if isinstance(shown, str) and _python_type(table, column) in (date, datetime):
        return _moment_text(shown)
    return str(shown)


def _python_type(table: str, column: str) -> type | None:
    columns = Base.metadata.tables[table].c if table in Base.metadata.tables else {}
    try:
        return columns[column].type.python_type if column in columns else None
    except NotImplementedError:
        return None


def _moment_text(value: str) -> str:
    """A wire date (ISO) as the screens show one, a time in local time; a value that is no date as it is."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) == 10:  # a date alone
        return format_date(moment.date())
    return format_datetime(moment.astimezone(), "short")


@dataclass(frozen=True)
class FieldText:
    field: str  # the column, as in ConflictView
    label: str
    current: str
    other: str


@dataclass(frozen=True)
class Side:
    """What one version of a conflict is called, in its column and in the lines about it."""

    version: str  # "Current version"
    came_from: str  # "Current version from"
    written: str  # "Current version written"
    heading: str  # "Current version, from {node}"


CURRENT = Side(N_("Current version"), N_("Current version from"), N_("Current version written"),
               N_("Current version, from {node}"))
OTHER = Side(N_("Other version"), N_("Other version from"), N_("Other version written"),
             N_("Other version, from {node}"))
KEPT = Side(N_("Kept version"), N_("Kept version from"), N_("Kept version written"), N_("Kept version, from {node}"))
SET_ASIDE = Side(N_("Set-aside version"), N_("Set-aside version from"), N_("Set-aside version written"),
                 N_("Set-aside version, from {node}"))


def sides(view: ConflictView) -> tuple[Side, Side]:
    """What the winning version (``current``) and the other one are called: the current and the other version
    while the conflict is open; once resolved, the kept one and the one set aside, as the decision went."""
    if view.resolved_at is None:
        return CURRENT, OTHER
    return (KEPT, SET_ASIDE) if view.resolution == KEEP else (SET_ASIDE, KEPT)


@dataclass(frozen=True)
class ConflictText:
    view: ConflictView
    table: str  # the register's name
    record: str
    current_from: str  # the names of the nodes the versions came from
    other_from: str
    fields: tuple[FieldText, ...]  # the fields that differ; sealed ones as the screens show them (masked)


@dataclass(frozen=True)
class Written:
    """When a version was written (its ``updated_at``; None when the row does not say) and by whom: the node's
    name, with the account that wrote it (``account_text``) when this node holds that node's audit entry for it."""

    at: datetime | None
    by: str


# How long after a version's ``updated_at`` the audit entry of the same write may be dated: the flush stamps
# the row first, then appends the entry (``storage.tracking``).
_SAME_WRITE = timedelta(seconds=5)
_WRITES = ("insert", "update", "delete", "restore")  # the audit actions of a row version being written


def account_text(session: Session, node: str, username: str) -> str:
    """The account ``username`` of ``node`` as the users list shows it, by name and role ("韦晓梅（站长）"; the
    name alone when it is the role's own word), when it signs in here; else by its user name alone (another
    node's accounts are not known here, and the same user name there may be someone else)."""
    user = session.execute(select(UserAccount.display_name, UserAccount.role).where(
        UserAccount.username == username)).first() if node == session.info.get("node_id") else None
    if user is None:
        return username
    role = label(role_labels(node_kind(session)), user.role)  # 县级管理员 at a county
    return user.display_name if user.display_name == role else _("{name} ({role})").format(
        name=user.display_name, role=role)


def _by(session: Session, names: Mapping[str, str], node: str, username: str) -> str:
    """A node's name with one of its accounts (``account_text``), or the name alone when the account is unknown."""
    shown = names.get(node, node[:8])
    return _("{node} · {account}").format(node=shown, account=account_text(session, node, username)) \
        if username else shown


def _account(session: Session, table: str, row_id: str, node: str, at: datetime) -> str:
    """The user name of the account that wrote the version of ``node`` dated ``at``: by the audit entry of that
    write (a station's entries reach the county; a county sends none down); "" when unknown."""
    return session.scalar(select(AuditEntry.actor).where(
        AuditEntry.node_id == node, AuditEntry.table_name == table, AuditEntry.row_id == row_id,
        AuditEntry.action.in_(_WRITES), AuditEntry.at >= at, AuditEntry.at <= at + _SAME_WRITE)
        .order_by(AuditEntry.at).limit(1)) or ""


def written(session: Session, view: ConflictView, names: Mapping[str, str] | None = None) -> tuple[Written, Written]:
    """When and by whom the winning version and the other one (``conflicts.versions``) were written: one conflict
    at a time (the audit log is searched for each version)."""
    names = node_labels(session) if names is None else names
    row = session.get(SyncConflict, view.id)
    assert row is not None  # the view was read from it
    found = []
    for version in versions(session, row):
        stamp, origin = version["fields"].get("updated_at"), version["origin"]
        at = datetime.fromisoformat(stamp) if isinstance(stamp, str) and stamp else None
        account = _account(session, view.table_name, view.row_id, origin, at) if at is not None else ""
        found.append(Written(at, _by(session, names, origin, account)))
    return found[0], found[1]


def resolved_text(session: Session, view: ConflictView, when: Callable[[datetime], str]) -> str:
    """How a resolved conflict was settled, when (``when`` writes the time as the surrounding lines do) and by
    whom, in one line ("Took the other version, … by 甲站 · 韦晓梅（站长）"); "" while it is open."""
    if view.resolved_at is None:
        return ""
    return _("{resolution}, {when} by {who}").format(
        resolution=label(RESOLUTIONS, view.resolution), when=when(view.resolved_at.astimezone()),
        who=_by(session, node_labels(session), view.resolved_on, view.resolved_by))


def conflict_text(session: Session, view: ConflictView, names: Mapping[str, str] | None = None) -> ConflictText:
    """``view`` in a person's words; ``names`` (``node_labels``) when describing many."""
    names = node_labels(session) if names is None else names
    table = view.table_name
    fields = tuple(FieldText(d.field, field_label(table, d.field), value_text(session, table, d.field, d.current),
                             value_text(session, table, d.field, d.other)) for d in view.differences)
    fields += tuple(FieldText(d.field, field_label(table, d.field), d.current or NONE, d.other or NONE)
                    for d in view.sealed)
    return ConflictText(view, label(TABLE_LABELS, table), stored_label(session, table, view.row_id),
                        names.get(view.winner_origin, view.winner_origin[:8]),
                        names.get(view.loser_origin, view.loser_origin[:8]), fields)


def resolution_text(text: ConflictText, choice: str) -> str:
    """What resolving the conflict ``text`` describes (read before it was resolved) did, in one line: which
    version was kept, or which values of the other version replaced which."""
    if choice == KEEP:
        return _("Kept the current version of {record} (from {current}); the other version, from {other}, "
                 "was set aside.").format(record=text.record, current=text.current_from, other=text.other_from)
    changes = _("; ").join(_("{field}: {old} → {new}").format(field=f.label, old=f.current, new=f.other)
                           for f in text.fields)
    return _("The other version of {record} (from {other}) replaced the current one (from {current}): "
             "{changes}.").format(record=text.record, other=text.other_from, current=text.current_from,
                                  changes=changes or NONE)
