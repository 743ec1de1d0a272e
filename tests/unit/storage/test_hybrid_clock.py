"""The hybrid logical clock: stamps only ever grow, whatever the wall clock does."""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.hlc import COUNTER_BITS, COUNTER_MAX, HybridClock, pack, unpack, wall_ms

T0 = 1_717_200_000_000  # 2024-06-01 in Unix milliseconds


class FakeWall:
    def __init__(self, ms: int = T0) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_pack_unpack_round_trip() -> None:
    assert unpack(pack(T0, 7)) == (T0, 7)
    assert pack(T0, 0) == T0 << COUNTER_BITS
    assert pack(T0, COUNTER_MAX) < pack(T0 + 1, 0)


def test_follows_the_wall_clock_when_it_moves_forward() -> None:
    wall = FakeWall()
    clock = HybridClock(wall=wall)
    assert clock.now() == pack(T0, 0)
    wall.ms += 5
    assert clock.now() == pack(T0 + 5, 0)
    assert clock.last == pack(T0 + 5, 0)


def test_frozen_wall_clock_counts_up() -> None:
    clock = HybridClock(wall=FakeWall())
    stamps = [clock.now() for _ in range(100)]
    assert [unpack(s) for s in stamps[:3]] == [(T0, 0), (T0, 1), (T0, 2)]
    assert all(a < b for a, b in zip(stamps, stamps[1:]))


def test_wall_clock_going_backwards_never_goes_back() -> None:
    wall = FakeWall()
    clock = HybridClock(wall=wall)
    high = clock.now()
    wall.ms -= 60_000  # someone set the PC clock back a minute
    after = [clock.now() for _ in range(3)]
    assert after == [pack(T0, 1), pack(T0, 2), pack(T0, 3)]
    assert all(s > high for s in after)


def test_observe_moves_past_a_remote_stamp() -> None:
    wall = FakeWall()
    clock = HybridClock(wall=wall)
    clock.now()
    remote = pack(T0 + 10_000, 42)  # a node whose clock runs ten seconds fast
    observed = clock.observe(remote)
    assert observed > remote
    assert unpack(observed) == (T0 + 10_000, 43)
    assert clock.now() > observed


def test_observe_of_an_older_stamp_still_advances() -> None:
    clock = HybridClock(wall=FakeWall())
    mine = clock.now()
    assert clock.observe(pack(T0 - 1000, 3)) > mine


def test_counter_overflow_rolls_into_the_next_millisecond() -> None:
    clock = HybridClock(last=pack(T0, COUNTER_MAX - 1), wall=FakeWall())
    assert clock.now() == pack(T0, COUNTER_MAX)
    assert clock.now() == pack(T0 + 1, 0)
    assert clock.now() == pack(T0 + 1, 1)


def test_starts_after_the_last_persisted_stamp() -> None:
    clock = HybridClock(last=pack(T0 + 500, 9), wall=FakeWall())
    assert clock.now() == pack(T0 + 500, 10)


def test_real_wall_clock_is_in_milliseconds() -> None:
    clock = HybridClock()
    ms, _ = unpack(clock.now())
    assert abs(ms - wall_ms()) < 5_000
    assert ms > T0


def test_thread_safe_stamps_are_unique() -> None:
    clock = HybridClock(wall=FakeWall())
    results: list[list[int]] = [[] for _ in range(4)]

    def work(out: list[int]) -> None:
        for _ in range(2000):
            out.append(clock.now())

    threads = [threading.Thread(target=work, args=(r,)) for r in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [s for r in results for s in r]
    assert len(set(every)) == len(every) == 8000
    for r in results:
        assert r == sorted(r)


ms_values = st.integers(min_value=0, max_value=1 << 44)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("now"), ms_values),
        st.tuples(st.just("observe"), st.tuples(ms_values, st.integers(0, COUNTER_MAX))),
    ),
    min_size=1,
    max_size=60,
)


@given(start=ms_values, ops=steps)
def test_property_stamps_strictly_increase_and_pass_observed(start: int, ops: list) -> None:  # type: ignore[type-arg]
    wall = FakeWall(start)
    clock = HybridClock(wall=wall)
    previous = -1
    highest_seen = start  # the largest millisecond value seen on the wall or in a remote stamp
    for kind, arg in ops:
        if kind == "now":
            wall.ms = arg  # the wall clock jumps anywhere, forwards or backwards
            highest_seen = max(highest_seen, arg)
            stamp = clock.now()
        else:
            remote = pack(*arg)
            highest_seen = max(highest_seen, arg[0])
            stamp = clock.observe(remote)
            assert stamp > remote
        assert stamp > previous
        assert clock.last == stamp
        ms, counter = unpack(stamp)
        assert 0 <= counter <= COUNTER_MAX
        assert ms >= wall.ms  # never behind the physical clock it just read
        assert ms <= highest_seen + 1  # and never runs away from it
        previous = stamp
