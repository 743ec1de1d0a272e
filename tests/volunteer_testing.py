"""The demo station signed in, and volunteers made to measure, for the volunteer and time-bank tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from desktop.domain.consent import Consent
from desktop.domain.identity import make_resident_id
from desktop.services import signin, volunteers
from desktop.services.volunteers import VolunteerInput, VolunteerView
from desktop.storage.database import Database
from wushe_testing import DEMO_PASSWORD, community_ids

TODAY = date.today()
REGISTERED = TODAY - timedelta(days=400)
BIRTH = date(1986, 4, 9)
ID_NUMBER = make_resident_id("510105", BIRTH, 37, False)  # a woman's number, in no demo record


def signed_in(db: Database, username: str = "lixia") -> Database:
    """``db`` with a demo user signed in (李霞, a caseworker, keeps the registers)."""
    signin.sign_in(db, username, DEMO_PASSWORD)
    return db


def full_input(db: Database, **changes: object) -> VolunteerInput:
    """石秀芬 of 石桥村 with an ID card, a phone and her written consent."""
    data = VolunteerInput("石秀芬", community_ids(db)["石桥村"], "resident_id", ID_NUMBER, phone="139 2301 4455",
                          residence="青山镇石桥村三组", skills="烹饪", categories=("elderly_disabled",),
                          teams=("石桥村党员先锋队",), registered_on=REGISTERED, consent=Consent(REGISTERED, "written"))
    return replace(data, **changes)


def new_volunteer(db: Database, name: str = "测试志愿者", registered_on: date = REGISTERED) -> VolunteerView:
    """A volunteer with no sensitive fields, registered well before the test's dates."""
    with db.write() as session:
        return volunteers.add(session, VolunteerInput(name, community_ids(db)["石桥村"], registered_on=registered_on))
