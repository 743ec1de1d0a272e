"""``wushe report proposal`` and ``wushe report final``: the PDF written and a summary or JSON printed; an
unknown project or an unwritable file is one line on stderr and exit 2."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cli_testing import sign_in_env, wushe
from desktop.services import signin
from project_paper_testing import IN_WORDS, NUMBER, TITLE, BuiltProject, build_final
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, BuiltProject]:
    """(database, project): the demo station with a closed project; the commands sign in as 赵磊 (read-only)."""
    db = open_copy(demo_template.path, tmp_path / "db")
    signin.sign_in(db, "lixia", DEMO_PASSWORD)
    built = build_final(db)
    db.close()
    sign_in_env(monkeypatch, "zhaolei")
    assert db.path is not None
    return db.path, built


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_report_proposal(station: tuple[Path, BuiltProject], tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    db, built = station
    out = wushe(capsys, db, "report", "proposal", "--project", NUMBER, "--out", str(tmp_path / "proposal.pdf"))
    assert NUMBER in out and TITLE in out and f"30000.00 yuan ({IN_WORDS})" in out and "proposal.pdf" in out
    assert "Charity Venture Project Proposal" in pdf_text(tmp_path / "proposal.pdf")
    data = json.loads(wushe(capsys, db, "report", "proposal", "--project", built.project_id, "--out",
                            str(tmp_path / "again.pdf"), "--json"))
    assert data["file"] == str(tmp_path / "again.pdf") and data["proposal"]["head"]["number"] == NUMBER
    assert data["proposal"]["requested_fen"] == 3_000_000 and len(data["proposal"]["budget"]) == 7


def test_report_final(station: tuple[Path, BuiltProject], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, built = station
    out = wushe(capsys, db, "report", "final", "--project", NUMBER, "--out", str(tmp_path / "final.pdf"))
    assert NUMBER in out and f"12, {built.person_times} person-times, 36 volunteer hours" in out
    assert "26200.00 yuan" in out and "Excellent" in out
    assert "Charity Venture Project Final Report" in pdf_text(tmp_path / "final.pdf")
    data = json.loads(wushe(capsys, db, "report", "final", "--project", NUMBER, "--out", str(tmp_path / "f.pdf"),
                            "--json"))
    assert len(data["report"]["activities"]) == 12 and data["report"]["evaluation"]["conclusion"] == "Excellent (优秀)"


def test_refusals_are_one_line(station: tuple[Path, BuiltProject], tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    db, _built = station
    message = wushe(capsys, db, "report", "final", "--project", "创投-2026-0999", "--out", str(tmp_path / "x.pdf"),
                    expect=2)
    assert "创投-2026-0999" in message and not (tmp_path / "x.pdf").exists()
    draft = json.loads(wushe(capsys, db, "projects", "list", "--status", "draft", "--json"))[0]["number"]
    message = wushe(capsys, db, "report", "final", "--project", draft, "--out", str(tmp_path / "d.pdf"), expect=2)
    assert message.strip() == f"Error: Only a funded project has a final report; project {draft} is at “Draft (草稿)”."
    assert not (tmp_path / "d.pdf").exists()
    message = wushe(capsys, db, "report", "proposal", "--project", NUMBER, "--out", str(tmp_path / "no" / "x.pdf"),
                    expect=2)
    assert message.startswith("Error: --out:")


@pytest.mark.parametrize("kind", ["proposal", "final"])
def test_a_file_not_named_pdf_is_refused_at_out(station: tuple[Path, BuiltProject], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str], kind: str) -> None:
    db, _built = station
    message = wushe(capsys, db, "report", kind, "--project", NUMBER, "--out", str(tmp_path / "p.txt"), expect=2)
    assert message.strip() == "Error: --out: Name a .pdf file." and not (tmp_path / "p.txt").exists()
    wushe(capsys, db, "report", kind, "--project", NUMBER, "--out", str(tmp_path / "P.PDF"))
    assert (tmp_path / "P.PDF").read_bytes().startswith(b"%PDF")
