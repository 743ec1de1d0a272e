"""``wushe needs|resources|matches`` on a copy of the demo station, run in this process as the station head
unless a test says; refusals are one line naming the option, exit 2, and write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_testing import as_json, sign_in_env, wushe


@pytest.fixture
def db(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "admin")
    return demo_file


def test_add_a_need_match_it_and_close_it(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    added = as_json(capsys, db, "needs", "add", "--community", "红岩村", "--category", "elderly", "--title",
                    "独居老人冬季需要助浴", "--group", "独居老人", "--people", "4", "--urgency", "high")
    assert (added["holder_label"], added["status"], added["people"]) == ("独居老人", "open", 4)
    need = added["id"]
    listed = as_json(capsys, db, "needs", "list", "--community", "红岩村", "--status", "unclosed")
    assert need in {row["id"] for row in listed}

    shown = wushe(capsys, db, "needs", "match", need)
    assert shown.startswith("1. ") and "Serves the category: Elderly care (养老)" in shown
    best = as_json(capsys, db, "needs", "match", need)[0]
    match = as_json(capsys, db, "needs", "match", need, "--resource", best["id"])
    assert (match["target_name"], match["status"]) == (best["name"], "active")
    assert match["reason"] == "; ".join(best["reasons"])  # the ranking's explanation, kept with the match
    assert as_json(capsys, db, "needs", "list", "--search", "助浴")[0]["status"] == "matched"

    wushe(capsys, db, "matches", "note", match["id"], "--follow-up", "已联系卫生院，下周上门")
    assert "Match closed" in wushe(capsys, db, "matches", "close", match["id"], "--status", "done", "--outcome",
                                   "每周助浴一次")
    [row] = as_json(capsys, db, "needs", "matches", need)
    assert (row["status"], row["outcome"]) == ("done", "每周助浴一次")
    assert row["follow_up"].endswith(": 已联系卫生院，下周上门") and "\n" not in row["follow_up"]  # dated, signed
    wushe(capsys, db, "needs", "close", need, "--status", "solved", "--outcome", "老人每周洗上热水澡")
    assert need not in {r["id"] for r in as_json(capsys, db, "needs", "list", "--status", "unclosed")}


def test_match_a_project_by_its_number(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    [need] = as_json(capsys, db, "needs", "list", "--search", "留守儿童需要心理疏导")
    project = next(c for c in as_json(capsys, db, "needs", "match", need["id"]) if c["kind"] == "project")
    number = project["name"].split(" ")[0]
    made = as_json(capsys, db, "needs", "match", need["id"], "--project", number, "--reason", "同村项目，正在实施")
    assert (made["kind"], made["target_name"], made["reason"]) == ("project", project["name"], "同村项目，正在实施")
    answered = {r["name"]: r["needs"] for r in as_json(capsys, db, "needs", "projects")}
    assert "留守儿童需要心理疏导" in answered[project["name"].split(" ", 1)[1]]


def test_resources_add_and_list(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    made = as_json(capsys, db, "resources", "add", "--name", "法律援助咨询", "--kind", "volunteer_skill",
                   "--category", "mediation", "--category", "assistance", "--volunteer", "郑晓梅", "--community",
                   "新华社区", "--capacity", "3", "--availability", "每月第二个周六")
    assert (made["provider"], made["community"], made["categories"]) == ("郑晓梅", "新华社区",
                                                                         ["assistance", "mediation"])
    names = {r["name"] for r in as_json(capsys, db, "resources", "list", "--category", "mediation")}
    assert names == {"法律援助咨询", "矛盾纠纷调解"}
    table = wushe(capsys, db, "resources", "list", "--kind", "volunteer_skill")
    assert "法律援助咨询" in table and "0 of 3 in use" in table


def test_refusals_name_the_option(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    err = wushe(capsys, db, "needs", "add", "--community", "火星村", "--category", "elderly", "--title", "助餐",
                expect=2)
    assert err.startswith("Error: --community:")
    err = wushe(capsys, db, "needs", "add", "--community", "红岩村", "--category", "elderly", "--title", " ",
                expect=2)
    assert err.startswith("Error: --title: This field is required.")
    err = wushe(capsys, db, "needs", "add", "--community", "红岩村", "--category", "elderly", "--title", "助餐",
                "--client", "不存在的人", expect=2)
    assert err.startswith("Error: --client:")
    [need] = as_json(capsys, db, "needs", "list", "--search", "村内河沟垃圾堆积")
    assert wushe(capsys, db, "needs", "close", need["id"], "--status", "solved", "--outcome", " ",
                 expect=2).startswith("Error: --outcome:")
    assert wushe(capsys, db, "needs", "match", need["id"], "--resource", "没有这个资源",
                 expect=2).startswith("Error: --resource:")
    assert wushe(capsys, db, "resources", "add", "--name", "场地", "--kind", "venue", "--category", "culture",
                 "--capacity", "0", expect=2).startswith("Error: --capacity:")
    assert as_json(capsys, db, "needs", "list", "--search", "村内河沟垃圾堆积")[0]["status"] == "open"


def test_a_viewer_sees_no_client_names_and_may_not_add(capsys: pytest.CaptureFixture[str], db: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WUSHE_USER", "zhaolei")
    table = wushe(capsys, db, "needs", "list", "--search", "电线老化")
    assert "A client (hidden)" in table and "王桂英" not in table
    err = wushe(capsys, db, "needs", "add", "--community", "红岩村", "--category", "elderly", "--title", "助餐",
                expect=2)
    assert "you may not keep the needs and resources lists" in err


def test_what_the_trial_found_on_the_command_line(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    """A volunteer by number; a register link that fits the kind; no client for a group's need; the source's
    code in JSON; edit and status of a resource, its dates in the list; a full resource matched on purpose."""
    volunteer = as_json(capsys, db, "volunteers", "list")[0]
    made = as_json(capsys, db, "resources", "add", "--name", "理发服务", "--kind", "volunteer_skill", "--category",
                   "elderly", "--volunteer", volunteer["number"], "--capacity", "1")
    assert made["provider"] == volunteer["name"]
    err = wushe(capsys, db, "resources", "add", "--name", "义诊", "--kind", "org", "--category", "elderly",
                "--donor", "青山镇卫生院", expect=2)
    assert err.startswith("Error: --donor: A resource of the kind")
    err = wushe(capsys, db, "needs", "add", "--community", "新华社区", "--category", "elderly", "--title", "助餐",
                "--holder", "group", "--group", "高龄老人", "--client", "王桂英", expect=2)
    assert err.startswith("Error: --client:")
    need = as_json(capsys, db, "needs", "add", "--community", "新华社区", "--category", "elderly", "--title",
                   "高龄老人需要理发", "--source", "survey")
    assert (need["source"], need["source_label"]) == ("survey", "Survey (需求调查)")
    edited = as_json(capsys, db, "resources", "edit", made["id"], "--until", "2099-12-31", "--notes", "每月一次")
    assert (edited["name"], edited["available_until"], edited["provider"]) == ("理发服务", "2099-12-31",
                                                                               volunteer["name"])
    assert "2099" in wushe(capsys, db, "resources", "list", "--search", "理发")
    other = as_json(capsys, db, "needs", "add", "--community", "新华社区", "--category", "elderly", "--title", "理发")
    as_json(capsys, db, "needs", "match", other["id"], "--resource", made["id"])
    assert "full" in wushe(capsys, db, "needs", "match", need["id"], "--resource", made["id"], expect=2)
    as_json(capsys, db, "needs", "match", need["id"], "--resource", made["id"], "--allow-over-capacity")
    assert "Paused" in wushe(capsys, db, "resources", "status", made["id"], "paused")
