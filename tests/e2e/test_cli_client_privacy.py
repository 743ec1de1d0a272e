"""``wushe clients list`` and ``export`` show a client as the screen's list does (trial 5, item 4): the phone
masked for the social worker too, in the table and in ``--json``, and no notes or full address in the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from cli_testing import sign_in_env, wushe


@pytest.fixture
def db(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "lixia")
    return demo_file


def test_the_list_masks_the_phone_as_the_screen_does(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = wushe(capsys, db, "clients", "list", "--search", "邓")
    assert "133****1825" in table and "13340691825" not in table
    [deng] = json.loads(wushe(capsys, db, "clients", "list", "--search", "邓永强", "--json"))
    assert (deng["phone"], deng["address"], deng["notes"]) == ("133****1825", "青山镇石****", "")
    assert "13340691825" not in json.dumps(deng, ensure_ascii=False)


def test_the_export_writes_what_the_list_shows(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "clients.xlsx"
    wushe(capsys, db, "clients", "export", "--out", str(out))
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    text = " ".join(str(cell) for row in rows for cell in row)
    assert "133****1825" in text and "13340691825" not in text
    assert "父亲服刑" not in text and "一组 23 号" not in text and "Notes" not in rows[0]


def test_papers_printing_a_phone_in_full_record_the_reveal(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The client sheet and the case record print phone and address in full for a worker who may reveal
    them; the paper outlives the screen, so the audit log says who printed what, on which paper."""
    wushe(capsys, db, "report", "client", "--client", "邓永强", "--out", str(tmp_path / "client.pdf"))
    [case] = json.loads(wushe(capsys, db, "cases", "list", "--search", "邓永强", "--json"))
    wushe(capsys, db, "report", "case", "--case", case["number"], "--out", str(tmp_path / "case.pdf"))
    sign_in_env(monkeypatch, "admin")  # the station head reads the audit log
    shown = json.loads(wushe(capsys, db, "audit", "list", "--action", "reveal", "--json"))
    printed = sorted((e["actor"], json.loads(e["detail"])["paper"], json.loads(e["detail"])["field"]) for e in shown)
    assert printed == [("lixia", paper, field) for paper in ("case_record", "client_sheet")
                       for field in ("address", "phone")]
