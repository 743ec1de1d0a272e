"""The client register: the ID card checked against birth date and gender, guardians of minors, consent,
duplicate ID numbers refused with a link, namesakes warned about, households, tombstones, search by
Chinese, pinyin and ID tail, sealed fields, and who may see clients at all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.consent import Consent
from desktop.domain.id_documents import mask_id_number
from desktop.domain.identity import make_resident_id
from desktop.errors import ValidationError
from desktop.services import clients, privacy, signin
from desktop.services.clients import ClientQuery, DuplicateClient, MemberInput
from desktop.services.demo_clients import DEMO_CLIENTS
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, CaseFile, Client, ClientMember
from client_testing import (BIRTH, CHILD_BIRTH, ID_NUMBER, REGISTERED, TODAY, add, child_input, demo_client,
                            full_input)
from volunteer_testing import signed_in
from wushe_testing import DEMO_PASSWORD, DemoTemplate, community_ids, open_copy, refusal


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = signed_in(open_copy(demo_template.path, tmp_path))
    yield db
    db.close()


def names(db: Database, query: ClientQuery) -> list[str]:
    with db.read() as session:
        return [view.name for view in clients.list_all(session, query)]


def test_the_demo_register(demo: Database) -> None:
    with demo.read() as session:
        rows = clients.list_all(session)
        total = clients.count(session)
    assert {r.name for r in rows} == {d.name for d in DEMO_CLIENTS} and total == len(DEMO_CLIENTS) >= 55
    assert {"曾建华", "单小明"} <= {r.name for r in rows}
    for group in ("elderly_alone", "left_behind_child", "disabled", "dibao"):
        assert sum(group in r.target_groups for r in rows) >= 5, group
    minors = [r for r in rows if r.age is not None and r.age < 18]
    assert minors and all(r.guardian_name and r.guardian_relation for r in minors)
    assert all(r.consent is not None and r.consent.given_by == "guardian" for r in minors if r.age < 14)
    assert all("**********" in r.id_masked for r in rows if r.id_masked) and sum(not r.id_masked for r in rows) == 1
    xiaoming, number = demo_client("单小明")
    shown = next(r for r in rows if r.name == xiaoming.name)
    assert (shown.id_masked, shown.birth_date, shown.gender) == (mask_id_number(number), xiaoming.birth(TODAY), "male")
    assert len(shown.members) == len(xiaoming.members) and shown.group_labels == ("Left-behind child (留守儿童)",)


def test_add_fills_birth_and_gender_from_the_id_card_and_seals_what_is_sensitive(demo: Database) -> None:
    view = add(demo, full_input(demo))
    assert (view.birth_date, view.gender, view.age) == (BIRTH, "male", TODAY.year - 1951 - (
        (TODAY.month, TODAY.day) < (3, 14)))
    assert view.id_masked == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]  # even for a role that may reveal
    assert (view.phone, view.address) == ("13923017788", "青山镇石桥村七组 41 号")  # a caseworker sees contacts
    assert view.target_groups == ("elderly_alone", "dibao") and view.community == "石桥村"
    assert [(m.name, m.relation, m.birth_year, m.lives_with) for m in view.members] == [("宋军", "child", 1976, False)]
    with demo.read() as session:
        row = session.get(Client, view.id)
        assert row is not None and row.id_tail == ID_NUMBER[-4:] and row.id_blind and len(row.id_blind) == 64
        stored = b"".join(v or b"" for v in (row.id_number_sealed, row.phone_sealed, row.address_sealed))
        assert ID_NUMBER.encode() not in stored and "七组".encode() not in stored and b"13923017788" not in stored


def test_a_house_phone_is_kept_in_one_form(demo: Database) -> None:
    """Many elderly clients have only a landline; it is stored as area code and number."""
    view = add(demo, full_input(demo, phone="(023) 4861 2345", guardian_name="宋军", guardian_relation="儿子",
                                guardian_phone="0571 8765432"))
    assert (view.phone, view.guardian_phone) == ("023-48612345", "0571-8765432")  # a caseworker may see them


@pytest.mark.parametrize(("change", "field"), [
    ({"name": " "}, "name"),
    ({"id_number": ID_NUMBER[:-1] + ("1" if ID_NUMBER[-1] != "1" else "2")}, "id_number"),
    ({"id_number": ID_NUMBER[:17]}, "id_number"),
    ({"birth_date": date(1951, 3, 15)}, "birth_date"),  # disagrees with the ID card
    ({"gender": "female"}, "gender"),
    ({"gender": "unknown"}, "gender"),
    ({"consent": None}, "consent_on"),
    ({"consent": Consent(TODAY + timedelta(days=1), "written")}, "consent_on"),
    ({"phone": "12345"}, "phone"),
    ({"guardian_name": "宋军", "guardian_phone": "555123"}, "guardian_phone"),
    ({"phone": "023-0123456"}, "phone"),  # no local number starts with 0
    ({"guardian_phone": "13923017790"}, "guardian_name"),  # whose phone?
    ({"target_groups": ("knitting",)}, "target_groups"),
    ({"target_groups": ("left_behind_child",)}, "target_groups"),  # a man of seventy
    ({"registered_on": TODAY + timedelta(days=1)}, "registered_on"),
    ({"registered_on": date(1950, 1, 1)}, "birth_date"),  # registered before he was born
    ({"community_id": "no-such-community"}, "community_id"),
    ({"members": (MemberInput("宋军", "cousin"),)}, "members"),
    ({"members": (MemberInput(" ", "child"),)}, "members"),
    ({"members": (MemberInput("宋军", "child", TODAY.year + 1),)}, "members"),
    ({"id_type": "passport", "id_number": "E1"}, "id_number"),
])
def test_bad_input_is_refused_at_its_field(demo: Database, change: dict[str, object], field: str) -> None:
    assert refusal(demo, lambda session: clients.add(session, full_input(demo, **change))).field == field
    with demo.read() as session:
        assert clients.count(session) == len(DEMO_CLIENTS)


def test_a_minor_needs_a_guardian_and_a_child_under_14_the_guardians_consent(demo: Database) -> None:
    child = child_input(demo)
    assert refusal(demo, lambda s: clients.add(s, replace(child, guardian_name="", guardian_relation="",
                                                          guardian_phone="", consent=None, id_number=None,
                                                          birth_date=CHILD_BIRTH))).field == "guardian_name"
    assert refusal(demo, lambda s: clients.add(s, replace(child, guardian_relation=""))).field == "guardian_relation"
    assert refusal(demo, lambda s: clients.add(s, replace(child, consent=Consent(TODAY, "oral")))).field == "consent_by"
    other = Consent(TODAY, "written", "guardian", "宋大明", "祖父")
    assert refusal(demo, lambda s: clients.add(s, replace(child, consent=other))).field == "guardian_name"
    view = add(demo, child)
    assert (view.gender, view.birth_date, view.age, view.guardian_phone) == ("female", CHILD_BIRTH, 10, "13923017799")
    assert view.consent == Consent(TODAY, "written", "guardian", "宋秀兰", "祖母")  # the client's guardian consented


def test_a_guardian_named_only_on_the_consent_becomes_the_clients_guardian(demo: Database) -> None:
    view = add(demo, child_input(demo, guardian_name="", guardian_relation="",
                                 consent=Consent(TODAY, "oral", "guardian", "宋秀兰", "祖母")))
    assert (view.guardian_name, view.guardian_relation) == ("宋秀兰", "祖母")


def test_a_fifteen_year_old_may_consent_but_still_has_a_guardian(demo: Database) -> None:
    birth = date(TODAY.year - 15, 1, 1)
    teen = child_input(demo, id_number=make_resident_id("510105", birth, 14, True), target_groups=(),
                       consent=Consent(TODAY, "written"), name="宋小刚")
    view = add(demo, teen)
    assert (view.age, view.guardian_name, view.consent) == (15, "宋秀兰", Consent(TODAY, "written"))


def test_without_sensitive_fields_no_consent_is_needed(demo: Database) -> None:
    view = add(demo, full_input(demo, id_number=None, phone="", address="", consent=None, birth_date=BIRTH,
                                gender="male", members=(MemberInput("宋军", "child", 1976, False),)))
    assert (view.id_masked, view.phone, view.address, view.consent, view.age is not None) == ("", "", "", None, True)


def test_a_duplicate_id_number_is_refused_with_a_link_to_the_client(demo: Database) -> None:
    first = add(demo, full_input(demo))
    with pytest.raises(DuplicateClient) as caught, demo.write() as session:
        clients.add(session, full_input(demo, name="宋德海二"))
    error = caught.value
    assert error.field == "id_number" and error.existing_id == first.id
    assert error.message == f"This ID number is already registered to the client 宋德海 ({first.id_masked})."
    assert ID_NUMBER not in error.message
    with demo.write() as session:
        clients.delete(session, first.id)
        second = clients.add(session, full_input(demo, name="宋德海二"))
    restored = refusal(demo, lambda session: clients.restore(session, first.id))
    assert isinstance(restored, DuplicateClient) and restored.existing_id == second.id
    zeng, number = demo_client("曾建华")  # and a demo client's number, typed on an edit
    taken = refusal(demo, lambda session: clients.update(session, second.id, replace(
        second.as_input(), id_number=number, birth_date=None, gender="")))
    assert isinstance(taken, DuplicateClient) and zeng.name in taken.message


def test_the_same_name_and_birth_date_only_warns(demo: Database) -> None:
    first = add(demo, full_input(demo))
    other_id = make_resident_id("510105", BIRTH, 22, True)
    with demo.read() as session:
        assert [v.id for v in clients.similar(session, " 宋德海 ", BIRTH)] == [first.id]
        assert clients.similar(session, "宋德海", BIRTH, exclude_id=first.id) == []
        assert clients.similar(session, "宋德海", None) == []
    namesake = add(demo, full_input(demo, id_number=other_id, community_id=community_ids(demo)["双河村"]))
    with demo.read() as session:
        assert {v.id for v in clients.similar(session, "宋德海", BIRTH)} == {first.id, namesake.id}


def test_the_household_is_edited_with_the_client(demo: Database) -> None:
    view = add(demo, full_input(demo, members=(MemberInput("宋军", "child", 1976, False, "在广州务工"),
                                                MemberInput("李翠华", "spouse", 1953))))
    son, wife = view.members
    edited = replace(view.as_input(), members=(replace(son.as_input(), lives_with=True, notes="回乡照顾父亲"),
                                               MemberInput("宋小军", "grandchild", 2005)))
    with demo.write() as session:
        after = clients.update(session, view.id, edited)
    assert [(m.id, m.name, m.lives_with, m.notes) for m in after.members[:1]] == [
        (son.id, "宋军", True, "回乡照顾父亲")]
    assert [(m.name, m.relation) for m in after.members[1:]] == [("宋小军", "grandchild")]
    with demo.read() as session:
        removed = session.get(ClientMember, wife.id)
        assert removed is not None and removed.deleted_at is not None  # a tombstone, as every removal
    gone = replace(after.as_input(), members=(MemberInput("宋军", "child", id=wife.id),))
    assert refusal(demo, lambda session: clients.update(session, view.id, gone)).field == "members"


def test_update_keeps_the_stored_id_number_unless_a_new_one_is_typed(demo: Database) -> None:
    view = add(demo, full_input(demo))
    with demo.write() as session:
        same = clients.update(session, view.id, replace(view.as_input(), notes="每周电话问候"))
        new_number = make_resident_id("510105", BIRTH, 31, True)
        changed = clients.update(session, view.id, replace(view.as_input(), id_number=new_number))
        tail = session.scalar(select(Client.id_tail).where(Client.id == view.id))
    assert (same.id_masked, same.notes, same.address, same.members[0].id) == (
        view.id_masked, "每周电话问候", view.address, view.members[0].id)
    assert changed.id_masked == mask_id_number(new_number) and tail == new_number[-4:]


def test_delete_is_a_tombstone_and_restore_brings_the_client_back(demo: Database) -> None:
    view = add(demo, full_input(demo))
    with demo.write() as session:
        clients.delete(session, view.id)
    assert "宋德海" not in names(demo, ClientQuery())
    assert "宋德海 (deleted)" not in names(demo, ClientQuery()) and "宋德海" in names(demo, ClientQuery(
        include_deleted=True))
    assert refusal(demo, lambda session: clients.update(session, view.id, view.as_input())).field == "name"
    with demo.write() as session:
        assert not clients.restore(session, view.id).deleted
    assert "宋德海" in names(demo, ClientQuery())


def test_a_client_with_an_open_case_is_not_deleted(demo: Database) -> None:
    view = add(demo, full_input(demo))
    with demo.write() as session:
        case = CaseFile(number="个案-2099-0001", client_id=view.id, community_id=view.community_id,
                        worker_user_id="x", worker_name="李霞", opened_on=TODAY, source="self", risk="medium",
                        stage="service")
        session.add(case)
    error = refusal(demo, lambda session: clients.delete(session, view.id))
    assert error.field == "name" and "open case" in error.message
    with demo.write() as session:
        session.get(CaseFile, case.id).stage = "closed"  # type: ignore[union-attr]
    with demo.write() as session:
        clients.delete(session, view.id)


@pytest.mark.parametrize("text", ["单", "曾", "小明", "建华", "秀"])
def test_a_chinese_substring_of_any_length_finds_the_name(demo: Database, text: str) -> None:
    expected = {d.name for d in DEMO_CLIENTS if text in d.name}
    assert expected and set(names(demo, ClientQuery(text=text))) == expected


@pytest.mark.parametrize(("text", "name"), [("zjh", "曾建华"), ("cjh", "曾建华"), ("sxm", "单小明"), ("dxm", "单小明"),
                                            ("ZJH", "曾建华"), ("xiaoming", "单小明"), ("tangh", "唐浩")])
def test_pinyin_finds_every_reading_of_a_surname(demo: Database, text: str, name: str) -> None:
    assert name in names(demo, ClientQuery(text=text))


@pytest.mark.parametrize("text", ["曾 建华", " 曾　建 华 ", "建 华"])
def test_spaces_typed_between_chinese_characters_are_padding(demo: Database, text: str) -> None:
    assert "曾建华" in names(demo, ClientQuery(text=text))  # stored as typed by the import: without them


def test_the_last_four_characters_of_the_id_number_find_the_client(demo: Database) -> None:
    tails: dict[str, set[str]] = {}
    for name in (d.name for d in DEMO_CLIENTS if d.with_id):
        tails.setdefault(demo_client(name)[1][-4:], set()).add(name)
    for tail, holders in tails.items():
        assert set(names(demo, ClientQuery(text=tail.lower()))) == holders
    number = next(n for n in (make_resident_id("510105", BIRTH, s, True) for s in range(100)) if n.endswith("X"))
    view = add(demo, full_input(demo, id_number=number))
    for typed in (number[-4:].lower(), "".join(chr(ord(c) + 0xFEE0) for c in number[-4:])):  # ｘ: a Chinese IME
        assert view.name in names(demo, ClientQuery(text=typed))
    assert names(demo, ClientQuery(text=number[-3:])) == []


def test_filters_order_and_count(demo: Database) -> None:
    guihua = community_ids(demo)["桂花村"]
    query = ClientQuery(community_id=guihua, target_group="left_behind_child", order_by="birth_date")
    with demo.read() as session:
        views = clients.list_all(session, query)
        counted = clients.count(session, query)
    expected = {d.name for d in DEMO_CLIENTS if d.community == "桂花村" and "left_behind_child" in d.groups}
    assert {v.name for v in views} == expected and counted == len(expected)
    assert [v.birth_date for v in views] == sorted(v.birth_date for v in views if v.birth_date)


def test_sealed_fields_are_revealed_through_privacy_and_audited(demo: Database) -> None:
    view = add(demo, child_input(demo))
    with demo.write() as session:
        revealed = {field: privacy.reveal(session, "client", view.id, field)
                    for field in ("id_number", "guardian_phone")}
    assert revealed == {"id_number": child_input(demo).id_number, "guardian_phone": "13923017799"}
    first = add(demo, full_input(demo))
    with demo.write() as session:
        assert privacy.reveal(session, "client", first.id, "address") == "青山镇石桥村七组 41 号"
        assert privacy.reveal(session, "client", first.id, "phone") == "13923017788"
    with demo.read() as session:
        details = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "reveal",
                                                                  AuditEntry.row_id == view.id))
        assert sorted(json.loads(d)["field"] for d in details if d) == ["guardian_phone", "id_number"]


@pytest.mark.parametrize("user", ["wangfang", "zhaolei"])
def test_finance_and_viewers_see_no_client(demo: Database, user: str) -> None:
    with demo.read() as session:
        some = clients.list_ids(session)[:3]
    signin.sign_in(demo, user, DEMO_PASSWORD)
    for look in (clients.list_ids, clients.count, lambda s: clients.get_many(s, some),
                 lambda s: clients.similar(s, "宋德海", BIRTH)):
        with pytest.raises(PermissionDenied), demo.read() as session:
            look(session)
    with pytest.raises(PermissionDenied), demo.write() as session:
        clients.add(session, full_input(demo))


def test_the_head_sees_and_edits_clients(demo: Database) -> None:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    view = add(demo, full_input(demo))
    assert view.phone == "13923017788" and view.registered_on == REGISTERED


def test_a_batch_refuses_a_number_taken_by_an_input_before_it(demo: Database) -> None:
    with pytest.raises(ValidationError) as caught, demo.write() as session:
        clients.add_many(session, [full_input(demo), child_input(demo), full_input(demo, name="宋德海二")])
    assert caught.value.field == "id_number" and getattr(caught.value, "index", None) == 2
    with demo.write() as session:
        ids = clients.add_many(session, [full_input(demo), child_input(demo)])
        views = clients.get_many(session, ids)
    assert [v.name for v in views] == ["宋德海", "宋小花"] and [m.name for m in views[0].members] == ["宋军"]
    assert views[1].consent == Consent(TODAY, "written", "guardian", "宋秀兰", "祖母")
