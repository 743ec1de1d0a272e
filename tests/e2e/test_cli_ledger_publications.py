"""``wushe ledger notice|statement --out`` record what they wrote as published, which ``wushe ledger
publications`` lists; a cash donation dated into the published period is then refused unless
``--backdate-reason`` says why (``ledger entries`` shows it), and ``wushe check`` reports the papers whose
totals changed, so the committee posts a corrected one. On a copy of the demo station, as its finance officer."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cli_testing import as_json, sign_in_env, wushe
from desktop.services.demo_ledger import DEMO_FUND

TODAY = date.today()
START, END = TODAY - timedelta(days=120), TODAY - timedelta(days=90)
PERIOD = ("--fund", DEMO_FUND, "--from", START.isoformat(), "--to", END.isoformat())


def test_a_notice_written_closes_its_period_and_the_check_tells_when_it_changed(
        demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_env(monkeypatch, "wangfang")
    assert "No statement or notice of this fund was written yet." in wushe(
        capsys, demo_file, "ledger", "publications", "--fund", DEMO_FUND)
    out = tmp_path / "notice.pdf"
    written = wushe(capsys, demo_file, "ledger", "notice", *PERIOD, "--out", str(out))
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert f"books closed through {END.isoformat()}; SHA-256 {digest}" in written
    [listed] = as_json(capsys, demo_file, "ledger", "publications", "--fund", DEMO_FUND)
    statement = as_json(capsys, demo_file, "ledger", "statement", *PERIOD, "--out", str(tmp_path / "s.xlsx"))
    assert statement["publication"]["kind"] == "statement" and statement["publication"]["closing"] == listed["closing"]
    assert (listed["kind"], listed["from"], listed["to"], listed["by"], listed["sha256"]) == (
        "notice", START.isoformat(), END.isoformat(), "王芳", digest)

    gift = ("ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "50", "--donor", "周德明",
            "--account", "cash", "--on", (START + timedelta(days=3)).isoformat())
    refused = wushe(capsys, demo_file, *gift, expect=2)
    assert refused.startswith(f"Error: --backdate-reason: Public notice of {DEMO_FUND} for {START.isoformat()} – "
                              f"{END.isoformat()} was printed on {TODAY.isoformat()} by 王芳")
    posted = as_json(capsys, demo_file, *gift, "--backdate-reason", "漏记的现场捐款")
    [entry] = [e for e in as_json(capsys, demo_file, "ledger", "entries", "--fund", DEMO_FUND)
               if e["number"] == posted["entry"]["number"]]
    assert entry["backdate_reason"] == "漏记的现场捐款"
    faults = wushe(capsys, demo_file, "check", expect=1)
    assert f"Public notice of {DEMO_FUND} for {START.isoformat()} – {END.isoformat()}, printed on " \
           f"{TODAY.isoformat()}, no longer matches its entries" in faults
    assert f"they now close at {Decimal(listed['closing']) + 50} yuan" in faults
