"""``wushe ledger fund-open|member-add|member-end|members`` on a copy of the demo station (test_cli_ledger's):
the head opens a fund with part of its committee in one write, completes it and ends a membership, as the
New fund dialog and the 管委会 box do, roles and approval rules given by code or label. Refusals are one line
naming the option, exit 2, and write nothing (a fund's name taken, a member leaving on or before a decision
they recorded among them); only the head may set up funds."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli_testing import usage_error
from desktop.services.demo_ledger import DEMO_FUND
from desktop.storage.models import Fund, FundMember
from test_cli_ledger import as_json, db, station, wushe  # noqa: F401 (fixture)

TODAY = date.today()
OPENED = TODAY - timedelta(days=30)
NAME = "清河县慈善会青山社区助学基金"


def rows(db: Path) -> tuple[int, int]:
    """How many funds and committee memberships the station holds."""
    with station(db) as session:
        return (session.scalar(select(func.count()).select_from(Fund)) or 0,
                session.scalar(select(func.count()).select_from(FundMember)) or 0)


def open_fund(capsys: pytest.CaptureFixture[str], db: Path) -> dict:
    return as_json(capsys, db, "ledger", "fund-open", "--name", NAME, "--community", "青山社区", "--charity",
                   "清河县慈善会", "--opened", OPENED.isoformat(), "--purpose", "资助困难家庭学生",
                   "--approval-rule", "全体", "--member", "张秀英,主任,居民代表", "--member", "李建华,member",
                   "--member", "王德福,Supervisor (监督),社区居务监督委员会")


def test_a_fund_is_opened_with_its_committee_which_is_completed_and_changes(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fund = open_fund(capsys, db)
    assert (fund["name"], fund["community"], fund["host"], fund["opened_on"], fund["purpose"], fund["status"],
            fund["approval_rule"]) == (NAME, "青山社区", "清河县慈善会", OPENED.isoformat(), "资助困难家庭学生", "active",
                                       "all")
    assert fund["receipt_prefix"]  # made from the name, unlike the demo fund's
    assert [(m["name"], m["role"], m["affiliation"], m["joined_on"]) for m in fund["committee"]] == [
        ("张秀英", "chair", "居民代表", OPENED.isoformat()), ("李建华", "member", "", OPENED.isoformat()),
        ("王德福", "supervisor", "社区居务监督委员会", OPENED.isoformat())]
    assert fund["problems"] == ["A management committee has at least 5 members; this one has 3."]

    joined = (TODAY - timedelta(days=10)).isoformat()
    text = wushe(capsys, db, "ledger", "member-add", "--fund", NAME, "--name", "赵玉兰", "--role", "委员",
                 "--affiliation", "辖区企业代表", "--from", joined)
    assert text.splitlines() == [
        f"赵玉兰 serves on the committee of {NAME} from {joined}: Member (委员).",
        "The committee cannot decide on disbursements yet:",
        "• A management committee has at least 5 members; this one has 4.",
        "• A management committee has an odd number of members; this one has 4."]
    added = as_json(capsys, db, "ledger", "member-add", "--fund", NAME, "--name", "孙志强", "--role", "member")
    assert (added["member"]["name"], added["member"]["joined_on"], added["problems"], added["approvals_needed"]) == (
        "孙志强", TODAY.isoformat(), [], 5)  # the whole committee approves, by the fund's rule

    left = (TODAY - timedelta(days=1)).isoformat()
    text = wushe(capsys, db, "ledger", "member-end", "--fund", NAME, "--member", "李建华", "--on", left)
    assert text.splitlines()[0] == f"李建华 leaves the committee of {NAME}: {left} is the first day they no longer serve."
    assert "this one has 4" in text
    # The committee of a day: 李建华 served until the day before he left, 孙志强 from today.
    before = as_json(capsys, db, "ledger", "members", "--fund", NAME, "--date", (TODAY - timedelta(days=2)).isoformat())
    assert [m["name"] for m in before["members"]] == ["张秀英", "李建华", "赵玉兰", "王德福"]
    now = as_json(capsys, db, "ledger", "members", "--fund", NAME)
    assert [m["name"] for m in now["members"]] == ["张秀英", "赵玉兰", "孙志强", "王德福"]
    assert "Serving since" in wushe(capsys, db, "ledger", "members", "--fund", NAME)


def test_the_text_of_an_opened_fund(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = wushe(capsys, db, "ledger", "fund-open", "--name", NAME, "--community", "青山社区", "--charity",
                 "清河县慈善会")
    lines = text.splitlines()
    assert lines[0] == f"Fund opened: {NAME}."
    assert f"Set up on                    {TODAY.isoformat()}" in lines
    assert "Disbursements need           More than half of the committee (过半数)" in lines
    assert lines[-3:] == ["• A management committee has at least 5 members; this one has 0.",
                          "• A management committee has an odd number of members; this one has 0.",
                          "• A management committee needs at least one supervisor (监督)."]
    assert NAME in [f["name"] for f in as_json(capsys, db, "ledger", "funds")]


def test_refusals_name_the_option_and_write_nothing(db: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before = rows(db)

    def refused(*args: str) -> str:
        text = wushe(capsys, db, "ledger", *args, expect=2).strip()
        assert rows(db) == before, args
        return text

    opening = ("fund-open", "--name", NAME, "--community", "青山社区", "--charity", "清河县慈善会")
    # One write: a member refused leaves no fund behind.
    assert refused(*opening, "--member", "张秀英,chair", "--member", "李建华,主任") == (
        "Error: --member: 李建华: The committee has a chair already: 张秀英.")
    assert refused(*opening[:4], "无此社区", *opening[5:]) == (
        "Error: --community: There is no village or community named 无此社区.")
    assert refused(*opening, "--opened", (TODAY + timedelta(days=1)).isoformat()) == (
        "Error: --opened: The date is in the future.")
    demo = as_json(capsys, db, "ledger", "members", "--fund", DEMO_FUND)
    assert refused("member-add", "--fund", DEMO_FUND, "--name", "新主任", "--role", "chair") == (
        "Error: --role: The committee has a chair already: 刘桂芳.")
    assert refused("member-add", "--fund", DEMO_FUND, "--name", "刘桂芳", "--role", "member") == (
        "Error: --name: 刘桂芳 serves on the committee already.")
    assert refused("member-add", "--fund", DEMO_FUND, "--name", "新委员", "--role", "member", "--from",
                   "2000-01-01").startswith("Error: --from: The date is before the fund opened")
    assert refused(*opening, "--opened", "1990-01-01") == (
        "Error: --opened: A fund opens on 2000-01-01 or later: check the year.")
    # Ended on the day she joined, a membership is withdrawn as entered by mistake: not one with decisions.
    joined = demo["members"][0]["joined_on"]
    assert refused("member-end", "--fund", DEMO_FUND, "--member", "刘桂芳", "--on", joined, "--reason", "误录").startswith(
        "Error: --on: 刘桂芳 recorded a decision on ")
    assert refused("member-end", "--fund", DEMO_FUND, "--member", "无名氏").startswith(
        "Error: --member: 无名氏 is not on the committee serving on")
    # A member does not leave on or before a decision they recorded: they would have voted while not serving.
    decided = [d for row in as_json(capsys, db, "ledger", "disbursements", "--fund", DEMO_FUND)
               for d in row["decisions"] if d["member"] == "刘桂芳"]
    last = max(d["on"] for d in decided)
    assert refused("member-end", "--fund", DEMO_FUND, "--member", "刘桂芳", "--on", last) == (
        f"Error: --on: 刘桂芳 recorded a decision on {last}: they leave after it.")
    # Two live funds of one name would make every --fund NAME ambiguous.
    assert refused("fund-open", "--name", DEMO_FUND, "--community", "河滨社区", "--charity", "清河县慈善会") == (
        f"Error: --name: A fund named {DEMO_FUND} exists already; choose another name.")
    # A role or a member typed wrong is argparse's usage error, listing what it takes.
    assert "invalid choice: boss (choose from chair (Chair (主任)), member (Member (委员)), supervisor" in usage_error(
        capsys, db, "ledger", "member-add", "--fund", DEMO_FUND, "--name", "新委员", "--role", "boss")
    assert "give a member as NAME,ROLE or NAME,ROLE,AFFILIATION: 张秀英" in usage_error(
        capsys, db, "ledger", *opening, "--member", "张秀英")
    assert rows(db) == before
    # Only a role that sets up funds (the head) opens one or keeps its committee; the finance officer does not.
    monkeypatch.setenv("WUSHE_USER", "wangfang")
    assert refused(*opening) == ("Error: As Finance officer you may not set up community funds and their committees; "
                                 "it needs the role of Station head.")  # whom to ask (issue 7 #11)
    assert refused("member-add", "--fund", DEMO_FUND, "--name", "新委员", "--role", "member").endswith(
        "you may not set up community funds and their committees; it needs the role of Station head.")
    assert rows(db) == before
