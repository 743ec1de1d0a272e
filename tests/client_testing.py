"""Clients made to measure, and the demo clients as the demo made them, for the client tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from desktop.domain.consent import Consent
from desktop.domain.identity import make_resident_id
from desktop.services import clients
from desktop.services.clients import ClientInput, ClientView, MemberInput
from desktop.services.demo_clients import DEMO_CLIENTS, DemoClient
from desktop.storage.database import Database
from wushe_testing import community_ids

TODAY = date.today()
REGISTERED = TODAY - timedelta(days=200)
BIRTH = date(1951, 3, 14)
ID_NUMBER = make_resident_id("510105", BIRTH, 12, True)  # an old man's number, in no demo record
CHILD_BIRTH = date(TODAY.year - 10, 1, 1)  # ten years old all year
CHILD_ID = make_resident_id("510105", CHILD_BIRTH, 13, False)


def full_input(db: Database, **changes: object) -> ClientInput:
    """宋德海 of 石桥村, living alone, with an ID card, a phone, an address, his son and his written consent."""
    data = ClientInput("宋德海", community_ids(db)["石桥村"], "resident_id", ID_NUMBER, phone="139 2301 7788",
                       address="青山镇石桥村七组 41 号", target_groups=("elderly_alone", "dibao"),
                       registered_on=REGISTERED, consent=Consent(REGISTERED, "written"),
                       members=(MemberInput("宋军", "child", 1976, False, "在广州务工"),))
    return replace(data, **changes)


def child_input(db: Database, **changes: object) -> ClientInput:
    """宋小花, 10, left behind with her grandmother, who consented for her."""
    data = ClientInput("宋小花", community_ids(db)["桂花村"], "resident_id", CHILD_ID,
                       target_groups=("left_behind_child",), guardian_name="宋秀兰", guardian_relation="祖母",
                       guardian_phone="13923017799", registered_on=TODAY, consent=Consent(TODAY, "written", "guardian"))
    return replace(data, **changes)


def add(db: Database, data: ClientInput) -> ClientView:
    with db.write() as session:
        return clients.add(session, data)


def demo_client(name: str) -> tuple[DemoClient, str]:
    """The demo client called ``name`` and the ID number the demo gave them (loaded today)."""
    index = next(n for n, d in enumerate(DEMO_CLIENTS) if d.name == name)
    return DEMO_CLIENTS[index], DEMO_CLIENTS[index].id_number(TODAY, index)
