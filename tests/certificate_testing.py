"""A volunteer with a half-year of real service records, for the certificate tests (service and CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.consent import Consent
from desktop.domain.identity import make_resident_id
from desktop.services import communities, volunteer_hours, volunteers
from desktop.services.volunteer_hours import ServiceInput
from desktop.services.volunteers import VolunteerInput
from desktop.storage.database import Database

ID_NUMBER = make_resident_id("510105", date(1980, 5, 6), 12, True)
H1 = (date(2026, 1, 1), date(2026, 6, 30))
H1_MINUTES = 255


@dataclass(frozen=True)
class Served:
    volunteer_id: str
    number: str


def add_volunteer(db: Database, name: str, id_number: str | None) -> tuple[str, str]:
    """(id, number) of a new volunteer registered on 2025-12-01."""
    with db.write() as session:
        community = communities.list_all(session)[0].id
        consent = Consent(date(2025, 12, 1), "written") if id_number else None
        view = volunteers.add(session, VolunteerInput(name, community, id_number=id_number,
                                                      registered_on=date(2025, 12, 1), consent=consent))
        return view.id, view.number


def record(db: Database, volunteer_id: str, day: date, activity: str, minutes: int, category: str) -> str:
    with db.write() as session:
        return volunteer_hours.record_service(session, ServiceInput(
            volunteer_id, activity, day, minutes, content=f"{activity}：服务内容", category=category), today=day).id


def serve_half_year(db: Database) -> Served:
    """张三明's first half of 2026: 4 h 15 min that count (H1_MINUTES), one record reversed, and one
    just after the period. ``db`` is signed in as someone who may edit the registers."""
    volunteer, number = add_volunteer(db, "张三明", ID_NUMBER)
    record(db, volunteer, date(2026, 1, 5), "重阳节敬老活动", 120, "elderly_disabled")
    record(db, volunteer, date(2026, 2, 1), "四点半课堂", 90, "children")
    record(db, volunteer, date(2026, 3, 7), "四点半课堂", 45, "children")
    wrong = record(db, volunteer, date(2026, 3, 1), "垃圾分类宣传", 60, "environment")
    with db.write() as session:
        volunteer_hours.reverse_service(session, wrong, "录入错误", today=date(2026, 3, 2))
    record(db, volunteer, date(2026, 7, 1), "防汛巡查", 180, "emergency")
    return Served(volunteer, number)
