"""The register of charity resources: offers, credit codes, duplicates, masking of contacts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.domain.credit_code import make_credit_code
from desktop.services import donors, signin
from desktop.services.demo_people import DEMO_DONORS
from desktop.services.donors import DonorInput, DonorQuery, DonorView
from desktop.storage.database import Database
from desktop.storage.models import Donor
from wushe_testing import DEMO_PASSWORD, community_ids, refusal

CODE = make_credit_code("91500110MA5W2K8N3")


@pytest.fixture
def db(demo: Database) -> Database:
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)  # a caseworker keeps the registers
    return demo


def good(db: Database) -> DonorInput:
    return DonorInput("青山镇顺达物流有限公司", "enterprise", ("venue", "goods", "venue"), community_ids(db)["石桥村"],
                      CODE.lower(), "孙建华", "135 0834 2291", "石桥村物流园 2 号库", "仓库可临时存放救灾物资",
                      date(2025, 4, 18))


def named(db: Database, name: str) -> DonorView:
    with db.read() as session:
        return next(d for d in donors.list_all(session, DonorQuery(include_deleted=True)) if d.name == name)


def test_demo_register_is_listed_with_offers_and_communities(db: Database) -> None:
    with db.read() as session:
        rows = donors.list_all(session)
    assert {r.name for r in rows} == {d[0] for d in DEMO_DONORS}
    assert {r.kind for r in rows} == {"enterprise", "unit", "individual", "foundation", "other"}
    bank = next(r for r in rows if r.name == "清河农商银行青山支行")
    assert (bank.offers, bank.community, bank.address) == (("money", "venue"), "青山社区", "青山镇人民路 26 号")


def test_add_normalises_the_input_and_stores_offers_in_code_order(db: Database) -> None:
    with db.write() as session:
        view = donors.add(session, good(db))
        stored = session.scalar(select(Donor.offers).where(Donor.id == view.id))
    assert (view.credit_code, view.phone, view.offers, view.community) == (
        CODE, "13508342291", ("goods", "venue"), "石桥村")
    assert stored == ",goods,venue,"


@pytest.mark.parametrize(("change", "field"), [
    ({"name": ""}, "name"),
    ({"kind": "government"}, "kind"),
    ({"offers": ("money", "blood")}, "offers"),
    ({"credit_code": "91500110MA5W2K8N30"}, "credit_code"),  # wrong check character
    ({"kind": "individual"}, "credit_code"),  # a person has none
    ({"community_id": "no-such-community"}, "community_id"),
    ({"phone": "023-4861"}, "phone"),
    ({"address": "长" * 201}, "address"),
    ({"first_contact_on": date.today() + timedelta(days=1)}, "first_contact_on"),
])
def test_bad_input_is_refused_at_its_field(db: Database, change: dict[str, object], field: str) -> None:
    assert refusal(db, lambda session: donors.add(session, replace(good(db), **change))).field == field
    with db.read() as session:
        assert len(donors.list_ids(session, DonorQuery(include_deleted=True))) == len(DEMO_DONORS)


def test_an_individual_or_a_donor_anywhere_needs_no_code_and_no_community(db: Database) -> None:
    with db.write() as session:
        view = donors.add(session, DonorInput("孙建华", "individual", ("money",)))
    assert (view.credit_code, view.community_id, view.community, view.phone) == ("", None, "", "")


def test_same_name_and_kind_or_the_same_credit_code_is_a_duplicate(db: Database) -> None:
    with db.write() as session:
        donors.add(session, good(db))
        donors.add(session, replace(good(db), kind="other", credit_code=""))  # a namesake of another kind
    for change, field in (({"credit_code": ""}, "name"), ({"name": "顺达物流青山分公司"}, "credit_code")):
        duplicate = replace(good(db), **change)  # type: ignore[arg-type]
        assert refusal(db, lambda session: donors.add(session, duplicate)).field == field


def test_restore_is_refused_while_a_live_namesake_exists(db: Database) -> None:
    bank = named(db, "清河农商银行青山支行")
    with db.write() as session:
        donors.delete(session, bank.id)
        donors.add(session, replace(bank.as_input(), credit_code=""))
    assert refusal(db, lambda session: donors.restore(session, bank.id)).field == "name"
    assert refusal(db, lambda session: donors.update(session, bank.id, bank.as_input())).field == "name"  # deleted


def test_filters_order_and_pinyin_search(db: Database) -> None:
    ids = community_ids(db)
    with db.read() as session:
        def names(**query: object) -> set[str]:
            return {d.name for d in donors.list_all(session, DonorQuery(**query))}  # type: ignore[arg-type]

        assert names(offer="venue") == {"清河农商银行青山支行", "青山镇卫生院", "青山镇中心小学"}
        assert names(kind="individual") == {"周德明", "谭秀兰"}
        assert names(community_id=ids["新华社区"]) == {"青山镇好又多超市", "青山镇中心小学"}
        assert names(text="qhxcsh") == names(text="慈善会") == {"清河县慈善会"}
        assert names(text="zdm") == {"周德明"}
        kinds = [d.kind for d in donors.list_all(session, DonorQuery(order_by="kind", descending=True))]
    assert kinds == sorted(kinds, key=["enterprise", "unit", "individual", "foundation", "other"].index, reverse=True)


def test_editing_replaces_the_offers(db: Database) -> None:
    school = named(db, "青山镇中心小学")
    with db.write() as session:
        donors.update(session, school.id, replace(school.as_input(), offers=("professional",)))
    with db.read() as session:
        assert school.id not in donors.list_ids(session, DonorQuery(offer="venue"))
        assert school.id in donors.list_ids(session, DonorQuery(offer="professional"))


def test_contacts_are_masked_for_finance_and_sealed_on_disk(db: Database) -> None:
    signin.sign_in(db, "wangfang", DEMO_PASSWORD)
    with db.read() as session:
        rows = donors.list_all(session)
        stored = session.execute(select(Donor.phone_sealed, Donor.address_sealed)).all()
    assert all(r.phone[3:7] == "****" and r.address.endswith("****") for r in rows)
    bank = next(r for r in rows if r.name == "清河农商银行青山支行")
    assert bank.address == "青山镇****"
    clear = {value.encode() for *_, phone, address, _o, _f in DEMO_DONORS for value in (phone, address)}
    assert all(blob and not any(value in blob for value in clear) for row in stored for blob in row)
