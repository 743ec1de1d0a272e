"""Rough edges of ``wushe sync`` a reviewer found (issue 8): a file that cannot be read, said in our words in
one line; a typed fingerprint of the wrong length, told how long one is; an export with nothing new writes no
file and takes no sequence number; a plain bundle's left-out fields are marked at the receiver, in the client
list (and as a flag in its JSON) and on the case; the status table heads its counts as counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from cli_testing import as_json, sign_in_env, wushe
from wushe_testing import DEMO_PASSWORD

MARK = "(not in the bundles received)"


@pytest.fixture
def station(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "admin")
    return demo_file


@pytest.fixture
def pair(station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, str]:
    """The demo station and a new one, each trusting the other; the new one's name."""
    other, name = tmp_path / "b" / "wushe.db", "白岩镇社会工作服务站"
    other.parent.mkdir()
    assert main(["--db", str(other), "init", "--name", name, "--kind", "station", "--division", "500101112",
                 "--community", "白岩村,rural,1200", "--admin-password", DEMO_PASSWORD]) == 0
    for here, there in ((station, other), (other, station)):
        wushe(capsys, there, "sync", "key", "--out", str(tmp_path / "there.key"))
        wushe(capsys, here, "sync", "peer", "add", str(tmp_path / "there.key"))
    capsys.readouterr()
    return station, other, name


def test_files_that_cannot_be_read_are_named_in_our_words(station: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    for args in (("sync", "peer", "add"), ("sync", "import"), ("sync", "peer", "add", "--fingerprint", "ab" * 16,
                                                                "--from-bundle")):
        said = wushe(capsys, station, *args, str(tmp_path / "nope.wsb"), expect=2)
        assert f"There is no file {tmp_path / 'nope.wsb'}." in said and "No such file" not in said
        assert "is a folder, not a file." in wushe(capsys, station, *args, str(tmp_path), expect=2)


def test_a_fingerprint_of_the_wrong_length_is_told_how_long_one_is(pair: tuple[Path, Path, str], tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    station, other, _name = pair
    wushe(capsys, other, "sync", "key", "--out", str(tmp_path / "b.key"))
    four_groups = " ".join(json.loads((tmp_path / "b.key").read_text())["fingerprint"].split()[:4])
    said = wushe(capsys, station, "sync", "peer", "add", str(tmp_path / "b.key"), "--fingerprint", four_groups,
                 expect=2)
    assert "--fingerprint: A fingerprint has 8 or 16 groups of four characters; 16 characters were given." in said


@pytest.mark.slow  # a second node with an argon2 account, and the demo's records through two bundles
def test_nothing_new_writes_no_file_and_plain_fields_are_marked(pair: tuple[Path, Path, str], tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    station, other, name = pair
    first, ack = tmp_path / "1.wsb", tmp_path / "1-ack.wsb"
    wushe(capsys, station, "sync", "export", "--to", name, "--out", str(first), "--plain")
    wushe(capsys, other, "sync", "import", str(first), "--ack-out", str(ack))

    # The demo's clients and cases at the new station: what the plain bundle left out is marked.
    listed = as_json(capsys, other, "clients", "list")
    assert listed and all(set(c["withheld"]) >= {"id_number", "phone", "address", "notes"} for c in listed)
    assert all(c["phone"] == "" and c["id_masked"] == "" for c in listed)  # the flag, not a made-up value
    assert MARK in wushe(capsys, other, "clients", "list")
    number = as_json(capsys, other, "cases", "list")[0]["number"]
    shown = wushe(capsys, other, "cases", "show", number).splitlines()
    assert any(line.startswith("Problem") and line.endswith(MARK) for line in shown)

    # The rows left out are not acknowledged: the next bundle, encrypted, brings them again and fills them.
    wushe(capsys, station, "sync", "import", str(ack))
    second, ack = tmp_path / "2.wsb", tmp_path / "2-ack.wsb"
    wushe(capsys, station, "sync", "export", "--to", name, "--out", str(second))
    wushe(capsys, other, "sync", "import", str(second), "--ack-out", str(ack))
    assert MARK not in wushe(capsys, other, "clients", "list")

    # With that acknowledged, nothing is new for the new station: no file, and no sequence number taken.
    wushe(capsys, station, "sync", "import", str(ack))
    said = wushe(capsys, station, "sync", "export", "--to", name, "--out", str(tmp_path / "3.wsb"))
    assert said.startswith(f"Nothing new for {name}") and not (tmp_path / "3.wsb").exists()
    assert as_json(capsys, station, "sync", "export", "--to", name, "--out", str(tmp_path / "3.wsb")) == {
        "peer_id": as_json(capsys, station, "sync", "peer", "list")[0]["id"], "peer_name": name, "written": False}
    full = as_json(capsys, station, "sync", "export", "--to", name, "--out", str(tmp_path / "3.wsb"), "--full")
    assert full["sequence"] == 3 and (tmp_path / "3.wsb").exists()

    header = wushe(capsys, station, "sync", "status").splitlines()
    assert any("Bundles sent" in line and "Bundles received" in line for line in header)
