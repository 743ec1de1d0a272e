"""The audit log travels in bundles (DESIGN.md §7, §8): a county sees who did what at each station.

Each node's audit log is a hash chain of its own (``storage.audit``). On the wire an entry is a row of
table ``audit_log`` after the data rows: ``id``; ``origin``, the node whose chain it is; ``hlc`` 0 (a chain
has no stamps: its order is the order of the lines); ``deleted`` false; and in ``fields`` every other column
but the local ``seq``, ``prev_hash`` and ``hash`` among them. The columns come from the model, so a column
added to the log travels without a change here.

What goes: of each chain the bundle may carry, the entries after the head the peer last said it holds (the
``acks.audit`` of its latest bundle here: node → hash of its last entry); a whole chain in a full bundle, to a
peer that named no head for it, or one whose head is not in the chain here (it forked: the receiver tells).
The peer's own chain never goes back. As ``routing.py`` routes data rows, a county passes no audit down to a
station or a village room: other stations' chains are theirs, and the county's own chain records its work on
every station's records and cannot be cut without breaking it. Every other pair passes every chain it holds,
so a village room's audit reaches the county through its station.

What is kept: an entry already here by id stays as it is (a union by id); a new entry is appended when it
continues its node's chain here (its ``prev_hash`` is the head here, the genesis for a chain not yet here), so
each node's chain stays whole and ``verify_chain`` holds for every node. One that does not continue it (the
receiver lost entries, or the node was restored from a backup and its chain forked) is not kept, and counted.
Never taken: entries of this node's own chain, which only this node writes.

Refused, naming the node, with nothing changed: an entry whose hash is not that of its fields, two entries
of one chain in a row that do not link, an entry whose id is here with another hash (history rewritten), or
the sender's own entries not ending at the manifest's ``audit_head``.

Sensitive values: entries name users, roles, files, settings, peers and bundles, the tables and ids of the
records written and the field shown by a ``reveal``, never a sealed value (every ``audit.append`` checked),
so they travel in plain bundles too; a manifest says so in ``audit`` (``DETAILS``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import _, format_number, ngettext
from desktop.storage.audit import fields_hash
from desktop.storage.bulk import execute_many
from desktop.storage.digest import GENESIS
from desktop.storage.models import AuditEntry, SyncBundleLog
from desktop.sync.peers import RECEIVED
from desktop.sync.refusals import BundleRefused
from desktop.sync.routing import Route

TABLE = AuditEntry.__tablename__
DETAILS = "included"  # audit details hold no sealed value: they travel in every bundle (see above)
CHUNK = 500  # entries read, checked and written at a time
_LOCAL = ("seq",)  # the column that is each node's own numbering
_HASH_LENGTH = len(GENESIS)
_WIRE_COLUMNS = tuple(c.key for c in AuditEntry.__table__.c if c.key not in (*_LOCAL, "id", "node_id"))


def _wire(entry: Mapping[str, Any]) -> dict[str, Any]:
    fields = {name: entry[name] for name in _WIRE_COLUMNS}
    fields["at"] = fields["at"].isoformat()
    return {"table": TABLE, "id": entry["id"], "hlc": 0, "origin": entry["node_id"], "deleted": False,
            "fields": fields}


# Sending


@dataclass(frozen=True)
class Outgoing:
    """The audit entries a bundle carries: read as ``rows`` is iterated, in the unit of work that chose them."""

    rows: Iterator[dict[str, Any]]
    entries: dict[str, int]  # per node

    @property
    def total(self) -> int:
        return sum(self.entries.values())


def outgoing(session: Session, peer_id: str, *, route: Route | None, full: bool, acked: Mapping[str, str]) -> Outgoing:
    """The entries to send the peer: of every chain held here but the peer's (none down a county's route),
    those after the head it ``acked`` (all when ``full``, not acked, or a head not in the chain here)."""
    upto = session.scalar(select(func.max(AuditEntry.seq))) or 0
    nodes = [] if route is not None else list(session.scalars(
        select(AuditEntry.node_id).where(AuditEntry.node_id != peer_id).distinct().order_by(AuditEntry.node_id)))
    chosen: list[tuple[str, int]] = []
    entries: dict[str, int] = {}
    for node in nodes:
        head = None if full else acked.get(node)
        since = (session.scalar(select(AuditEntry.seq).where(AuditEntry.node_id == node, AuditEntry.hash == head))
                 if head else None) or 0
        count = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.node_id == node, AuditEntry.seq > since, AuditEntry.seq <= upto)) or 0
        if count:
            chosen.append((node, since))
            entries[node] = count
    return Outgoing(_rows(session, chosen, upto), entries)


def _rows(session: Session, chosen: list[tuple[str, int]], upto: int) -> Iterator[dict[str, Any]]:
    t = AuditEntry.__table__
    for node, since in chosen:  # rows, not ORM objects: a chain may hold a million entries
        query = select(t).where(t.c.node_id == node, t.c.seq > since, t.c.seq <= upto).order_by(t.c.seq)
        for entry in session.execute(query.execution_options(yield_per=CHUNK)).mappings():
            yield _wire(entry)


def heads(session: Session, peer_id: str, *, route: Route | None) -> dict[str, str]:
    """What we tell the peer we hold of each chain (node → hash of its last entry here), for ``outgoing``
    there. Down a county's route only the chains that peer has sent us: other stations' stay unnamed."""
    query = select(AuditEntry.node_id, AuditEntry.hash).where(
        AuditEntry.seq.in_(select(func.max(AuditEntry.seq)).group_by(AuditEntry.node_id)))
    if route is not None:
        query = query.where(AuditEntry.node_id.in_(carried_from(session, peer_id) | {peer_id}))
    return {node: head for node, head in session.execute(query)}


def carried_from(session: Session, peer_id: str) -> set[str]:
    """The nodes whose chains the peer's bundles brought here."""
    found: set[str] = set()
    for detail in session.scalars(select(SyncBundleLog.detail).where(
            SyncBundleLog.peer_id == peer_id, SyncBundleLog.direction == RECEIVED)):
        found.update(json.loads(detail or "{}").get("audit", {}).get("carried", ()))
    return found


def acked_by(session: Session, peer_id: str) -> dict[str, str]:
    """The heads the peer named in its latest bundle imported here ({} before it named any)."""
    detail = session.scalar(select(SyncBundleLog.detail).where(
        SyncBundleLog.peer_id == peer_id, SyncBundleLog.direction == RECEIVED)
        .order_by(SyncBundleLog.at.desc()).limit(1))
    return json.loads(detail or "{}").get("audit_acks", {})


def acks_in(manifest: Mapping[str, Any]) -> dict[str, str]:
    """The heads a manifest names, those well formed (anything else names none, and brings whole chains)."""
    named = manifest.get("acks", {}).get("audit") if isinstance(manifest.get("acks"), dict) else None
    if not isinstance(named, dict):
        return {}
    return {node: head for node, head in named.items()
            if isinstance(node, str) and isinstance(head, str) and len(head) == _HASH_LENGTH}


# Receiving


class BrokenChain(BundleRefused):
    """A bundle whose audit chain of ``node`` does not hold together."""

    def __init__(self, node: str, name: str, detail: str) -> None:
        super().__init__("damaged", _("The audit chain of {node} in this bundle is broken: an entry was changed or "
                                      "removed after it was written. Nothing was imported.").format(node=name),
                         detail=f"audit chain of {node}: {detail}")
        self.node = node


@dataclass
class Incoming:
    """The audit entries of one bundle, taken as its rows stream past (``divert``) in the import's unit of
    work; ``finish`` checks the sender's chain ends where its manifest says."""

    session: Session
    me: str
    sender: str
    name_of: Any  # node id → what a person calls it, for the refusal
    kept: Counter[str] = field(default_factory=Counter)
    unlinked: Counter[str] = field(default_factory=Counter)
    seen: int = 0  # audit entries in the bundle, kept or not (the bundle's other rows are its records)
    _last: dict[str, str] = field(default_factory=dict)  # node → the previous entry's hash in this bundle
    _heads: dict[str, str] = field(default_factory=dict)  # node → the head of its chain here, as it grows
    _pending: list[Mapping[str, Any]] = field(default_factory=list)

    def divert(self, changes: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
        """``changes`` without the audit entries, which are checked and kept meanwhile."""
        for wire in changes:
            if isinstance(wire, Mapping) and wire.get("table") == TABLE:
                self.seen += 1
                self._pending.append(wire)
                if len(self._pending) >= CHUNK:
                    self._flush()
            else:
                yield wire
        self._flush()

    def finish(self, audit_head: Any) -> None:
        if self.sender in self._last and self._last[self.sender] != audit_head:
            self._broken(self.sender, "does not end at the manifest's audit_head")

    @property
    def carried(self) -> list[str]:
        return sorted(self._last)

    def outcome(self) -> dict[str, Any]:
        return {"carried": self.carried, "kept": dict(self.kept), "unlinked": dict(self.unlinked)}

    def _broken(self, node: str, detail: str) -> None:
        raise BrokenChain(node, self.name_of(self.session, node), detail)

    def _decoded(self, wire: Mapping[str, Any]) -> dict[str, Any]:
        fields, node = wire.get("fields"), wire.get("origin")
        if not isinstance(node, str) or not isinstance(wire.get("id"), str) or not isinstance(fields, dict) \
                or set(fields) != set(_WIRE_COLUMNS) \
                or not all(isinstance(fields[name], str) for name in _WIRE_COLUMNS):
            raise BundleRefused("damaged", detail="an audit entry of another shape")
        try:
            at = datetime.fromisoformat(fields["at"])
        except ValueError:
            at = None
        if at is None or at.tzinfo is None:
            raise BundleRefused("damaged", detail="an audit entry without its time")
        # The time as it is stored here (UTC), so the hash checked is the one ``verify_chain`` recomputes.
        return {**fields, "id": wire["id"], "node_id": node, "at": at.astimezone(UTC)}

    def _head(self, node: str) -> str:
        if node not in self._heads:
            self._heads[node] = self.session.scalar(
                select(AuditEntry.hash).where(AuditEntry.node_id == node)
                .order_by(AuditEntry.seq.desc()).limit(1)) or GENESIS
        return self._heads[node]

    def _flush(self) -> None:
        if not self._pending:
            return
        entries = [self._decoded(wire) for wire in self._pending]
        self._pending = []
        here = {entry_id: digest for entry_id, digest in self.session.execute(
            select(AuditEntry.id, AuditEntry.hash).where(AuditEntry.id.in_([entry["id"] for entry in entries])))}
        new = []
        for entry in entries:
            node = entry["node_id"]
            if fields_hash(entry) != entry["hash"]:
                self._broken(node, f"entry {entry['id']} does not match its hash")
            if node in self._last and entry["prev_hash"] != self._last[node]:
                self._broken(node, f"entry {entry['id']} does not follow the one before it")
            self._last[node] = entry["hash"]
            if entry["id"] in here:
                if here[entry["id"]] != entry["hash"]:
                    self._broken(node, f"entry {entry['id']} differs from the one here")
            elif node == self.me:
                continue
            elif entry["prev_hash"] == self._head(node):
                new.append(entry)
                self._heads[node] = entry["hash"]
                self.kept[node] += 1
            else:
                self.unlinked[node] += 1
        if new:
            execute_many(self.session, AuditEntry.__table__, new, {})


def import_notes(kept: int, unlinked: int) -> list[str]:
    """What an import did with audit entries, for a person (the CLI and 数据同步 say the same)."""
    notes = []
    if kept:
        notes.append(ngettext("{n} audit entry of other nodes added.", "{n} audit entries of other nodes added.",
                              kept).format(n=format_number(kept)))
    if unlinked:
        notes.append(ngettext(
            "{n} audit entry was not kept: it does not continue its node's audit log held here (entries missing "
            "here, or that node was restored from a backup).",
            "{n} audit entries were not kept: they do not continue their node's audit log held here (entries "
            "missing here, or that node was restored from a backup).", unlinked).format(n=format_number(unlinked)))
    return notes
