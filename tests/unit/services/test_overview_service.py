"""Figures on the home page: community counts by setting and population, tombstones excluded."""

from __future__ import annotations

from wushe_testing import DEMO_PASSWORD
from desktop.services import communities
from desktop.services.communities import CommunityInput
from desktop.services.demo import DEMO_COMMUNITIES, load_demo
from desktop.services.overview import CommunityCounts, community_counts
from desktop.storage.database import Database


def counts(db: Database) -> CommunityCounts:
    with db.read() as session:
        return community_counts(session)


def test_empty_station(initialized_db: Database) -> None:
    assert counts(initialized_db) == CommunityCounts(total=0, urban=0, rural=0, population=0, population_missing=0)


def test_counts_by_setting_population_and_missing(initialized_db: Database) -> None:
    db = initialized_db
    with db.write() as session:
        communities.add(session, CommunityInput("青山社区", "urban", 8650))
        communities.add(session, CommunityInput("河滨社区", "urban", None))
        communities.add(session, CommunityInput("石桥村", "rural", 2310))
        communities.add(session, CommunityInput("双河村", "rural", 0))
        communities.add(session, CommunityInput("柏林村", "rural", None))
        gone = communities.add(session, CommunityInput("旧村", "rural", 1_000_000))
        gone_unknown = communities.add(session, CommunityInput("旧社区", "urban", None))
    with db.write() as session:
        communities.delete(session, gone.id)
        communities.delete(session, gone_unknown.id)
    assert counts(db) == CommunityCounts(total=5, urban=2, rural=3, population=10960, population_missing=2)


def test_only_one_setting_present(initialized_db: Database) -> None:
    with initialized_db.write() as session:
        communities.add(session, CommunityInput("石桥村", "rural", 5))
    assert counts(initialized_db) == CommunityCounts(total=1, urban=0, rural=1, population=5, population_missing=0)


def test_demo_figures(db: Database) -> None:
    load_demo(db, DEMO_PASSWORD)
    figures = counts(db)
    assert figures.total == len(DEMO_COMMUNITIES)
    assert figures.urban == sum(1 for c in DEMO_COMMUNITIES if c[1] == "urban")
    assert figures.rural == sum(1 for c in DEMO_COMMUNITIES if c[1] == "rural")
    assert figures.population == sum(c[2] or 0 for c in DEMO_COMMUNITIES)
    assert figures.population_missing == sum(1 for c in DEMO_COMMUNITIES if c[2] is None)
