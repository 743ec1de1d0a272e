"""A service record (and a follow-up) received by a plain bundle, its content and next step left out, reads
"(not in the bundles received)" at the county, as a client's withheld fields do, on its tab and in the case's
history, never an empty text (issue 8 trial #7); an encrypted bundle later fills it in (0029 lets that fill through the
append-only guard) and the mark goes. Where it was written it reads as written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from county_testing import own_work, sign_in_account
from desktop.i18n import set_locale
from desktop.services import case_followups, case_service_records
from desktop.services.case_service_records import RecordInput
from desktop.services.case_timeline import timeline
from sync_testing import Node, a, c, send, trust

__all__ = ["a", "c"]  # the fixtures

MARK = "(not in the bundles received)"


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


def shown(node: Node, case_id: str) -> tuple[str, str, str]:
    """The record's content and next step on its tab, and its line in the case's history."""
    with node.db.read() as session:
        [record] = case_service_records.service_records(session, case_id)
        [line] = [event.summary for event in timeline(session, case_id) if event.row_id == record.id]
    return record.content, record.next_step, line


def test_a_service_record_left_out_reads_as_withheld(a: Node, c: Node) -> None:
    trust(c, a)
    trust(a, c)
    sign_in_account(a, "jia", "甲站站长")
    case = own_work(a, "石门村", "张秀英", "500110194803120027").case
    with a.db.write() as session:
        case_service_records.add_service_record(session, case, RecordInput(date.today(), "home_visit", 40,
                                                                           "入户了解饮食情况", next_step="联系助餐点"))
        case_followups.add_follow_up(session, case, date.today(), "电话回访")
    send(a, c, sensitive=False)
    content, next_step, line = shown(c, case)
    assert content == next_step == MARK and MARK in line
    with c.db.read() as session:  # a follow-up's purpose too
        assert [f.purpose for f in case_followups.follow_ups(session, case)] == [MARK]
    assert shown(a, case)[:2] == ("入户了解饮食情况", "联系助餐点")

    # The append-only guard still refuses any other change of the withheld row.
    with c.db.write() as session, pytest.raises(Exception, match="append-only"):
        session.execute(text("UPDATE case_service_record SET minutes = 41"))

    send(a, c)  # the encrypted bundle carries the text: filled in once, the mark goes
    content, next_step, line = shown(c, case)
    assert (content, next_step) == ("入户了解饮食情况", "联系助餐点") and MARK not in line
    with c.db.read() as session:
        assert [f.purpose for f in case_followups.follow_ups(session, case)] == ["电话回访"]
