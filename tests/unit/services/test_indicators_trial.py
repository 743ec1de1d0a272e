"""Indicators after a fresh-clone trial (issue 9): a population recorded as 0 is told apart from one not
recorded; the village with the fewest organisations is counted in organisations (个), not per community;
the heading over the villages below a target reads right beside an indicator that is met."""

from __future__ import annotations

from desktop.domain.indicators import INDICATORS, UNIT_LABELS
from desktop.services import communities, indicators
from desktop.services.communities import CommunityInput
from desktop.services.indicator_texts import own_text, short_heading
from desktop.storage.database import Database
from test_indicators import EVERYTHING, TODAY, _station


def test_a_population_of_0_is_not_called_unrecorded(initialized_db: Database) -> None:
    _station(initialized_db)
    with initialized_db.write() as s:
        communities.add(s, CommunityInput("空壳社区", "urban", 0))
    with initialized_db.read() as session:
        results = {r.indicator: r for r in indicators.evaluate(session, EVERYTHING, TODAY).results}
    for key in ("community_workers_per_10000_urban", "volunteers_share"):
        assert [(f.name, f.reason) for f in results[key].not_recorded] == [
            ("空壳社区", "Resident population is 0"), ("新华社区", "Resident population not recorded")], key


def test_the_fewest_organisations_in_a_village_are_counted_in_organisations(initialized_db: Database) -> None:
    _station(initialized_db)
    with initialized_db.read() as session:
        results = {r.indicator: r for r in indicators.evaluate(session, EVERYTHING, TODAY).results}
    least = results["orgs_least_per_rural_community"]
    assert least.unit_label == "organisations" and results["orgs_per_rural_community"].unit_label == "per community"
    assert [own_text(c, least) for c in least.falling_short] == ["红岩村 (0)"]
    assert UNIT_LABELS[INDICATORS["orgs_least_per_rural_community"].unit] == "organisations"


def test_the_heading_over_the_villages_names_them_below_the_target() -> None:
    # Beside "met: yes", "falling short" read as a contradiction; "below the target" is what they are.
    assert short_heading() == "Villages or communities below the target"
