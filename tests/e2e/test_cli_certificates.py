"""The certificate commands as a station clerk drives them: issue and print, the register, verify by
the printed code, revoke, reprint; refusals are one line and exit 2."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from certificate_testing import H1_MINUTES, ID_NUMBER, serve_half_year
from cli_testing import sign_in_env, wushe
from desktop.domain.certificates import new_code
from desktop.services import signin
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy


@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """(database, volunteer number): the demo station with 张三明's first half of 2026 recorded."""
    db = open_copy(demo_template.path, tmp_path)
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    number = serve_half_year(db).number
    db.close()
    sign_in_env(monkeypatch, "admin")
    assert db.path is not None
    return db.path, number


def issue(capsys: pytest.CaptureFixture[str], db: Path, number: str, out: Path, *extra: str, expect: int = 0) -> str:
    return wushe(capsys, db, "report", "certificate", number, "--from", "2026-01-01", "--to", "2026-06-30",
                 "--in-charge", "周建国", "--out", str(out), *extra, expect=expect)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_issue_list_verify_revoke(station: tuple[Path, str], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    db, volunteer = station
    pdf = tmp_path / "certificate.pdf"
    cert = json.loads(issue(capsys, db, volunteer, pdf, "--json"))
    year = date.today().year
    assert cert["number"].startswith(f"ZYZ-{year}-") and cert["minutes"] == H1_MINUTES
    printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", printed).group(0)  # type: ignore[union-attr]
    assert code.replace("-", "") == cert["code"] and ID_NUMBER not in printed

    register = json.loads(wushe(capsys, db, "certificates", "list", "--search", "zsm", "--json"))
    assert [(r["number"], r["volunteer_name"], r["revoked_on"]) for r in register] == [(cert["number"], "张三明", None)]
    assert "in force" in wushe(capsys, db, "certificates", "list", "--search", "张三明")

    verdict = wushe(capsys, db, "verify-cert", code.lower())
    assert verdict.startswith("Valid") and "张*明" in verdict and "4.25" in verdict and "青山镇社会工作服务站" in verdict
    assert ID_NUMBER not in verdict and "张三明" not in verdict
    assert "WUSHE-CERT" not in verdict and wushe(capsys, db, "verify-cert", f"WUSHE-CERT:{code}").startswith("Valid")

    reprint = tmp_path / "again.pdf"
    wushe(capsys, db, "certificates", "print", cert["number"], "--out", str(reprint))
    assert subprocess.run(["pdftotext", str(reprint), "-"], capture_output=True, text=True).stdout == printed

    assert "revoked" in wushe(capsys, db, "certificates", "revoke", cert["number"], "--reason", "服务记录更正")
    verdict = wushe(capsys, db, "verify-cert", code, expect=2, refusal=False)
    assert verdict.startswith("Revoked") and "服务记录更正" in verdict
    assert "revoked" in wushe(capsys, db, "certificates", "print", cert["number"], "--out", str(reprint), expect=2)
    assert "revoked on" in wushe(capsys, db, "certificates", "list", "--search", cert["number"])


def test_unknown_and_malformed_codes(station: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, _volunteer = station
    assert wushe(capsys, db, "verify-cert", new_code(), expect=2, refusal=False).startswith("Unknown")
    assert "12 letters and digits" in wushe(capsys, db, "verify-cert", "12345", expect=2)


def test_refusals(station: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                  monkeypatch: pytest.MonkeyPatch) -> None:
    db, volunteer = station
    pdf = tmp_path / "none.pdf"
    message = wushe(capsys, db, "report", "certificate", volunteer, "--from", "2025-12-01", "--to", "2025-12-31",
                    "--in-charge", "周建国", "--out", str(pdf), expect=2)
    assert "--from" in message and "no service recorded" in message and not pdf.exists()
    assert "V-1999-0001" in issue(capsys, db, "V-1999-0001", pdf, expect=2)
    # A PDF that cannot be written issues nothing.
    issue(capsys, db, volunteer, tmp_path / "missing" / "folder" / "c.pdf", expect=2)
    assert json.loads(wushe(capsys, db, "certificates", "list", "--search", "张三明", "--json")) == []
    monkeypatch.setenv("WUSHE_USER", "zhaolei")  # a viewer looks codes up but does not issue
    assert "may not" in issue(capsys, db, volunteer, pdf, expect=2)
