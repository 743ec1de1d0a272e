"""``wushe sync`` after a station and county trial (issue 8, S8): an export does not overwrite a file unless
--force; a node's own bundle and one addressed to another peer are refused naming whose it is; peers are named
by name and kind; ``--station`` takes part of a name, refuses an ambiguous one, and only at a county; an empty
conflict list says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.sync import peers
from desktop.sync.peer_keys import write_key_file
from cli_testing import as_json, sign_in_env, wushe
from sync_testing import Node, make_node


@pytest.fixture
def station(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "admin")
    return demo_file


def trusted_by(station: Path, capsys: pytest.CaptureFixture[str], *others: Node) -> None:
    """``station`` trusts each of ``others`` by its key file (written as ``wushe sync key`` writes one)."""
    for other in others:
        with other.db.read() as session:
            key = write_key_file(Path(str(other.db.path)).parent / "node.key", peers.my_key(session))
        wushe(capsys, station, "sync", "peer", "add", str(key))


def test_an_export_does_not_replace_a_file_unless_forced(station: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    trusted_by(station, capsys, make_node(tmp_path / "b", "乙站"))
    out = tmp_path / "b.wsb"
    out.write_bytes(b"an earlier bundle")
    said = wushe(capsys, station, "sync", "export", "--to", "乙站", "--out", str(out), expect=2)
    assert f"Error: --out: {out} already exists; give --force to replace it." in said
    assert out.read_bytes() == b"an earlier bundle" and as_json(capsys, station, "sync", "status")["peers"][0][
        "bundles_sent"] == 0
    assert "Bundle 1 for 乙站" in wushe(capsys, station, "sync", "export", "--to", "乙站", "--out", str(out), "--force")
    assert out.read_bytes() != b"an earlier bundle"


def test_a_station_refuses_station_status_and_says_when_no_conflict_is_open(station: Path, tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    trusted_by(station, capsys, make_node(tmp_path / "b", "乙站"))
    said = wushe(capsys, station, "sync", "status", "--station", "乙站", expect=2)
    assert "Error: --station: Only a county office holds stations' records; here run wushe sync status without " \
           "--station." in said
    status = wushe(capsys, station, "sync", "status").splitlines()
    assert any(line.startswith("乙站 (Township social-work station)") for line in status)  # the peer by name and kind
    assert wushe(capsys, station, "sync", "conflicts", "list") == "No conflicts to resolve.\n"
    assert wushe(capsys, station, "sync", "conflicts", "list", "--all") == \
        "No conflicts: every concurrent edit merged cleanly.\n"
