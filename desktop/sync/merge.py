"""Merging wire rows into this node: last writer wins by ``(hlc, origin_node)``, a total order, so a
merge is commutative and idempotent (DESIGN.md §7).

- Tombstones compete under the same rule; a row first heard of as a tombstone is kept as one.
- A monotonic table (``registry.MONOTONIC``: a receipt is issued, then voided) ranks the state first: a
  voided receipt stays voided whichever edit is later, and a final row keeps its content; the version
  that lost is a conflict as below, so the merge never trips the ledger's triggers.
- Append-only tables are a union by id: a row already here is never changed, but for a sealed field it
  was first sent without (a plain bundle, stored as withheld), filled in once when a bundle carries it; the
  database lets exactly that through (migrations 0027, 0029) and refuses every other UPDATE of such a row.
- A number a row takes once (``registry.NUMBERED``: a disbursement's in its fund) is never changed here; an
  arriving row whose number another row here holds takes the next one here.
- When the row here was changed by another node and the sender had not seen that version (its
  acknowledgement of our change log is older than our entry for the row), the two edits were
  concurrent: the losing version is kept in ``sync_conflict`` for a person, whichever side it is,
  unless the two differ only in their deletion (a delete of the very version here loses nothing).
  An incoming row whose base (``registry.base_of``: the version it replaced at the sender) is the version
  here is a later edit of it, however it reached the sender and whatever the sender acknowledged: no
  conflict (a conflict the sender found on the way travels as a record). A row without a base (a first
  version, a base pruned, a bundle of format 1) is judged by the acknowledgements alone.
  Conflict records travel like rows (their own merge is last writer wins, never a conflict), under
  an id made from the losing version, so every node is told and nodes finding the same one keep one.
- Every version merged gets a change-log entry with the stamps it arrived with, so it travels on to
  third nodes, and an audit entry ``sync.merge`` naming the bundle. So does a fill (op ``fill``, the
  version's own stamps): the next bundle carries the filled fields to nodes that were sent the row
  without them too, where the same version fills as here. A fill is no version, so it makes no row
  unseen by a sender.
- Sealed columns arrive in plaintext (or not at all when the bundle left them out, in which case the
  values here stay); they are sealed with this node's data key and blind indexes are recomputed. A field
  left out of a row new here is stored as withheld (``storage.withheld``), never as empty, until a bundle
  carries it; an absent field is never taken for an empty one, nor a withheld one for a difference.
- Rows of a table only one kind of node may write (``origin_rules``) from another kind are left out.
- A photo's removal merged here deletes its file once no live row names the content (at commit).

``stage`` checks and decodes rows; ``merge`` writes inside the caller's unit of work (one ``BEGIN
IMMEDIATE`` transaction with the bundle log). An import stages and merges a bundle a chunk at a time
(``stage_chunks``, ``merge_chunks``), all in that one transaction, so it stays all or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from desktop.domain.hlc import unpack
from desktop.i18n import _, format_number
from desktop.security.vault import Vault
from desktop.services.attachments import release_unused
from desktop.services.spreadsheet import Progress
from desktop.services.guard import vault
from desktop.storage.audit import chained, entry_values
from desktop.storage.base import utcnow
from desktop.storage.bulk import execute_many
from desktop.storage.digest import canonical_json_of, sha256_hex
from desktop.storage.models import Attachment, AuditEntry, ChangeLogEntry, SyncConflict
from desktop.storage.tracking import PRESERVE_STAMPS
from desktop.storage.withheld import WITHHELD, derived_columns, is_withheld
from desktop.sync.conflicts import conflict_id
from desktop.sync.origin_rules import refuse_foreign
from desktop.sync.registry import SyncedTable, synced
from desktop.sync.staging import Staged, version_key

CHUNK = 500  # rows merged with one query for the versions here
SKEW_LIMIT_MS = 60 * 60 * 1000  # a stamp more than an hour ahead of our clock is flagged
MERGE_ACTION = "sync.merge"
FILL_OP = "fill"  # the change-log op of a fill: the same version, with sealed fields it was first sent without


@dataclass
class MergeResult:
    inserted: int = 0
    updated: int = 0  # newer versions taken, tombstones included
    unchanged: int = 0  # the same version was here, or an append-only row already was
    older: int = 0  # the version here is newer
    conflicts: int = 0
    filled: int = 0  # rows here, the same version, given sealed fields an earlier bundle left out
    refused: int = 0  # versions not merged: a table its origin may not write, a county's record (``origin_rules``)
    per_table: dict[str, int] = field(default_factory=dict)  # versions taken, by table
    hlc_max: int = 0
    hlc_max_origin: str = ""  # the node that wrote the newest stamp
    skew_ms: int = 0  # how far the newest stamp is ahead of our clock

    @property
    def applied(self) -> int:
        return self.inserted + self.updated

    @property
    def skewed(self) -> bool:
        return self.skew_ms > SKEW_LIMIT_MS


@dataclass(frozen=True)
class Version:
    """One side of a conflict."""

    wire: dict[str, Any]  # the wire row, sealed fields left out
    secrets: dict[str, str | None]  # plaintext of its sealed columns, by column


# Digests of a conflict record as stored, as tracking's for rows written through the session.
_CONFLICT_JSON = canonical_json_of(SyncConflict.__table__.c.keys())


class _TableMerge:
    """The merge of one table's staged rows, chunk by chunk."""

    def __init__(self, session: Session, table: SyncedTable, bundle_id: str, seen_change_seq: int,
                 result: MergeResult) -> None:
        self.session, self.table, self.bundle_id = session, table, bundle_id
        self.seen_change_seq, self.result = seen_change_seq, result
        self.keys: Vault | None = None
        if table.sealed:
            self.keys = vault(session)
        self.detects = table.model is not SyncConflict  # two records of one conflict: the later wins
        self.conflicts: list[dict[str, Any]] = []
        self.inserts: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        self.fills: list[dict[str, Any]] = []  # same version, sealed values the row here was sent without
        self.changes: list[dict[str, Any]] = []
        self.entries: list[dict[str, Any]] = []
        self.row_json = canonical_json_of(table.table.c.keys())  # digests of the row as stored, as tracking's
        self.taken: dict[Any, dict[int, str]] = {}  # a numbered table's: scope → number → the row holding it

    def run(self, rows: list[Staged]) -> None:
        """Merge one chunk of rows (up to CHUNK)."""
        self._chunk(rows)
        self._write()

    def _chunk(self, rows: list[Staged]) -> None:
        t = self.table.table
        ids = [row.values["id"] for row in rows]
        here = {r.id: dict(r._mapping) for r in self.session.execute(select(t).where(t.c.id.in_(ids)))}
        unseen = self._unseen({row.values["id"] for row in rows if row.values["id"] in here
                               and here[row.values["id"]]["origin_node"] != row.values["origin_node"]
                               and row.base != version_key(here[row.values["id"]])}) if self.detects else set()
        for row in rows:
            local = here.get(row.values["id"])
            if local is None:
                self._take(row, None)
            elif version_key(local) == row.key or self.table.append_only:
                self.result.unchanged += 1
                self._fill(row, local)
            elif self._wins(row, local):
                if local["id"] in unseen and self._clash(row, local):
                    self._conflict(winner=self._version(row.values, row.plain), loser=self._version(local, None))
                self._take(row, local)
            else:
                self.result.older += 1
                final = self.table.monotonic is not None and self.table.monotonic.final(local)
                # A final row here that the sender saw and still differs from: the two nodes now differ.
                if (local["id"] in unseen and self._clash(row, local)) or (final and self._differs(row, local)):
                    self._conflict(winner=self._version(local, None), loser=self._version(row.values, row.plain))

    def _wins(self, row: Staged, local: Mapping[str, Any]) -> bool:
        """Whether the incoming version replaces the one here: the greater ``(hlc, origin_node)``; on a
        monotonic table the further state first, and a row here in its final state is never rewritten
        but in its stamps (the database refuses more). Still a total order, so nodes converge; two
        different final versions (two voids) each stay where they are, and the conflict tells."""
        key = version_key(local)
        rule = self.table.monotonic
        if rule is None:
            return row.key > key
        if (rule.final(local) and self._differs(row, local)) or not rule.reaches(local, row.values):
            return False
        return (rule.rank(row.values), *row.key) > (rule.rank(local), *key)

    def _unseen(self, ids: set[str]) -> set[str]:
        """Of ``ids``, the rows whose latest version here the sender had not acknowledged."""
        if not ids:
            return set()
        return set(self.session.scalars(
            select(ChangeLogEntry.row_id).where(ChangeLogEntry.row_id.in_(ids))
            .where(ChangeLogEntry.op != FILL_OP)
            .group_by(ChangeLogEntry.row_id).having(func.max(ChangeLogEntry.seq) > self.seen_change_seq)))

    def _opened(self, local: Mapping[str, Any]) -> dict[str, str | None]:
        assert self.keys is not None
        return {column: self.keys.open(self.table.name, local["id"], name, local[column]) or None
                for column, name in self.table.sealed.items()}

    def _differs(self, row: Staged, local: Mapping[str, Any], *, deletion: bool = True) -> bool:
        """Whether the two versions say different things (their own stamps and times aside; with
        ``deletion=False`` whether and when the record was deleted aside too)."""
        ignored = {"hlc", "origin_node", "updated_at", *(() if deletion else ("deleted_at",))}
        if self.table.numbered is not None:
            ignored.add(self.table.numbered.column)  # each node's own (``registry.Numbered``)
        # Left out with the sealed value it is worked out from: no difference (``collect.wire_row``).
        ignored.update(derived for derived, source in derived_columns(self.table.columns).items()
                       if source not in row.plain)
        if any(row.values[name] != local[name] for name in row.values if name not in ignored):
            return True
        opened = self._opened(local) if row.plain else {}
        return any(opened[column] != value for column, value in row.plain.items() if not is_withheld(local[column]))

    def _clash(self, row: Staged, local: Mapping[str, Any]) -> bool:
        """Whether two concurrent versions (the sender had not seen ours) lose something to each other:
        they differ in more than their deletion. A tombstone carries the fields of the version it
        deleted, so one whose fields are the ones here deleted this very version, whichever way it came
        to the sender (a station's draft another station deleted after a direct exchange, which the
        county's acknowledgements cannot tell); a delete against an edit it had not seen still clashes."""
        return self._differs(row, local, deletion=False)

    def _sealed_values(self, row: Staged, local: Mapping[str, Any] | None) -> dict[str, Any]:
        """The sealed and blind columns to store: the carried plaintext sealed with our key (a value
        equal to the one here keeps its ciphertext), the values here for what was left out."""
        values: dict[str, Any] = {}
        opened = self._opened(local) if local is not None and row.plain else {}
        for column, name in self.table.sealed.items():
            if column in row.plain:
                same = local is not None and not is_withheld(local[column]) \
                    and opened.get(column) == row.plain[column]
                assert self.keys is not None
                values[column] = local[column] if same and local is not None else \
                    self.keys.seal(self.table.name, row.values["id"], name, row.plain[column])
            elif local is None:  # left out of the bundle: not known here, which is not empty
                values[column] = WITHHELD
            else:
                values[column] = local[column]
        # A column worked out from a sealed one (an ID number's last four) comes with it: left out with it
        # (``collect.wire_row`` sends it empty), the value here stays; carried, it is taken, also on a fill.
        for derived, source in derived_columns(self.table.columns).items():
            values[derived] = row.values[derived] if source in row.plain or local is None else local[derived]
        for index in self.table.blind:
            if index.sealed_column in row.plain:
                assert self.keys is not None
                values[index.column] = index.compute(self.keys, row.values, row.plain[index.sealed_column])
            else:
                values[index.column] = None if local is None else local[index.column]
        return values

    def _number(self, values: Mapping[str, Any], local: Mapping[str, Any] | None) -> int | None:
        """The number the row keeps here (``registry.Numbered``): the one set here, else the one it was given
        if no other row here holds it, else the next one here."""
        rule = self.table.numbered
        assert rule is not None
        if local is not None and local[rule.column] is not None:
            return local[rule.column]
        if rule.optional and values[rule.column] is None:
            return None
        scope = values[rule.scope]
        if scope not in self.taken:
            t = self.table.table
            self.taken[scope] = {number: row_id for number, row_id in self.session.execute(
                select(t.c[rule.column], t.c.id).where(t.c[rule.scope] == scope, t.c[rule.column].is_not(None)))}
        taken = self.taken[scope]
        number = values[rule.column]
        if number is None or taken.get(number, values["id"]) != values["id"]:
            number = max(taken, default=0) + 1
        taken[number] = values["id"]
        return number

    def _take(self, row: Staged, local: Mapping[str, Any] | None) -> None:
        stored = {**row.values, **self._sealed_values(row, local)}
        if self.table.numbered is not None:
            stored[self.table.numbered.column] = self._number(stored, local)
        op = "delete" if stored["deleted_at"] is not None else ("insert" if local is None else "update")
        if local is None:
            self.inserts.append(stored)
            self.result.inserted += 1
        else:
            self.updates.append({"b_id": stored["id"], **stored})
            self.result.updated += 1
        self.result.per_table[self.table.name] = self.result.per_table.get(self.table.name, 0) + 1
        self.changes.append({"table_name": self.table.name, "row_id": stored["id"], "hlc": stored["hlc"],
                             "origin_node": stored["origin_node"], "op": op})
        self._audit(op, stored, local)

    def _fill(self, row: Staged, local: Mapping[str, Any]) -> None:
        if not row.plain:
            return
        if self.table.append_only:
            self._fill_once(row, local)
            return
        opened = self._opened(local)
        if all(opened[column] == value and not is_withheld(local[column]) for column, value in row.plain.items()):
            return
        stored = {**local, **self._sealed_values(row, local)}
        self.fills.append({"b_id": stored["id"], **stored})
        self._filled(stored, local)

    def _fill_once(self, row: Staged, local: Mapping[str, Any]) -> None:
        """An append-only row's sealed fields that are empty or withheld here and carried now, sealed with our
        key (a withheld one carried empty becomes NULL); a value here is never changed, nor any other column
        (0029's triggers refuse more). The version is
        the same, so this is no conflict and no new version."""
        missing = {column: value for column, value in row.plain.items()
                   if (value and local[column] is None) or is_withheld(local[column])}
        if not missing:
            return
        values = self._sealed_values(Staged(row.values, missing), local)
        self.fills.append({"b_id": local["id"], **values})
        self._filled({**local, **values}, local)

    def _filled(self, stored: Mapping[str, Any], local: Mapping[str, Any]) -> None:
        """Count, log and audit a fill. Its change-log entry carries the version's own stamps, so the row
        goes out in the next bundles, and a node that was sent it without these fields fills it the same way."""
        self.result.filled += 1
        self.changes.append({"table_name": self.table.name, "row_id": local["id"], "hlc": local["hlc"],
                             "origin_node": local["origin_node"], "op": FILL_OP})
        self._audit(FILL_OP, stored, local)

    def _audit(self, op: str, stored: Mapping[str, Any], local: Mapping[str, Any] | None) -> None:
        self.entries.append(chained(self.session, entry_values(
            self.session, MERGE_ACTION, table_name=self.table.name, row_id=stored["id"],
            before_digest="" if local is None else sha256_hex(self.row_json(local)),
            after_digest=sha256_hex(self.row_json(stored)),
            detail={"bundle": self.bundle_id, "op": op})))

    def _version(self, values: Mapping[str, Any], plain: Mapping[str, str | None] | None) -> Version:
        """A version as kept in a conflict: the wire row without its sealed fields, and their plaintext
        (the row here is opened, ``plain=None``; an incoming row has what it carried)."""
        # A field withheld here is no value of this version: taking it (``conflicts.resolve``) leaves it be.
        secrets = dict(plain) if plain is not None else {
            column: value for column, value in (self._opened(values) if self.table.sealed else {}).items()
            if not is_withheld(values[column])}
        return Version(self.table.to_wire(values, opened=None), secrets)

    def _conflict(self, *, winner: Version, loser: Version) -> None:
        """Keep the losing version, unless this conflict is known here already (found by another node
        and received, or found here from an earlier bundle)."""
        conflict = conflict_id(self.table.name, loser.wire["id"], loser.wire["hlc"], loser.wire["origin"])
        if any(c["id"] == conflict for c in self.conflicts) or self.session.get(SyncConflict, conflict) is not None:
            return
        self.result.conflicts += 1
        now, info = utcnow(), self.session.info
        stored = {
            "id": conflict, "created_at": now, "updated_at": now, "origin_node": info["node_id"],
            "hlc": info["clock"].now(), "created_by": info.get("actor"), "deleted_at": None,
            "table_name": self.table.name, "row_id": loser.wire["id"], "bundle_id": self.bundle_id,
            "winner": json.dumps(winner.wire, ensure_ascii=False, sort_keys=True),
            "loser": json.dumps(loser.wire, ensure_ascii=False, sort_keys=True),
            "winner_secrets_sealed": self._sealed_secrets(conflict, "winner_secrets", winner.secrets),
            "loser_secrets_sealed": self._sealed_secrets(conflict, "loser_secrets", loser.secrets),
            "detected_at": now, "resolved_at": None, "resolved_by": "", "resolution": "",
        }
        self.conflicts.append(stored)
        self.changes.append({"table_name": SyncConflict.__tablename__, "row_id": conflict, "hlc": stored["hlc"],
                             "origin_node": stored["origin_node"], "op": "insert"})
        self.entries.append(chained(self.session, entry_values(
            self.session, "insert", table_name=SyncConflict.__tablename__, row_id=conflict,
            after_digest=sha256_hex(_CONFLICT_JSON(stored)), detail={"bundle": self.bundle_id})))

    def _sealed_secrets(self, conflict: str, name: str, secrets: Mapping[str, str | None]) -> bytes | None:
        if not secrets:
            return None
        assert self.keys is not None  # a table with sealed columns is merged with the data key
        return self.keys.seal(SyncConflict.__tablename__, conflict, name,
                              json.dumps(secrets, ensure_ascii=False, sort_keys=True))

    def _write(self) -> None:
        t = self.table.table
        binds: dict[str, dict[Any, Any]] = {}  # per chunk: the cache of bound values would grow with every row
        if self.inserts:
            execute_many(self.session, t, self.inserts, binds)
        if self.conflicts:
            execute_many(self.session, SyncConflict.__table__, self.conflicts, binds)
        for rows in (self.updates, self.fills):
            if rows:
                columns = [name for name in rows[0] if name not in ("b_id", "id")]
                self.session.execute(update(t).where(t.c.id == bindparam("b_id"))
                                     .values({name: bindparam(name) for name in columns}), rows)
        if self.changes:
            execute_many(self.session, ChangeLogEntry.__table__, self.changes, binds)
        if self.entries:
            execute_many(self.session, AuditEntry.__table__, self.entries, binds)
        self.inserts, self.updates, self.fills, self.changes, self.entries = [], [], [], [], []
        self.conflicts = []


def merge(session: Session, staged: Mapping[str, list[Staged]], *, bundle_id: str,
          seen_change_seq: int = 0, progress: Progress | None = None) -> MergeResult:
    """Merge ``stage``'s rows in the session's transaction (``merge_chunks`` with one chunk)."""
    return merge_chunks(session, [staged], total=sum(len(rows) for rows in staged.values()), bundle_id=bundle_id,
                        seen_change_seq=seen_change_seq, progress=progress)


def merge_chunks(session: Session, chunks: Iterable[Mapping[str, list[Staged]]], *, total: int, bundle_id: str,
                 seen_change_seq: int = 0, progress: Progress | None = None) -> MergeResult:
    """Merge staged chunks (``stage_chunks``) one after the other in the session's transaction.
    ``seen_change_seq`` is how far the sender had acknowledged our change log when it wrote them (what
    it had seen of our edits). ``progress`` is told after each part of ``total`` rows; raising from it
    cancels, and the transaction then writes nothing."""
    result, done, removed = MergeResult(), 0, []
    session.flush()  # what the session holds is chained before the merge's audit entries
    if session.get_bind().dialect.name == "sqlite":
        # Rows arrive parents first, but a table that points at itself may not: check keys at commit.
        session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    session.info[PRESERVE_STAMPS] = True
    try:
        for staged in chunks:
            for name, rows in staged.items():
                kept = refuse_foreign(session, name, rows, bundle_id)  # a station's county profile, say
                result.refused += len(rows) - len(kept)
                done, rows = done + len(rows) - len(kept), kept
                merging = _TableMerge(session, synced()[name], bundle_id, seen_change_seq, result)
                for start in range(0, len(rows), CHUNK):
                    merging.run(rows[start:start + CHUNK])
                    done += len(rows[start:start + CHUNK])
                    if progress is not None:
                        progress(done, total, _("Merging record {done} of {total}…").format(
                            done=format_number(done), total=format_number(total)))
                if rows and rows[-1].key > (result.hlc_max, result.hlc_max_origin):  # staged in stamp order
                    result.hlc_max, result.hlc_max_origin = rows[-1].key
                if name == Attachment.__tablename__:
                    removed += [row.values["sha256"] for row in rows if row.values["deleted_at"] is not None]
        session.flush()
    finally:
        session.info.pop(PRESERVE_STAMPS, None)
    # A photo removed on another node: its file goes here too once no live row names it.
    release_unused(session, removed)
    if result.hlc_max:
        session.info["clock"].observe(result.hlc_max)  # our next edit sorts after everything merged
        result.skew_ms = max(0, unpack(result.hlc_max)[0] - session.info["clock"].wall())
    return result
