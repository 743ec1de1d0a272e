"""``wushe cases follow-ups|follow-up-add|follow-up-done|follow-up-cancel`` on the demo station, as its social
workers, the head and the roles that may not touch cases run them."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from desktop.services.demo_cases import DEMO_CASES
from wushe_testing import run_wushe

TODAY = date.today()
NOT_CASES = r"Error: As .+ you may not see clients and their own cases; it needs the role of .+\."  # a viewer's, finance's role


def follow_ups(db: Path, *args: str, user: str = "lixia") -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(run_wushe(db, "cases", "follow-ups", *args, "--json", user=user).stdout)
    return rows


def refused(db: Path, *args: str, user: str = "lixia") -> str:
    """The one line a refused command prints; it must exit 2 and print nothing else."""
    result = run_wushe(db, "cases", *args, user=user, check=False)
    assert result.returncode == 2 and result.stdout == "", result
    return result.stderr.strip()


def test_the_due_list_is_the_home_pages(demo_file: Path) -> None:
    due = follow_ups(demo_file)
    expected = [d for d in DEMO_CASES if d.worker == "lixia" and d.follow_up_in is not None and d.follow_up_in <= 0]
    assert len(due) == len(expected) and {f["worker_user_id"] for f in due} == {due[0]["worker_user_id"]}
    assert [f["overdue"] for f in due] == [str(f["due_on"]) < TODAY.isoformat() for f in due]
    assert any(f["overdue"] for f in due) and not all(f["overdue"] for f in due)
    table = run_wushe(demo_file, "cases", "follow-ups", user="lixia").stdout.splitlines()
    assert table[0].split() == ["Number", "Due", "on", "Case", "no.", "Client", "Purpose"]
    assert [line.split()[0] for line in table[1:]] == [str(f["id"])[-8:] for f in due]
    assert [line for line in table[1:] if "(overdue)" in line] == [
        line for line, f in zip(table[1:], due, strict=True) if f["overdue"]]
    theirs = follow_ups(demo_file, "--worker", "chenjun", user="admin")  # the head looks at anyone's
    assert theirs and {f["worker_user_id"] for f in theirs}.isdisjoint({f["worker_user_id"] for f in due})
    assert refused(demo_file, "follow-ups", "--worker", "chenjun").startswith("Error: You see the follow-ups of "
                                                                             "your own cases")  # not hers to see
    assert run_wushe(demo_file, "cases", "follow-ups", user="admin").stdout.strip() == \
        "No follow-up of your cases is due today."
    assert re.fullmatch(NOT_CASES, refused(demo_file, "follow-ups", user="zhaolei"))


def test_plan_do_and_call_off_follow_ups_of_a_case(demo_file: Path) -> None:
    number = str(follow_ups(demo_file)[0]["case_number"])
    planned = run_wushe(demo_file, "cases", "follow-up-add", "--case", number, "--due",
                        (TODAY + timedelta(days=3)).isoformat(), "--purpose", "电话回访", user="lixia").stdout
    handle = planned.split()[1]
    assert planned.strip() == f"Follow-up {handle} of case {number} is due on {TODAY + timedelta(days=3)}."
    listed = follow_ups(demo_file, "--case", number)
    new = next(f for f in listed if str(f["id"]).endswith(handle))
    assert (new["purpose"], new["done_on"]) == ("电话回访", None)
    assert handle not in run_wushe(demo_file, "cases", "follow-ups", "--case", number, "--due", user="lixia").stdout
    overdue = next(f for f in listed if f["overdue"])
    short = str(overdue["id"])[-8:]
    done = json.loads(run_wushe(demo_file, "cases", "follow-up-done", "--id", short, "--outcome", "情况稳定",
                                "--on", TODAY.isoformat(), "--json", user="lixia").stdout)
    assert (done["done_on"], done["outcome"], done["overdue"]) == (TODAY.isoformat(), "情况稳定", False)
    assert overdue["id"] not in {f["id"] for f in follow_ups(demo_file)}  # off the Home page's list
    assert refused(demo_file, "follow-up-done", "--id", short, "--outcome", "again") == \
        "Error: --id: This follow-up is already done."
    called_off = run_wushe(demo_file, "cases", "follow-up-cancel", "--id", str(new["id"]), "--reason", "服务对象搬走",
                           user="lixia").stdout
    assert called_off.strip() == f"Follow-up {handle} of case {number} is called off."
    assert refused(demo_file, "follow-up-cancel", "--id", handle, "--reason", "again") == \
        "Error: --id: This follow-up was cancelled."
    table = {line.split()[0]: line.split()[2:] for line in run_wushe(
        demo_file, "cases", "follow-ups", "--case", number, user="lixia").stdout.splitlines()}
    assert table[handle] == ["电话回访", "Cancelled", TODAY.isoformat(), "服务对象搬走"]
    assert table[short][-2:] == [TODAY.isoformat(), "情况稳定"]


def test_refusals_are_one_line(demo_file: Path) -> None:
    mine = follow_ups(demo_file)[0]
    theirs = follow_ups(demo_file, "--worker", "chenjun", user="admin")[0]
    number, tomorrow = str(mine["case_number"]), (TODAY + timedelta(days=1)).isoformat()
    assert refused(demo_file, "follow-up-add", "--case", number, "--due", "2026-13-01", "--purpose", "x").endswith(
        "argument --due: 2026-13-01 is not a date: write it as YYYY-MM-DD, like 2026-03-05.")
    assert refused(demo_file, "follow-up-add", "--case", number, "--due", (TODAY - timedelta(days=1)).isoformat(),
                   "--purpose", "x") == "Error: --due: The follow-up is due in the past."
    assert refused(demo_file, "follow-up-add", "--case", number, "--due", tomorrow, "--purpose", " ") == \
        "Error: --purpose: This field is required."
    assert refused(demo_file, "follow-up-add", "--case", "个案-1999-0001", "--due", tomorrow, "--purpose", "x") == \
        "Error: No case has the number 个案-1999-0001."
    assert refused(demo_file, "follow-up-add", "--case", str(theirs["case_number"]), "--due", tomorrow,
                   "--purpose", "x") == (f"Error: Case {theirs['case_number']} is 陈俊's, another "
                                         "social worker's: you may not open it. Ask the station head.")  # another's
    short = str(theirs["id"])[-8:]
    assert refused(demo_file, "follow-up-done", "--id", short, "--outcome", "x") == \
        f"Error: No follow-up has the number {short}."
    assert refused(demo_file, "follow-up-done", "--id", "nonsense", "--outcome", "x") == \
        "Error: No follow-up has the number nonsense."
    assert re.fullmatch(NOT_CASES, refused(demo_file, "follow-up-done", "--id", short, "--outcome", "x",
                                           user="zhaolei"))
    assert re.fullmatch(NOT_CASES, refused(demo_file, "follow-up-cancel", "--id", short, "--reason", "x",
                                           user="wangfang"))
    assert refused(demo_file, "follow-ups", "--case", number, "--worker", "chenjun") == \
        "Error: --worker: Give either a case or a worker, not both."
    done = json.loads(run_wushe(demo_file, "cases", "follow-up-done", "--id", short, "--outcome", "站长代访",
                                "--json").stdout)  # the head may
    assert done["outcome"] == "站长代访" and done["worker_user_id"] == theirs["worker_user_id"]
