"""What happens in the county's case files, decided with the seeded rng before a row is written: who the
clients are, how many cases each has and when they opened, how each case ran, and on which day each
service record was recorded. ``case_bench_data`` writes the rows."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import NamedTuple

from bench_people import names
from desktop.domain.case_workflow import Stage

YEARS = 5  # cases are opened over the last five years
GAP = 14  # days at least between the openings of one client's cases
DRAW_BITS = 12
POOL = 1 << DRAW_BITS  # service records' details and sealed texts are drawn from this many, made once
POLYPHONIC_NAME = "曾佳慧"  # 曾 reads zēng as a surname, céng elsewhere: found by zjh; has an open case of lixia's

# Target groups: weight, youngest and oldest age today. A second group is one of SECOND_GROUPS.
GROUPS = {"elderly_alone": (30, 60, 95), "left_behind_child": (12, 3, 15), "child_in_difficulty": (6, 2, 17),
          "disabled": (14, 18, 75), "dibao": (18, 20, 85), "tekun": (8, 40, 90), "youfu": (5, 55, 95),
          "other": (7, 18, 80)}
SECOND_GROUPS = ("dibao", "disabled", "tekun")
MOST_CASES = 5  # per client
WORKERS = {"lixia": 45, "chenjun": 40, "admin": 15}  # who holds how many cases
DECLINED, REFERRED = 0.04, 0.06
OPEN, CLOSED, DECLINE, REFER = range(4)  # how a case ends (or not yet)
STANDS, CORRECTED, CORRECTION = range(3)  # a service record as planned

# The stages a case goes through, each reached at this share of its length.
FULL_PATH = (("open", "", Stage.INTAKE, 0.0), ("assess", Stage.INTAKE, Stage.ASSESSMENT, 0.05),
             ("plan", Stage.ASSESSMENT, Stage.PLAN, 0.15), ("serve", Stage.PLAN, Stage.SERVICE, 0.25),
             ("evaluate", Stage.SERVICE, Stage.EVALUATION, 0.9), ("close", Stage.EVALUATION, Stage.CLOSED, 1.0))
ENDINGS = {CLOSED: FULL_PATH, DECLINE: (FULL_PATH[0], ("decline", Stage.INTAKE, Stage.CLOSED, 1.0)),
           REFER: (*FULL_PATH[:4], ("refer", Stage.SERVICE, Stage.REFERRED, 1.0))}


class Draft(NamedTuple):
    """A client before the rows are written."""

    name: str
    groups: tuple[str, ...]
    birth: int  # ordinal
    male: bool
    registered: int  # ordinal


class Case(NamedTuple):
    """A case before the rows are written: it runs ``length`` days from ``opened`` (ordinals), then ends
    as ``ending`` says unless that is OPEN."""

    opened: int
    client: int  # index in the generated clients
    length: int
    ending: int
    worker: int  # index in WORKERS


def weighted(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


def client_drafts(rng: random.Random, n: int, today: date) -> list[Draft]:
    """``n`` clients in the order they were registered, the planted one last."""
    start = today.toordinal() - 365 * YEARS
    drafts = []
    for name, group in zip(names(rng, n - 1), weighted(rng, {g: w for g, (w, _y, _o) in GROUPS.items()}, n - 1)):
        _weight, youngest, oldest = GROUPS[group]
        birth = today.toordinal() - rng.randrange(youngest * 365, oldest * 365 + 365)
        extra = rng.choice(SECOND_GROUPS) if rng.random() < (0.2 if youngest < 18 else 0.25) else group
        groups = (group,) if extra == group or (youngest < 18 and extra != "dibao") else (group, extra)
        registered = start - rng.randrange(1, 365 * 3) if rng.random() < 0.4 else start + rng.randrange(365 * YEARS)
        elderly = group == "elderly_alone"
        drafts.append(Draft(name, groups, birth, rng.random() < (0.35 if elderly else 0.5),
                            min(today.toordinal(), max(registered, birth + 365))))
    drafts.sort(key=lambda d: d.registered)
    birth = today - timedelta(days=365 * 72 + 100)
    return [*drafts, Draft(POLYPHONIC_NAME, ("elderly_alone",), birth.toordinal(), False, start - 30)]


def cases_per_client(rng: random.Random, drafts: list[Draft], total: int, today: date) -> list[int]:
    """Cases per client, up to MOST_CASES and adding up to ``total``, in proportion to the part of the five
    years the client was registered for (so the years have about as many cases each); exactly one (open)
    for the planted client."""
    start, last = today.toordinal() - 365 * YEARS, today.toordinal()
    share = [(last - max(d.registered, start)) / (last - start) for d in drafts[:-1]]
    room = [min(MOST_CASES, int(s * (last - start)) // (2 * GAP)) for s in share]
    chance = (total - 1) / sum(share) / MOST_CASES  # of each possible case, for a client of all five years
    counts = [min(r, sum(rng.random() < s * chance for _ in range(MOST_CASES))) for s, r in zip(share, room)]
    missing = total - 1 - sum(counts)
    while missing:
        i = rng.randrange(len(counts))
        if missing > 0 and counts[i] < room[i] and rng.random() < share[i]:
            counts[i] += 1
            missing -= 1
        elif missing < 0 and counts[i]:
            counts[i] -= 1
            missing += 1
    return [*counts, 1]


def case_plan(rng: random.Random, drafts: list[Draft], counts: list[int], today: date) -> list[Case]:
    """Every generated case, in the order they were opened (a client's cases one after another)."""
    start, last = today.toordinal() - 365 * YEARS, today.toordinal()
    workers = list(range(len(WORKERS)))
    cases = []
    for client, (draft, n) in enumerate(zip(drafts, counts)):
        first = max(draft.registered, start)
        if client == len(drafts) - 1:  # planted: opened three weeks ago, still running, lixia's
            cases.append(Case(last - 21, client, 120, OPEN, 0))
            continue
        room = last - first - (n - 1) * GAP
        openings = [first + day + k * GAP for k, day in enumerate(sorted(rng.sample(range(room), n)))]
        for k, opened in enumerate(openings):
            declined = rng.random() < DECLINED
            planned = rng.randint(1, 10) if declined else 14 + min(int(rng.expovariate(1 / 90)), 520)
            until = openings[k + 1] - 1 if k + 1 < n else last
            length = min(planned, until - opened)
            ending = (DECLINE if declined else REFER if rng.random() < REFERRED else CLOSED) \
                if opened + planned <= until else OPEN
            if k + 1 < n and ending == OPEN:  # the next case opens: this one was closed by then
                ending = CLOSED
            cases.append(Case(opened, client, planned if ending == OPEN else length, ending,
                              rng.choices(workers, list(WORKERS.values()))[0]))
    cases.sort(key=lambda c: (c.opened, c.client))
    return cases


def stage_steps(case: Case, today: int) -> list[tuple[str, str, str, int]]:
    """(action, from stage, to stage, day) of every stage change the case has had by ``today``."""
    path = FULL_PATH[:-1] if case.ending == OPEN else ENDINGS[case.ending]
    steps = [(action, before, after, case.opened + int(share * case.length)) for action, before, after, share in path]
    return [step for step in steps if step[3] <= today]


def last_day(case: Case, today: int) -> int:
    """The last day work was recorded on the case: its end, or today while it is open."""
    return today if case.ending == OPEN else case.opened + case.length


def records_per_case(rng: random.Random, cases: list[Case], total: int, today: int) -> list[int]:
    """Records per case, adding up to ``total``: by how long the case ran, some far busier than others."""
    weights = [min(rng.paretovariate(1.8), 25.0) * (last_day(c, today) - c.opened + 1)
               * (0.02 if c.ending == DECLINE else 1) for c in cases]
    scale, counts, running, given = total / sum(weights), [], 0.0, 0
    for weight in weights:  # shares rounded so they add up exactly
        running += weight
        share = round(running * scale) - given
        given += share
        counts.append(share)
    return counts


# A planned service record is one integer (a list of 4,000,000 tuples would take hundreds of megabytes more),
# sorting by the day it was recorded: these many bits for each part, days counted from the start of the years.
CASE_BITS, DAY_BITS, KIND_BITS = 20, 11, 2


def record_key(recorded: int, case: int, served: int, draw: int, kind: int) -> int:
    return (((recorded << CASE_BITS | case) << DAY_BITS | served) << DRAW_BITS | draw) << KIND_BITS | kind


def record_of(key: int) -> tuple[int, int, int, int, int]:
    """(recorded, case, served, draw, kind) of a ``record_key``."""
    kind, key = key & (1 << KIND_BITS) - 1, key >> KIND_BITS
    draw, key = key & POOL - 1, key >> DRAW_BITS
    served, key = key & (1 << DAY_BITS) - 1, key >> DAY_BITS
    return key >> CASE_BITS, key & (1 << CASE_BITS) - 1, served, draw, kind


def record_plan(rng: random.Random, plan: list[Case], counts: list[int], delays: list[int], corrections: int,
                today: int) -> list[int]:
    """Every service record (``record_key``) in the order it was recorded: served on a day of its case, recorded
    ``delays[draw]`` days after (not after the case ended); ``corrections`` of them corrected 1–20 days later."""
    start = today - 365 * YEARS
    assert len(plan) < 1 << CASE_BITS and today - start < 1 << DAY_BITS and len(delays) == POOL
    corrected = set(rng.sample(range(sum(counts)), corrections))
    keys = []
    made = 0
    for index, (case, n) in enumerate(zip(plan, counts)):
        end = last_day(case, today)
        for _ in range(n):
            served, draw = rng.randint(case.opened, end), rng.getrandbits(DRAW_BITS)
            recorded = min(end, served + delays[draw])
            if made in corrected:
                keys.append(record_key(recorded - start, index, served - start, draw, CORRECTED))
                keys.append(record_key(min(today, recorded + rng.randint(1, 20)) - start, index, served - start, draw,
                                       CORRECTION))
            else:
                keys.append(record_key(recorded - start, index, served - start, draw, STANDS))
            made += 1
    keys.sort()
    return keys
