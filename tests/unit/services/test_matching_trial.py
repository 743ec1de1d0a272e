"""What a fresh-clone trial of 供需对接 found (issue 9): the ranking reads what a need is about; a match must
fit its resource (category, places, dates); closing a need does not count its open matches as done or failed;
follow-up notes keep their history; a resource's register link fits its kind."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.services import matching, needs, resources
from desktop.services.resources import ResourceInput
from desktop.storage.database import Database
from matching_testing import OTHER, TODAY, VILLAGE, history, need, resource, township
from wushe_testing import refusal


@pytest.fixture
def village(initialized_db: Database) -> tuple[Database, str, str]:
    ids = township(initialized_db)
    return initialized_db, ids[VILLAGE], ids[OTHER]


def test_a_meal_need_ranks_the_meal_services_above_unrelated_elderly_care(village: tuple[Database, str, str]) -> None:
    db, here, _other = village
    with db.write() as session:
        resource(session, "长者助餐送餐上门", here, capacity=1, capacity_note="送餐志愿者人手有限",
                 notes="行动不便的老人优先")
        resource(session, "幸福食堂", here, capacity=2, notes="为高龄、独居老人提供助餐")
        resource(session, "爱心超市生活物资", here, notes="低保、特困家庭凭积分兑换")
        resource(session, "独居老人用电安全检查", here, notes="更换老化插座、电线")
        history(session, here, resource(session, "家庭医生上门随访", here, notes="签约家庭医生上门随访"), "done")
        wanted = need(session, here, "高龄老人需要助餐服务")
        found = matching.candidates(session, wanted)
    assert {c.name for c in found[:2]} == {"长者助餐送餐上门", "幸福食堂"}
    assert {c.name for c in found[2:]} == {"爱心超市生活物资", "独居老人用电安全检查", "家庭医生上门随访"}
    by_name = {c.name: c for c in found}
    assert "Offers what is asked: 助餐" in by_name["长者助餐送餐上门"].reasons
    assert {"Offers what is asked: 助餐", "For the same people: 高龄"} <= set(by_name["幸福食堂"].reasons)
    assert not any(r.startswith(("Offers", "For the")) for r in by_name["独居老人用电安全检查"].reasons)  # 老人 says nothing


def test_a_match_must_fit_the_resource(village: tuple[Database, str, str]) -> None:
    db, here, other = village
    with db.write() as session:
        children = resource(session, "课业辅导", here, ("children",))
        full = resource(session, "助餐点", here, capacity=1)
        ended = resource(session, "去年的慰问金", here, available_from=TODAY - timedelta(days=90),
                         available_until=TODAY - timedelta(days=1))
        matching.record_match(session, need(session, other, "占用名额"), resource_id=full)
        wanted = need(session, here, "独居老人需要助餐")
        offered = {c.name: c for c in matching.candidates(session, wanted)}
        listed = {r.name: r for r in resources.list_resources(session)}
    assert offered["助餐点"].full and "去年的慰问金" not in offered
    assert (listed["去年的慰问金"].status_label, listed["去年的慰问金"].available_until) == (
        "Expired (已过期)", TODAY - timedelta(days=1))
    assert "category" in refusal(db, lambda s: matching.record_match(s, wanted, resource_id=children)).message
    assert "full" in refusal(db, lambda s: matching.record_match(s, wanted, resource_id=full)).message
    assert refusal(db, lambda s: matching.record_match(s, wanted, resource_id=ended)).field == "resource_id"
    with db.write() as session:
        matching.record_match(session, wanted, resource_id=full, allow_over_capacity=True)
        assert resources.resource(session, full).in_use == 2


def test_closing_a_need_closes_its_matches_without_counting_them(village: tuple[Database, str, str]) -> None:
    db, here, _other = village
    with db.write() as session:
        meal = resource(session, "助餐点", here)
        solved, failed = need(session, here, "甲"), need(session, here, "乙")
        matching.record_match(session, solved, resource_id=meal)
        matching.close_match(session, matching.record_match(session, failed, resource_id=meal), "failed", "没送到")
        needs.close_need(session, solved, "solved", "家属接回照顾")
        assert [m.status_label for m in matching.matches_of_need(session, solved)] == [
            "Closed with the need (随需求关闭)"]
        [offered] = matching.candidates(session, need(session, here, "丙"))
    assert "0 of 1 past matches succeeded" in offered.reasons


def test_follow_up_notes_keep_their_history(village: tuple[Database, str, str]) -> None:
    db, here, _other = village
    with db.write() as session:
        match = matching.record_match(session, need(session, here, "独居老人需要助餐"),
                                      resource_id=resource(session, "助餐点", here))
        matching.update_match(session, match, "约定每周二送餐", on=TODAY - timedelta(days=3))
        matching.update_match(session, match, "已送两次，老人满意")
        [row] = matching.matches_of_need(session, needs.list_needs(session)[0].id)
    assert row.follow_up.splitlines() == [f"{(TODAY - timedelta(days=3)).isoformat()} 周站长: 约定每周二送餐",
                                          f"{TODAY.isoformat()} 周站长: 已送两次，老人满意"]
    assert refusal(db, lambda s: matching.update_match(s, match, "  ")).field == "follow_up"


def test_a_register_link_fits_the_resource_kind(village: tuple[Database, str, str]) -> None:
    db, here, _other = village
    volunteer_of_org = ResourceInput("调解", "org", ("mediation",), volunteer_id="x", community_id=here)
    assert refusal(db, lambda s: resources.add_resource(s, volunteer_of_org)).field == "volunteer_id"
    with db.write() as session:
        kept = resource(session, "助餐点", here)
        resources.set_status(session, kept, "paused")
        assert resources.resource(session, kept).status_label == "Paused (暂停)"
