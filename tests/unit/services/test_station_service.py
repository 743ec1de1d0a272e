"""Setting up the node (identity and Ed25519 keys) and editing the station profile."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import replace

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import func, select

from wushe_testing import acting_as
from desktop.errors import NotFoundError, ValidationError, WusheError
from desktop.services import station as station_service
from desktop.domain.fingerprints import short_fingerprint
from desktop.services.station import StationInput, initialize, is_initialized, profile_of, update_profile
from desktop.storage import audit
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, ChangeLogEntry, NodeIdentity, Station

GOOD = StationInput(
    name="  青山镇   社会工作服务站 ",
    kind="station",
    division_code=" 500110 108 ",
    township="青山镇",
    county="清河县",
    address="人民路 18 号",
    phone="023-48612345",
)


def test_initialize_creates_identity_and_profile(db: Database) -> None:
    assert not is_initialized(db)
    profile = initialize(acting_as(db, "李站长"), GOOD).profile

    assert is_initialized(db)
    assert db.node_id == profile.node_id
    assert uuid.UUID(profile.node_id).version == 7
    assert profile.name == "青山镇 社会工作服务站"  # inner runs of spaces collapsed
    assert profile.division_code == "500110108"
    assert (profile.kind, profile.township, profile.county, profile.address, profile.phone) == (
        "station", "青山镇", "清河县", "人民路 18 号", "023-48612345")
    assert profile.as_input() == replace(GOOD, name="青山镇 社会工作服务站", division_code="500110108",
                                         address="人民路 18 号")

    with db.read() as session:
        identity = session.scalars(select(NodeIdentity)).one()
        station = session.get(Station, identity.node_id)
        assert station is not None
        assert identity.kind == "station"
        assert station.origin_node == identity.node_id and station.hlc > 0
        assert station.created_by == "李站长"
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
        init = session.scalars(select(AuditEntry).where(AuditEntry.action == "init")).one()
        assert json.loads(init.detail) == {"kind": "station", "name": "青山镇 社会工作服务站"}
        assert init.actor == "李站长"
        assert actions == ["init", "insert"]
        assert session.scalar(select(func.count()).select_from(ChangeLogEntry)) == 1
        assert audit.verify_chain(session).ok


def test_node_keys_are_an_ed25519_pair(initialized_db: Database) -> None:
    with initialized_db.read() as session:
        identity = session.scalars(select(NodeIdentity)).one()
        public, private = identity.signing_public, identity.signing_private
    assert len(public) == 32 and len(private) == 32
    key = Ed25519PrivateKey.from_private_bytes(private)
    assert key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) == public
    message = "同步包 manifest".encode()
    signature = key.sign(message)
    Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    with pytest.raises(InvalidSignature):
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message + b"!")


def test_every_node_gets_its_own_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.storage.opening import open_database

    keys = set()
    for name in ("a", "b"):
        node = open_database(tmp_path / name / "wushe.db")
        try:
            initialize(node, GOOD)
            with node.read() as session:
                keys.add(session.scalars(select(NodeIdentity.signing_public)).one())
        finally:
            node.close()
    assert len(keys) == 2


def test_fingerprint_format(initialized_db: Database) -> None:
    profile = profile_of(initialized_db)
    assert re.fullmatch(r"(?:[0-9A-F]{4} ){7}[0-9A-F]{4}", profile.fingerprint)
    with initialized_db.read() as session:
        public = session.scalars(select(NodeIdentity.signing_public)).one()
    assert profile.fingerprint.replace(" ", "") == hashlib.sha256(public).hexdigest()[:32].upper()
    assert short_fingerprint(bytes(32)) == " ".join(
        hashlib.sha256(bytes(32)).hexdigest().upper()[i:i + 4] for i in range(0, 32, 4))


def test_initialize_twice_is_refused(initialized_db: Database) -> None:
    first = profile_of(initialized_db)
    with pytest.raises(WusheError, match=re.escape(first.name)):
        initialize(initialized_db, replace(GOOD, name="另一个站"))
    with initialized_db.read() as session:
        assert session.scalar(select(func.count()).select_from(NodeIdentity)) == 1
        assert session.scalar(select(func.count()).select_from(Station)) == 1
    assert profile_of(initialized_db) == first


def test_invalid_input_sets_up_nothing(db: Database) -> None:
    with pytest.raises(ValidationError):
        initialize(db, replace(GOOD, division_code="123"))
    assert not is_initialized(db)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(NodeIdentity)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_profile_before_setup_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        profile_of(db)


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": ""}, "name"),
    ({"name": "  \t "}, "name"),
    ({"name": "站" * 101}, "name"),
    ({"kind": "village"}, "kind"),
    ({"kind": ""}, "kind"),
    ({"kind": "Station"}, "kind"),
    ({"division_code": ""}, "division_code"),
    ({"division_code": "12345"}, "division_code"),
    ({"division_code": "5001101081"}, "division_code"),
    ({"division_code": "50011010A"}, "division_code"),
    ({"division_code": "５００１１０"}, "division_code"),  # full-width digits
    ({"division_code": "990110108"}, "division_code"),  # no province 99
    ({"township": "镇" * 101}, "township"),
    ({"county": "县" * 101}, "county"),
    ({"address": "路" * 201}, "address"),
    ({"phone": "1" * 33}, "phone"),
])
def test_station_input_validation_names_the_field(changes: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        replace(GOOD, **changes).validated()
    assert info.value.field == field
    assert info.value.message


@pytest.mark.parametrize("code", ["500110", "500110108", "500110108001", "110105"])
def test_valid_division_codes(code: str) -> None:
    assert replace(GOOD, division_code=code).validated().division_code == code


@pytest.mark.parametrize("kind", ["station", "room", "county"])
def test_every_node_kind_can_be_set_up(db: Database, kind: str) -> None:
    assert initialize(db, replace(GOOD, kind=kind)).profile.kind == kind


def test_update_profile(initialized_db: Database) -> None:
    db = initialized_db
    before = profile_of(db)
    with acting_as(db, "李站长").write() as session:
        updated = update_profile(session, replace(before.as_input(), name="青山镇社工站", phone=" 13800000000 "))
    assert updated.name == "青山镇社工站"
    assert updated.phone == "13800000000"
    assert updated.fingerprint == before.fingerprint and updated.node_id == before.node_id
    assert profile_of(db) == updated
    with db.read() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        assert (last.action, last.table_name, last.row_id, last.actor) == ("update", "station", db.node_id, "李站长")


def test_kind_cannot_change_after_setup(initialized_db: Database) -> None:
    db = initialized_db
    before = profile_of(db)
    with db.read() as session:
        audits = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(ValidationError) as info:
        with db.write() as session:
            update_profile(session, replace(before.as_input(), kind="county", name="改名也不该生效"))
    assert info.value.field == "kind"
    assert profile_of(db) == before
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_update_profile_validates(initialized_db: Database) -> None:
    before = profile_of(initialized_db)
    with pytest.raises(ValidationError) as info:
        with initialized_db.write() as session:
            update_profile(session, replace(before.as_input(), division_code="abc"))
    assert info.value.field == "division_code"
    assert profile_of(initialized_db) == before


def test_update_profile_before_setup_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        with db.write() as session:
            session.info["node_id"] = "01900000-0000-7000-8000-000000000001"
            station_service.update_profile(session, GOOD)
