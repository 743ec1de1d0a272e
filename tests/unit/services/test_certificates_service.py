"""Certificates are computed from real service records (net of reversals), numbered per node and year,
revoked by an appended row, and verified against the register: valid, revoked, unknown or altered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from certificate_testing import H1, H1_MINUTES, ID_NUMBER, add_volunteer, record, serve_half_year
from desktop.domain.certificates import ALTERED, REVOKED, UNKNOWN, VALID, format_code, new_code
from desktop.errors import ValidationError
from desktop.services import certificates, signin
from desktop.services.certificates import CertificateQuery
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import VolunteerCertificate
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy

ISSUED = date(2026, 7, 2)


@dataclass(frozen=True)
class Station:
    db: Database
    volunteer_id: str
    demo_ids: list[str]  # the demo's own certificates, issued before the test

@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Station]:
    """The demo station signed in as its head, with 张三明's first half-year of service."""
    db = open_copy(demo_template.path, tmp_path)
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    with db.read() as session:
        demo_ids = certificates.list_ids(session)
    yield Station(db, serve_half_year(db).volunteer_id, demo_ids)
    db.close()


def issue(station: Station, period: tuple[date, date] = H1, today: date = ISSUED) -> certificates.CertificateView:
    with station.db.write() as session:
        return certificates.issue(session, station.volunteer_id, *period, "周建国", today=today)


def test_a_certificate_counts_the_service_in_the_period_net_of_reversals(station: Station) -> None:
    with station.db.read() as session:
        serial = f"{len(certificates.list_ids(session, CertificateQuery(year=ISSUED.year))) + 1:04d}"
    cert = issue(station)
    assert cert.minutes == H1_MINUTES
    assert [(line.served_on, line.activity, line.minutes) for line in cert.lines] == [
        (date(2026, 1, 5), "重阳节敬老活动", 120), (date(2026, 2, 1), "四点半课堂", 90), (date(2026, 3, 7), "四点半课堂", 45)]
    assert "重阳节敬老活动" in cert.content and "四点半课堂" in cert.content and "垃圾分类宣传" not in cert.content
    assert (cert.number, cert.official_number) == (f"ZYZ-2026-{serial}", f"青山志证〔2026〕{serial}号")
    assert (cert.volunteer_name, cert.id_type) == ("张三明", "resident_id")
    assert cert.id_masked == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
    assert (cert.unit, cert.unit_phone) == ("青山镇社会工作服务站", "023-48612345")
    assert (cert.person_in_charge, cert.handler, cert.issued_on) == ("周建国", "周建国", ISSUED)
    assert cert.volunteer_number.startswith("V-2025-")


def test_numbers_run_per_year_and_the_register_lists_them_in_order(station: Station) -> None:
    first, second = issue(station), issue(station, (date(2026, 1, 1), date(2026, 3, 31)))
    next_year = date.today().year + 1  # a year in which nothing has been issued yet
    third = issue(station, (date(2026, 7, 1), date(2026, 7, 1)), today=date(next_year, 1, 4))
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1 and second.number[:9] == first.number[:9]
    assert third.number == f"ZYZ-{next_year}-0001"
    assert len({first.code, second.code, third.code}) == 3
    with station.db.read() as session:
        assert certificates.list_ids(session) == [*station.demo_ids, first.id, second.id, third.id]
        assert certificates.list_ids(session, CertificateQuery(year=next_year)) == [third.id]
        assert certificates.list_ids(session, CertificateQuery(text="zsm")) == [first.id, second.id, third.id]
        assert certificates.list_ids(session, CertificateQuery(text=second.number.lower())) == [second.id]
        assert certificates.list_ids(session, CertificateQuery(text="李")) == []
        assert certificates.get_many(session, [second.id])[0] == second


def test_no_service_in_the_period_is_refused(station: Station) -> None:
    with pytest.raises(ValidationError, match="no service recorded") as caught:
        issue(station, (date(2025, 12, 1), date(2025, 12, 31)))
    assert caught.value.field == "period_from"
    with pytest.raises(ValidationError, match="no service recorded"):  # only the reversed record: it nets to nothing
        issue(station, (date(2026, 3, 1), date(2026, 3, 2)))
    with station.db.read() as session:
        assert certificates.list_ids(session) == station.demo_ids


def test_a_volunteer_without_an_id_number_gets_no_certificate(station: Station) -> None:
    nameless, _number = add_volunteer(station.db, "李四", None)
    record(station.db, nameless, date(2026, 1, 5), "重阳节敬老活动", 60, "elderly_disabled")
    with pytest.raises(ValidationError, match="ID number") as caught, station.db.write() as session:
        certificates.issue(session, nameless, *H1, "周建国", today=ISSUED)
    assert caught.value.field == "volunteer_id"


@pytest.mark.parametrize(("period", "message"), [((date(2026, 6, 30), date(2026, 1, 1)), "before it starts"),
                                                 ((date(2026, 1, 1), date(2026, 7, 3)), "after today")])
def test_the_period_is_checked(station: Station, period: tuple[date, date], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        issue(station, period)


def test_verification_valid_revoked_and_unknown(station: Station) -> None:
    cert = issue(station)
    with station.db.read() as session:
        result = certificates.verify(session, format_code(cert.code).lower())
    assert result.verdict == VALID and result.facts is not None
    facts = result.facts
    assert (facts.number, facts.official_number, facts.name) == (cert.number, cert.official_number, "张*明")
    assert (facts.id_masked, facts.minutes, facts.period_from, facts.period_to) == (cert.id_masked, H1_MINUTES, *H1)
    assert (facts.unit, facts.issued_on, facts.revoked_on) == ("青山镇社会工作服务站", ISSUED, None)
    assert ID_NUMBER not in repr(result) and "张三明" not in repr(result)

    with station.db.write() as session:
        revoked = certificates.revoke(session, cert.id, "服务记录更正后重新出具", today=date(2026, 7, 3))
        with pytest.raises(ValidationError, match="already revoked"):
            certificates.revoke(session, cert.id, "again")
    assert (revoked.revoked_on, revoked.revoked_reason) == (date(2026, 7, 3), "服务记录更正后重新出具")
    with station.db.read() as session:
        result = certificates.verify(session, cert.code)
        assert result.verdict == REVOKED and result.facts is not None
        assert result.facts.revoked_reason == "服务记录更正后重新出具"
        assert certificates.verify(session, new_code()) == certificates.Verification(UNKNOWN, None)
        with pytest.raises(ValidationError):
            certificates.verify(session, "not a code")
        with pytest.raises(ValidationError, match="revoked"):
            certificates.for_reprint(session, cert.number)


@pytest.mark.parametrize("tampering", [
    "UPDATE volunteer_certificate SET minutes = minutes + 600",
    "UPDATE volunteer_certificate SET volunteer_name = '张三民'",
    "UPDATE volunteer_certificate SET period_to = '2026-12-31'",
    "UPDATE volunteer_certificate SET lines = replace(lines, '120', '240')",
])
def test_a_row_changed_behind_the_application_no_longer_verifies(station: Station, tampering: str) -> None:
    """The database refuses the edit (migration 0025); someone who drops its trigger first is found out."""
    cert = issue(station)
    with pytest.raises(IntegrityError, match="volunteer_certificate is append-only"), \
            station.db.engine.begin() as conn:
        conn.exec_driver_sql(tampering)
    with station.db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER volunteer_certificate_no_update")
        conn.exec_driver_sql(tampering)
    with station.db.read() as session:
        assert certificates.verify(session, cert.code).verdict == ALTERED


def test_the_register_is_append_only(station: Station) -> None:
    cert = issue(station)
    with pytest.raises(RuntimeError, match="append-only"), station.db.write() as session:
        session.get(VolunteerCertificate, cert.id).minutes = 1  # type: ignore[union-attr]


def test_roles(station: Station) -> None:
    """Social workers issue and revoke; a viewer may look a code up but not issue."""
    cert = issue(station)
    signin.sign_in(station.db, "zhaolei", DEMO_PASSWORD)
    with station.db.read() as session:
        assert certificates.verify(session, cert.code).verdict == VALID
    with pytest.raises(PermissionDenied):
        issue(station)
    with pytest.raises(PermissionDenied), station.db.write() as session:
        certificates.revoke(session, cert.id, "x")
    signin.sign_in(station.db, "lixia", DEMO_PASSWORD)
    assert issue(station).handler == "李霞"
