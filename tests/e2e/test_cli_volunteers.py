"""``wushe volunteers`` on the demo station: the register, recording and reversing hours, the passbook."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.services.demo_volunteers import DEMO_VOLUNTEERS
from wushe_testing import run_wushe

WANG = next(d for d in DEMO_VOLUNTEERS if d.name == "王秀兰")
WANG_ID = WANG.id_number(DEMO_VOLUNTEERS.index(WANG))


@pytest.fixture
def db(demo_file: Path) -> Path:
    return demo_file


def number_of(db: Path, id_number: str) -> str:
    rows = json.loads(run_wushe(db, "volunteers", "list", "--id-number", id_number, "--json").stdout)
    assert len(rows) == 1
    return str(rows[0]["number"])


def test_list_filters_and_masks(db: Path) -> None:
    rows = json.loads(run_wushe(db, "volunteers", "list", "--community", "石桥村", "--json").stdout)
    assert len(rows) == sum(d.community == "石桥村" for d in DEMO_VOLUNTEERS)
    assert all("**********" in r["id_masked"] for r in rows)
    table = run_wushe(db, "volunteers", "list", "--search", "wxl", user="wangfang", locale="zh_CN").stdout.splitlines()
    assert len(table) == 2 and "王秀兰" in table[1] and WANG.phone[:3] + "****" + WANG.phone[-4:] in table[1]
    assert WANG_ID not in table[1] and WANG_ID[:4] + "*" * 10 + WANG_ID[-4:] in table[1]


def test_record_warns_when_late_then_reverse(db: Path) -> None:
    number = number_of(db, WANG_ID)
    served = date.today() - timedelta(days=30)
    result = run_wushe(db, "volunteers", "record", number, "--activity", "助老送餐", "--date", served.isoformat(),
                       "--hours", "1.5", "--content", "送午餐", "--place", "长者食堂", "--in-charge", "李霞",
                       "--category", "elderly_disabled", user="lixia")
    assert "Recorded 1.5 h of 助老送餐" in result.stdout and result.stderr.startswith("Late entry:")
    record_id = result.stdout.rstrip(".\n").rsplit(" ", 1)[1]
    hours = json.loads(run_wushe(db, "volunteers", "hours", number, "--since", served.isoformat(), "--json").stdout)
    mine = next(r for r in hours["records"] if r["id"] == record_id)
    assert (mine["minutes"], mine["late"], mine["confirmed_by"]) == (90, True, "李霞")
    book = json.loads(run_wushe(db, "volunteers", "passbook", number, "--json").stdout)
    assert book["lines"][-1]["deposit"] == 150 and book["balance"] == book["lines"][-1]["balance"]

    reversed_ = run_wushe(db, "volunteers", "reverse", record_id, "--reason", "录入重复", user="lixia")
    assert "Reversed 1.5 h of 助老送餐" in reversed_.stdout
    text = run_wushe(db, "volunteers", "hours", number, "--since", served.isoformat()).stdout
    assert "reversal: 录入重复" in text and "late entry; reversed" in text


def test_bad_input_names_the_flag(db: Path) -> None:
    over = run_wushe(db, "volunteers", "record", number_of(db, WANG_ID), "--activity", "巡河", "--date",
                     date.today().isoformat(), "--minutes", "600", user="lixia", check=False)
    assert over.returncode == 2 and over.stderr.startswith("Error: --minutes:") and over.stderr.count("\n") == 1
    missing = run_wushe(db, "volunteers", "hours", check=False)
    assert missing.returncode == 2 and "NUMBER|RECORD_ID" in missing.stderr
    unknown = run_wushe(db, "volunteers", "passbook", "V-1999-0001", check=False)
    assert unknown.returncode == 2 and "V-1999-0001" in unknown.stderr
