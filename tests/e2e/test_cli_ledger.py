"""``wushe ledger funds|post|reverse|balance|receipts`` on a copy of the demo station (its fund 青山社区慈善基金
and a year of its ledger), run in this process as the station head unless a test says; refusals are one
line naming the option, exit 2, and write nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from cli_testing import as_json, sign_in_env, wushe
from desktop.domain.ledger import ACCOUNTS, EntryKind
from desktop.services import disbursements, funds, ledger
from desktop.services.acting import acting_as
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.disbursements import DisbursementInput
from desktop.storage.models import Community, Project
from desktop.storage.opening import open_database
from ledger_testing import decide, entry_count, fund_input, running_projects, station_with_fund
from project_testing import acting
from wushe_testing import DemoTemplate, run_wushe

TODAY = date.today()
OTHER_FUND = "清河县慈善会河滨社区慈善基金"  # ledger_testing's fund, opened 200 days ago
# The demo fund after its year: bank 104,000.00 given less 800.00 spent and 26,350.00 granted (half of
# each running project's), cash 1,286.50 given less 186.50 spent, goods valued 3,600.00 less 1,800.00 given out.
DEMO_BANK, DEMO_CASH, DEMO_GOODS = Decimal("76850.00"), Decimal("1100.00"), Decimal("1800.00")


@pytest.fixture
def db(demo_template: DemoTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo station with a second fund (no entries yet), for transfers."""
    sign_in_env(monkeypatch, "admin")
    return station_with_fund(demo_template.path, tmp_path)


@contextmanager
def station(path: Path, write: bool = False) -> Iterator[Session]:
    """A unit of work on the station file as its head, outside the command."""
    opened = open_database(path)
    try:
        with acting(opened, "admin"), (opened.write() if write else opened.read()) as session:
            yield session
    finally:
        opened.close()


def test_funds_lists_each_fund_with_the_money_it_holds(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = as_json(capsys, db, "ledger", "funds")
    assert [set(row) for row in listed] == [{"id", "name", "community", "host", "status", "balance",
                                             "book_balance"}] * 2
    by_name = {row["name"]: row for row in listed}
    demo = by_name[DEMO_FUND]
    assert (demo["community"], demo["host"], demo["status"], demo["balance"], demo["book_balance"]) == (
        "青山社区", "清河县慈善会", "active", str(DEMO_BANK + DEMO_CASH), str(DEMO_BANK + DEMO_CASH + DEMO_GOODS))
    assert (by_name[OTHER_FUND]["community"], by_name[OTHER_FUND]["balance"]) == ("河滨社区", "0.00")
    text = wushe(capsys, db, "ledger", "funds")
    assert DEMO_FUND in text and str(DEMO_BANK + DEMO_CASH) in text and "Active" in text


def test_balance_by_account_now_and_on_a_day(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    held = as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)
    assert set(held) == {"fund", "fund_id", "on", "available", "accounts", "differing"}
    assert set(held["accounts"]) == set(ACCOUNTS)
    assert (held["accounts"]["bank"], held["accounts"]["cash"], held["accounts"]["goods"]) == (
        str(DEMO_BANK), str(DEMO_CASH), str(DEMO_GOODS))
    assert held["available"] == str(DEMO_BANK + DEMO_CASH) and held["on"] is None
    # Assets are what came in less what went out, to the fen.
    amounts = {code: Decimal(value) for code, value in held["accounts"].items()}
    kinds = {code: account.kind.value for code, account in ACCOUNTS.items()}
    assert sum(v for c, v in amounts.items() if kinds[c] == "asset") == \
        sum(v for c, v in amounts.items() if kinds[c] == "income") - \
        sum(v for c, v in amounts.items() if kinds[c] == "expense")
    # The day after the first donation (355 days ago), by the fund's id.
    first = as_json(capsys, db, "ledger", "balance", "--fund", held["fund_id"], "--on",
                    (TODAY - timedelta(days=354)).isoformat())
    assert (first["fund"], first["on"], first["available"]) == (DEMO_FUND, (TODAY - timedelta(days=354)).isoformat(),
                                                                "50000.00")
    assert first["accounts"]["donation_income"] == "50000.00"
    text = wushe(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)
    assert "Bank deposits (银行存款)" in text and str(DEMO_BANK) in text


def test_donations_of_money_and_of_goods(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = entry_count(db)
    text = wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1234.56",
                 "--donor", "周德明", "--memo", "助学")
    assert text.splitlines() == [
        f"Entry 15 posted in {DEMO_FUND}: Donation of money (货币捐赠), 1234.56 yuan.",
        f"The fund holds {DEMO_BANK + DEMO_CASH + Decimal('1234.56')} yuan (bank and cash)."]
    walk_in = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "50",
                      "--account", "cash", "--donor", "路过的居民", "--anonymous", "--on",
                      (TODAY - timedelta(days=1)).isoformat())
    assert set(walk_in) == {"fund", "entry", "goods_id", "acknowledgement", "balance"}
    entry = walk_in["entry"]
    assert (entry["number"], entry["kind"], entry["amount"], entry["counterparty"], entry["anonymous"],
            entry["posted_on"]) == (16, "donation_money", "50.00", "路过的居民", True,
                                    (TODAY - timedelta(days=1)).isoformat())
    assert entry["lines"] == [{"account": "cash", "side": "debit", "amount": "50.00"},
                              {"account": "donation_income", "side": "credit", "amount": "50.00"}]
    assert walk_in["balance"]["accounts"]["cash"] == str(DEMO_CASH + 50)
    valued = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "800",
                     "--goods", "轮椅", "--quantity", "2", "--unit", "台", "--donor", "青山镇好又多超市")
    assert (valued["entry"]["kind"], valued["entry"]["counterparty"], valued["goods_id"] is not None) == (
        "donation_goods", "青山镇好又多超市", True)  # the register's donor, named as the register names them
    assert valued["balance"]["accounts"]["goods"] == str(DEMO_GOODS + 800)
    unvalued = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--goods", "旧书",
                       "--quantity", "30", "--unit", "本", "--donor", "谭秀兰")
    assert unvalued["entry"] is None and unvalued["goods_id"] is not None
    assert unvalued["balance"]["accounts"]["donation_income"] == valued["balance"]["accounts"]["donation_income"]
    assert "they are not income" in wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation",
                                          "--goods", "旧衣物", "--quantity", "8", "--unit", "件", "--donor", "谭秀兰")
    assert entry_count(db) == before + 3


def approved(db: Path, kind: EntryKind, amount_fen: int, purpose: str, **named: str) -> str:
    """A disbursement of the demo fund proposed and approved by three of the committee; its id. ``named``:
    its payee, the fund that receives a transfer (``to_fund``, by name), or who a refund goes to
    (``donor``: their first donation of money is refunded)."""
    with station(db, write=True) as session:
        fund_id = next(f.id for f in funds.list_all(session) if f.name == DEMO_FUND)
        to_fund = next((f.id for f in funds.list_all(session) if f.name == named.get("to_fund")), None)
        donation = next((e.id for e in ledger.entries(session, fund_id)
                         if e.kind == EntryKind.DONATION_MONEY and e.counterparty == named.get("donor")), None)
        with acting_as(session, "lixia"):  # a social worker proposes, the head pays (募用分离)
            view = disbursements.propose_disbursement(session, fund_id, DisbursementInput(
                kind, amount_fen, purpose, payee=named.get("payee", ""), to_fund_id=to_fund, refund_of_id=donation))
        decide(session, view.id)  # the finance officer records the committee's decisions as its clerk
        return view.id


def test_an_expense_a_refund_and_a_transfer(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    approved(db, EntryKind.EXPENSE, 10_050, "茶水", payee="青山镇好又多超市")
    approved(db, EntryKind.EXPENSE, 30_000, "慰问物资发放", payee="青山社区困难家庭")
    spent = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "100.5",
                    "--account", "cash", "--payee", "青山镇好又多超市")
    assert (spent["entry"]["kind"], spent["entry"]["amount"], spent["entry"]["counterparty"], spent["entry"]["memo"]) \
        == ("expense", "100.50", "青山镇好又多超市", "茶水")  # the purpose the committee approved
    assert spent["balance"]["accounts"]["cash"] == str(DEMO_CASH - Decimal("100.50"))
    given_out = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "300",
                        "--account", "goods", "--payee", "青山社区困难家庭")
    assert given_out["balance"]["accounts"]["goods"] == str(DEMO_GOODS - 300)
    # A refund and a transfer are money going out too (募用分离): paid only once the committee approved them.
    assert wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "refund", "--amount", "200",
                 "--donor", "周德明", expect=2).startswith("Error: --donor: No refund of 200.00 yuan to 周德明 is approved")
    assert wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "transfer", "--amount", "5000",
                 "--to-fund", OTHER_FUND, expect=2).startswith(
        f"Error: --to-fund: No transfer of 5000.00 yuan to {OTHER_FUND} is approved")
    approved(db, EntryKind.REFUND, 20_000, "重复捐款退回", donor="周德明")
    approved(db, EntryKind.TRANSFER_OUT, 500_000, "支援河滨社区", to_fund=OTHER_FUND)
    refund = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "refund", "--amount", "200",
                     "--donor", "周德明")
    assert (refund["entry"]["kind"], refund["entry"]["counterparty"], refund["entry"]["memo"],
            refund["balance"]["accounts"]["refunds"]) == ("refund", "周德明", "重复捐款退回", "200.00")
    moved = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "transfer", "--amount", "5000",
                    "--to-fund", OTHER_FUND)
    assert (moved["entry"]["kind"], moved["entry"]["counterparty"], moved["balance"]["accounts"]["transfers_out"]) == (
        "transfer_out", OTHER_FUND, "5000.00")
    other = as_json(capsys, db, "ledger", "balance", "--fund", OTHER_FUND)
    assert (other["available"], other["accounts"]["transfers_in"]) == ("5000.00", "5000.00")
    assert moved["balance"]["available"] == str(DEMO_BANK + DEMO_CASH - Decimal("100.50") - 200 - 5000)


def approved_grant(db: Path, amount_fen: int) -> str:
    """A grant to the first running demo project, proposed and approved by three of the committee; its number."""
    with station(db, write=True) as session:
        fund_id = next(f.id for f in funds.list_all(session) if f.name == DEMO_FUND)
        project = running_projects(session)[0]
        with acting_as(session, "lixia"):
            view = disbursements.propose_disbursement(session, fund_id, DisbursementInput(
                EntryKind.GRANT, amount_fen, f"{project.title} 二期资助款", project.id))
        decide(session, view.id)
        return project.number


def test_a_grant_pays_the_disbursement_the_committee_approved(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    number = approved_grant(db, 500_000)
    wrong = wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "grant", "--project", number,
                  "--amount", "6000", expect=2)
    assert wrong.startswith(f"Error: --project: No grant of 6000.00 yuan to project {number} is approved") and \
        "(5000.00)" in wrong
    paid = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "grant", "--project", number,
                   "--amount", "5000")
    assert (paid["entry"]["kind"], paid["entry"]["amount"]) == ("grant", "5000.00")
    assert paid["entry"]["lines"][0] == {"account": "grants_paid", "side": "debit", "amount": "5000.00"}
    with station(db) as session:
        project_id = session.scalar(select(Project.id).where(Project.number == number))
    assert paid["entry"]["project_id"] == project_id
    assert paid["balance"]["accounts"]["bank"] == str(DEMO_BANK - 5000)
    again = wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "grant", "--project", number,
                  "--amount", "5000", expect=2)  # paid once: nothing approved is left waiting
    assert "(none waiting)" in again
    assert wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "grant", "--amount", "1",
                 expect=2).strip() == "Error: --project: A grant names its project: give --project NUMBER."
    assert wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "grant", "--project", "创投-1999-0001",
                 "--amount", "1", expect=2).strip() == "Error: --project: No project has the number 创投-1999-0001."


def test_reverse_by_number_or_id_once_with_a_reason(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    approved(db, EntryKind.EXPENSE, 9_900, "录错的支出", payee="青山广告制作部")
    posted = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "99",
                     "--payee", "青山广告制作部")
    number = posted["entry"]["number"]
    text = wushe(capsys, db, "ledger", "reverse", "--fund", DEMO_FUND, "--entry", str(number), "--reason", "金额录错")
    assert text.splitlines() == [f"Entry {number + 1} of {DEMO_FUND} reverses entry {number}.",
                                 f"The fund holds {DEMO_BANK + DEMO_CASH} yuan (bank and cash)."]
    again = wushe(capsys, db, "ledger", "reverse", "--fund", DEMO_FUND, "--entry", str(number), "--reason", "再冲",
                  expect=2)
    assert again.strip() == f"Error: --entry: Entry {number} has been reversed already."
    # A transfer, by its id: both funds' halves go back together.
    approved(db, EntryKind.TRANSFER_OUT, 1_000, "调拨", to_fund=OTHER_FUND)
    moved = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "transfer", "--amount", "10",
                    "--to-fund", OTHER_FUND)
    undone = as_json(capsys, db, "ledger", "reverse", "--entry", moved["entry"]["id"], "--reason", "调错基金")
    assert (undone["entry"]["kind"], undone["entry"]["reverses_id"], undone["entry"]["reason"]) == (
        "reversal", moved["entry"]["id"], "调错基金")
    assert undone["balance"]["available"] == str(DEMO_BANK + DEMO_CASH)
    assert as_json(capsys, db, "ledger", "balance", "--fund", OTHER_FUND)["available"] == "0.00"


def test_receipts_json_lists_number_fund_donor_amount_date_status(db: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    listed = as_json(capsys, db, "ledger", "receipts")
    assert listed and all(set(row) == {"id", "number", "fund", "donor", "amount", "date", "status", "void_reason",
                                       "voided_on", "official_ticket_code", "official_ticket_number",
                                       "ticket_correction", "refunded"} for row in listed)
    assert {row["fund"] for row in listed} == {DEMO_FUND}
    assert {row["status"] for row in listed} == {"issued", "voided"}  # the spoilt one keeps its number
    years = sorted({date.fromisoformat(row["date"]).year for row in listed})
    for year in years:
        of_year = as_json(capsys, db, "ledger", "receipts", "--fund", DEMO_FUND, "--year", str(year))
        assert of_year == [row for row in listed if row["date"].startswith(str(year))]
        assert [row["number"] for row in of_year] == [f"青山基金收〔{year}〕{n:04d}号" for n in range(1, len(of_year) + 1)]
    assert as_json(capsys, db, "ledger", "receipts", "--fund", OTHER_FUND) == []
    text = wushe(capsys, db, "ledger", "receipts", "--fund", DEMO_FUND)
    assert listed[0]["number"] in text and "Voided (已作废)" in text


@pytest.mark.parametrize(("args", "line"), [
    (("post", "--fund", "没有的基金", "--kind", "donation", "--amount", "1"),
     "Error: --fund: No fund is named 没有的基金."),
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1.234"), "Error: --amount: "),
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "0", "--donor", "周德明"),
     "Error: --amount: Enter an amount above zero."),
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "0", "--goods", "米", "--quantity", "1", "--unit",
      "袋", "--donor", "周德明"),
     "Error: --amount: Enter an amount above zero."),  # goods that cannot be valued leave --amount out
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1000000000000", "--donor", "周德明"),
     "Error: --amount: Enter an amount below 1,000,000,000,000 yuan (一万亿元)."),  # no receipt could write it
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1"),
     "Error: --donor: Name the donor, or choose one from the register."),
    (("post", "--fund", DEMO_FUND, "--kind", "refund", "--amount", "1"), "Error: --donor: Name who is refunded."),
    (("post", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1"),
     "Error: --payee: An expense names who is paid: give --payee."),
    (("post", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1", "--payee", "某店", "--memo", "茶水"),
     "Error: --memo: “expense” takes no --memo."),  # its purpose is the committee's
    (("post", "--fund", DEMO_FUND, "--kind", "refund", "--amount", "1", "--donor", "周德明", "--memo", "退回"),
     "Error: --memo: “refund” takes no --memo."),
    (("post", "--fund", DEMO_FUND, "--kind", "donation"), "Error: --amount: Give the amount in yuan, like 12.34."),
    (("post", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1100.01", "--account", "cash", "--payee", "某店"),
     "Error: --payee: No expense of 1100.01 yuan to 某店 is approved and waiting to be paid"),  # 募用分离
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1", "--donor", "周德明", "--on",
      (TODAY + timedelta(days=1)).isoformat()), "Error: --on: The date is in the future."),
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1", "--donor", "周德明", "--on", "2000-01-01"),
     "Error: --on: The date is before the fund opened"),
    (("post", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1", "--goods", "米"),
     "Error: --goods: “expense” takes no --goods."),
    (("post", "--fund", DEMO_FUND, "--kind", "grant", "--amount", "1", "--project", "创投-1999-0001", "--memo", "资助"),
     "Error: --memo: “grant” takes no --memo."),
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1", "--payee", "某人"),
     "Error: --payee: “donation” takes no --payee."),
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1", "--account", "goods", "--donor", "周德明"),
     "Error: --account: “Donation of money (货币捐赠)” cannot move Goods in kind (实物资产)."),
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--goods", "米", "--quantity", "1.234"),
     "Error: --quantity: Enter a quantity above zero, with at most two decimal places."),
    (("post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1", "--quantity", "3"),
     "Error: --quantity: --quantity describes goods: name them with --goods."),
    (("post", "--fund", DEMO_FUND, "--kind", "transfer", "--amount", "1"),
     "Error: --to-fund: Choose the fund that receives the transfer."),
    (("post", "--fund", DEMO_FUND, "--kind", "transfer", "--amount", "1", "--to-fund", DEMO_FUND),
     "Error: --to-fund: A transfer goes to another fund."),
    (("reverse", "--entry", "3", "--reason", "错"), "Error: --fund: Entry numbers run per fund: name the fund"),
    (("reverse", "--fund", DEMO_FUND, "--entry", "999", "--reason", "错"),
     "Error: --entry: 青山社区慈善基金 has no entry 999."),
    (("reverse", "--fund", DEMO_FUND, "--entry", "1", "--reason", " "), "Error: --reason: "),
    (("reverse", "--fund", DEMO_FUND, "--entry", "1", "--reason", "错"),  # its receipt stands
     "Error: --entry: Receipt 青山基金收"),
    (("balance", "--fund", "没有的基金"), "Error: --fund: No fund is named 没有的基金."),
    (("receipts", "--fund", "没有的基金"), "Error: --fund: No fund is named 没有的基金."),
])
def test_refusals_name_the_option_and_write_nothing(db: Path, capsys: pytest.CaptureFixture[str],
                                                    args: tuple[str, ...], line: str) -> None:
    before = entry_count(db)
    assert wushe(capsys, db, "ledger", *args, expect=2).startswith(line)
    assert entry_count(db) == before


def test_only_the_roles_that_keep_the_ledger_post(db: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WUSHE_USER", "zhaolei")  # a viewer: reads, never posts
    assert as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["available"] == str(DEMO_BANK + DEMO_CASH)
    refused = wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1", expect=2)
    assert refused.startswith("Error: ")
    monkeypatch.setenv("WUSHE_USER", "wangfang")  # the finance officer
    assert as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "1",
                   "--donor", "周德明")["entry"]["by"] == "王芳"


def test_a_fund_named_twice_is_given_by_its_id(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with station(db, write=True) as session:  # a second fund of the same name, in another community
        community = session.scalar(select(Community.id).where(Community.name == "青山社区"))
        twin = funds.add(session, fund_input(session, community_id=community, name="青山社区助学基金")).id
        # The service refuses a name taken, but two stations may each open one and sync them together.
        session.execute(text("UPDATE fund SET name = :name WHERE id = :id"), {"name": OTHER_FUND, "id": twin})
    assert wushe(capsys, db, "ledger", "balance", "--fund", OTHER_FUND, expect=2).strip() == \
        f"Error: --fund: Several funds are named {OTHER_FUND}; give the fund's id."
    assert as_json(capsys, db, "ledger", "balance", "--fund", twin)["fund_id"] == twin


def test_in_a_process_of_its_own_and_in_chinese(db: Path) -> None:
    posted = run_wushe(db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "88.80",
                       "--donor", "周德明", "--json", locale="zh_CN")
    assert json.loads(posted.stdout)["entry"]["amount"] == "88.80"
    approved(db, EntryKind.EXPENSE, 100_000_000, "大额采购", payee="某店")
    refused = run_wushe(db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1000000",
                        "--payee", "某店", locale="zh_CN", check=False)
    assert refused.returncode == 2 and not refused.stdout
    assert refused.stderr.startswith("错误：--amount：青山社区慈善基金的银行存款将出现负数")
    assert "银行存款" in run_wushe(db, "ledger", "balance", "--fund", DEMO_FUND, locale="zh_CN").stdout
