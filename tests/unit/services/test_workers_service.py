"""The register of social workers: certificate rules, duplicates, linked accounts, coverage, masking."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.services import accounts, signin, workers
from desktop.services.demo_people import DEMO_WORKERS
from desktop.services.guard import PermissionDenied
from desktop.services.workers import WorkerInput, WorkerQuery, WorkerView
from desktop.storage.database import Database
from desktop.storage.models import SocialWorker, SocialWorkerCoverage
from wushe_testing import DEMO_PASSWORD, community_ids, refusal


@pytest.fixture
def db(demo: Database) -> Database:
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)  # a caseworker keeps the registers
    return demo


def good(db: Database, *covered: str) -> WorkerInput:
    ids = community_ids(db)
    return WorkerInput("杨柳", "station", "full_time", "assistant", "2024 5001 1001 2345", "2024",
                       "青山镇社会工作服务站", "female", "139 2301 7788", tuple(ids[c] for c in covered or ["石桥村"]),
                       joined_on=date(2024, 8, 1))


def named(db: Database, name: str) -> WorkerView:
    with db.read() as session:
        return next(w for w in workers.list_all(session, WorkerQuery(include_deleted=True)) if w.name == name)


def user_id(db: Database, username: str) -> str:
    with db.read() as session:
        return next(u.id for u in accounts.list_users(session) if u.username == username)


def test_demo_register_links_the_caseworkers_and_lists_coverage_in_pinyin_order(db: Database) -> None:
    with db.read() as session:
        rows = workers.list_all(session)
    assert {r.name for r in rows} == {w[0] for w in DEMO_WORKERS}
    assert {r.username: r.name for r in rows if r.username} == {"lixia": "李霞", "chenjun": "陈俊"}
    lixia = next(r for r in rows if r.name == "李霞")
    assert lixia.communities == ("河滨社区", "青山社区", "新华社区")  # he < qing < xin
    assert (lixia.cert_level, lixia.cert_year, lixia.phone) == ("intermediate", 2019, "13983451276")


def test_add_normalises_the_input(db: Database) -> None:
    with db.write() as session:
        view = workers.add(session, good(db, "石桥村", "双河村", "石桥村"))
    assert (view.cert_number, view.cert_year, view.phone) == ("2024500110012345", 2024, "13923017788")
    assert view.communities == ("石桥村", "双河村")


THIS_YEAR = date.today().year


@pytest.mark.parametrize(("change", "field"), [
    ({"name": " "}, "name"),
    ({"employer_kind": "school"}, "employer_kind"),
    ({"employer_kind": "agency", "employer_name": ""}, "employer_name"),
    ({"employment": "seasonal"}, "employment"),
    ({"gender": "x"}, "gender"),
    ({"cert_level": "expert"}, "cert_level"),
    ({"cert_number": ""}, "cert_number"),
    ({"cert_number": "证书-2024"}, "cert_number"),
    ({"cert_number": "9" * 33}, "cert_number"),
    ({"cert_year": None}, "cert_year"),
    ({"cert_year": "2007"}, "cert_year"),  # before the first national exam
    ({"cert_year": THIS_YEAR + 1}, "cert_year"),
    ({"cert_year": "二〇二四"}, "cert_year"),
    ({"cert_level": "none"}, "cert_level"),  # a number and a year without a level
    ({"phone": "12345"}, "phone"),
    ({"community_ids": ("no-such-community",)}, "community_ids"),
    ({"user_id": "no-such-user"}, "user_id"),
    ({"status": "retired"}, "status"),
    ({"joined_on": date.today() + timedelta(days=1)}, "joined_on"),
])
def test_bad_input_is_refused_at_its_field(db: Database, change: dict[str, object], field: str) -> None:
    assert refusal(db, lambda session: workers.add(session, replace(good(db), **change))).field == field
    with db.read() as session:
        assert len(workers.list_ids(session, WorkerQuery(include_deleted=True))) == len(DEMO_WORKERS)


def test_a_worker_without_a_certificate_needs_no_number(db: Database) -> None:
    with db.write() as session:
        view = workers.add(session, replace(good(db), cert_level="none", cert_number="", cert_year="",
                                            employer_kind="community", employment="part_time"))
    assert (view.cert_level, view.cert_number, view.cert_year) == ("none", "", None)


def test_a_certificate_number_belongs_to_one_live_worker(db: Database) -> None:
    lixia = named(db, "李霞")
    taken = replace(good(db), cert_number=lixia.cert_number.lower())
    refused = refusal(db, lambda session: workers.add(session, taken))
    assert refused.field == "cert_number" and "李霞" in refused.message
    with db.write() as session:
        workers.delete(session, lixia.id)
        workers.add(session, taken)  # the holder left the register
    assert refusal(db, lambda session: workers.restore(session, lixia.id)).field == "cert_number"


def test_an_account_links_to_one_live_worker_and_must_be_enabled_when_linked(db: Database) -> None:
    chenjun, zhaolei, wangfang = (user_id(db, name) for name in ("chenjun", "zhaolei", "wangfang"))
    refused = refusal(db, lambda session: workers.add(session, replace(good(db), user_id=chenjun)))
    assert refused.field == "user_id" and "陈俊" in refused.message
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    with db.write() as session:
        accounts.set_disabled(session, zhaolei, True)
    assert refusal(db, lambda session: workers.add(session, replace(good(db), user_id=zhaolei))).field == "user_id"
    with db.write() as session:
        view = workers.add(session, replace(good(db), user_id=wangfang))
        accounts.set_disabled(session, wangfang, True)  # she left: her record can still be edited
        assert workers.update(session, view.id, replace(view.as_input(), status="left")).username == "wangfang"


def test_coverage_changes_tombstone_and_revive_rows(db: Database) -> None:
    with db.write() as session:
        view = workers.add(session, good(db, "石桥村", "双河村"))
        moved = good(db, "双河村", "桂花村").community_ids
        workers.update(session, view.id, replace(view.as_input(), community_ids=moved))
    ids = community_ids(db)

    def rows() -> dict[str, bool]:
        with db.read() as session:
            found = session.scalars(select(SocialWorkerCoverage).where(SocialWorkerCoverage.worker_id == view.id))
            return {r.community_id: r.deleted_at is None for r in found}

    assert rows() == {ids["石桥村"]: False, ids["双河村"]: True, ids["桂花村"]: True}
    with db.read() as session:
        assert view.id not in workers.list_ids(session, WorkerQuery(community_id=ids["石桥村"]))
        assert view.id in workers.list_ids(session, WorkerQuery(community_id=ids["桂花村"]))
    with db.write() as session:
        again = workers.update(session, view.id, replace(view.as_input(), community_ids=(ids["石桥村"],)))
    assert again.communities == ("石桥村",)
    assert rows() == {ids["石桥村"]: True, ids["双河村"]: False, ids["桂花村"]: False}  # the old row, revived


def test_filters_and_pinyin_search(db: Database) -> None:
    with db.read() as session:
        def names(**query: object) -> set[str]:
            return {w.name for w in workers.list_all(session, WorkerQuery(**query))}  # type: ignore[arg-type]

        assert names(cert_level="none") == {"唐桂英", "曾德华"}
        assert names(employer_kind="agency") == {"刘思琪", "张文斌"}
        assert names(status="left") == {"王建"}
        assert names(text="lsq") == names(text="刘思") == names(text="liusiqi") == {"刘思琪"}
        assert names(text="zdh") == {"曾德华"}  # 曾 read as a surname, zēng
        levels = [w.cert_level for w in workers.list_all(session, WorkerQuery(order_by="cert_level"))]
    assert levels == sorted(levels, key=["assistant", "intermediate", "senior", "none"].index)


def test_delete_is_a_tombstone_and_edits_wait_for_a_restore(db: Database) -> None:
    view = named(db, "王建")
    with db.write() as session:
        workers.delete(session, view.id)
    with db.read() as session:
        assert view.id not in workers.list_ids(session)
        assert session.scalar(select(SocialWorker.deleted_at).where(SocialWorker.id == view.id)) is not None
    assert refusal(db, lambda session: workers.update(session, view.id, view.as_input())).field == "name"
    with db.write() as session:
        assert not workers.restore(session, view.id).deleted


@pytest.mark.parametrize("username", ["wangfang", "zhaolei"])
def test_phones_are_masked_for_finance_and_viewers_who_may_not_edit(db: Database, username: str) -> None:
    signin.sign_in(db, username, DEMO_PASSWORD)
    with db.read() as session:
        phones = [w.phone for w in workers.list_all(session)]
    assert phones and all(p[3:7] == "****" for p in phones)
    with pytest.raises(PermissionDenied), db.write() as session:
        workers.add(session, good(db))


def test_phones_are_sealed_on_disk(db: Database) -> None:
    with db.read() as session:
        stored = session.scalars(select(SocialWorker.phone_sealed)).all()
    assert len(stored) == len(DEMO_WORKERS) and all(stored)
    assert all(phone.encode() not in blob for blob in stored for *_, phone, _c, _u, _s, _j in DEMO_WORKERS)
