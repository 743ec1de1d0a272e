"""项目清单's "needs it answers": the needs whose matches are under way or done, and those closed with a match
still under way when the need was solved (the match closed with it, ``with_need``); not a match that did not
work, nor one closed with a need that could not be solved. On a hand-made township, and on the demo station's
micro-venture project."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from desktop.services import matching, needs, resources
from desktop.services.resources import ResourceInput
from desktop.storage.database import Database
from desktop.storage.models import Need, NeedMatch
from matching_testing import TODAY, VILLAGE, need, township
from project_testing import acting


def test_a_service_project_answers_the_needs_solved_with_its_match_under_way(initialized_db: Database) -> None:
    db = initialized_db
    village = township(db)[VILLAGE]
    with db.write() as session:
        service, _other = (resources.add_resource(session, ResourceInput(name, "service_project", ("elderly",),
                                                                         community_id=where))
                           for name, where in (("“银龄安康”上门服务", village), ("“邻里守望”探访", None)))
        ids = {}
        for n, title in enumerate(("甲 对接中", "乙 已完成", "丙 未成功", "丁 随需求解决", "戊 随需求无法解决")):
            ids[title] = need(session, village, title, days_ago=20)
            matching.record_match(session, ids[title], resource_id=service, on=TODAY - timedelta(days=15 - n))
        for title, status in (("乙 已完成", "done"), ("丙 未成功", "failed")):
            [match] = matching.matches_of_need(session, ids[title])
            matching.close_match(session, match.id, status, "已回访", on=TODAY - timedelta(days=5))
        needs.close_need(session, ids["丁 随需求解决"], "solved", "已送餐上门", on=TODAY - timedelta(days=3))
        needs.close_need(session, ids["戊 随需求无法解决"], "unsolvable", "老人搬去子女家", on=TODAY - timedelta(days=3))
        statuses = dict(session.execute(select(Need.title, NeedMatch.status).join(NeedMatch,
                                                                                  NeedMatch.need_id == Need.id)).all())
    assert statuses == {"甲 对接中": "active", "乙 已完成": "done", "丙 未成功": "failed",
                        "丁 随需求解决": "with_need", "戊 随需求无法解决": "with_need"}
    with db.read() as session:
        rows = {r.name: r for r in matching.projects_list(session)}
    assert rows["“银龄安康”上门服务"].needs == ("甲 对接中", "乙 已完成", "丁 随需求解决")  # in the order matched
    assert rows["“邻里守望”探访"].needs == ()
    # Reopened, the need was not solved after all: its match closed with it answers it no longer.
    with db.write() as session:
        needs.reopen_need(session, ids["丁 随需求解决"], "老人仍无人送餐")
    with db.read() as session:
        rows = {r.name: r for r in matching.projects_list(session)}
    assert rows["“银龄安康”上门服务"].needs == ("甲 对接中", "乙 已完成")


def test_a_micro_venture_project_keeps_the_need_solved_with_its_match(demo: Database) -> None:
    canteen, lunch = "新华社区“幸福食堂”长者助餐服务", "高龄老人午餐难以解决"
    with acting(demo, "lixia"), demo.write() as session:
        [row] = needs.list_needs(session, search=lunch)
        assert row.status == "matched" and row.matches == 1
        needs.close_need(session, row.id, "solved", "食堂每日送餐上门")
        assert [m.status for m in matching.matches_of_need(session, row.id)] == ["with_need"]
        by_name = {r.name: r for r in matching.projects_list(session)}
    assert by_name[canteen].kind == "micro_venture" and by_name[canteen].needs == (lunch,)
