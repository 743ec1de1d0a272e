"""Activity statistics for a period, on a small station whose answers are worked out by hand.

The period is 2026-03-01 to 2026-04-30, both days included; 青山社区 is A, 石桥村 is B. Rows are written
straight into the tables, each with the day that decides whether it counts, one day either side of the
edges, and a tombstoned twin that must not count.

Cases:    k1 c1 A opened 03-01 · k2 c3 B opened 02-28, closed 04-30 · k3 c2 A opened and not taken on (不接案)
          04-30 · k4 c2 A opened 05-01 · k5 c1 A 03-10 deleted · k6 c3 B opened 03-05, not taken on, reopened
Records:  r1 k1 home visit 03-01 · r2 k1 home visit 03-15 · r3 k2 phone 04-30, corrected by r4 home visit
          04-30 · r5 k6 02-28 · r6 k5 (deleted case) 03-10 · r7 k1 05-01 · r8 k1 03-20 deleted
Needs:    n1 A found 03-01 · n2 B found and solved 04-30 · n3 A found 02-27, solved 03-02 · n4 A 03-03 deleted
          · n5 B found 05-01 · n6 A found 03-04, cannot be solved 03-05
Projects: p1 A running 02-01, closed 03-10 · p2 B running 04-30 · p3 A running 01-01, terminated 02-28 ·
          p4 B running 05-01 · p5 A running 03-01, deleted · p6 A approved, terminated 03-15 without running
Activities: a1 p1 03-01 10 person-times · a2 p2 04-30 training 7 · a3 p1 02-28 5 · a4 p5 03-05 100 ·
          a5 p2 04-01 50, deleted
Volunteers v1 A, v2 B, v3 A deleted. Service: s1 v1 03-01 90 min · s2 v1 04-30 30 · s3 v2 03-10 60
          reversed by s4 · s5 v2 04-01 45 · s6 v3 03-01 120 · s7 v1 02-28 600. Training: t1 v1 03-05 ·
          t2 v2 04-30 · t3 v3 03-05 · t4 v1 05-01
Funds f1 A, f2 B. Entries: e1 f1 money 03-01 1,000.00 · e2 f1 goods 04-30 250.50 · e3 f2 money 02-28 500.00
          reversed by e4 03-02 · e5 f1 grant 03-20 300.00 reversed by e6 03-21 · e7 f2 grant 04-01 200.00 ·
          e8 f1 expense 03-05 · e9 f1 transfer in 03-06 · e10 f1 money 04-02 100.00 reversed by e11 04-03
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from desktop.domain.permissions import Principal, Role
from desktop.errors import ValidationError
from desktop.security import crypto
from desktop.security.vault import Vault
from desktop.services import communities
from desktop.services.activity_stats import KEY_NAMES, PeriodStats, figure_text, period_stats
from desktop.services.communities import CommunityInput
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import (
    CaseFile, CaseServiceRecord, CaseStageChange, Client, Fund, LedgerEntry, Need, Project, ProjectActivity,
    ProjectRound, ProjectStatusChange, SocialOrg, Volunteer, VolunteerService, VolunteerTraining,
)

START, END, TODAY = date(2026, 3, 1), date(2026, 4, 30), date(2026, 5, 10)
GONE = {"deleted_at": utcnow()}


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def _station(db: Database) -> tuple[str, str]:
    db.sign_in(Principal(None, "test", "测试", Role.ADMIN), Vault(crypto.new_key()))
    with db.write() as s:
        a = communities.add(s, CommunityInput("青山社区", "urban", 1000)).id
        b = communities.add(s, CommunityInput("石桥村", "rural", 800)).id
        rows: list[Any] = []

        def add(row: Any) -> Any:
            rows.append(row)
            return row

        c1, c2, c3 = (add(Client(id=f"c{n}", name=f"对象{n}", community_id=where, registered_on=d(1, 1)))
                      for n, where in ((1, a), (2, a), (3, b)))

        def case(name: str, client: Client, opened: date, stage: str = "service", closed: date | None = None,
                 **more: Any) -> CaseFile:
            return add(CaseFile(id=name, number=name, client_id=client.id, community_id=client.community_id,
                                worker_user_id="w", worker_name="社工", opened_on=opened, source="outreach",
                                risk="low", stage=stage, closed_on=closed, **more))

        k1 = case("k1", c1, d(3, 1))
        k2 = case("k2", c3, d(2, 28), "closed", d(4, 30))
        k3 = case("k3", c2, d(4, 30), "closed", d(4, 30))
        case("k4", c2, d(5, 1))
        k5 = case("k5", c1, d(3, 10), **GONE)
        k6 = case("k6", c3, d(3, 5), "assessment")
        for k, action in ((k3, "decline"), (k6, "decline"), (k6, "reopen")):
            add(CaseStageChange(case_id=k.id, action=action, to_stage="closed"))

        def record(name: str, k: CaseFile, kind: str, on: date, **more: Any) -> None:
            add(CaseServiceRecord(id=name, case_id=k.id, served_on=on, kind=kind, minutes=30, **more))

        record("r1", k1, "home_visit", d(3, 1))
        record("r2", k1, "home_visit", d(3, 15))
        record("r3", k2, "phone", d(4, 30))
        record("r4", k2, "home_visit", d(4, 30), corrects_id="r3")
        record("r5", k6, "interview", d(2, 28))
        record("r6", k5, "home_visit", d(3, 10))
        record("r7", k1, "home_visit", d(5, 1))
        record("r8", k1, "home_visit", d(3, 20), **GONE)

        def need(where: str, found: date, status: str = "open", closed: date | None = None, **more: Any) -> None:
            add(Need(community_id=where, category="elderly", title="需求", holder="community", urgency="normal",
                     source="visit", found_on=found, status=status, closed_on=closed, **more))

        need(a, d(3, 1))
        need(b, d(4, 30), "solved", d(4, 30))
        need(a, d(2, 27), "solved", d(3, 2))
        need(a, d(3, 3), **GONE)
        need(b, d(5, 1))
        need(a, d(3, 4), "unsolvable", d(3, 5))

        org = add(SocialOrg(id="org", name="社会组织", community_id=a, category="service", status="filed"))
        rnd = add(ProjectRound(id="round", name="创投", year=2026, organiser="民政办", funding_kind="government",
                               pool_fen=0, opens_on=d(1, 1), closes_on=d(1, 31)))

        def project(name: str, where: str, *moves: tuple[str, date], **more: Any) -> Project:
            p = add(Project(id=name, number=name, round_id=rnd.id, org_id=org.id, community_id=where, title=name,
                            starts_on=d(1, 1), ends_on=d(12, 31), status=moves[-1][0], **more))
            for status, on in moves:
                add(ProjectStatusChange(project_id=name, action=status, to_status=status, changed_on=on))
            return p

        p1 = project("p1", a, ("approved", d(1, 15)), ("running", d(2, 1)), ("midterm", d(2, 20)),
                     ("closed", d(3, 10)))
        p2 = project("p2", b, ("running", d(4, 30)))
        project("p3", a, ("running", d(1, 1)), ("terminated", d(2, 28)))
        project("p4", b, ("running", d(5, 1)))
        p5 = project("p5", a, ("running", d(3, 1)), **GONE)
        project("p6", a, ("approved", d(3, 1)), ("terminated", d(3, 15)))

        def activity(p: Project, on: date, kind: str, person_times: int, **more: Any) -> None:
            add(ProjectActivity(project_id=p.id, held_on=on, title="活动", kind=kind, person_times=person_times,
                                **more))

        activity(p1, d(3, 1), "group", 10)
        activity(p2, d(4, 30), "training", 7)
        activity(p1, d(2, 28), "group", 5)
        activity(p5, d(3, 5), "group", 100)
        activity(p2, d(4, 1), "training", 50, **GONE)

        v1, v2, v3 = (add(Volunteer(id=f"v{n}", number=f"V-{n}", name=f"志愿者{n}", community_id=where,
                                    registered_on=d(1, 1), status="active", **more))
                      for n, where, more in ((1, a, {}), (2, b, {}), (3, a, GONE)))

        def service(name: str, v: Volunteer, on: date, minutes: int, **more: Any) -> None:
            add(VolunteerService(id=name, volunteer_id=v.id, activity="服务", served_on=on, category="other",
                                 minutes=minutes, recorded_on=on, **more))

        service("s1", v1, d(3, 1), 90)
        service("s2", v1, d(4, 30), 30)
        service("s3", v2, d(3, 10), 60)
        service("s4", v2, d(3, 10), -60, reverses_id="s3")
        service("s5", v2, d(4, 1), 45)
        service("s6", v3, d(3, 1), 120)
        service("s7", v1, d(2, 28), 600)
        for v, on in ((v1, d(3, 5)), (v2, d(4, 30)), (v3, d(3, 5)), (v1, d(5, 1))):
            add(VolunteerTraining(volunteer_id=v.id, name="培训", minutes=60, held_on=on))

        f1, f2 = (add(Fund(id=f"f{n}", name=f"基金{n}", community_id=where, host_charity="慈善会", opened_on=d(1, 1)))
                  for n, where in ((1, a), (2, b)))

        def entry(name: str, f: Fund, kind: str, on: date, fen: int, reverses: str | None = None) -> None:
            add(LedgerEntry(id=name, fund_id=f.id, number=int(name[1:]), kind=kind, posted_on=on, amount_fen=fen,
                            reverses_id=reverses))

        entry("e1", f1, "donation_money", d(3, 1), 100_000)
        entry("e2", f1, "donation_goods", d(4, 30), 25_050)
        entry("e3", f2, "donation_money", d(2, 28), 50_000)
        entry("e4", f2, "reversal", d(3, 2), 50_000, "e3")
        entry("e5", f1, "grant", d(3, 20), 30_000)
        entry("e6", f1, "reversal", d(3, 21), 30_000, "e5")
        entry("e7", f2, "grant", d(4, 1), 20_000)
        entry("e8", f1, "expense", d(3, 5), 999)
        entry("e9", f1, "transfer_in", d(3, 6), 7_777)
        entry("e10", f1, "donation_money", d(4, 2), 10_000)
        entry("e11", f1, "reversal", d(4, 3), 10_000, "e10")
        for row in rows:  # parents first: the foreign keys are checked as each row goes in
            s.add(row)
            s.flush()
    return a, b


# Each key's total, its two communities (A, B) and its two months (March, April), worked out above.
EXPECTED: dict[str, tuple[int, tuple[int, int], tuple[int, int]]] = {
    "people_visited": (2, (1, 1), (1, 1)),  # c1 (r1, r2: once), c3 (r4, the correction of a phone call)
    "needs_collected": (3, (2, 1), (2, 1)),  # n1, n6 · n2
    "needs_solved": (2, (1, 1), (1, 1)),  # n3 (found before the period) · n2
    "cases_opened": (2, (1, 1), (2, 0)),  # k1 · k6 (reopened after 不接案); not k3
    "cases_closed": (1, (0, 1), (0, 1)),  # k2; not k3, closed by not being taken on
    "service_records": (3, (2, 1), (2, 1)),  # r1 r2 · r4
    "projects_running": (2, (1, 1), (1, 1)),  # p1 until 03-10 · p2 from 04-30
    "activities": (2, (1, 1), (1, 1)),  # a1 · a2
    "person_times_served": (20, (12, 8), (12, 8)),  # a1 10 + r1 r2 · a2 7 + r4
    "person_times_trained": (9, (1, 8), (1, 8)),  # t1 · t2 + a2 7
    "volunteers_serving": (2, (1, 1), (1, 2)),  # v1 · v2 (s5 only): v1 serves in both months
    "volunteer_hours": (165, (120, 45), (90, 75)),  # s1 90 + s2 30 · s5 45
    # e1 + e2 (e10 less its reversal e11); e3 of February reversed by e4 in March is not taken off: it is
    # reported as a reversal of an earlier donation, so no community shows a negative amount raised.
    "money_raised_fen": (125_050, (125_050, 0), (100_000, 25_050)),
    "donations_reversed_fen": (50_000, (0, 50_000), (50_000, 0)),  # e4
    "money_granted_fen": (20_000, (0, 20_000), (0, 20_000)),  # e5 less e6 · e7
}


@pytest.fixture
def stats(initialized_db: Database) -> PeriodStats:
    _station(initialized_db)
    with initialized_db.read() as session:
        return period_stats(session, START, END, TODAY)


def test_every_figure_in_total_by_community_and_by_month(stats: PeriodStats) -> None:
    assert [f.key for f in stats.figures] == list(KEY_NAMES) == list(EXPECTED)
    assert (stats.start, stats.end, stats.as_of) == (START, END, TODAY)
    assert [c.name for c in stats.by_community] == ["青山社区", "石桥村"]
    assert [m.month for m in stats.by_month] == ["2026-03", "2026-04"]
    for key, (total, places, months) in EXPECTED.items():
        assert stats.figure(key).value == total, key
        assert tuple(c.values[key] for c in stats.by_community) == places, key
        assert tuple(m.values[key] for m in stats.by_month) == months, key


def test_units_labels_and_notes(stats: PeriodStats) -> None:
    units = {f.key: f.unit for f in stats.figures}
    assert units["people_visited"] == units["volunteers_serving"] == "people"
    assert units["person_times_served"] == "person_times" and units["volunteer_hours"] == "minutes"
    assert units["money_raised_fen"] == "fen" and units["cases_opened"] == "count"
    assert all(f.label and f.note for f in stats.figures)
    assert figure_text("minutes", 165) == "2.75" and figure_text("fen", 75_050) == "750.50"
    assert figure_text("count", 12_345) == "12,345"


def test_one_day_periods_at_the_edges(initialized_db: Database) -> None:
    _station(initialized_db)
    with initialized_db.read() as session:
        first = period_stats(session, START, START, TODAY)
        before = period_stats(session, d(2, 28), d(2, 28), TODAY)
    assert [m.month for m in first.by_month] == ["2026-03"]
    assert {f.key: f.value for f in first.figures if f.value} == {
        "people_visited": 1, "needs_collected": 1, "cases_opened": 1, "service_records": 1, "projects_running": 1,
        "activities": 1, "person_times_served": 11, "volunteers_serving": 1, "volunteer_hours": 90,
        "money_raised_fen": 100_000}
    # The day before: k2 opened, r5, a3, s7, e3 and p1 running (p3 terminated that day still ran on it).
    assert {f.key: f.value for f in before.figures if f.value} == {
        "service_records": 1, "projects_running": 2, "activities": 1, "person_times_served": 6,
        "cases_opened": 1, "volunteers_serving": 1, "volunteer_hours": 600, "money_raised_fen": 50_000}


def test_a_period_that_ends_before_it_starts_is_refused(initialized_db: Database) -> None:
    _station(initialized_db)
    with initialized_db.read() as session, pytest.raises(ValidationError) as caught:
        period_stats(session, END, START)
    assert caught.value.field == "end"


def test_an_empty_station_has_every_figure_at_zero(initialized_db: Database) -> None:
    initialized_db.sign_in(Principal(None, "test", "测试", Role.ADMIN), Vault(crypto.new_key()))
    with initialized_db.read() as session:
        stats = period_stats(session, d(1, 15), d(3, 2), TODAY)
    assert [m.month for m in stats.by_month] == ["2026-01", "2026-02", "2026-03"]
    assert not any(f.value for f in stats.figures) and stats.by_community == ()
