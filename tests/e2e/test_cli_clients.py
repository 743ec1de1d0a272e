"""``wushe clients list|import|export`` on the demo station: filters as flags, masked ID numbers, all-or-nothing
imports with the consent stated by flags, and no client for the finance officer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from client_testing import CHILD_ID, ID_NUMBER, TODAY, demo_client
from desktop.services.demo_clients import DEMO_CLIENTS
from messy_workbooks import Grid, workbook
from wushe_testing import run_wushe


@pytest.fixture
def db(demo_file: Path) -> Path:
    return demo_file


def listed(db: Path, *flags: str) -> list[dict[str, object]]:
    return list(json.loads(run_wushe(db, "clients", "list", *flags, "--json", user="lixia").stdout))


def test_list_filters_and_masks(db: Path) -> None:
    rows = listed(db, "--community", "桂花村", "--group", "left_behind_child")
    assert {r["name"] for r in rows} == {d.name for d in DEMO_CLIENTS
                                         if d.community == "桂花村" and "left_behind_child" in d.groups}
    assert all("**********" in str(r["id_masked"]) and r["guardian_name"] for r in rows)
    zeng, number = demo_client("曾建华")
    assert zeng.name in [r["name"] for r in listed(db, "--search", number[-4:])]
    table = run_wushe(db, "clients", "list", "--search", "zjh", locale="zh_CN").stdout.splitlines()
    assert len(table) == 2 and "曾建华" in table[1] and "双河村" in table[1]
    assert number not in table[1] and number[:4] + "*" * 10 + number[-4:] in table[1]


@pytest.mark.parametrize("user", ["wangfang", "zhaolei"])
def test_finance_and_viewers_are_refused(db: Path, user: str) -> None:
    result = run_wushe(db, "clients", "list", user=user, check=False)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: As ") and "you may not see clients" in result.stderr


def test_import_is_all_or_nothing_and_export_masks(db: Path, tmp_path: Path) -> None:
    path = workbook(tmp_path, ".xlsx", {"服务对象": Grid([
        ["姓名", "身份证号", "联系电话", "所属社区", "服务对象类别", "监护人", "监护人关系"],
        ["宋德海", ID_NUMBER, "13923017788", "石桥村", "独居老人、低保", "", ""],
        ["宋小花", CHILD_ID, "", "桂花村", "留守儿童", "", ""],  # a child without a guardian
    ])})
    flags = ("--consent-date", TODAY.isoformat(), "--consent-method", "written")
    refused = run_wushe(db, "clients", "import", str(path), *flags, user="lixia", check=False)
    assert refused.returncode == 2 and "服务对象!3 Guardian: The client is under 18" in refused.stdout
    assert "nothing was imported" in refused.stderr and listed(db, "--search", "宋德海") == []
    report = json.loads(run_wushe(db, "clients", "import", str(path), *flags, "--valid-only", "--json",
                                  user="lixia").stdout)
    assert (report["added"], report["skipped"]) == (1, 1)
    [song] = listed(db, "--search", "宋德海")
    assert song["consent"] == {"given_on": TODAY.isoformat(), "method": "written", "given_by": "self",
                               "guardian_name": "", "guardian_relation": ""}
    assert song["target_groups"] == ["elderly_alone", "dibao"]

    out = tmp_path / "石桥村.xlsx"
    run_wushe(db, "clients", "export", "--community", "石桥村", "--out", str(out), user="lixia")
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    column = rows[0].index("ID card number")
    assert len(rows) == 1 + 1 + sum(d.community == "石桥村" for d in DEMO_CLIENTS)
    assert all("**********" in str(r[column]) for r in rows[1:] if r[column])
