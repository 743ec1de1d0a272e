"""What a fresh-clone trial of the ledger's commands missed (issue 7), on a copy of the demo station with a
second fund: the journal's entries listed with the numbers ``reverse`` takes, amounts typed in full-width
digits, an empty --goods refused, the funds named when --fund is missing, both balances named alike in
``funds``, ``balance`` and the statement, the statement's workbook headed like its PDF, and no statement of
a period to come."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cli_testing import as_json, sign_in_env, wushe
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.spreadsheet import read_sheet
from ledger_testing import entry_count, station_with_fund
from wushe_testing import DemoTemplate

TODAY = date.today()
OTHER_FUND = "清河县慈善会河滨社区慈善基金"


@pytest.fixture
def db(demo_template: DemoTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "admin")
    return station_with_fund(demo_template.path, tmp_path)


def test_entries_lists_the_numbers_reverse_takes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = as_json(capsys, db, "ledger", "entries", "--fund", DEMO_FUND)
    assert [e["number"] for e in listed] == list(range(1, len(listed) + 1)) and len(listed) > 5
    reversal = next(e for e in listed if e["kind"] == "reversal")
    undone = next(e for e in listed if e["number"] == reversal["reverses"])
    assert undone["reversed_by"] == reversal["number"] and reversal["reason"]
    assert as_json(capsys, db, "ledger", "entries", "--fund", DEMO_FUND, "--kind", "reversal") == [
        e for e in listed if e["kind"] == "reversal"]
    donations = as_json(capsys, db, "ledger", "entries", "--fund", DEMO_FUND, "--kind", "donation")
    assert donations and {e["kind"] for e in donations} <= {"donation_money", "donation_goods"}
    # A period: only its entries, and the reversal it holds still names the entry it undoes outside it.
    day = date.fromisoformat(str(reversal["posted_on"]))
    one_day = as_json(capsys, db, "ledger", "entries", "--fund", DEMO_FUND, "--from", str(day), "--to", str(day))
    assert {e["posted_on"] for e in one_day} == {str(day)} and reversal in one_day
    table = wushe(capsys, db, "ledger", "entries", "--fund", DEMO_FUND).splitlines()
    assert table[0].split()[:4] == ["No.", "Date", "Kind", "Amount"] and "Reversed by" in table[0]
    assert any(line.split()[0] == str(undone["number"]) and line.rstrip().endswith(str(reversal["number"]))
               for line in table[1:])
    # What it lists is what reverse takes.
    posted = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "8",
                     "--donor", "周德明")["entry"]
    latest = as_json(capsys, db, "ledger", "entries", "--fund", DEMO_FUND, "--from", str(TODAY))[-1]
    assert latest["number"] == posted["number"]
    wushe(capsys, db, "ledger", "reverse", "--fund", DEMO_FUND, "--entry", str(latest["number"]), "--reason", "录错")
    again = as_json(capsys, db, "ledger", "entries", "--fund", DEMO_FUND, "--from", str(TODAY))
    assert again[-2]["reversed_by"] == again[-1]["number"] and again[-1]["reverses"] == posted["number"]
    assert wushe(capsys, db, "ledger", "entries", "--fund", OTHER_FUND).strip() == "No entries."


def test_full_width_amounts_are_read_as_typed(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for typed, amount in (("１２３", "123.00"), ("１２３．４５", "123.45"), ("￥１，０００.５", "1000.50")):
        posted = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", typed,
                         "--donor", "周德明")
        assert posted["entry"]["amount"] == amount, typed


@pytest.mark.parametrize(("args", "line"), [
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--goods", "", "--amount", "5"),
     "Error: --goods: Name the goods given with --goods"),
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--goods", "  ", "--amount", "5"),
     "Error: --goods: Name the goods given with --goods"),
    (("receipts", "--waiting"), f"Error: --fund: Name the fund whose donations are waiting with --fund: {OTHER_FUND}, "
                                f"{DEMO_FUND}."),
    (("entries",), f"Error: --fund: Entry numbers run per fund: name the fund with --fund ({OTHER_FUND}, {DEMO_FUND})."),
    (("statement", "--fund", DEMO_FUND, "--from", str(TODAY + timedelta(days=1)), "--to",
      str(TODAY + timedelta(days=30)), "--out", "future.pdf"), "Error: --from: The period has not begun"),
])
def test_refusals(db: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], line: str) -> None:
    before = entry_count(db)
    assert wushe(capsys, db, "ledger", *args, expect=2).startswith(line)
    assert entry_count(db) == before


def test_both_balances_are_named_alike_and_the_book_balance_is_the_statement_s(
        db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    demo = next(f for f in as_json(capsys, db, "ledger", "funds") if f["name"] == DEMO_FUND)
    held = as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)
    accounts = {code: Decimal(amount) for code, amount in held["accounts"].items()}
    assert Decimal(demo["balance"]) == accounts["bank"] + accounts["cash"]
    assert Decimal(demo["book_balance"]) == accounts["bank"] + accounts["cash"] + accounts["goods"]
    table = wushe(capsys, db, "ledger", "funds").splitlines()
    assert "Money balance (bank and cash)" in table[0] and "Book balance (with goods)" in table[0]
    assert demo["book_balance"] in next(line for line in table if line.startswith(DEMO_FUND))
    pairs = wushe(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)
    assert f"Money balance (bank and cash)  {demo['balance']}" in pairs
    assert f"Book balance (with goods)      {demo['book_balance']}" in pairs
    statement = as_json(capsys, db, "ledger", "statement", "--fund", DEMO_FUND, "--from", f"{TODAY.year - 1}-01-01",
                        "--to", str(TODAY), "--out", str(tmp_path / "s.xlsx"))["statement"]
    assert Decimal(statement["closing_fen"]) / 100 == Decimal(demo["book_balance"])


def test_the_statement_workbook_says_which_fund_and_period(db: Path, capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    start = date(TODAY.year - 1, 1, 1)
    out = tmp_path / "statement.xlsx"
    data = as_json(capsys, db, "ledger", "statement", "--fund", DEMO_FUND, "--from", str(start), "--to", str(TODAY),
                   "--out", str(out))["statement"]
    closing = f"{Decimal(data['closing_fen']) / 100:,.2f}"
    for sheet in ("Journal", "By category", "Grants by project"):
        rows = read_sheet(out, sheet).rows
        head = [row[0] for row in rows[:6]]
        assert head[0] == f"Fund Statement: {DEMO_FUND}", sheet
        assert "Host charity: 清河县慈善会" in head[1] and "Community: 青山社区" in head[1]
        assert head[2].startswith("Accounting period: January 1") and str(TODAY.year) in head[2]
        assert f"Book balance at end: {closing} yuan" in head[3]
        assert head[4].startswith("Closing balances by account: Bank deposits")
        assert head[5].startswith("Written on ") and rows[6][0] in ("", None)
    journal = read_sheet(out, "Journal").rows
    assert journal[7][:3] == ["Date", "Entry no.", "Kind"] and journal[8][2] == "Opening balance"
