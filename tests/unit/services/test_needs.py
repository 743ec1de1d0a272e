"""The needs list: input checked at its field, the list's order and filters, closing and reopening,
tombstones left out, unmatched needs per community, and a client's name only for roles that see clients."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.domain.permissions import Role
from desktop.services import matching, needs
from desktop.services.guard import PermissionDenied
from desktop.services.needs import NeedInput
from desktop.storage.database import Database
from matching_testing import OTHER, TODAY, VILLAGE, need, resource, township
from project_testing import acting
from wushe_testing import acting_as, refusal


@pytest.fixture
def places(initialized_db: Database) -> dict[str, str]:
    return township(initialized_db)


def test_a_need_is_checked_at_its_field(initialized_db: Database, places: dict[str, str]) -> None:
    db, village = initialized_db, places[VILLAGE]
    cases = {
        "title": NeedInput(village, "elderly", "  "),
        "category": NeedInput(village, "pets", "养狗"),
        "group_label": NeedInput(village, "children", "课后看护", holder="group"),
        "client_id": NeedInput(village, "children", "课后看护", holder="client"),
        "found_on": NeedInput(village, "elderly", "助餐", found_on=TODAY + timedelta(days=1)),
        "people": NeedInput(village, "elderly", "助餐", people=-1),
        "community_id": NeedInput("", "elderly", "助餐"),
    }
    for field, data in cases.items():
        assert refusal(db, lambda s, d=data: needs.add_need(s, d)).field == field  # type: ignore[misc]


def test_the_list_puts_the_most_urgent_and_longest_waiting_first(initialized_db: Database,
                                                                 places: dict[str, str]) -> None:
    db = initialized_db
    with db.write() as session:
        need(session, places[VILLAGE], "河沟垃圾", "environment", "low", days_ago=30)
        need(session, places[OTHER], "独居老人助餐", "elderly", "high", days_ago=5)
        need(session, places[VILLAGE], "留守儿童看护", "children", "high", days_ago=20, holder="group",
             group_label="留守儿童", people=14)
        need(session, places[VILLAGE], "广场舞场地", "culture", "medium", days_ago=3)
        rows = needs.list_needs(session)
        assert [r.title for r in rows] == ["留守儿童看护", "独居老人助餐", "广场舞场地", "河沟垃圾"]
        kids = rows[0]
        assert (kids.holder_label, kids.people, kids.status, kids.urgency_label, kids.community) == (
            "留守儿童", 14, "open", "Urgent (紧急)", VILLAGE)
        assert rows[1].holder_label == OTHER  # the whole community
        assert [r.title for r in needs.list_needs(session, community_id=places[OTHER])] == ["独居老人助餐"]
        assert [r.title for r in needs.list_needs(session, category="culture")] == ["广场舞场地"]
        assert [r.title for r in needs.list_needs(session, search="留守")] == ["留守儿童看护"]


def test_closed_needs_leave_the_unclosed_list_and_come_back_when_reopened(initialized_db: Database,
                                                                          places: dict[str, str]) -> None:
    db = initialized_db
    with db.write() as session:
        wanted = need(session, places[VILLAGE], "独居老人助餐")
        other = need(session, places[VILLAGE], "河沟垃圾", "environment")
        matching.record_match(session, other, resource_id=resource(session, "环保志愿队", None, ("environment",)))
        needs.close_need(session, wanted, "solved", "镇食堂每天送餐")
        assert [r.title for r in needs.list_needs(session, status="unclosed")] == ["河沟垃圾"]
        assert [r.title for r in needs.list_needs(session, status="solved")] == ["独居老人助餐"]
        closed = needs.need(session, wanted)
        assert (closed.outcome, closed.closed_on, closed.status_label) == ("镇食堂每天送餐", TODAY, "Solved (已解决)")
    assert refusal(db, lambda s: needs.close_need(s, wanted, "solved", "又解决了")).field == "status"
    assert refusal(db, lambda s: needs.update_need(s, wanted, NeedInput(places[VILLAGE], "elderly", "改"))
                   ).field == "need_id"
    assert refusal(db, lambda s: needs.close_need(s, other, "unsolvable", "")).field == "outcome"
    with db.write() as session:
        needs.reopen_need(session, wanted, "老人搬回家住，需要重新安排")
        again = needs.need(session, wanted)
    assert (again.status, again.closed_on) == ("open", None)
    assert again.outcome == "Reopened: 老人搬回家住，需要重新安排 (before: 镇食堂每天送餐)"


def test_a_deleted_need_is_left_out_and_a_matched_one_is_kept(initialized_db: Database,
                                                              places: dict[str, str]) -> None:
    db = initialized_db
    with db.write() as session:
        typo = need(session, places[VILLAGE], "录错的需求")
        matched = need(session, places[VILLAGE], "独居老人助餐")
        matching.record_match(session, matched, resource_id=resource(session, "助餐点", None))
        needs.delete_need(session, typo)
        assert [r.title for r in needs.list_needs(session)] == ["独居老人助餐"]
        assert needs.unmatched_by_community(session) == []
    assert refusal(db, lambda s: needs.delete_need(s, matched)).field == "need_id"
    assert refusal(db, lambda s: needs.need(s, typo)).field == "need_id"


def test_unmatched_needs_by_community_count_the_open_and_urgent(initialized_db: Database,
                                                                places: dict[str, str]) -> None:
    db = initialized_db
    with db.write() as session:
        need(session, places[VILLAGE], "河沟垃圾", "environment", "low")
        need(session, places[VILLAGE], "独居老人助餐", "elderly", "medium")
        need(session, places[OTHER], "留守儿童看护", "children", "high")
        matched = need(session, places[OTHER], "广场舞场地", "culture", "high")
        matching.record_match(session, matched, resource_id=resource(session, "小学操场", None, ("culture",)))
        needs.close_need(session, need(session, places[OTHER], "已解决的", "other", "high"), "solved", "好")
        assert needs.unmatched_by_community(session) == [(places[OTHER], OTHER, 1, 1), (places[VILLAGE], VILLAGE, 2, 0)]


def test_only_roles_that_see_clients_read_a_clients_name(demo: Database) -> None:
    title = "独居老人家中电线老化，需要安全检查"
    with acting(demo, "lixia"), demo.read() as session:
        assert needs.list_needs(session, search=title)[0].holder_label == "王桂英"
    for user in ("zhaolei", "wangfang"):
        with acting(demo, user), demo.read() as session:
            [row] = needs.list_needs(session, search=title)
            assert row.holder_label == "A client (hidden)"
            assert needs.need_input(session, row.id).client_id is None
            assert needs.list_needs(session, search="王桂英") == []


def test_a_viewer_may_read_but_not_add(initialized_db: Database, places: dict[str, str]) -> None:
    db = acting_as(initialized_db, "赵磊", Role.VIEWER)
    with pytest.raises(PermissionDenied), db.write() as session:
        needs.add_need(session, NeedInput(places[VILLAGE], "elderly", "独居老人助餐"))
    with db.read() as session:
        assert needs.list_needs(session) == []
