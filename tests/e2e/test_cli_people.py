"""``wushe workers list`` and ``wushe donors list`` on the demo station, as a script would run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.services.demo_people import DEMO_DONORS
from wushe_testing import run_wushe


@pytest.fixture
def db(demo_file: Path) -> Path:
    return demo_file


def test_workers_list_filters_by_community_and_level(db: Path) -> None:
    covering = json.loads(run_wushe(db, "workers", "list", "--community", "桂花村", "--json").stdout)
    assert {r["name"] for r in covering} == {"陈俊", "唐桂英"}
    table = run_wushe(db, "workers", "list", "--level", "senior", "--search", "zwb").stdout.splitlines()
    assert len(table) == 2 and table[1].startswith("张文斌") and "Senior social worker" in table[1]


def test_donors_list_masks_contacts_for_finance(db: Path) -> None:
    rows = json.loads(run_wushe(db, "donors", "list", "--offer", "money", "--kind", "individual", "--json",
                                user="wangfang").stdout)
    assert [(r["name"], r["phone"], r["address"]) for r in rows] == [("周德明", "133****6581", "青山社区滨****")]
    table = run_wushe(db, "donors", "list", locale="zh_CN").stdout.splitlines()
    assert len(table) == 1 + len(DEMO_DONORS) and table[0].startswith("名称")


def test_an_unknown_community_is_one_line_naming_the_flag(db: Path) -> None:
    result = run_wushe(db, "workers", "list", "--community", "无此村", check=False)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: --community:") and "无此村" in result.stderr
