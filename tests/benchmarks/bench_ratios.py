"""What the county-scale benchmarks share to measure a service against the raw SQL that gives the same
rows: the station they measure (the demo station with generated data, timed apart), the run loop (the
median of ``runs`` runs after one warm-up, the service and its SQL alternating, each result checked) and
the printed table of ratios, where a figure is poor when its ratio passes POOR_RATIO or its time its goal."""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from desktop.security.vault import Vault
from desktop.storage.database import Database
from desktop.storage.opening import open_database
from wushe_testing import signed_in_demo

POOR_RATIO = 10
SLOW_LIST_MS = 150  # a list or search slower than this is not interactive

Data = TypeVar("Data")


@dataclass(frozen=True)
class Figure:
    name: str
    service: Callable[[], Any]
    sql: Callable[[], Any]  # the raw SQL that gives the same rows
    check: Callable[[Any], None]  # given what the service returned
    goal_ms: float | None = SLOW_LIST_MS  # None: no goal of time (a list or search must keep up with typing)


@dataclass(frozen=True)
class Station(Generic[Data]):
    """The station a benchmark measures: opened with the head signed in, what was generated into it, and a
    plain sqlite3 connection to the same file for the SQL side."""

    db: Database
    data: Data
    sql: sqlite3.Connection


@dataclass(frozen=True)
class Timing:
    """One figure's runs after the warm-up, in milliseconds."""

    service: list[float]
    sql: list[float]


@contextmanager
def bench_station(folder: Path, generate: Callable[[Path, Vault], Data],
                  describe: Callable[[Data], str]) -> Iterator[Station[Data]]:
    """The demo station in ``folder`` with what ``generate`` adds (its time and the file's size printed after
    ``describe``'s account of it). The folder goes afterwards: gigabytes, which pytest would keep with its
    last three runs."""
    path = folder / "wushe.db"
    principal, vault = signed_in_demo(path)
    started = time.perf_counter()
    data = generate(path, vault)
    print(f"\ngenerated {describe(data)} in {time.perf_counter() - started:.0f} s "
          f"({path.stat().st_size / 2**20:,.0f} MiB)")
    db = open_database(path)
    db.sign_in(principal, vault)  # as signed in above: argon2 once is enough
    try:
        with closing(sqlite3.connect(path)) as sql:
            yield Station(db, data, sql)
    finally:
        db.close()
    shutil.rmtree(folder)


def read(db: Database, fn: Callable[..., Any], *args: Any) -> Any:
    """One read unit of work, as the UI's gateway runs a service call."""
    with db.read() as session:
        return fn(session, *args)


def timed(fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """How long ``fn(*args)`` took in milliseconds, and what it returned."""
    started = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - started) * 1000, result


def measure(figures: Sequence[Figure], runs: int) -> dict[str, Timing]:
    """Each figure's service and SQL timed ``runs`` times after a warm-up, every result checked each time."""
    timings = {f.name: Timing([], []) for f in figures}
    for run in range(runs + 1):
        for figure in figures:
            service_ms, result = timed(figure.service)
            sql_ms, _rows = timed(figure.sql)
            figure.check(result)
            if run:  # run 0 is the warm-up
                timings[figure.name].service.append(service_ms)
                timings[figure.name].sql.append(sql_ms)
    return timings


def print_ratios(heading: str, figures: Sequence[Figure], timings: dict[str, Timing]) -> None:
    """``heading``, then a row a figure: the service's median, fastest and slowest, its SQL's median, the
    ratio and the goal, marked when poor."""
    width = max(len(f.name) for f in figures) + 2
    print(f"\n{heading}")
    print(f"{'':{width}}{'service ms':>11}{'min':>8}{'max':>8}{'SQL ms':>9}{'ratio':>8}{'goal':>7}")
    for figure in figures:
        timing = timings[figure.name]
        median, baseline = statistics.median(timing.service), statistics.median(timing.sql)
        poor = median / baseline > POOR_RATIO or (figure.goal_ms is not None and median > figure.goal_ms)
        goal = "" if figure.goal_ms is None else f"{figure.goal_ms:.0f}"
        print(f"{figure.name:{width}}{median:11.1f}{min(timing.service):8.1f}{max(timing.service):8.1f}"
              f"{baseline:9.1f}{median / baseline:7.1f}x{goal:>7}{'  <- poor' if poor else ''}")
