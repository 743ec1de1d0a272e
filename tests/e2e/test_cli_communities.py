"""``wushe communities set NAME``: a village's or community's facts changed without the app — its volunteer
service point and where it is, its population, a new name — each flag alone, the rest kept; what the
form refuses is one line on stderr naming the flag, and nothing changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_testing import sign_in_env, wushe


@pytest.fixture
def station(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "lixia")
    return demo_file


def listed(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, dict[str, object]]:
    return {c["name"]: c for c in json.loads(wushe(capsys, db, "communities", "list", "--json"))}


def test_the_volunteer_point_and_the_population_set_from_the_command_line(
        station: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = listed(capsys, station)["白云村"]
    out = wushe(capsys, station, "communities", "set", "白云村", "--volunteer-point", "yes",
                "--point-note", "村委会一楼，村妇联主任负责")
    assert "白云村 saved." in out and "yes, 村委会一楼，村妇联主任负责" in out
    now = listed(capsys, station)["白云村"]
    assert now["volunteer_point"] is True and now["volunteer_point_note"] == "村委会一楼，村妇联主任负责"
    assert {k: now[k] for k in ("setting", "population", "division_code", "notes")} == {
        k: before[k] for k in ("setting", "population", "division_code", "notes")}
    found = json.loads(wushe(capsys, station, "communities", "set", "白云村", "--population", "3,250", "--json"))
    assert found["population"] == 3250 and found["volunteer_point"] is True
    wushe(capsys, station, "communities", "set", "白云村", "--volunteer-point", "no", "--rename", "石桥新村")
    now = listed(capsys, station)
    assert "白云村" not in now and now["石桥新村"]["volunteer_point"] is False
    assert now["石桥新村"]["volunteer_point_note"] == "" and now["石桥新村"]["population"] == 3250


@pytest.mark.parametrize(("args", "flag"), [
    (("无此村", "--population", "10"), "NAME"),
    (("白云村", "--population", "many"), "--population"),
    (("白云村", "--rename", "青山社区"), "--rename"),
    (("白云村", "--point-note", "村委会"), "--point-note"),
    (("白云村", "--division", "12"), "--division"),
])
def test_what_the_form_refuses_is_named_at_its_flag(station: Path, capsys: pytest.CaptureFixture[str],
                                                    args: tuple[str, ...], flag: str) -> None:
    before = listed(capsys, station)
    err = wushe(capsys, station, "communities", "set", *args, expect=2)
    assert err.startswith(f"Error: {flag}: "), err
    assert listed(capsys, station) == before


def test_a_viewer_may_not_change_one(station: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WUSHE_USER", "zhaolei")
    refused = wushe(capsys, station, "communities", "set", "白云村", "--volunteer-point", "yes", expect=2)
    assert refused.startswith("Error: ") and not listed(capsys, station)["白云村"]["volunteer_point"]
