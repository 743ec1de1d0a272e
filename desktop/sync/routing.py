"""Which rows a node passes on to a peer. A county office sees every station's data, but a station
must never receive another station's records (DESIGN §7, issue 8): from a county to a station or a
village room only the rows the county wrote itself, or the recipient wrote, travel; those the county
got from other stations stay there. Every other pair of nodes exchanges everything.

A row the recipient ever wrote goes down in its current version, whoever wrote that: the recipient holds
the row already, and the parents its version named, and every node must end on one version of it (its
own row edited back at the county, a conflict about it settled there, another station's edit of a row
both wrote). Only a version that points a row the recipient wrote at a record it never held (a project
another station moved to its new organisation) has a missing parent there: its import refuses the bundle
naming it, until the stations' own exchange brings that record. But a row the county last
wrote that another station wrote before and the recipient never did (the change log says so) stays: it
would show the other station's data, and name records the recipient does not have. A county's pruned
change log still tells: it keeps an entry of every node that wrote a row (``pruning.py``). A conflict
record carries both versions of a row, so it goes down to the nodes that wrote one of them, whichever
node found or settled it.

A row goes down only with its parents: a county row whose foreign key (``home_node.parent_links``) names
a row the recipient does not hold (the county's review sheet of a station's proposal, a score on that
sheet) stays, as the recipient's import would refuse it, and so the whole bundle, otherwise. The recipient
holds a row it wrote, and one that goes down to it by these same rules, its own parents included. Before
an export chooses its rows (``withhold``), one SQL statement per table, parents first, marks such rows in
a temporary table, so a chain of any length is followed: a sheet under a station's proposal is marked,
then the scores under the sheet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (Column, ColumnElement, Exists, FromClause, Insert, MetaData, String, Table, bindparam,
                        delete, func, insert, literal, or_, select)
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateTable

from desktop.storage.base import Base
from desktop.storage.models import ChangeLogEntry, NodeIdentity, SyncConflict, SyncPeer
from desktop.sync.home_node import parent_links
from desktop.sync.pruning import needs_full
from desktop.sync.registry import SyncedTable, synced

LOCAL_KINDS = ("station", "room")  # the nodes that serve people and hold only their own records
# The rows ``Route.withhold`` marks: per connection, emptied by each export before it chooses its rows.
_WITHHELD = Table("route_withheld", MetaData(), Column("table_name", String, primary_key=True),
                  Column("row_id", String, primary_key=True), prefixes=["TEMPORARY"])


@dataclass(frozen=True)
class Route:
    """From a county (``sender``) down to one of its stations (``recipient``)."""

    sender: str
    recipient: str

    def conditions(self, table: SyncedTable) -> list[Any]:
        """What a row of ``table`` must satisfy to go down this route, once ``withhold`` has marked rows."""
        t = table.table
        if table.name == SyncConflict.__tablename__:  # whoever found or settled it: the versions decide
            return [or_(*(func.json_extract(t.c[side], "$.origin") == self.recipient for side in ("winner", "loser")))]
        return [or_(t.c.origin_node == self.recipient,
                    written_by(t, table.name, ChangeLogEntry.origin_node == self.recipient),
                    _senders(t, table.name, self.sender, self.recipient) & ~_withheld(t, table.name))]

    def withhold(self, session: Session, names: Iterable[str]) -> None:
        """Mark the sender's rows that name, by a foreign key, a row the recipient does not hold, or one
        marked before, in the tables ``names`` and those they name: parents first, a table that names
        itself (a reversal of a reversal) until no more are found, and the whole round again should the
        foreign keys ever form a cycle across tables."""
        session.execute(CreateTable(_WITHHELD, if_not_exists=True))
        session.execute(delete(_WITHHELD))
        wanted = _with_parents(names)
        tables = [name for name in synced() if name in wanted and parent_links(name)]
        params = {_SENDER.key: self.sender, _RECIPIENT.key: self.recipient}
        while True:
            found = 0
            for name in tables:
                while added := session.execute(_marking(name), params).rowcount:
                    found += added
                    if name not in dict(parent_links(name)).values():
                        break
            if not found or not _cyclic():
                return


_SENDER, _RECIPIENT = bindparam("route_sender"), bindparam("route_recipient")  # of ``_marking``


@cache
def _marking(name: str) -> Insert:
    """The statement that marks the rows of table ``name`` that ``Route.withhold`` looks for, built once."""
    t = Base.metadata.tables[name]
    orphans = select(literal(name), t.c.id).where(
        _senders(t, name, _SENDER, _RECIPIENT), ~_withheld(t, name),
        or_(*(t.c[key].is_not(None) & ~_held(parent, t.c[key]) for key, parent in parent_links(name))))
    return insert(_WITHHELD).from_select(["table_name", "row_id"], orphans)


def _held(name: str, row_id: ColumnElement[Any]) -> Exists:
    """Whether the recipient holds row ``row_id`` of table ``name``: it wrote the row, or the row goes
    down to it (by its parents as marked so far)."""
    t = Base.metadata.tables[name].alias()
    return select(t.c.id).where(t.c.id == row_id, or_(
        t.c.origin_node == _RECIPIENT, _senders(t, name, _SENDER, _RECIPIENT) & ~_withheld(t, name),
        written_by(t, name, ChangeLogEntry.origin_node == _RECIPIENT))).exists()


def _senders(t: FromClause, name: str, sender: Any, recipient: Any) -> ColumnElement[bool]:
    """The sender wrote the row's current version, and no node but the two ever wrote it."""
    return (t.c.origin_node == sender) & ~written_by(t, name, ChangeLogEntry.origin_node.not_in((sender, recipient)))


def written_by(t: FromClause, name: str, nodes: ColumnElement[bool]) -> Exists:
    """Whether the change log has an entry of the row by one of ``nodes``."""
    return select(ChangeLogEntry.row_id).where(
        ChangeLogEntry.row_id == t.c.id, ChangeLogEntry.table_name == name, nodes).exists()


def _withheld(t: FromClause, name: str) -> Exists:
    return select(_WITHHELD.c.row_id).where(_WITHHELD.c.table_name == name, _WITHHELD.c.row_id == t.c.id).exists()


def _with_parents(names: Iterable[str]) -> set[str]:
    """The tables ``names`` and every table they name by a foreign key, and so on."""
    found: set[str] = set()
    waiting = list(names)
    while waiting:
        name = waiting.pop()
        if name not in found:
            found.add(name)
            waiting += [parent for _key, parent in parent_links(name)]
    return found


@cache
def _cyclic() -> bool:
    """Whether a table names, by a foreign key, one not before it among the synced tables (other than
    itself): then marking parents first misses a chain, and ``withhold`` goes round again."""
    order = {name: n for n, name in enumerate(synced())}
    return any(order[parent] >= order[name] and parent != name
               for name in order for _key, parent in parent_links(name))


def route_to(session: Session, peer_id: str, peer_kind: str) -> Route | None:
    """How rows to the peer are narrowed, or None when everything goes."""
    me = session.scalar(select(NodeIdentity))
    if me is not None and me.kind == "county" and peer_kind in LOCAL_KINDS:
        return Route(me.node_id, peer_id)
    return None


def unsent_changes(session: Session, peer: SyncPeer) -> int:
    """The rows an export to the peer would carry now: the export's own selection (``collect_stream``,
    counted in SQL, no row read), so what stays here by the route, and the peer's own rows, are not
    counted, and a row changed three times counts once."""
    from desktop.sync.collect import collect_stream  # collect narrows by this module's Route

    full = needs_full(session, peer)
    return collect_stream(session, since_change_seq=0 if full else peer.acked_change_seq, full=full, sensitive=False,
                          skip_origin=peer.node_id, route=route_to(session, peer.node_id, peer.kind)).total
