"""Demo data: a complete fictitious township, and running it again adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from wushe_testing import DEMO_PASSWORD
from desktop.services.accounts import AccountInput
from desktop.services import communities
from desktop.services.demo import DEMO_COMMUNITIES, DEMO_ORGS, DEMO_STATION, DEMO_USERS, load_demo
from desktop.services.demo_ledger import PAYER, PROPOSER
from desktop.services.demo_people import DEMO_DONORS, DEMO_WORKERS
from desktop.services.demo_projects import REVIEWERS as DEMO_REVIEWERS
from desktop.services.station import StationInput, initialize, profile_of
from desktop.storage import audit
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, Community


def community_rows(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Community)) or 0


def test_load_demo_on_a_new_database(db: Database) -> None:
    added = load_demo(db, DEMO_PASSWORD)
    assert added.items() >= {"communities": len(DEMO_COMMUNITIES), "users": len(DEMO_USERS), "orgs": len(DEMO_ORGS),
                             "workers": len(DEMO_WORKERS), "donors": len(DEMO_DONORS)}.items()  # each area its own
    profile = profile_of(db)
    assert (profile.name, profile.kind, profile.division_code) == (
        DEMO_STATION.name, DEMO_STATION.kind, DEMO_STATION.division_code)
    assert community_rows(db) == len(DEMO_COMMUNITIES)
    with db.read() as session:
        assert audit.verify_chain(session).ok
        actors = set(session.scalars(select(AuditEntry.actor)))
    # The demo station head, signed in by the set-up; the demo round's reviewers sign in to score; the
    # finance officer records the committee's decisions and pays what the head proposed, and the social
    # worker proposes the disbursement still awaiting the committee (募用分离).
    assert actors == {"admin", PAYER, PROPOSER, *DEMO_REVIEWERS}


def test_load_demo_is_idempotent(db: Database) -> None:
    load_demo(db, DEMO_PASSWORD)
    with db.read() as session:
        audits = session.scalar(select(func.count()).select_from(AuditEntry))
    again = load_demo(db, DEMO_PASSWORD)
    assert set(again.values()) == {0}
    assert community_rows(db) == len(DEMO_COMMUNITIES)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_load_demo_fills_only_what_is_missing(db: Database) -> None:
    load_demo(db, DEMO_PASSWORD)
    with db.read() as session:
        first = communities.list_ids(session)[0]
    with db.write() as session:
        communities.delete(session, first)
    assert load_demo(db, DEMO_PASSWORD)["communities"] == 1
    with db.read() as session:
        assert len(communities.list_ids(session)) == len(DEMO_COMMUNITIES)


def test_load_demo_keeps_an_existing_station(db: Database) -> None:
    initialize(db, StationInput("我的站", "station", "110105"),
               head=AccountInput("admin", "周站长", "admin", DEMO_PASSWORD))
    added = load_demo(db, DEMO_PASSWORD)
    assert added["users"] == len(DEMO_USERS)
    assert profile_of(db).name == "我的站"
    assert added["communities"] == len(DEMO_COMMUNITIES)
