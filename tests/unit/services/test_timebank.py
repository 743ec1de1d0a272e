"""The time bank: settings, deposits under the storage cap, redemptions, donations, reversals, and the
invariant that no balance goes below zero or above the cap and every passbook ends on its balance."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import ValidationError
from desktop.services import rewards, signin, timebank, volunteer_hours
from desktop.services.guard import PermissionDenied
from desktop.services.rewards import RewardInput
from desktop.services.timebank import TimebankSettings
from desktop.services.volunteer_hours import ServiceInput
from desktop.storage.database import Database
from volunteer_testing import REGISTERED, TODAY, new_volunteer, signed_in
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy, refusal

SMALL_CAP = TimebankSettings(rate=100, cap_hours=5, daily_cap_minutes=480)  # 500 hundredths


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = signed_in(open_copy(demo_template.path, tmp_path), "admin")
    yield db
    db.close()


def serve(db: Database, volunteer_id: str, minutes: int, days_ago: int = 30) -> str:
    day = TODAY - timedelta(days=days_ago)
    with db.write() as session:
        return volunteer_hours.record_service(session, ServiceInput(volunteer_id, "河道清洁", day, minutes,
                                                                    category="environment"), today=day).id


def reward(db: Database, name: str, cost: str) -> str:
    with db.write() as session:
        return rewards.add_reward(session, RewardInput(name, "goods", cost)).id


def balances(db: Database, *volunteer_ids: str | None) -> list[int]:
    with db.read() as session:
        return [timebank.balance(session, v) for v in volunteer_ids]


def test_settings_are_stored_and_only_the_head_changes_them(demo: Database) -> None:
    with demo.read() as session:
        assert timebank.settings(session) == TimebankSettings(100, 1500, 480)  # Nanjing's cap, 8 h a day
    with demo.write() as session:
        timebank.set_settings(session, TimebankSettings(rate=150, cap_hours=1000, daily_cap_minutes=600))
    with demo.read() as session:
        assert timebank.settings(session).cap == 150_000
    volunteer = new_volunteer(demo).id
    serve(demo, volunteer, 90)
    assert balances(demo, volunteer) == [225]  # 1.5 h at 1.5 points an hour
    assert refusal(demo, lambda s: timebank.set_settings(s, TimebankSettings(daily_cap_minutes=0))).field == \
        "daily_cap_minutes"
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied), demo.write() as session:
        timebank.set_settings(session, TimebankSettings())


def under_small_cap(db: Database) -> tuple[str, int]:
    """A new volunteer under a 5-hour storage cap, and what the pool held before."""
    with db.write() as session:
        timebank.set_settings(session, SMALL_CAP)
    return new_volunteer(db).id, balances(db, None)[0]


def test_points_above_the_cap_are_donated_to_the_pool(demo: Database) -> None:
    volunteer, pool_before = under_small_cap(demo)
    serve(demo, volunteer, 240, days_ago=31)
    serve(demo, volunteer, 180, days_ago=30)  # 4 + 3 points: 2 above the cap of 5
    assert balances(demo, volunteer, None) == [500, pool_before + 200]
    with demo.read() as session:
        lines = timebank.passbook(session, volunteer)
    assert [(line.kind, line.deposit, line.withdrawal, line.balance) for line in lines] == [
        ("deposit", 400, 0, 400), ("deposit", 300, 0, 700), ("over_cap", 0, 200, 500)]


def test_reversing_a_capped_deposit_takes_back_what_was_kept_and_what_was_donated(demo: Database) -> None:
    volunteer, pool_before = under_small_cap(demo)
    serve(demo, volunteer, 180, days_ago=31)
    capped = serve(demo, volunteer, 240, days_ago=30)  # 3 + 4 points: 2 go to the pool
    towel = reward(demo, "测试毛巾", "2")
    with demo.write() as session:
        timebank.redeem(session, volunteer, towel)
        volunteer_hours.reverse_service(session, capped, "活动取消")
        book = timebank.passbook(session, volunteer)
    assert balances(demo, volunteer, None) == [100, pool_before]
    assert [line.balance for line in book][-2:] == [500, 100] and all(line.balance >= 0 for line in book)


def test_redemption_needs_the_balance_and_can_be_reversed(demo: Database) -> None:
    volunteer = new_volunteer(demo).id
    serve(demo, volunteer, 120)
    rice = reward(demo, "测试大米", "3")
    error = refusal(demo, lambda s: timebank.redeem(s, volunteer, rice))
    assert error.field == "reward_id" and "2.00" in error.message
    serve(demo, volunteer, 60, days_ago=29)
    with demo.write() as session:
        timebank.redeem(session, volunteer, rice, "爱心超市")
        line = timebank.passbook(session, volunteer)[-1]
    assert (line.content, line.withdrawal, line.balance) == ("Redeemed: 测试大米", 300, 0)
    with demo.write() as session:
        timebank.reverse(session, line.entry_id, "大米缺货，未领取")
    assert balances(demo, volunteer) == [300]
    assert refusal(demo, lambda s: timebank.reverse(s, line.entry_id, "again")).field == "entry_id"
    with demo.write() as session:
        rewards.update_reward(session, rice, RewardInput("测试大米", "goods", "3", active=False))
    assert refusal(demo, lambda s: timebank.redeem(s, volunteer, rice)).field == "reward_id"


def test_gifts_go_to_another_volunteer_or_the_pool_and_deposits_reverse_with_their_record(demo: Database) -> None:
    giver, receiver = new_volunteer(demo, "甲").id, new_volunteer(demo, "乙").id
    record = serve(demo, giver, 300)
    pool = balances(demo, None)[0]
    with demo.write() as session:
        timebank.donate(session, giver, 150, receiver, "转赠")
        timebank.donate(session, giver, 50)
        deposit = timebank.passbook(session, giver)[0]
    assert balances(demo, giver, receiver, None) == [300, 150, pool + 50]
    assert refusal(demo, lambda s: timebank.donate(s, giver, 301)).field == "amount"
    assert refusal(demo, lambda s: timebank.donate(s, giver, 10, giver)).field == "to_volunteer_id"
    assert refusal(demo, lambda s: timebank.reverse(s, deposit.entry_id, "错")).field == "entry_id"
    # 5 points were deposited, 2 are still held: reversing the record would go below zero
    assert refusal(demo, lambda s: volunteer_hours.reverse_service(s, record, "录错")).field == "amount"
    with demo.read() as session:
        received = timebank.passbook(session, receiver)
    assert [(line.content, line.deposit) for line in received] == [("From 甲", 150)]


def test_bad_rewards_are_refused(demo: Database) -> None:
    for cost, field in (("0", "cost"), ("1.234", "cost"), ("abc", "cost")):
        assert refusal(demo, lambda s: rewards.add_reward(s, RewardInput("奖品", "goods", cost))).field == field
    assert refusal(demo, lambda s: rewards.add_reward(s, RewardInput("理发服务", "service", "10"))).field == "name"
    assert refusal(demo, lambda s: rewards.add_reward(s, RewardInput("奖品", "cash", "10"))).field == "kind"


# One operation of the invariant test: (what, who, how much / which, days ago).
OPS = st.lists(st.tuples(st.sampled_from(["serve", "redeem", "gift", "pool", "reverse_record", "reverse_line"]),
                         st.integers(0, 1), st.integers(1, 300), st.integers(0, 50)), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_no_sequence_breaks_the_balances(demo: Database, ops: list[tuple[str, int, int, int]]) -> None:
    with demo.write() as session:
        timebank.set_settings(session, SMALL_CAP)
        cap = timebank.settings(session).cap
        prize = rewards.add_reward(session, RewardInput(f"奖品{len(rewards.list_rewards(session))}", "goods", "1.5")).id
    people = [new_volunteer(demo, name, REGISTERED).id for name in ("甲", "乙")]
    records: list[str] = []
    lines: list[str] = []
    for kind, who, size, pick in ops:
        me, other = people[who], people[1 - who]
        try:
            with demo.write() as session:
                if kind == "serve":
                    day = TODAY - timedelta(days=1 + len(records))  # one record a day: the daily cap stays out
                    records.append(volunteer_hours.record_service(session, ServiceInput(
                        me, "巡河", day, size, category="environment"), today=TODAY).id)
                elif kind == "redeem":
                    timebank.redeem(session, me, prize)
                elif kind in ("gift", "pool"):
                    timebank.donate(session, me, size, other if kind == "gift" else None)
                elif kind == "reverse_record" and records:
                    volunteer_hours.reverse_service(session, records[pick % len(records)], "冲正")
                elif kind == "reverse_line" and lines:
                    timebank.reverse(session, lines[pick % len(lines)], "冲正")
                lines = [line.entry_id for v in people for line in timebank.passbook(session, v)]
        except ValidationError:
            pass  # refused: the unit of work wrote nothing, and the invariants below still hold
        with demo.read() as session:
            for volunteer in (*people, None):
                held = timebank.balance(session, volunteer)
                book = timebank.passbook(session, volunteer)
                assert held >= 0 and held == (book[-1].balance if book else 0)
                assert all(line.balance >= 0 for line in book)
                assert volunteer is None or held <= cap
