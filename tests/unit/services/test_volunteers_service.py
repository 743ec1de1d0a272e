"""The volunteer register: real-name checks, consent, sealed and blind-indexed ID numbers, masking, filters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.consent import Consent
from desktop.domain.identity import make_resident_id
from desktop.services import privacy, signin, timebank, volunteer_hours, volunteers
from desktop.services.demo_volunteers import DEMO_VOLUNTEERS
from desktop.services.guard import PermissionDenied
from desktop.services.volunteers import VolunteerQuery
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, Volunteer
from volunteer_testing import BIRTH, ID_NUMBER, REGISTERED, TODAY, full_input, signed_in
from wushe_testing import DEMO_PASSWORD, DemoTemplate, community_ids, open_copy, refusal


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = signed_in(open_copy(demo_template.path, tmp_path))
    yield db
    db.close()


def add(db: Database, **changes: object) -> volunteers.VolunteerView:
    with db.write() as session:
        return volunteers.add(session, full_input(db, **changes))


def test_the_demo_register(demo: Database) -> None:
    with demo.read() as session:
        rows = volunteers.list_all(session)
        paused = volunteers.list_ids(session, VolunteerQuery(status="paused"))
        by_initials = volunteers.list_all(session, VolunteerQuery(text="wxl"))
        team = volunteers.list_all(session, VolunteerQuery(team="石桥村党员先锋队"))
        children = volunteers.list_ids(session, VolunteerQuery(category="children"))
    assert {r.name for r in rows} == {d.name for d in DEMO_VOLUNTEERS}
    assert len(paused) == 1 and [r.name for r in by_initials] == ["王秀兰"]
    assert {r.community for r in team} == {"石桥村"} and len(team) == 4
    assert len(children) == sum("children" in d.categories for d in DEMO_VOLUNTEERS)
    child = next(r for r in rows if r.name == "李思琪")
    assert child.consent is not None and (child.consent.given_by, child.consent.guardian_name) == ("guardian", "李红梅")
    assert all(r.number.startswith("V-") and "**********" in r.id_masked for r in rows)


def test_add_fills_birth_and_gender_from_the_id_card_and_numbers_per_year(demo: Database) -> None:
    view = add(demo)
    assert (view.birth_date, view.gender) == (BIRTH, "female")
    assert view.id_masked == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]  # even for a role that may reveal
    assert view.phone == "13923014455"  # a caseworker sees contacts
    assert view.number.startswith(f"V-{REGISTERED.year}-")
    with demo.read() as session:
        numbers = session.scalars(select(Volunteer.number).where(Volunteer.number.startswith(f"V-{REGISTERED.year}-")))
        assert view.number == max(numbers, key=lambda n: int(n.rsplit("-", 1)[1]))


@pytest.mark.parametrize(("change", "field"), [
    ({"name": " "}, "name"),
    ({"id_number": ID_NUMBER[:-1] + ("1" if ID_NUMBER[-1] != "1" else "2")}, "id_number"),
    ({"birth_date": date(1986, 4, 10)}, "birth_date"),  # disagrees with the ID card
    ({"gender": "male"}, "gender"),
    ({"gender": "unknown"}, "gender"),
    ({"consent": None}, "consent_on"),
    ({"consent": Consent(TODAY + timedelta(days=1), "written")}, "consent_on"),
    ({"phone": "12345"}, "phone"),
    ({"categories": ("knitting",)}, "categories"),
    ({"teams": ("一队,二队",)}, "teams"),
    ({"status": "retired"}, "status"),
    ({"registered_on": TODAY + timedelta(days=1)}, "registered_on"),
    ({"community_id": "no-such-community"}, "community_id"),
    ({"id_type": "passport", "id_number": "E1"}, "id_number"),
])
def test_bad_input_is_refused_at_its_field(demo: Database, change: dict[str, object], field: str) -> None:
    assert refusal(demo, lambda session: volunteers.add(session, full_input(demo, **change))).field == field
    with demo.read() as session:
        assert len(volunteers.list_ids(session)) == len(DEMO_VOLUNTEERS)


def test_a_child_needs_the_guardians_consent(demo: Database) -> None:
    birth = TODAY - timedelta(days=365 * 10)
    number = make_resident_id("510105", birth, 5, True)
    child = full_input(demo, name="石小宝", id_number=number, registered_on=TODAY, consent=Consent(TODAY, "oral"))
    assert refusal(demo, lambda session: volunteers.add(session, child)).field == "consent_by"
    with demo.write() as session:
        view = volunteers.add(session, replace(child, consent=Consent(TODAY, "oral", "guardian", "石秀芬", "母亲")))
    assert view.consent == Consent(TODAY, "oral", "guardian", "石秀芬", "母亲") and view.gender == "male"


def test_without_sensitive_fields_no_consent_is_needed(demo: Database) -> None:
    view = add(demo, id_number=None, phone="", consent=None, birth_date=date(1970, 1, 1), gender="male")
    assert (view.id_masked, view.phone, view.consent, view.gender) == ("", "", None, "male")


def test_a_duplicate_id_number_is_refused_naming_the_volunteer(demo: Database) -> None:
    first = add(demo)
    error = refusal(demo, lambda session: volunteers.add(session, full_input(demo, name="石秀芬二")))
    assert error.field == "id_number" and first.name in error.message and first.number in error.message
    with demo.write() as session:
        volunteers.delete(session, first.id)
        second = volunteers.add(session, full_input(demo, name="石秀芬二"))
    assert refusal(demo, lambda session: volunteers.restore(session, first.id)).field == "id_number"
    assert second.number != first.number


def test_exact_lookup_by_id_number_uses_the_blind_index(demo: Database) -> None:
    view = add(demo)
    with demo.read() as session:
        assert volunteers.list_ids(session, VolunteerQuery(id_number=ID_NUMBER.lower())) == [view.id]
        other = make_resident_id("510105", BIRTH, 38, False)
        assert volunteers.list_ids(session, VolunteerQuery(id_number=other)) == []
        assert volunteers.list_ids(session, VolunteerQuery(id_number="not a number")) == []
        row = session.get(Volunteer, view.id)
        assert row is not None and row.id_blind is not None and len(row.id_blind) == 64
        assert ID_NUMBER.encode() not in (row.id_number_sealed or b"") and ID_NUMBER not in row.id_blind


def test_revealing_the_id_number_is_audited_and_finance_sees_masks(demo: Database) -> None:
    view = add(demo)
    with demo.write() as session:
        assert privacy.reveal(session, "volunteer", view.id, "id_number") == ID_NUMBER
    with demo.read() as session:
        detail = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "reveal",
                                                                AuditEntry.row_id == view.id))
    assert detail is not None and json.loads(detail) == {"field": "id_number"}
    signin.sign_in(demo, "wangfang", DEMO_PASSWORD)
    with demo.read() as session:
        seen = volunteers.get(session, view.id)
    assert seen.phone == "139****4455" and seen.id_masked == view.id_masked
    with pytest.raises(PermissionDenied), demo.write() as session:
        privacy.reveal(session, "volunteer", view.id, "id_number")


def test_update_keeps_the_stored_id_number_unless_a_new_one_is_typed(demo: Database) -> None:
    view = add(demo)
    with demo.write() as session:
        edited = volunteers.update(session, view.id, replace(view.as_input(), skills="烹饪、理发", status="paused"))
    assert (edited.skills, edited.status, edited.id_masked, edited.number) == (
        "烹饪、理发", "paused", view.id_masked, view.number)
    other = next(d for d in DEMO_VOLUNTEERS if d.name == "王秀兰")
    taken = other.id_number(DEMO_VOLUNTEERS.index(other))
    error = refusal(demo, lambda session: volunteers.update(session, view.id, replace(
        view.as_input(), id_number=taken, birth_date=None, gender="")))
    assert error.field == "id_number" and "王秀兰" in error.message


def test_filters_by_community_and_number(demo: Database) -> None:
    ids = community_ids(demo)
    with demo.read() as session:
        shiqiao = volunteers.list_all(session, VolunteerQuery(community_id=ids["石桥村"]))
        first = shiqiao[0]
        assert volunteers.list_ids(session, VolunteerQuery(text=first.number.lower())) == [first.id]
        assert volunteers.by_number(session, first.number).id == first.id
    assert {r.community for r in shiqiao} == {"石桥村"}
    assert len(shiqiao) == sum(d.community == "石桥村" for d in DEMO_VOLUNTEERS)


def test_a_viewer_may_not_add(demo: Database) -> None:
    signin.sign_in(demo, "zhaolei", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied), demo.write() as session:
        volunteers.add(session, full_input(demo))


def test_the_view_carries_confirmed_hours_and_balance_in_grouped_queries(demo: Database) -> None:
    with demo.read() as session:
        ids = volunteers.list_ids(session, VolunteerQuery(order_by="registered_on", descending=True))
        views = volunteers.get_many(session, ids)
        expected = {i: (volunteer_hours.summary(session, i).minutes, timebank.balance(session, i)) for i in ids}
        teams = volunteers.team_names(session)
    assert [(v.minutes, v.balance) for v in views] == [expected[v.id] for v in views]
    assert any(v.minutes > 0 for v in views) and any(v.balance > 0 for v in views)
    assert [v.registered_on for v in views] == sorted((v.registered_on for v in views), reverse=True)
    assert "石桥村党员先锋队" in teams and len(teams) == len(set(teams))
