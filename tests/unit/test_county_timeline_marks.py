"""A case received by a plain bundle, its narratives left out: the timeline marks them (未随数据包传来) on the
Opened line and elsewhere, never a blank that reads as "nothing recorded"; where they were written they read
as written."""

from __future__ import annotations

import pytest

from county_testing import own_work, sign_in_account
from desktop.i18n import set_locale
from desktop.services.case_timeline import timeline
from sync_testing import Node, a, c, send, trust

__all__ = ["a", "c"]  # the fixtures

MARK = "(not in the bundles received)"


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


def opened_line(node: Node, case_id: str) -> str:
    with node.db.read() as session:
        [line] = [event.summary for event in timeline(session, case_id) if event.kind == "opened"]
    return line


def test_the_opened_line_marks_a_problem_left_out(a: Node, c: Node) -> None:
    trust(c, a)
    trust(a, c)
    sign_in_account(a, "jia", "甲站站长")
    case = own_work(a, "石门村", "张秀英", "500110194803120027").case
    send(a, c, sensitive=False)
    assert opened_line(c, case) == f"Resident asked for help (居民求助): {MARK}"
    assert opened_line(a, case) == "Resident asked for help (居民求助): 独居老人，做饭困难"
    send(a, c)  # an encrypted bundle brings the problem, and the mark goes
    assert opened_line(c, case) == "Resident asked for help (居民求助): 独居老人，做饭困难"
