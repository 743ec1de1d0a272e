"""What a trial user of the community-foundation ledger found (issue 7), on the command line over a copy of the
demo station (``demo_file``), whose bank statement of ``STATEMENT_AGO`` days ago agrees with the ledger: a
balance recorded for today fixes only its own account; a back-dated entry into any recorded balance's account
needs a reason, shown in ``ledger entries``; a reversal shows what it reverses and why; balances are numbered
1, 2, 3 in their fund, as entries are."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cli_testing import as_json, sign_in_env, wushe
from desktop.services.demo_ledger import DEMO_FUND, STATEMENT_AGO

TODAY = date.today()
STATEMENT_DAY = TODAY - timedelta(days=STATEMENT_AGO)
DONATION = ("ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "10", "--donor", "周德明")


@pytest.fixture
def db(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "admin")
    return demo_file


def _bank_today(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, object]:
    bank = as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["accounts"]["bank"]
    return as_json(capsys, db, "ledger", "assert-balance", "--fund", DEMO_FUND, "--account", "bank", "--date",
                   TODAY.isoformat(), "--amount", bank)


def test_a_balance_of_today_fixes_its_own_account_only(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    recorded = _bank_today(capsys, db)
    assert (recorded["number"], recorded["state"]) == (2, "agrees")  # the demo's statement is No. 1
    cash = as_json(capsys, db, *DONATION, "--account", "cash")  # the bank's balance does not move
    assert cash["entry"]["posted_on"] == TODAY.isoformat()
    refused = wushe(capsys, db, *DONATION, expect=2)
    assert refused.strip() == (
        f"Error: --backdate-reason: Balance No. 2 (银行对账单) fixes what Bank deposits (银行存款) of {DEMO_FUND} held at "
        f"the end of today, {TODAY.isoformat()}, and an entry dated {TODAY.isoformat()} would change it. If that "
        "balance was recorded before the day's entries were all in, withdraw it and record it again after them; or "
        "give the reason for entering this one after it.")  # no later day to offer: a future date is refused
    wushe(capsys, db, "ledger", "assertion-withdraw", "--fund", DEMO_FUND, "--assertion", "2", "--reason",
          "当日还有入账，先撤回")
    assert as_json(capsys, db, *DONATION)["entry"]["posted_on"] == TODAY.isoformat()  # withdrawn: open again
    again = _bank_today(capsys, db)  # recorded again after the day's entries
    assert (again["number"], again["state"]) == (3, "agrees")
    numbers = [row["number"] for row in as_json(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND, "--all")]
    assert sorted(numbers) == [1, 2, 3]


def test_back_dating_into_a_differing_balance_needs_a_reason_shown_with_the_entry(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    as_json(capsys, db, "ledger", "assert-balance", "--fund", DEMO_FUND, "--account", "cash", "--date",
            (TODAY - timedelta(days=3)).isoformat(), "--amount", "1")  # a cash count that differs
    day = (TODAY - timedelta(days=5)).isoformat()
    refused = wushe(capsys, db, *DONATION, "--account", "cash", "--on", day, expect=2)
    assert refused.startswith("Error: --backdate-reason: Balance No. 2 (库存现金盘点) fixes what Cash on hand")
    posted = as_json(capsys, db, *DONATION, "--account", "cash", "--on", day, "--backdate-reason", "漏记的现场捐款")
    number = posted["entry"]["number"]
    [listed] = [row for row in as_json(capsys, db, "ledger", "entries", "--fund", DEMO_FUND) if row["number"] == number]
    assert listed["backdate_reason"] == "漏记的现场捐款"
    text = wushe(capsys, db, "ledger", "entries", "--fund", DEMO_FUND, "--from", day, "--to", day)
    assert text.splitlines()[0].split()[-5:] == ["Memo", "Reverses", "Reversed", "by", "Reason"]
    assert text.splitlines()[-1].rstrip().endswith("back-dated: 漏记的现场捐款")


def test_a_reversal_says_what_it_reverses_and_why(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    donation = as_json(capsys, db, *DONATION, "--memo", "义卖")["entry"]
    reversal = as_json(capsys, db, "ledger", "reverse", "--fund", DEMO_FUND, "--entry", str(donation["number"]),
                       "--reason", "重复录入")["entry"]
    rows = {row[0]: row for row in (line.split("  ") for line in wushe(
        capsys, db, "ledger", "entries", "--fund", DEMO_FUND, "--from", TODAY.isoformat()).splitlines()[1:])}
    original, undone = [" ".join(cell.strip() for cell in rows[str(n)] if cell.strip())
                        for n in (donation["number"], reversal["number"])]
    assert original.endswith(f"义卖 {reversal['number']}")  # reversed by
    assert undone.endswith(f"义卖 {donation['number']} 重复录入")  # its memo, what it reverses, why
