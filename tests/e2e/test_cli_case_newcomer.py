"""What a new user's trial of the case files found (issue 5, CF): another worker's case is refused naming
its worker, not reported missing; a year finds the cases numbered in it; the minutes and a referral with
nothing given say what to write; list filters take a label as well as a code; a referral to a social
organisation or donor names an entry of its register."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from case_testing import add_client, as_user, open_case
from cli_testing import as_json, sign_in_env, usage_error, wushe
from desktop.services import case_list, case_service_records, cases
from desktop.services.case_list import CaseQuery
from desktop.services.case_service_records import RecordInput
from desktop.storage.models import CaseReferral, SocialOrg
from desktop.storage.opening import open_database
from wushe_testing import refusal

TODAY = date.today()
NOT_HERS = "Error: Case {number} is {worker}'s, another social worker's: you may not open it. Ask the station head."


def _a_case_of(capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch,
               worker: str, **filters: str) -> dict[str, object]:
    sign_in_env(monkeypatch, "admin")
    flags = [part for key, value in filters.items() for part in (f"--{key}", value)]
    return next(r for r in as_json(capsys, db, "cases", "list", "--worker", worker, *flags))


def test_another_workers_case_is_refused_naming_its_worker(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    his = _a_case_of(capsys, demo_file, monkeypatch, "chenjun", stage="open")
    number = str(his["number"])
    mine = _a_case_of(capsys, demo_file, monkeypatch, "lixia", stage="service")
    wushe(capsys, demo_file, "cases", "hand-over", str(mine["number"]), "--to", "chenjun", "--reason", "调岗")
    sign_in_env(monkeypatch, "lixia")
    for shown, case, every in ((number, his, True), (str(mine["number"]), mine, False)):  # handed over: the paper
        expected = NOT_HERS.format(number=shown, worker="陈俊")
        for args in (("report", "case", "--case", shown, "--out", str(tmp_path / "c.pdf")), ("cases", "show", shown),
                     ("cases", "move", shown, "evaluate"),
                     ("cases", "follow-up-add", "--case", shown, "--due", TODAY.isoformat(), "--purpose", "回访")
                     )[:None if every else 1]:
            said = wushe(capsys, demo_file, *args, expect=2).strip()
            assert said == expected and str(case["client_name"]) not in said
    assert not (tmp_path / "c.pdf").exists()
    assert wushe(capsys, demo_file, "cases", "show", "个案-1999-0001", expect=2).strip() == \
        "Error: No case has the number 个案-1999-0001."  # a number no case has, as before


def test_a_year_finds_the_cases_numbered_in_it(demo_file: Path) -> None:
    db = as_user(open_database(demo_file), "lixia")
    try:
        last_year = TODAY.year - 1
        client = add_client(db, registered_on=date(last_year - 1, 1, 1), id_tail=str(TODAY.year))
        old = open_case(db, client, opened_on=date(last_year, 6, 1))
        with db.read() as session:
            def numbers(text: str) -> set[str]:
                return {c.number for c in cases.get_many(session, case_list.list_ids(session, CaseQuery(text=text)))}

            every = numbers("")
            assert numbers(str(last_year)) == {n for n in every if n.startswith(f"个案-{last_year}-")} >= {old.number}
            # this year's four digits are also the ID ending of the client of the old case
            assert numbers(str(TODAY.year)) == {n for n in every if n.startswith(f"个案-{TODAY.year}-")} | {old.number}
            assert numbers(old.number[-4:]) >= {old.number} and numbers(f"{last_year}-{old.number[-4:]}") == \
                {old.number}
            assert numbers("1999") == set()
    finally:
        db.close()


def test_minutes_and_a_bare_referral_say_what_to_write(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_env(monkeypatch, "lixia")
    volunteer = as_json(capsys, demo_file, "volunteers", "list")[0]
    assert wushe(capsys, demo_file, "volunteers", "record", str(volunteer["number"]), "--activity", "巡河", "--date",
                 TODAY.isoformat(), "--minutes", "90分钟", expect=2).strip() == \
        "Error: --minutes: Enter the duration in whole minutes, as in 90."
    db = as_user(open_database(demo_file), "lixia")
    try:
        case = open_case(db)
        for typed in ("90分钟", "1.5小时", "1.5"):
            refused = refusal(db, lambda session, typed=typed: case_service_records.add_service_record(
                session, case.id, RecordInput(TODAY, "home_visit", typed, "入户探访")))
            assert (refused.field, refused.message) == ("minutes", "Enter the duration in whole minutes, as in 90.")
        refused = refusal(db, lambda session: cases.move(session, case.id, "refer"))
        assert [(p.field, p.message) for p in refused.problems] == [  # type: ignore[attr-defined]
            ("reason", "Give the reason for this step."), ("receiver", "Name the body the client is referred to.")]
    finally:
        db.close()


def test_list_filters_take_labels(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_env(monkeypatch, "admin")
    for by_code, by_label in ((("clients", "list", "--group", "left_behind_child"),
                               ("clients", "list", "--group", "留守儿童")),
                              (("cases", "list", "--stage", "closed"), ("cases", "list", "--stage", "结案")),
                              (("cases", "list", "--stage", "ended"), ("cases", "list", "--stage", "Closed or referred out")),
                              (("cases", "list", "--risk", "high"), ("cases", "list", "--risk", "高")),
                              (("cases", "list", "--group", "dibao"), ("cases", "list", "--group", "低保"))):
        listed = as_json(capsys, demo_file, *by_code)
        assert listed and as_json(capsys, demo_file, *by_label) == listed
    error = usage_error(capsys, demo_file, "cases", "list", "--risk", "极高")
    assert "invalid choice: 极高" in error and "high (High (高))" in error and "low (Low (低))" in error


def test_a_referral_to_a_register_names_one_of_its_entries(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    mine = [_a_case_of(capsys, demo_file, monkeypatch, "lixia", stage=stage) for stage in ("intake", "service")]
    sign_in_env(monkeypatch, "lixia")
    first, second = (str(case["number"]) for case in mine)
    said = wushe(capsys, demo_file, "cases", "move", first, "refer", "--receiver", "不存在的组织",
                 "--receiver-kind", "social_org", "--reason", "需专业服务", expect=2).strip()
    assert said == ("Error: --receiver: “不存在的组织” is not in the register of social organisations: name one of "
                    "its entries, or refer to a body not registered as “Service or institution”.")
    said = wushe(capsys, demo_file, "cases", "move", first, "refer", "--receiver", "无名基金",
                 "--receiver-kind", "donor", "--reason", "需专业服务", expect=2)
    assert "not in the register of charity resources and donors" in said
    # the register's name in traditional characters, the kind by its label
    wushe(capsys, demo_file, "cases", "move", first, "refer", "--receiver", "龍泉村文藝宣傳隊",
          "--receiver-kind", "Social organisation", "--reason", "需专业服务")
    wushe(capsys, demo_file, "cases", "move", second, "refer", "--receiver", "不存在的组织",
          "--receiver-kind", "service", "--reason", "需专业服务")  # an unregistered body, as a service
    shown = wushe(capsys, demo_file, "cases", "show", first)
    assert "To 龙泉村文艺宣传队 (Social organisation): 需专业服务" in shown
    db = as_user(open_database(demo_file), "lixia")
    try:
        with db.read() as session:
            made = {case_id: target for case_id, target in session.execute(select(
                CaseReferral.case_id, CaseReferral.target_id).where(
                CaseReferral.case_id.in_([str(case["id"]) for case in mine])))}
            org = session.scalar(select(SocialOrg.id).where(SocialOrg.name == "龙泉村文艺宣传队"))
        assert org is not None and made == {mine[0]["id"]: org, mine[1]["id"]: None}
    finally:
        db.close()
