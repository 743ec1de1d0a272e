"""The resources list: input checked at its field, the provider named from a register, filters, places
in use, and a resource under way refused deletion."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services import matching, resources
from desktop.services.resources import ResourceInput
from desktop.storage.database import Database
from matching_testing import OTHER, VILLAGE, need, resource, township
from project_testing import acting
from wushe_testing import refusal


@pytest.fixture
def places(initialized_db: Database) -> dict[str, str]:
    return township(initialized_db)


def test_a_resource_is_checked_at_its_field(initialized_db: Database, places: dict[str, str]) -> None:
    db = initialized_db
    cases = {
        "name": ResourceInput(" ", "venue", ("culture",)),
        "kind": ResourceInput("村文化室", "castle", ("culture",)),
        "categories": ResourceInput("村文化室", "venue", ()),
        "capacity": ResourceInput("村文化室", "venue", ("culture",), capacity=0),
        "available_until": ResourceInput("村文化室", "venue", ("culture",), available_from=date(2026, 5, 1),
                                         available_until=date(2026, 4, 1)),
        "org_id": ResourceInput("村文化室", "venue", ("culture",), donor_id="x", org_id="y"),
        "donor_id": ResourceInput("村文化室", "venue", ("culture",), donor_id="nobody"),
        "status": ResourceInput("村文化室", "venue", ("culture",), status="lost"),
    }
    for field, data in cases.items():
        assert refusal(db, lambda s, d=data: resources.add_resource(s, d)).field == field  # type: ignore[misc]


def test_the_list_names_the_provider_and_filters(initialized_db: Database, places: dict[str, str]) -> None:
    db = initialized_db
    with db.write() as session:
        resources.add_resource(session, ResourceInput(
            "重阳敬老慰问金", "donor", ("assistance", "elderly"), provider_name="清河农商银行青山支行", capacity=3,
            availability="重阳节前后"))
        resources.add_resource(session, ResourceInput(
            "就业技能培训", "department", ("employment",), provider_name="镇社保所", community_id=places[OTHER]))
        rows = resources.list_resources(session)
        assert [r.name for r in rows] == ["重阳敬老慰问金", "就业技能培训"]  # pinyin order: chong < jiu
        gift, jobs = rows
        assert (gift.provider, gift.community, gift.categories, gift.categories_label, gift.capacity) == (
            "清河农商银行青山支行", "Township-wide", ("elderly", "assistance"),
            "Elderly care (养老), Social assistance (社会救助)", 3)
        assert (jobs.provider, jobs.community) == ("镇社保所", OTHER)
        assert [r.name for r in resources.list_resources(session, category="assistance")] == ["重阳敬老慰问金"]
        assert [r.name for r in resources.list_resources(session, kind="department")] == ["就业技能培训"]
        assert [r.name for r in resources.list_resources(session, community_id=places[OTHER])] == ["就业技能培训"]
        assert [r.name for r in resources.list_resources(session, search="cyjn")] == []
        assert [r.name for r in resources.list_resources(session, search="jyjn")] == ["就业技能培训"]
        assert [r.name for r in resources.list_resources(session, search="重阳")] == ["重阳敬老慰问金"]


def test_places_in_use_and_deleting_a_resource_under_way(initialized_db: Database, places: dict[str, str]) -> None:
    db = initialized_db
    with db.write() as session:
        meals = resource(session, "长者助餐点", places[VILLAGE], capacity=2)
        match = matching.record_match(session, need(session, places[VILLAGE], "独居老人助餐"), resource_id=meals)
        assert resources.resource(session, meals).in_use == 1
        data = resources.resource_input(session, meals)
        data.capacity_note = "每天 20 份"
        resources.update_resource(session, meals, data)
        assert resources.resource(session, meals).capacity_note == "每天 20 份"
    assert refusal(db, lambda s: resources.delete_resource(s, meals)).field == "resource_id"
    with db.write() as session:
        matching.close_match(session, match, "done", "每天送餐")
        assert resources.resource(session, meals).in_use == 0
        assert [m.status for m in matching.matches_of_resource(session, meals)] == ["done"]
        resources.delete_resource(session, meals)
        assert resources.list_resources(session) == []


def test_a_provider_from_a_register_is_named_as_the_register_names_it(demo: Database) -> None:
    with acting(demo, "zhaolei"), demo.read() as session:
        [row] = resources.list_resources(session, search="重阳敬老")
        data = resources.resource_input(session, row.id)
    assert (row.provider, data.provider_name, bool(data.donor_id)) == ("清河农商银行青山支行", "", True)
