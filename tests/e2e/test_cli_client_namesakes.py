"""Naming a client on the command line when others share the name: ``clients list`` shows each one's
number (编号), ``report client`` takes it (or the last four of the ID number), and a name several
clients have is refused with each of them and what tells them apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_testing import sign_in_env, wushe
from client_testing import BIRTH, ID_NUMBER, add, full_input
from desktop.domain.id_documents import mask_id_number
from desktop.domain.identity import make_resident_id
from desktop.errors import NotFoundError
from desktop.services import clients, signin
from wushe_testing import DEMO_PASSWORD, DemoTemplate, community_ids, open_copy

OTHER_ID = make_resident_id("510105", BIRTH.replace(year=1948), 31, True)


@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """(database, id of 宋德海 of 石桥村, id of 宋德海 of 青山社区); the commands sign in as 李霞."""
    db = open_copy(demo_template.path, tmp_path / "db")
    signin.sign_in(db, "lixia", DEMO_PASSWORD)
    first = add(db, full_input(db)).id
    second = add(db, full_input(db, community_id=community_ids(db)["青山社区"], id_number=OTHER_ID, members=())).id
    db.close()
    sign_in_env(monkeypatch, "lixia")
    assert db.path is not None
    return db.path, first, second


def test_namesakes_are_listed_with_what_tells_them_apart(station: tuple[Path, str, str], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db, first, second = station
    listing = wushe(capsys, db, "clients", "list", "--search", "宋德海")
    assert listing.splitlines()[0].split()[0] == "Number"
    assert {line.split()[0] for line in listing.splitlines()[1:]} == {clients.short_id(first), clients.short_id(second)}
    message = wushe(capsys, db, "report", "client", "--client", "宋德海", "--out", str(tmp_path / "x.pdf"), expect=2)
    assert len(message.strip().splitlines()) == 1 and not (tmp_path / "x.pdf").exists()
    for client_id, community, number in ((first, "石桥村", ID_NUMBER), (second, "青山社区", OTHER_ID)):
        born = int(number[6:10])
        assert f"{clients.short_id(client_id)} 宋德海 ({community}, born {born}, {mask_id_number(number)})" in message
    for named in (clients.short_id(second), OTHER_ID[-4:], second):
        out = wushe(capsys, db, "report", "client", "--client", named, "--out", str(tmp_path / "c.pdf"))
        assert "青山社区" in out and (tmp_path / "c.pdf").exists()


def test_find_by_every_key(demo_template: DemoTemplate, tmp_path: Path) -> None:
    db = open_copy(demo_template.path, tmp_path)
    signin.sign_in(db, "lixia", DEMO_PASSWORD)
    first = add(db, full_input(db)).id
    with db.read() as session:
        assert clients.find(session, ID_NUMBER[-4:].lower()) == first
        assert clients.find(session, f" {clients.short_id(first).upper()} ") == first
        assert clients.find(session, first) == clients.find(session, "宋 德 海") == first
        with pytest.raises(NotFoundError):
            clients.find(session, "无此人")
    db.close()
