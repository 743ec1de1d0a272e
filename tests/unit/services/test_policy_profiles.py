"""Choosing the station's policy profile, and the county's own profiles that travel down in the bundles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.domain.permissions import Principal, Role
from desktop.errors import ValidationError
from desktop.security import crypto
from desktop.security.vault import Vault
from desktop.services import county_profiles, indicators
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, PolicyProfileDoc, Station
from sync_testing import Node, make_node, send, trust

SHIPPED = ["chongqing-2022", "dongying-2020", "hubei-2021", "taizhou-2016"]


def body(profile_id: str, target: str = "2", name: str = "County") -> str:
    return json.dumps({"id": profile_id, "name": {"en": name, "zh_CN": "县方案"}, "source": "县民政局 2026 年 1 号",
                       "targets": [{"indicator": "federation", "comparison": ">=", "value": target}]})


def sign_in(db: Database, role: Role) -> None:
    db.sign_in(Principal(None, role.value, role.value, role), Vault(crypto.new_key()))


def test_no_profile_is_chosen_until_one_is(initialized_db: Database) -> None:
    db = initialized_db
    with db.read() as session:
        assert indicators.chosen_profile_id(session) is None
    with db.write() as session:
        indicators.choose_profile(session, "hubei-2021")
    with db.read() as session:
        assert indicators.chosen_profile_id(session) == "hubei-2021"
        entry = session.query(AuditEntry).filter(AuditEntry.action == "setting").one()
        assert "hubei-2021" in entry.detail
    with db.write() as session:
        indicators.choose_profile(session, None)
    with db.read() as session:
        assert indicators.chosen_profile_id(session) is None


def test_choosing_checks_the_profile_and_the_role(initialized_db: Database) -> None:
    db = initialized_db
    with pytest.raises(ValidationError) as raised, db.write() as session:
        indicators.choose_profile(session, "nowhere-2030")
    assert raised.value.field == "profile" and "hubei-2021" in raised.value.message
    sign_in(db, Role.CASEWORKER)
    with pytest.raises(PermissionDenied), db.write() as session:
        indicators.choose_profile(session, "hubei-2021")
    with db.read() as session:
        assert indicators.chosen_profile_id(session) is None


def as_county(db: Database) -> Database:
    """``db`` made a county office, the only kind of node that stores county profiles."""
    with db.write() as session:
        here = session.get(Station, session.info["node_id"])
        assert here is not None
        here.kind = "county"
    return db


@pytest.fixture
def county_db(initialized_db: Database) -> Database:
    return as_county(initialized_db)


def test_a_county_profile_joins_the_shipped_ones_and_replaces_one_of_its_id(county_db: Database) -> None:
    db = county_db
    with db.write() as session:
        county_profiles.add_profile(session, body("county-2026"))
        county_profiles.add_profile(session, body("hubei-2021", name="Hubei, as the county reads it"))
    with db.read() as session:
        found = {p.id: p for p in indicators.available_profiles(session)}
        assert sorted(found) == sorted([*SHIPPED, "county-2026"])
        assert found["hubei-2021"].from_county and found["hubei-2021"].name("en") == "Hubei, as the county reads it"
        assert not found["dongying-2020"].from_county
        report = indicators.evaluate(session, indicators.find_profile(session, "hubei-2021"))
        assert report.from_county and [r.indicator for r in report.results] == ["federation"]


def test_adding_again_updates_the_one_row(county_db: Database) -> None:
    db = county_db
    with db.write() as session:
        county_profiles.add_profile(session, body("county-2026", "1"))
    with db.write() as session:
        county_profiles.add_profile(session, body("county-2026", "3"))
    with db.read() as session:
        assert session.query(PolicyProfileDoc).count() == 1
        assert indicators.find_profile(session, "county-2026").targets[0].value == 3


def test_a_malformed_profile_is_refused_and_nothing_is_stored(county_db: Database) -> None:
    db = county_db
    for text, field in [("{not json", "profile"), ("[1, 2]", "profile"),
                        (body("x").replace("federation", "nope"), "x.targets.0.indicator")]:
        with pytest.raises(ValidationError) as raised, db.write() as session:
            county_profiles.add_profile(session, text)
        assert raised.value.field == field
    with db.read() as session:
        assert session.query(PolicyProfileDoc).count() == 0


def test_a_station_may_not_store_one(initialized_db: Database) -> None:
    with pytest.raises(ValidationError) as raised, initialized_db.write() as session:
        county_profiles.add_profile(session, body("hubei-2021"))
    assert raised.value.field == "profile" and "Only the county office" in raised.value.message
    with initialized_db.read() as session:
        assert session.query(PolicyProfileDoc).count() == 0


def test_at_the_county_whoever_keeps_the_registers_may_add_one(county_db: Database) -> None:
    sign_in(county_db, Role.VIEWER)
    with pytest.raises(PermissionDenied), county_db.write() as session:
        county_profiles.add_profile(session, body("county-2026"))
    sign_in(county_db, Role.CASEWORKER)
    with county_db.write() as session:
        county_profiles.add_profile(session, body("county-2026"))


def test_a_county_profile_travels_down_in_the_bundle(tmp_path: Path) -> None:
    county: Node = make_node(tmp_path / "county", "县民政局", kind="county")
    station: Node = make_node(tmp_path / "station", "乙站")
    trust(station, county)
    sign_in(county.db, Role.CASEWORKER)  # at the county office, whoever keeps the registers
    with county.db.write() as session:
        county_profiles.add_profile(session, body("county-2026"))
    send(county, station)
    with station.db.read() as session:
        found = {p.id: p for p in indicators.available_profiles(session)}
    assert found["county-2026"].from_county and found["county-2026"].name("zh_CN") == "县方案"


def test_the_commands_add_list_and_use_a_profile(county_db: Database, db_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    cli = ["--locale", "en", "--db", str(db_path), "indicators"]
    good, bad = tmp_path / "county.json", tmp_path / "bad.json"
    good.write_text(body("county-2026"), encoding="utf-8")
    bad.write_text(body("x", target="many"), encoding="utf-8")
    assert main([*cli, "profile-add", str(good)]) == 0
    assert "county-2026" in capsys.readouterr().out
    assert main([*cli, "profile-add", str(bad)]) == 2
    assert "FILE.json: x.targets.0: Not a number" in capsys.readouterr().err
    assert main([*cli]) == 2  # nothing chosen and nothing named
    assert "No policy profile is chosen" in capsys.readouterr().err
    assert main([*cli, "profiles", "--json"]) == 0
    listed = {p["id"]: p["from_county"] for p in json.loads(capsys.readouterr().out)}
    assert listed == {**dict.fromkeys(SHIPPED, False), "county-2026": True}
    with county_db.write() as session:
        indicators.choose_profile(session, "county-2026")
    assert main([*cli]) == 0
    assert "County (from the county): 县民政局 2026 年 1 号" in capsys.readouterr().out


def test_a_station_edit_of_the_county_profile_does_not_overwrite_it_upstream(tmp_path: Path) -> None:
    """A station that changed the county's profile row (as an older version let it) sends it up: the county
    leaves it out, audits it, and keeps its own; nor does a station take one from another station."""
    county: Node = make_node(tmp_path / "county", "县民政局", kind="county")
    station, other = make_node(tmp_path / "station", "乙站"), make_node(tmp_path / "other", "丙站")
    trust(county, station)
    trust(station, county, other)
    trust(other, station)
    with county.db.write() as session:
        county_profiles.add_profile(session, body("county-2026", "2"))
    send(county, station)
    with station.db.write() as session:  # what the service now refuses, written past it
        row = session.query(PolicyProfileDoc).one()
        row.body = body("county-2026", "9", name="The station's")
    result = send(station, county)
    assert result.per_table.get("policy_profile") is None
    with county.db.read() as session:
        assert indicators.find_profile(session, "county-2026").targets[0].value == 2
        refused = session.query(AuditEntry).filter(AuditEntry.action == "sync.refuse_origin").one()
        assert refused.table_name == "policy_profile" and station.node_id in refused.detail
    send(station, other)
    with other.db.read() as session:
        assert session.query(PolicyProfileDoc).count() == 0
