"""The register of community social organisations: rules, status history, filters, masking, and what a
proposal asks of the applicant (address, postcode, inspection, rating, profile)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.codes import ORG_STATUSES
from desktop.domain.credit_code import make_credit_code
from desktop.domain.pinyin import sort_key
from desktop.errors import ValidationError
from desktop.services import communities, orgs, signin
from desktop.services.demo import DEMO_ORGS
from desktop.services.orgs import OrgInput, OrgQuery, OrgView
from desktop.storage.database import Database
from desktop.storage.models import SocialOrg
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = open_copy(demo_template.path, tmp_path)
    signin.sign_in(db, "lixia", DEMO_PASSWORD)  # a caseworker keeps the registers
    yield db
    db.close()


def community_id(db: Database, name: str) -> str:
    with db.read() as session:
        return next(c.id for c in communities.list_all(session) if c.name == name)


def good(db: Database) -> OrgInput:
    return OrgInput("石桥村巾帼志愿服务队", community_id(db, "石桥村"), "service", "filed", leader="石秀英",
                    leader_phone="139 2301 4455", members="12", founded_on=date(2023, 3, 8))


def test_demo_register_is_listed_in_pinyin_order_with_community_names(demo: Database) -> None:
    with demo.read() as session:
        rows = orgs.list_all(session)
    assert {r.name for r in rows} == {o[0] for o in DEMO_ORGS}
    assert rows[0].name == "桂花村留守儿童关爱服务队"  # gui < he < long < qing < shi < shuang < xin
    assert rows[-1].name == "新华社区老年协会"
    assert {r.community for r in rows if r.name.startswith("青山社区")} == {"青山社区"}


def test_add_validates_and_records_the_first_status(demo: Database) -> None:
    with demo.write() as session:
        view = orgs.add(session, good(demo))
        assert (view.members, view.leader_phone) == (12, "13923014455")  # caseworkers may see contacts
        assert [(h.status, h.note != "") for h in orgs.history(session, view.id)] == [("filed", True)]


@pytest.mark.parametrize(("change", "field"), [
    ({"name": " "}, "name"),
    ({"category": "sports"}, "category"),
    ({"status": "registered"}, "credit_code"),  # registered without a code
    ({"status": "registered", "credit_code": "51500110MJP1234567"}, "credit_code"),  # wrong check character
    ({"leader_phone": "12345"}, "phone"),
    ({"members": "-3"}, "members"),
    ({"founded_on": date.today() + timedelta(days=1)}, "founded_on"),
    ({"community_id": "no-such-community"}, "community_id"),
    ({"federation_id": "no-such-org"}, "federation_id"),
    ({"postcode": "40142"}, "postcode"),
    ({"postcode": "4014200"}, "postcode"),
    ({"postcode": "40142a"}, "postcode"),
    ({"postcode": "４０１４２０"}, "postcode"),  # full-width digits: the import folds them, a typed field has none
    ({"inspection": "passed"}, "inspection"),
    ({"rating": "6A"}, "rating"),
    ({"address": "青" * 201}, "address"),
    ({"profile": "长" * 501}, "profile"),
])
def test_bad_input_is_refused_at_its_field(demo: Database, change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught, demo.write() as session:
        orgs.add(session, replace(good(demo), **change))
    assert caught.value.field == field
    with demo.read() as session:
        assert len(orgs.list_ids(session)) == len(DEMO_ORGS)


def test_what_a_proposal_asks_is_kept_and_can_be_cleared(demo: Database) -> None:
    profile = "石桥村巾帼志愿服务队成立于2023年。\n" + "长" * 480  # 500 characters, its line break kept
    assert len(profile) == orgs.PROFILE
    with demo.write() as session:
        view = orgs.add(session, replace(good(demo), address=" 清河县青山镇石桥村村民委员会 ", postcode=" 401420 ",
                                         inspection="basically_qualified", rating="none", profile=profile))
        assert (view.address, view.postcode, view.inspection, view.rating, view.profile) == (
            "清河县青山镇石桥村村民委员会", "401420", "basically_qualified", "none", profile)
        cleared = orgs.update(session, view.id, good(demo))
        assert (cleared.address, cleared.postcode, cleared.inspection, cleared.rating, cleared.profile) == ("",) * 5
        stored = session.get(SocialOrg, view.id)
        assert stored is not None and (stored.postcode, stored.rating) == ("", "")


def test_the_demo_registered_organisations_are_inspected_and_rated(demo: Database) -> None:
    with demo.read() as session:
        found = {o.name: o for o in orgs.list_all(session)}
    assert {name: (o.inspection, o.rating) for name, o in found.items() if o.status == "registered"} == {
        "青山镇社区社会组织联合会": ("qualified", "3A"), "新华社区老年协会": ("qualified", "4A")}
    assert all(o.address.startswith("清河县青山镇") and o.postcode == "401420" for o in found.values())
    assert all(len(o.profile) <= orgs.PROFILE for o in found.values())


def test_registration_keeps_a_history_and_validates_the_code(demo: Database) -> None:
    code = make_credit_code("51500110MJP777777")
    with demo.write() as session:
        view = orgs.add(session, good(demo))
        orgs.update(session, view.id, replace(good(demo), status="registered", credit_code=code.lower()),
                    status_note="民政局登记")
        assert orgs.get_many(session, [view.id])[0].credit_code == code
        assert [(h.status, h.note) for h in orgs.history(session, view.id)][1:] == [("registered", "民政局登记")]


def test_same_name_in_the_same_community_is_refused(demo: Database) -> None:
    with demo.write() as session:
        orgs.add(session, good(demo))
    with pytest.raises(ValidationError) as caught, demo.write() as session:
        orgs.add(session, good(demo))
    assert caught.value.field == "name"


def test_filters_search_and_tombstones(demo: Database) -> None:
    with demo.read() as session:
        assert len(orgs.list_ids(session, OrgQuery(status="registered"))) == 2
        assert len(orgs.list_ids(session, OrgQuery(category="charity"))) == 2
        assert len(orgs.list_ids(session, OrgQuery(text="青山社区"))) == 3
        by_initials = orgs.get_many(session, orgs.list_ids(session, OrgQuery(text="GCW")))  # 广场舞
        assert [o.name for o in by_initials] == [o.name for o in orgs.list_all(session, OrgQuery(text="广场舞"))]
        assert by_initials and orgs.list_ids(session, OrgQuery(text="guangchang")) == [o.id for o in by_initials]
        target = orgs.list_ids(session, OrgQuery(text="广场舞"))[0]
    with demo.write() as session:
        orgs.delete(session, target)
    with demo.read() as session:
        assert target not in orgs.list_ids(session)
        assert target in orgs.list_ids(session, OrgQuery(include_deleted=True))
        assert session.scalar(select(SocialOrg.deleted_at).where(SocialOrg.id == target)) is not None


def test_leader_phones_are_masked_for_finance_and_sealed_on_disk(demo: Database) -> None:
    signin.sign_in(demo, "wangfang", DEMO_PASSWORD)
    with demo.read() as session:
        phones = {o.leader_phone for o in orgs.list_all(session)}
        stored = session.scalars(select(SocialOrg.leader_phone_sealed)).all()
    assert all("****" in p for p in phones)
    assert all(b"1399623" not in (blob or b"") for blob in stored)


def test_restore_is_refused_while_a_live_namesake_exists(demo: Database) -> None:
    with demo.write() as session:
        first = orgs.add(session, good(demo))
        orgs.delete(session, first.id)
        orgs.add(session, good(demo))
    with pytest.raises(ValidationError) as caught, demo.write() as session:
        orgs.restore(session, first.id)
    assert caught.value.field == "name"


def test_sorted_in_sql_by_the_column_asked_for(demo: Database) -> None:
    with demo.read() as session:
        def listed(**order: object) -> list[OrgView]:
            return orgs.list_all(session, OrgQuery(**order))  # type: ignore[arg-type]

        assert [o.members for o in listed(order_by="members", descending=True)][:2] == [120, 46]
        by_status = listed(order_by="status")
        assert [o.status for o in by_status] == sorted((o.status for o in by_status), key=list(ORG_STATUSES).index)
        filed = [o.name for o in by_status if o.status == "filed"]
        assert filed == sorted(filed, key=sort_key)  # ties in pinyin order of the name
        by_community = [o.community for o in listed(order_by="community", descending=True)]
        assert by_community == sorted(by_community, key=sort_key, reverse=True)
        assert [o.name for o in listed(federations=True)] == ["青山镇社区社会组织联合会"]
