"""The node's private keys at rest: sealed under the data key at set-up, sealed by the first signed-in
write on a node that still has them raw, opened only with the data key, and gone from the file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from wushe_testing import DEMO_PASSWORD
from desktop.domain.permissions import Role
from desktop.errors import WusheError
from desktop.services import signin
from desktop.services.accounts import AccountInput
from desktop.services.station import StationInput, ensure_keys_sealed, initialize
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, NodeIdentity
from desktop.storage.opening import open_database
from desktop.sync import peers
from desktop.sync.key_storage import is_sealed
from sync_testing import make_node

STATION = StationInput(name="青山镇社会工作服务站", kind="station", division_code="500110108")


def stored(db: Database) -> SimpleNamespace:
    with db.read() as session:
        return SimpleNamespace(**session.execute(select(NodeIdentity.__table__)).one()._asdict())


def opened_raw(db: Database) -> tuple[bytes, bytes]:
    """The private keys opened with the signed-in data key, checked against the public keys."""
    with db.read() as session:
        signing, box = peers.signing_key(session), peers.encryption_key(session)
    me = stored(db)
    assert signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) == me.signing_public
    assert box.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) == me.encryption_public
    return signing.private_bytes_raw(), box.private_bytes_raw()


def in_files(path: Path, secrets: tuple[bytes, ...]) -> list[str]:
    found = []
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            data = file.read_bytes()
            found += [f"{file.name}: {secret.hex()[:8]}…" for secret in secrets
                      if secret in data or secret.hex().encode() in data]
    return found


@pytest.fixture
def headed(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "wushe.db")
    initialize(db, STATION, head=AccountInput("admin", "李站长", Role.ADMIN, DEMO_PASSWORD))
    return db


def test_a_node_set_up_with_its_head_stores_its_keys_sealed(headed: Database) -> None:
    me = stored(headed)
    assert is_sealed(me.signing_private) and is_sealed(me.encryption_private)
    secrets = opened_raw(headed)
    assert headed.path is not None and in_files(headed.path, secrets) == []
    assert ensure_keys_sealed(headed) is False  # nothing to do


def test_the_keys_open_only_with_the_data_key(headed: Database) -> None:
    signin.sign_out(headed)
    with headed.read() as session, pytest.raises(WusheError):
        peers.signing_key(session)
    with headed.read() as session:  # the public side needs no key
        assert peers.my_key(session).signing_public == stored(headed).signing_public


def test_an_older_node_seals_its_raw_keys_at_the_next_sign_in(headed: Database) -> None:
    secrets = opened_raw(headed)
    me = stored(headed)
    headed.close()
    assert headed.path is not None
    with closing(sqlite3.connect(headed.path)) as conn:  # as a node set up before keys were sealed
        conn.execute("UPDATE node_identity SET signing_private = ?, encryption_private = ?", secrets)
        conn.commit()
    db = open_database(headed.path)
    try:
        assert not is_sealed(stored(db).signing_private)
        signin.sign_in(db, "admin", DEMO_PASSWORD)
        now = stored(db)
        assert is_sealed(now.signing_private) and is_sealed(now.encryption_private)
        assert now.signing_public == me.signing_public and opened_raw(db) == secrets
        with db.read() as session:
            assert session.scalars(select(AuditEntry.actor).where(AuditEntry.action == "node.keys.sealed")).one() \
                == "admin"
        assert in_files(headed.path, secrets) == []  # the old copies were zeroed, vacuumed, checkpointed
    finally:
        db.close()


def test_a_node_without_accounts_seals_at_its_first_sync(tmp_path: Path) -> None:
    node = make_node(tmp_path / "a", "甲站")  # signed in without a sign-in write
    assert not is_sealed(stored(node.db).signing_private)
    secrets = opened_raw(node.db)
    assert ensure_keys_sealed(node.db) is True and ensure_keys_sealed(node.db) is False
    assert opened_raw(node.db) == secrets
    assert node.db.path is not None and in_files(node.db.path, secrets) == []


def test_the_columns_do_not_declare_the_raw_key_size(tmp_path: Path) -> None:
    """Sealed keys are longer than the 32 raw bytes: a declared length must not be smaller than they are."""
    db = make_node(tmp_path / "a", "甲站").db
    ensure_keys_sealed(db)
    me = stored(db)
    for column in ("signing_private", "encryption_private"):
        length = NodeIdentity.__table__.c[column].type.length
        assert len(getattr(me, column)) > 32 and (length is None or length >= len(getattr(me, column)))
    for column in ("signing_public", "encryption_public"):
        assert NodeIdentity.__table__.c[column].type.length == len(getattr(me, column)) == 32
