"""What a second fresh-clone trial of 对接 found (issue 9): the service asked for weighs above whom it is for
and where it is; a resource offered only in a season that is not now, or already tried on this need without
success, ranks down and says why."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.services import matching
from desktop.storage.database import Database
from desktop.storage.models import Need
from matching_testing import OTHER, VILLAGE, need, resource, township
from project_testing import acting


@pytest.fixture
def village(initialized_db: Database) -> tuple[Database, str, str]:
    ids = township(initialized_db)
    return initialized_db, ids[VILLAGE], ids[OTHER]


def test_a_meal_need_of_the_demo_ranks_the_meal_services_above_the_festival_gift(demo: Database) -> None:
    # 白云村 has no resource of its own: the meal project and the meal service of 新华社区 come first (the service
    # full, and saying so); the township's 重阳 gift shares only 高龄, whom the need is for.
    with acting(demo, "lixia"), demo.read() as session:
        wanted = session.scalar(select(Need.id).where(Need.title == "高龄老人需要助餐服务"))
        assert wanted is not None
        found = matching.candidates(session, wanted)
    names = [c.name for c in found]
    assert names[:2] == ["创投-2026-0001 新华社区“幸福食堂”长者助餐服务", "长者助餐送餐上门"]
    project, meal = found[:2]
    assert (project.score, meal.score) == (62, 53)
    assert project.reasons[1] == "Offers what is asked: 助餐服务" and meal.reasons[1] == "Offers what is asked: 助餐"
    assert meal.warnings == ("No place free: its one place is taken by a match under way",)
    gift = found[names.index("重阳敬老慰问资金")]
    assert gift.score < 40 and "For the same people: 高龄" in gift.reasons


def test_a_season_that_is_not_now_ranks_a_resource_down_and_says_so(village: tuple[Database, str, str]) -> None:
    db, here, _other = village
    with db.write() as session:
        resource(session, "重阳敬老慰问资金", None, capacity=3, notes="用于高龄、独居老人节日慰问",
                 availability="重阳节前后")
        resource(session, "爱心超市生活物资", None, availability="每月 5 日前申领")
        wanted = need(session, here, "高龄老人需要慰问")
    with db.read() as session:
        december = {c.name: c for c in matching.candidates(session, wanted, today=date(2026, 12, 2))}
        october = {c.name: c for c in matching.candidates(session, wanted, today=date(2026, 10, 16))}
    gift = december["重阳敬老慰问资金"]
    assert gift.warnings == ("Not available now: it is offered 重阳节前后",)
    assert "3 places free" not in gift.reasons and gift.score < december["爱心超市生活物资"].score
    # around the festival it has its places, and the shared words put it first
    assert october["重阳敬老慰问资金"].warnings == () and "3 places free" in october["重阳敬老慰问资金"].reasons
    assert october["重阳敬老慰问资金"].score > october["爱心超市生活物资"].score


def test_a_resource_that_failed_this_need_ranks_below_an_untried_one(village: tuple[Database, str, str]) -> None:
    db, here, other = village
    with db.write() as session:
        tried = resource(session, "长者助餐点", here)
        resource(session, "幸福食堂助餐", other)
        wanted = need(session, here, "独居老人需要助餐")
        match = matching.record_match(session, wanted, resource_id=tried)
        matching.close_match(session, match, "failed", "老人不愿接受")
        first, second = matching.candidates(session, wanted)
    assert (first.name, first.score, first.warnings) == ("幸福食堂助餐", 62, ())
    # it would lead with 91 (same village, same service); the failure here takes 50 off and is the first warning
    assert (second.name, second.score) == ("长者助餐点", 41)
    assert second.warnings == ("This need was already matched with this resource without success: 老人不愿接受",)
    assert "0 of 1 past matches succeeded" in second.reasons
