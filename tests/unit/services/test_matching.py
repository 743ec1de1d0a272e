"""供需对接: candidates ranked by category, community, free places and past success, and explained; a match
recorded, followed and closed moves its need; the projects list on the demo station."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop.domain.permissions import Role
from desktop.services import matching, needs, resources
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import Need
from matching_testing import OTHER, TODAY, VILLAGE, history, need, resource, township
from project_testing import acting
from wushe_testing import acting_as, refusal


@pytest.fixture
def ranked(initialized_db: Database) -> tuple[Database, str]:
    """Resources around an elderly-care need of 石桥村, and that need's id."""
    db = initialized_db
    ids = township(db)
    village, other = ids[VILLAGE], ids[OTHER]
    with db.write() as session:
        resource(session, "甲 同村不限名额", village)
        resource(session, "乙 全镇", None)
        resource(session, "丙 邻村", other)
        full = resource(session, "丁 同村已满", village, capacity=1)
        resource(session, "辛 同村两个名额", village, capacity=2)
        resource(session, "壬 同村下月才开始", village, available_from=TODAY + timedelta(days=10))
        history(session, other, resource(session, "戊 同村成功率高", village), "done", "done")
        history(session, other, resource(session, "己 同村成功率低", village), "failed", "failed", "done")
        resource(session, "庚 只管儿童", village, ("children",))
        resource(session, "癸 已暂停", village, status="paused")
        gone = resource(session, "子 已删除", village)
        resources.delete_resource(session, gone)
        matching.record_match(session, need(session, other, "占用丁的名额"), resource_id=full)
        wanted = need(session, village, "独居老人需要助餐", urgency="high")
    return db, wanted


def test_candidates_rank_by_community_then_places_then_success(ranked: tuple[Database, str]) -> None:
    db, wanted = ranked
    with db.read() as session:
        found = matching.candidates(session, wanted)
    # same village: more free places first, then the better record; township-wide, then the other village.
    # Left out: another category, paused, deleted.
    assert [(c.name, c.score) for c in found] == [
        ("戊 同村成功率高", 48), ("甲 同村不限名额", 47), ("己 同村成功率低", 47), ("辛 同村两个名额", 44),
        ("丁 同村已满", 38), ("壬 同村下月才开始", 38), ("乙 全镇", 32), ("丙 邻村", 17)]
    assert {c.kind for c in found} == {"resource"}


def test_candidates_are_explained(ranked: tuple[Database, str]) -> None:
    db, wanted = ranked
    with db.read() as session:
        found = {c.name: c for c in matching.candidates(session, wanted)}
    assert found["戊 同村成功率高"].reasons == ("Serves the category: Elderly care (养老)",
                                               "In the same village or community", "No limit on places",
                                               "2 of 2 past matches succeeded")
    assert found["己 同村成功率低"].reasons[-1] == "1 of 3 past matches succeeded"
    assert found["辛 同村两个名额"].reasons[2] == "2 places free"
    assert found["乙 全镇"].reasons[1] == "Serves the whole township"
    assert found["丙 邻村"].reasons[1] == "Based in another village or community: 双河村"
    assert found["丙 邻村"].reasons[-1] == "No closed matches yet"
    assert found["丁 同村已满"].warnings == ("No place free: its one place is taken by a match under way",)
    assert found["壬 同村下月才开始"].warnings[0].startswith("Available only from ")
    assert not found["甲 同村不限名额"].warnings


def test_a_match_moves_its_need_and_closing_the_last_failed_one_reopens_it(ranked: tuple[Database, str]) -> None:
    db, wanted = ranked
    with db.write() as session:
        first, second = (c.id for c in matching.candidates(session, wanted)[:2])
        one = matching.record_match(session, wanted, resource_id=first, reason="同村，名额充足")
        two = matching.record_match(session, wanted, resource_id=second)
        assert needs.need(session, wanted).status == "matched" and needs.need(session, wanted).matches == 2
        # a resource under way with the need is no candidate again
        assert first not in {c.id for c in matching.candidates(session, wanted)}
        matching.update_match(session, one, "已上门走访，约定每周二送餐")
        matching.close_match(session, one, "failed", "老人不愿接受")
        assert needs.need(session, wanted).status == "matched"
        matching.close_match(session, two, "failed", "志愿者人手不足")
        assert needs.need(session, wanted).status == "open"
        rows = matching.matches_of_need(session, wanted)
    assert {(m.target_name, m.status, m.follow_up) for m in rows} == {
        ("戊 同村成功率高", "failed", f"{TODAY.isoformat()} 周站长: 已上门走访，约定每周二送餐"),
        ("甲 同村不限名额", "failed", "")}
    assert {m.reason for m in rows} == {"同村，名额充足", ""}


def test_a_done_match_leaves_the_need_matched_until_it_is_closed(ranked: tuple[Database, str]) -> None:
    db, wanted = ranked
    with db.write() as session:
        best = matching.candidates(session, wanted)[0].id
        match = matching.record_match(session, wanted, resource_id=best)
        matching.close_match(session, match, "done", "每天送餐上门")
        assert needs.need(session, wanted).status == "matched"
        needs.close_need(session, wanted, "solved", "老人吃上了热饭")
    assert "need_id" == refusal(db, lambda s: matching.candidates(s, wanted)).field


def test_matching_refuses_what_it_cannot_follow(ranked: tuple[Database, str]) -> None:
    db, wanted = ranked
    with db.read() as session:
        paused = resources.list_resources(session, status="paused")[0].id
        best = matching.candidates(session, wanted)[0].id
    assert refusal(db, lambda s: matching.record_match(s, wanted)).field == "resource_id"
    assert refusal(db, lambda s: matching.record_match(s, wanted, resource_id=paused)).field == "resource_id"
    with db.write() as session:
        match = matching.record_match(session, wanted, resource_id=best)
    assert refusal(db, lambda s: matching.record_match(s, wanted, resource_id=best)).field == "resource_id"
    assert refusal(db, lambda s: matching.close_match(s, match, "done", " ")).field == "outcome"
    assert refusal(db, lambda s: matching.close_match(s, match, "maybe", "好")).field == "status"
    with db.write() as session:
        matching.close_match(session, match, "done", "好")
    assert refusal(db, lambda s: matching.update_match(s, match, "再回访")).field == "match_id"


def test_the_service_asked_for_outweighs_the_village_and_whom_it_is_for(demo: Database) -> None:
    # 心理疏导 of left-behind children: the 心理陪伴 of another community comes before the homework project of the
    # village itself, which shares only whom it is for (留守儿童); the project is still a candidate, explained.
    with acting(demo, "lixia"), demo.read() as session:
        wanted = session.scalar(select(Need.id).where(Need.title == "留守儿童需要心理疏导"))
        assert wanted is not None
        first, second = matching.candidates(session, wanted)[:2]
    assert (first.name, first.score) == ("周末课业辅导与心理陪伴", 61)
    assert first.reasons[1:3] == ("Offers what is asked: 心理", "Based in another village or community: 河滨社区")
    assert (second.kind, second.name.split(" ", 1)[1], second.score) == (
        "project", "桂花村“四点半课堂”留守儿童课业陪伴", 48)
    assert second.reasons[1:4] == ("For the same people: 留守儿童", "In the same village or community",
                                   "The project is running")


def test_closing_a_need_closes_its_matches_under_way(demo: Database) -> None:
    with acting(demo, "lixia"), demo.write() as session:
        [row] = needs.list_needs(session, search="困境儿童放学后无人看护")
        assert row.status == "matched" and row.matches == 1
        needs.close_need(session, row.id, "unsolvable", "家长外出务工，无人签署托管协议")
        # closed with the need: neither done nor failed, so no resource's past success counts it
        assert [(m.status, m.outcome) for m in matching.matches_of_need(session, row.id)] == [
            ("with_need", "家长外出务工，无人签署托管协议")]
        assert row.id not in {r.id for r in needs.list_needs(session, status="unclosed")}


def test_the_projects_list_has_the_needs_each_answers(demo: Database) -> None:
    with acting(demo, "zhaolei"), demo.read() as session:
        rows = matching.projects_list(session)
    by_name = {r.name: r for r in rows}
    assert [r.kind for r in rows] == ["micro_venture", "micro_venture", "service_project"]
    assert by_name["新华社区“幸福食堂”长者助餐服务"].needs == ("高龄老人午餐难以解决",)
    assert by_name["新华社区“幸福食堂”长者助餐服务"].communities == "新华社区"
    service = by_name["“银龄安康”居家养老上门服务"]
    assert (service.number, service.communities, service.needs) == ("", "Township-wide", ())
    # proposals not yet approved are not on the list
    assert not any("垃圾分类" in name for name in by_name)


def test_only_a_role_that_keeps_the_lists_records_a_match(ranked: tuple[Database, str]) -> None:
    db, wanted = ranked
    acting_as(db, "赵磊", Role.VIEWER)
    with db.read() as session:
        best = matching.candidates(session, wanted)[0].id  # a viewer may look
    with pytest.raises(PermissionDenied), db.write() as session:
        matching.record_match(session, wanted, resource_id=best)
    with db.read() as session:
        assert (needs.need(session, wanted).status, matching.matches_of_need(session, wanted)) == ("open", [])
