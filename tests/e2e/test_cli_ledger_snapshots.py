"""A statement printed through today, to check today's figures, is a snapshot of a running period: it is listed
as published with its period still open, closes no books (an entry dated today needs no reason) and ``wushe
check`` does not compare it. And the ledger's papers refuse an ``--out`` they cannot write (a notice under
no.xlsx), writing and publishing nothing. On a copy of the demo station, as its finance officer."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cli_testing import as_json, sign_in_env, wushe
from desktop.services.demo_ledger import DEMO_FUND

TODAY = date.today()
RUNNING = ("--fund", DEMO_FUND, "--from", (TODAY - timedelta(days=30)).isoformat(), "--to", TODAY.isoformat())


def test_a_statement_through_today_leaves_the_books_open(
        demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_env(monkeypatch, "wangfang")
    written = wushe(capsys, demo_file, "ledger", "statement", *RUNNING, "--out", str(tmp_path / "today.pdf"))
    assert "period still open: the books stay open; SHA-256" in written
    listed = wushe(capsys, demo_file, "ledger", "publications", "--fund", DEMO_FUND)
    assert "period still open" in listed and "books closed" not in listed
    [row] = as_json(capsys, demo_file, "ledger", "publications", "--fund", DEMO_FUND)
    assert (row["to"], row["period_open"]) == (TODAY.isoformat(), True)

    # Posted with no reason asked, and the statement's totals changing is no fault.
    wushe(capsys, demo_file, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "50",
          "--donor", "周德明", "--account", "cash", "--on", TODAY.isoformat())
    assert "Fund statement of" not in wushe(capsys, demo_file, "check")

    # A statement of a period that has ended closes it, as before; the list tells the two apart.
    ended = ("--fund", DEMO_FUND, "--from", (TODAY - timedelta(days=60)).isoformat(), "--to",
             (TODAY - timedelta(days=31)).isoformat())
    assert "books closed through" in wushe(capsys, demo_file, "ledger", "notice", *ended, "--out",
                                           str(tmp_path / "ended.pdf"))
    assert [p["period_open"] for p in as_json(capsys, demo_file, "ledger", "publications", "--fund", DEMO_FUND)] \
        == [False, True]


@pytest.mark.parametrize(("command", "out", "allowed"), [
    (("notice", *RUNNING), "no.xlsx", ".pdf"), (("statement", *RUNNING), "s.csv", ".pdf or an .xlsx"),
    (("receipt", "--receipt", "1"), "r.docx", ".pdf"), (("goods-acknowledgement", "--goods", "1"), "a.png", ".pdf")])
def test_a_paper_refuses_a_file_it_cannot_write(
        demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        command: tuple[str, ...], out: str, allowed: str) -> None:
    sign_in_env(monkeypatch, "wangfang")
    refused = wushe(capsys, demo_file, "ledger", *command, "--out", str(tmp_path / out), expect=2)
    assert refused.strip() == f"Error: --out: Name a {allowed} file."
    assert not (tmp_path / out).exists()
    assert as_json(capsys, demo_file, "ledger", "publications", "--fund", DEMO_FUND) == []


def test_a_name_typed_with_spaces_has_one_spelling_on_entry_reversal_receipt_and_payment(
        demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_env(monkeypatch, "wangfang")
    posted = as_json(capsys, demo_file, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "20",
                     "--donor", " 张 阿  姨 ", "--account", "cash")
    number = posted["entry"]["number"]
    reversal = as_json(capsys, demo_file, "ledger", "reverse", "--fund", DEMO_FUND, "--entry", str(number),
                       "--reason", "录错")
    assert posted["entry"]["counterparty"] == reversal["entry"]["counterparty"] == "张阿姨"
    paper = as_json(capsys, demo_file, "ledger", "statement", *RUNNING, "--out", str(tmp_path / "s.xlsx"))
    assert [line["counterparty"] for line in paper["statement"]["lines"]
            if line["number"] in (number, number + 1)] == ["张阿姨", "张阿姨"]

    # A receipt's donor typed apart from the entry is written the same way.
    gift = as_json(capsys, demo_file, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "20",
                   "--donor", "王五", "--account", "cash")
    receipt = as_json(capsys, demo_file, "ledger", "receipt-issue", "--fund", DEMO_FUND, "--entry",
                      str(gift["entry"]["number"]), "--donor", " 王 老 五 ")
    assert receipt["donor"] == "王老五"
    proposed = as_json(capsys, demo_file, "ledger", "propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount",
                       "10", "--purpose", "茶水", "--payee", " 青山 好又多  超市 ")
    assert proposed["disbursement"]["payee"] == "青山好又多超市"
