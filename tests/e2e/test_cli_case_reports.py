"""``wushe report case`` and ``wushe report client`` as a social worker runs them: the PDF written,
a summary or JSON printed; another worker's case, an unknown client or an unwritable file is one
line on stderr and exit 2. ``report certificate`` still lives under the same command."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from case_pdf_testing import CLIENT, ID_NUMBER, BuiltCase, build_case
from cli_testing import sign_in_env, wushe
from desktop.cli.main import build_parser
from desktop.services import signin
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, BuiltCase]:
    """(database, case): the demo station with 李霞's closed case; the commands sign in as 李霞."""
    db = open_copy(demo_template.path, tmp_path / "db")
    signin.sign_in(db, "lixia", DEMO_PASSWORD)
    built = build_case(db)
    db.close()
    sign_in_env(monkeypatch, "lixia")
    assert db.path is not None
    return db.path, built


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_report_case_writes_the_record(station: tuple[Path, BuiltCase], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    db, built = station
    out = wushe(capsys, db, "report", "case", "--case", built.number, "--out", str(tmp_path / "case.pdf"))
    assert built.number in out and CLIENT in out and "10, 12.75 hours" in out and "case.pdf" in out
    text = pdf_text(tmp_path / "case.pdf")
    assert "Case Service Record" in text and "7. Closing" in text and ID_NUMBER not in text
    data = json.loads(wushe(capsys, db, "report", "case", "--case", built.case_id, "--out",
                            str(tmp_path / "again.pdf"), "--json"))
    assert data["file"] == str(tmp_path / "again.pdf") and data["case"]["number"] == built.number
    assert len(data["case"]["records"]) == 10 and data["case"]["client"]["id_masked"].count("*") == 10


def test_report_client_by_name_or_id(station: tuple[Path, BuiltCase], tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    db, built = station
    out = wushe(capsys, db, "report", "client", "--client", CLIENT, "--out", str(tmp_path / "client.pdf"))
    assert built.number in out and "石桥村" in out
    assert "Client Information Sheet" in pdf_text(tmp_path / "client.pdf")
    data = json.loads(wushe(capsys, db, "report", "client", "--client", built.client_id, "--out",
                            str(tmp_path / "by-id.pdf"), "--json"))
    assert data["client"]["client"]["name"] == CLIENT and [c["number"] for c in data["client"]["cases"]] == [
        built.number]
    message = wushe(capsys, db, "report", "client", "--client", "无此人", "--out", str(tmp_path / "x.pdf"), expect=2)
    assert "无此人" in message and not (tmp_path / "x.pdf").exists()


def test_refusals_are_one_line(station: tuple[Path, BuiltCase], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    db, built = station
    message = wushe(capsys, db, "report", "case", "--case", built.number, "--out", str(tmp_path / "no" / "x.pdf"),
                    expect=2)
    assert message.startswith("Error: --out:")
    monkeypatch.setenv("WUSHE_USER", "chenjun")  # another social worker: the case is not theirs
    message = wushe(capsys, db, "report", "case", "--case", built.number, "--out", str(tmp_path / "x.pdf"), expect=2)
    assert built.number in message and not (tmp_path / "x.pdf").exists()
    monkeypatch.setenv("WUSHE_USER", "wangfang")  # finance sees no clients at all
    wushe(capsys, db, "report", "client", "--client", CLIENT, "--out", str(tmp_path / "x.pdf"), expect=2)


def test_the_report_command_owns_every_kind() -> None:
    parser = build_parser()
    for argv in (["report", "certificate", "V-2026-0001", "--from", "2026-01-01", "--to", "2026-06-30",
                  "--in-charge", "周建国", "--out", "c.pdf"],
                 ["report", "case", "--case", "个案-2026-0001", "--out", "c.pdf"],
                 ["report", "client", "--client", "张三", "--out", "c.pdf"]):
        assert parser.parse_args(argv).kind == argv[1]
