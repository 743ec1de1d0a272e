"""Nodes in temporary folders that exchange wire rows in memory (collect → stage → merge), for the
merge and convergence tests: no bundle files, the rules alone."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from datetime import date
from pathlib import Path

import pytest
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from desktop.domain.permissions import Principal, Role
from desktop.security import crypto
from desktop.security.vault import Vault
from desktop.services.station import StationInput, initialize
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.digest import row_state
from desktop.storage.models import Client, Community, SocialOrg, SocialOrgStatusChange, Station, SyncPeer
from desktop.storage.opening import open_database
from desktop.sync import exchange, peers
from desktop.sync.collect import Collected, canonical_dump, collect
from desktop.sync.exchange import ExportResult, ImportResult
from desktop.sync.merge import MergeResult, merge
from desktop.sync.staging import stage
from desktop.sync.peer_keys import PeerKey
from desktop.sync.registry import synced
from desktop.sync.routing import Route, route_to


@dataclass
class Node:
    """One node; ``seen`` is, per peer name, how far that peer's change log has been merged here, and
    ``acked`` how far ours has reached the peer (what a real exchange keeps in ``sync_peer``)."""

    name: str
    db: Database
    seen: dict[str, int] = field(default_factory=dict)
    acked: dict[str, int] = field(default_factory=dict)

    @property
    def node_id(self) -> str:
        assert self.db.node_id is not None
        return self.db.node_id

    @property
    def kind(self) -> str:
        with self.db.read() as session:
            return session.scalars(select(Station.kind).where(Station.id == self.node_id)).one()

    def dump(self) -> str:
        with self.db.read() as session:
            return canonical_dump(session)


def make_node(folder: Path, name: str, kind: str = "station") -> Node:
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder / "wushe.db")
    initialize(db, StationInput(name=name, kind=kind, division_code="500110108", township=name))
    db.sign_in(Principal(None, f"{name}-clerk", name, Role.ADMIN), Vault(crypto.new_key()))
    return Node(name, db)


@pytest.fixture
def a(tmp_path: Path) -> Node:
    return make_node(tmp_path / "a", "甲站")


@pytest.fixture
def b(tmp_path: Path) -> Node:
    return make_node(tmp_path / "b", "乙站")


@pytest.fixture
def c(tmp_path: Path) -> Node:
    return make_node(tmp_path / "c", "县民政局", kind="county")


def pair_by_keys(one: Node, other: Node) -> None:
    """Each node trusts the other by its real keys, as bundle files need (``trust`` puts placeholders)."""
    for here, there in ((one, other), (other, one)):
        with there.db.read() as session:
            key = peers.my_key(session)
        with here.db.write() as session:
            peers.add_peer(session, key)


def trust(node: Node, *peers: Node) -> None:
    """Add ``peers`` to ``node``'s trusted peers with their kind, as a real exchange requires first (the keys
    are placeholders: the in-memory exchange signs nothing)."""
    for peer in peers:
        with peer.db.read() as session:
            station = session.get(Station, peer.node_id)
            assert station is not None
            kind = station.kind
        with node.db.write() as session:
            session.add(SyncPeer(node_id=peer.node_id, name=peer.name, kind=kind, signing_public=bytes(32),
                                 encryption_public=bytes(32)))


def bundle_rows(source: Node, target: Node, *, full: bool = False, sensitive: bool = True) -> Collected:
    """What a bundle from ``source`` to ``target`` carries: every row ``target`` has not acknowledged and
    may receive, routed as ``export_to_peer`` routes it."""
    with source.db.read() as session:
        return collect(session, since_change_seq=source.acked.get(target.name, 0), full=full,
                       sensitive=sensitive, skip_origin=target.node_id,
                       route=route_to(session, target.node_id, target.kind))


def send(source: Node, target: Node, *, full: bool = False, sensitive: bool = True) -> MergeResult:
    """What a bundle from ``source`` to ``target`` does: ``bundle_rows`` merged there; then ``target``
    acknowledges it."""
    collected = bundle_rows(source, target, full=full, sensitive=sensitive)
    return receive(target, source, collected.changes, collected.change_seq_to, sensitive=sensitive)


def exchanged(source: Node, target: Node, folder: Path, **options: Any) -> tuple[ExportResult, ImportResult]:
    """A real exchange by bundle files: export (``options`` as ``export_to_peer`` takes them), import with an
    acknowledgement, and import the acknowledgement back (after which the sender prunes its change log)."""
    count = len(list(folder.glob("*.wsb")))
    out, ack = folder / f"{count:02d}.wsb", folder / f"{count:02d}-ack.wsb"
    sent = exchange.export_to_peer(source.db, target.node_id, out, **options)
    done = exchange.import_file(target.db, out, ack_out=ack)
    exchange.import_file(source.db, ack)
    return sent, done


def make_conflict(a: Node, b: Node, folder: Path) -> str:
    """A community both nodes edited at once, by bundle files (the nodes trust each other's keys): ``a``'s later
    edit wins at ``a`` and ``b``'s is kept aside there; the community's id."""
    row_id = add_community(a, "石门村", 800)
    for n, (source, target) in enumerate(((a, b), (b, a))):
        exchange.export_to_peer(source.db, target.node_id, folder / f"{n}.wsb")
        exchange.import_file(target.db, folder / f"{n}.wsb")
    edit_community(b, row_id, population=802, notes="乙站")
    edit_community(a, row_id, population=801, notes="甲站")
    exchange.export_to_peer(b.db, a.node_id, folder / "2.wsb")
    exchange.import_file(a.db, folder / "2.wsb")
    return row_id


def carry(source: Node, target: Node, folder: Path, sensitive: str = "encrypted") -> ExportResult:
    """``exchanged``, for what the sender's export said."""
    return exchanged(source, target, folder, sensitive=sensitive)[0]


def receive(target: Node, source: Node, changes: list[dict[str, Any]], change_seq_to: int,
            sensitive: bool = True) -> MergeResult:
    staged = stage(changes)
    with target.db.write() as session:
        result = merge(session, staged, bundle_id=f"{source.name}->{target.name}",
                       seen_change_seq=source.seen.get(target.name, 0))
    if sensitive:
        target.seen[source.name] = max(target.seen.get(source.name, 0), change_seq_to)
        source.acked[target.name] = max(source.acked.get(target.name, 0), change_seq_to)
    return result


def add_community(node: Node, name: str, population: int | None = None) -> str:
    with node.db.write() as session:
        row = Community(station_id=node.node_id, name=name, setting="rural", population=population)
        session.add(row)
        session.flush()
        return row.id


def edit_community(node: Node, row_id: str, **values: Any) -> None:
    with node.db.write() as session:
        row = session.get(Community, row_id)
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)


def delete_community(node: Node, row_id: str) -> None:
    edit_community(node, row_id, deleted_at=utcnow())


def community(node: Node, row_id: str) -> Any:
    """The community's columns as they are now (attributes), or None."""
    with node.db.read() as session:
        row = session.get(Community, row_id)
        return None if row is None else SimpleNamespace(**row_state(row))


def add_client(node: Node, community_id: str, name: str, id_number: str, phone: str = "") -> str:
    """A client written as the service writes one: sealed number and phone, blind index, tail."""
    from desktop.services.id_numbers import blind_of

    keys = node.db.vault
    assert keys is not None
    with node.db.write() as session:
        row = Client(name=name, community_id=community_id, registered_on=date(2026, 3, 1), id_type="resident_id",
                     id_tail=id_number[-4:], id_blind=blind_of(keys, "resident_id", id_number))
        session.add(row)
        session.flush()
        row.id_number_sealed = keys.seal("client", row.id, "id_number", id_number)
        row.phone_sealed = keys.seal("client", row.id, "phone", phone)
        return row.id


def seal_client(node: Node, row_id: str, **values: str) -> None:
    """Sealed fields of a client (phone, address, notes, id_number) written as the service writes them."""
    keys = node.db.vault
    assert keys is not None
    with node.db.write() as session:
        row = session.get(Client, row_id)
        assert row is not None
        for field, value in values.items():
            setattr(row, f"{field}_sealed", keys.seal("client", row_id, field, value))


def client_secrets(node: Node, row_id: str) -> tuple[str, str, str | None]:
    """The client's ID number and phone opened with the node's own key, and its blind index."""
    keys = node.db.vault
    assert keys is not None
    with node.db.read() as session:
        row = session.get(Client, row_id)
        assert row is not None
        return (keys.open("client", row_id, "id_number", row.id_number_sealed),
                keys.open("client", row_id, "phone", row.phone_sealed), row.id_blind)


def add_org_with_status(node: Node, community_id: str, name: str, status: str) -> tuple[str, str]:
    with node.db.write() as session:
        org = SocialOrg(name=name, community_id=community_id, category="elderly", status=status,
                        founded_on=date(2025, 1, 1))
        session.add(org)
        session.flush()
        change = SocialOrgStatusChange(org_id=org.id, status=status, changed_on=date(2026, 1, 5))
        session.add(change)
        session.flush()
        return org.id, change.id


def status_rows(node: Node) -> set[str]:
    with node.db.read() as session:
        return set(session.scalars(select(SocialOrgStatusChange.id)))


def sync_all(*nodes: Node) -> None:
    """Every node sends to every other, twice over: afterwards each has everything."""
    for _round in range(2):
        for source in nodes:
            for target in nodes:
                if source is not target:
                    send(source, target)


def station_share(county: Database, station_id: str) -> str:
    """The lines of the county's canonical dump the station ends with: the rows the county's route down
    to it lets through (``sync.routing``, its own rules: the rows the station last wrote, those the county
    last wrote that no other station wrote before and whose parents the station holds, along chains, and
    of the conflict records those about a version the station wrote)."""
    assert county.node_id is not None
    route = Route(county.node_id, station_id)
    with county.read() as session:
        route.withhold(session, synced())
        shared = {(name, row_id) for name, table in synced().items()
                  for row_id in session.scalars(select(table.table.c.id).where(*route.conditions(table)))}
        lines = canonical_dump(session).splitlines()

    def goes_down(line: str) -> bool:
        row = json.loads(line)
        return (row["table"], row["id"]) in shared

    return "".join(line + "\n" for line in lines if goes_down(line))


def other_keys(key: PeerKey) -> PeerKey:
    """The same node id and name with fresh keys: what a reinstalled node, or an impostor, offers."""
    def raw(public: Any) -> bytes:
        return public.public_bytes(Encoding.Raw, PublicFormat.Raw)

    return replace(key, signing_public=raw(Ed25519PrivateKey.generate().public_key()),
                   encryption_public=raw(X25519PrivateKey.generate().public_key()))

