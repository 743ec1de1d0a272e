"""What a second fresh-clone trial of ``wushe needs|resources`` found (issue 9): ending a resource with a match
under way is refused unless its matches are closed with it; codes are also given by their labels and a wrong
one lists them; argparse speaks Chinese under zh_CN; dates before 2000 are refused; a client is named as
``report client`` names one; a missing --out folder and an empty list each get one plain line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_testing import as_json, sign_in_env, wushe
from desktop.cli.main import main
from desktop.services.clients import short_id

MEAL = "长者助餐送餐上门"  # its one place is taken by the demo's match for 行动不便的老人需要送餐上门


@pytest.fixture
def db(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "admin")
    return demo_file


def _usage_error(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    """argparse refuses ``args`` (exit 2) before any work; what it printed on stderr."""
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and not out
    return err


def test_ending_a_resource_with_a_match_under_way_needs_the_option(capsys: pytest.CaptureFixture[str],
                                                                  db: Path) -> None:
    [meal] = [r for r in as_json(capsys, db, "resources", "list") if r["name"] == MEAL]
    refused = wushe(capsys, db, "resources", "status", meal["id"], "ended", expect=2)
    assert "行动不便的老人需要送餐上门" in refused and "--close-matches" in refused
    [need] = as_json(capsys, db, "needs", "list", "--search", "行动不便的老人需要送餐上门")
    assert need["status"] == "matched"  # nothing changed
    said = wushe(capsys, db, "resources", "status", meal["id"], "ended", "--close-matches", "送餐志愿者已离开")
    assert "closed as did not work: 1" in said
    [need] = as_json(capsys, db, "needs", "list", "--search", "行动不便的老人需要送餐上门")
    [match] = as_json(capsys, db, "needs", "matches", need["id"])
    assert (need["status"], match["status"], match["outcome"]) == ("open", "failed", "Resource ended: 送餐志愿者已离开")


def test_codes_are_also_given_by_their_labels(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    added = as_json(capsys, db, "needs", "add", "--community", "红岩村", "--category", "养老", "--urgency", "紧急",
                    "--source", "Survey (需求调查)", "--title", "独居老人需要助浴")
    assert (added["category"], added["urgency"], added["source"]) == ("elderly", "high", "survey")
    listed = as_json(capsys, db, "needs", "list", "--status", "待对接", "--category", "ELDERLY")
    assert added["id"] in {row["id"] for row in listed}
    err = _usage_error(capsys, db, "needs", "add", "--community", "红岩村", "--category", "助老", "--title", "x")
    assert "argument --category: invalid choice: 助老 (choose from elderly (Elderly care (养老)), disability" in err


def test_argparse_speaks_chinese_under_zh_cn(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    err = _usage_error(capsys, db, "--locale", "zh_CN", "needs", "add", "--community", "红岩村", "--category", "助老")
    assert err.startswith("用法：wushe needs add")
    assert "elderly（养老）" in err and "invalid" not in err and "usage" not in err
    err = _usage_error(capsys, db, "--locale", "zh_CN", "needs", "add", "--category", "养老")
    assert "以下参数是必需的" in err.splitlines()[-1] and "--community" in err
    with pytest.raises(SystemExit):
        main(["--locale", "zh_CN", "needs", "add", "--help"])
    helped = capsys.readouterr().out
    assert "显示此帮助信息并退出" in helped and "options" not in helped and "--details" in helped


def test_a_need_found_before_2000_or_after_today_is_refused(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    for day in ("1900-05-01", "2999-01-01"):
        refused = wushe(capsys, db, "needs", "add", "--community", "红岩村", "--category", "elderly", "--title", "x",
                        "--date", day, expect=2)
        assert refused.startswith("Error: --date: The date must be between") and "2000" in refused


def test_a_need_names_its_client_by_the_number_clients_list_shows(capsys: pytest.CaptureFixture[str],
                                                                  db: Path) -> None:
    [client] = [c for c in as_json(capsys, db, "clients", "list") if c["community"] == "柏林村"][:1]
    added = as_json(capsys, db, "needs", "add", "--community", "柏林村", "--category", "elderly", "--title",
                    "需要上门理发", "--client", short_id(client["id"]))
    assert added["holder_label"] == client["name"]
    refused = wushe(capsys, db, "needs", "add", "--community", "红岩村", "--category", "elderly", "--title", "x",
                    "--client", short_id(client["id"]), expect=2)
    assert refused.startswith("Error: --client: The client lives in another village or community.")


def test_a_missing_out_folder_and_an_empty_list_say_so_in_one_line(capsys: pytest.CaptureFixture[str],
                                                                   db: Path) -> None:
    refused = wushe(capsys, db, "report", "client", "--client", "柏秀英", "--out", "/nonexist/x.pdf", expect=2)
    assert refused.strip() == "Error: --out: there is no folder /nonexist."
    assert wushe(capsys, db, "needs", "list", "--search", "没有这样的需求").strip() == (
        "No need is on the list with these conditions.")
    assert wushe(capsys, db, "resources", "list", "--search", "没有这样的资源").strip() == (
        "No resource is on the list with these conditions.")


def test_capacity_is_one_to_a_hundred_thousand_or_left_out(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    for places in ("-1", "0"):
        refused = wushe(capsys, db, "resources", "add", "--name", "助浴", "--kind", "org", "--category", "养老",
                        f"--capacity={places}", expect=2)
        assert refused.strip() == ("Error: --capacity: Enter the places as a whole number from 1 to 100000, or leave "
                                   "it empty when they are not limited.")
