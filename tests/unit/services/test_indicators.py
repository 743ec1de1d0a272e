"""Indicators against policy targets, computed on a small station whose answers are worked out by hand.

The station (populations in brackets; "—" is not recorded):

    urban  青山社区 (10,000)   orgs: A filed charity brand, B registered service, C filed culture,
                              D incubating (not counted), E filed but deleted, the federation K (not counted)
    urban  河滨社区 (5,000)    orgs: F filed mutual aid
    urban  新华社区 (—)        orgs: G filed charity, H (filed in 石桥村, then moved here)
    rural  石桥村 (2,000)      orgs: I filed culture
    rural  红岩村 (1,000)      none
    rural  旧村 (500)         deleted, with a charity org J, a volunteer and a worker covering it

Workers: W1 station, intermediate, covers 青山 石桥 · W2 community, assistant, covers 青山 ·
W3 community, none, covers 河滨 新华 · W4 community, senior, left the post, covers 红岩 ·
W5 community, intermediate, deleted, covers 红岩 · W6 community, none, covers nothing ·
W7 community, assistant, covered 红岩 and 旧村, then only 河滨.
Volunteers on the register: 青山 3 (and one paused, one deleted), 河滨 1, 新华 2, 石桥 4, 旧村 1.
Volunteer service points: 青山, 石桥 and 旧村 (deleted).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.domain import indicators as rules
from desktop.domain.credit_code import make_credit_code
from desktop.domain.indicators import INDICATORS, PolicyProfile, Target
from desktop.domain.permissions import Principal, Role
from desktop.errors import ValidationError
from desktop.security import crypto
from desktop.security.vault import Vault
from desktop.services import communities, indicators, orgs, volunteers, workers
from desktop.services.communities import CommunityInput
from desktop.services.indicators import IndicatorResult
from desktop.services.orgs import OrgInput
from desktop.services.volunteers import VolunteerInput
from desktop.services.workers import WorkerInput
from desktop.storage.database import Database

TODAY = date(2026, 6, 30)


def _station(db: Database) -> None:
    # The system, with a data key of its own: organisations seal their leader's phone even when none is given.
    db.sign_in(Principal(None, "test", "测试", Role.ADMIN), Vault(crypto.new_key()))
    with db.write() as s:
        ids = {name: communities.add(s, CommunityInput(name, setting, population, volunteer_point=point)).id
               for name, setting, population, point in [
                   ("青山社区", "urban", 10_000, True), ("河滨社区", "urban", 5_000, False),
                   ("新华社区", "urban", None, False), ("石桥村", "rural", 2_000, True),
                   ("红岩村", "rural", 1_000, False), ("旧村", "rural", 500, True)]}

        def org(name: str, where: str, category: str, status: str = "filed", **more: object) -> str:
            code = make_credit_code("51500110MJP777777") if status == "registered" else ""
            data = OrgInput(name, ids[where], category, status, credit_code=code, **more)  # type: ignore[arg-type]
            return orgs.add(s, data).id

        org("A", "青山社区", "charity", brand=True)
        org("B", "青山社区", "service", "registered")
        org("C", "青山社区", "culture_sports")
        org("D", "青山社区", "service", "incubating")
        orgs.delete(s, org("E", "青山社区", "service"))
        org("K", "青山社区", "governance", is_federation=True)
        org("F", "河滨社区", "mutual_aid")
        org("G", "新华社区", "charity")
        moved = OrgInput("H", ids["石桥村"], "governance", "filed")
        orgs.update(s, orgs.add(s, moved).id, replace(moved, community_id=ids["新华社区"]))
        org("I", "石桥村", "culture_sports")
        org("J", "旧村", "charity")

        def worker(name: str, kind: str, level: str, *where: str, **more: object) -> tuple[str, WorkerInput]:
            certificate = {} if level == "none" else {"cert_number": f"2020{name}", "cert_year": 2020}
            data = WorkerInput(name, kind, "full_time", level, community_ids=tuple(ids[w] for w in where),
                               **certificate, **more)  # type: ignore[arg-type]
            return workers.add(s, data).id, data

        worker("W1", "station", "intermediate", "青山社区", "石桥村")
        worker("W2", "community", "assistant", "青山社区")
        worker("W3", "community", "none", "河滨社区", "新华社区")
        worker("W4", "community", "senior", "红岩村", status="left")
        workers.delete(s, worker("W5", "community", "intermediate", "红岩村")[0])
        worker("W6", "community", "none")
        w7, data = worker("W7", "community", "assistant", "红岩村", "旧村")
        workers.update(s, w7, replace(data, community_ids=(ids["河滨社区"],)))

        def volunteer(where: str, status: str = "active") -> str:
            return volunteers.add(s, VolunteerInput(f"志愿者{where}", ids[where], id_number="", status=status)).id

        for where, n in [("青山社区", 3), ("河滨社区", 1), ("新华社区", 2), ("石桥村", 4), ("旧村", 1)]:
            for _n in range(n):
                volunteer(where)
        volunteer("青山社区", "paused")
        volunteers.delete(s, volunteer("青山社区"))
        communities.delete(s, ids["旧村"])


# Every indicator, each against a target chosen so that both "met" and "not met" occur.
EVERYTHING = PolicyProfile("all", {"en": "All"}, "a test", tuple(Target(i, ">=", Fraction(v)) for i, v in [
    ("orgs_per_urban_community", "2"), ("orgs_per_rural_community", "1"), ("orgs_least_per_rural_community", "1"),
    ("social_work_service_share", "100"), ("social_work_service_share_urban", "100"),
    ("social_work_service_share_rural", "100/3"), ("community_workers_per_10000_urban", "3"),
    ("certified_share", "15"), ("volunteers_share", "22"), ("volunteer_point_share", "100"),
    ("charity_org_share", "100"), ("brand_org_share", "100"), ("federation", "1")]))


@pytest.fixture
def report(initialized_db: Database) -> dict[str, IndicatorResult]:
    _station(initialized_db)
    with initialized_db.read() as session:
        found = indicators.evaluate(session, EVERYTHING, TODAY)
    assert found.as_of == TODAY
    return {r.indicator: r for r in found.results}


def names(figures: tuple[indicators.CommunityFigure, ...]) -> dict[str, Decimal | None]:
    return {f.name: f.value for f in figures}


def test_the_profile_covers_every_indicator() -> None:
    assert {t.indicator for t in EVERYTHING.targets} == set(INDICATORS)


def test_organisations_per_community_count_where_they_are_now(report: dict[str, IndicatorResult]) -> None:
    urban = report["orgs_per_urban_community"]
    # 青山 A B C (D incubates, E is deleted, K is the federation), 河滨 F, 新华 G and H, which moved there: 6 / 3.
    assert (urban.value, urban.met) == (Decimal("2.00"), True)
    assert names(urban.falling_short) == {"河滨社区": Decimal("1.00")}
    assert urban.explanation.data == (("Urban communities", 3), ("Registered or filed organisations in them", 6))
    rural = report["orgs_per_rural_community"]
    # 石桥 I only (H left it; 旧村 and its J are deleted), 红岩 none: 1 / 2.
    assert (rural.value, rural.met) == (Decimal("0.50"), False)
    assert names(rural.falling_short) == {"红岩村": Decimal("0.00")}  # 石桥村 has the 1 the target asks
    least = report["orgs_least_per_rural_community"]
    assert (least.value, least.met, names(least.falling_short)) == (Decimal("0.00"), False, {"红岩村": Decimal("0.00")})


def test_social_work_service_is_coverage_by_a_worker_in_post(report: dict[str, IndicatorResult]) -> None:
    # 红岩村 is covered only by W4 (left), W5 (deleted) and W7 before it was taken off: 4 of 5 are served.
    every = report["social_work_service_share"]
    assert (every.value, every.met, names(every.falling_short)) == (Decimal("80.00"), False, {"红岩村": None})
    assert every.explanation.data == (("Villages and communities", 5), ("Covered by a social worker in post", 4))
    urban = report["social_work_service_share_urban"]
    assert (urban.value, urban.met, urban.falling_short) == (Decimal("100.00"), True, ())
    rural = report["social_work_service_share_rural"]  # 1 of 2 against one third
    assert (rural.value, rural.met, names(rural.falling_short)) == (Decimal("50.00"), True, {"红岩村": None})
    assert rural.target == Decimal("33.33")


def test_community_workers_per_10000_urban_residents_leave_out_an_unknown_population(
        report: dict[str, IndicatorResult]) -> None:
    result = report["community_workers_per_10000_urban"]
    # W2 (青山) and W3, W7 (河滨) over 15,000 residents; 新华社区 has no population and drops out.
    assert (result.value, result.met) == (Decimal("2.00"), False)
    assert names(result.falling_short) == {"青山社区": Decimal("1.00")}  # 河滨: 2 per 5,000 = 4.00
    assert [(f.name, f.reason) for f in result.not_recorded] == [("新华社区", "Resident population not recorded")]
    assert dict(result.explanation.data) == {
        "Urban communities": 3, "Urban communities with the population recorded": 2,
        "Their resident population": 15_000, "Community workers in post covering them": 3}


def test_certified_share_counts_community_workers_in_post(report: dict[str, IndicatorResult]) -> None:
    result = report["certified_share"]
    # In post: W2 and W7 certified, W3 and W6 not (W1 is station staff, W4 left, W5 deleted): 2 of 4.
    assert (result.value, result.met) == (Decimal("50.00"), True)
    assert names(result.falling_short) == {"新华社区": Decimal("0.00")}  # 青山 100 %, 河滨 1 of 2
    assert {f.name for f in result.not_recorded} == {"石桥村", "红岩村"}


def test_volunteers_share_counts_only_where_the_population_is_known(report: dict[str, IndicatorResult]) -> None:
    result = report["volunteers_share"]
    # 3 + 1 + 4 + 0 volunteers over 10,000 + 5,000 + 2,000 + 1,000 residents: 8 / 18,000 = 0.044 %.
    assert (result.value, result.met) == (Decimal("0.04"), False)
    assert names(result.falling_short) == {"青山社区": Decimal("0.03"), "河滨社区": Decimal("0.02"),
                                           "石桥村": Decimal("0.20"), "红岩村": Decimal("0.00")}
    assert names(result.not_recorded) == {"新华社区": None}
    assert ("Volunteers where the population is not recorded (not counted)", 2) in result.explanation.data


def test_volunteer_service_points(report: dict[str, IndicatorResult]) -> None:
    result = report["volunteer_point_share"]  # 青山 and 石桥 of five live ones; 旧村's is deleted with it
    assert (result.value, result.met, result.not_recorded) == (Decimal("40.00"), False, ())
    assert names(result.falling_short) == {"河滨社区": None, "新华社区": None, "红岩村": None}
    assert result.explanation.data == (("Villages and communities", 5), ("With a volunteer service point", 2))


def test_charity_brand_and_federation(report: dict[str, IndicatorResult]) -> None:
    charity = report["charity_org_share"]  # 青山 (A) and 新华 (G); 旧村's J is deleted with it
    assert (charity.value, charity.met) == (Decimal("40.00"), False)
    assert set(names(charity.falling_short)) == {"河滨社区", "石桥村", "红岩村"}
    brand = report["brand_org_share"]
    assert (brand.value, len(brand.falling_short)) == (Decimal("20.00"), 4)
    federation = report["federation"]
    assert (federation.value, federation.met, federation.falling_short) == (Decimal("1.00"), True, ())


def test_no_rural_villages_gives_no_rural_figure(initialized_db: Database) -> None:
    with initialized_db.write() as s:
        communities.add(s, CommunityInput("青山社区", "urban", 1_000))
    with initialized_db.read() as session:
        results = {r.indicator: r for r in indicators.evaluate(session, EVERYTHING, TODAY).results}
    for rural in ("orgs_per_rural_community", "orgs_least_per_rural_community", "social_work_service_share_rural"):
        assert (results[rural].value, results[rural].met) == (None, None)
        assert results[rural].note == "No rural villages on the register."
    assert results["orgs_per_urban_community"].value == Decimal("0.00")
    assert results["certified_share"].note == "No community workers in post on the register."


def test_targets_in_force_follow_their_deadlines() -> None:
    chongqing = indicators.profile("chongqing-2022")
    share = {t.indicator: t.value for t in chongqing.in_force(date(2022, 6, 1))}["social_work_service_share"]
    later = {t.indicator: t.value for t in chongqing.in_force(date(2024, 1, 1))}["social_work_service_share"]
    assert (share, later) == (70, 100)
    assert len(chongqing.in_force(date(2024, 1, 1))) == len(chongqing.targets) - 1


def test_the_shipped_profiles_name_known_indicators() -> None:
    shipped = {p.id: p for p in indicators.profiles()}
    assert set(shipped) == {"chongqing-2022", "hubei-2021", "dongying-2020", "taizhou-2016"}
    assert shipped["taizhou-2016"].name("zh_CN") == "台州 2016"
    assert rules.compare(rules.percent(1, 3), ">=", next(
        t.value for t in shipped["taizhou-2016"].targets if t.indicator == "social_work_service_share_rural"))
    with pytest.raises(ValidationError) as raised:
        indicators.profile("nowhere-2030")
    assert raised.value.field == "profile"


def test_a_malformed_profile_is_refused() -> None:
    good = {"id": "x", "name": {"en": "X"}, "source": "s",
            "targets": [{"indicator": "federation", "comparison": ">=", "value": "1"}]}
    assert rules.parse_profile(good).targets[0].value == 1
    for bad, field in [({"targets": []}, "x.targets"),
                       ({"targets": [{"indicator": "nope", "comparison": ">=", "value": "1"}]},
                        "x.targets.0.indicator"),
                       ({"targets": [{"indicator": "federation", "comparison": "=~", "value": "1"}]},
                        "x.targets.0.comparison"),
                       ({"targets": [{"indicator": "federation", "comparison": ">=", "value": "many"}]},
                        "x.targets.0")]:
        with pytest.raises(ValidationError) as raised:
            rules.parse_profile({**good, **bad})
        assert raised.value.field == field


def test_a_profile_folder_names_each_profile_by_its_file(tmp_path: Path) -> None:
    target = {"indicator": "federation", "comparison": ">=", "value": "1"}
    (tmp_path / "county-2026.json").write_text(json.dumps(
        {"id": "county-2026", "name": {"en": "County"}, "source": "s", "targets": [target]}), encoding="utf-8")
    (tmp_path / "renamed.json").write_text(json.dumps(
        {"id": "other", "name": {"en": "Other"}, "source": "s", "targets": [target]}), encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"id": "broken", "name": {"en": "B"}, "source": "s", "targets": [{}]}',
                                          encoding="utf-8")
    assert indicators.profile_ids(tmp_path) == ["broken", "county-2026", "renamed"]
    assert indicators.profile("county-2026", tmp_path).names == {"en": "County"}
    for profile_id, words in [("renamed", "renamed.json is called other"), ("broken", "broken.json, broken.targets.0"),
                              ("../county-2026", "No policy profile ../county-2026")]:
        with pytest.raises(ValidationError) as raised:
            indicators.profile(profile_id, tmp_path)
        assert (raised.value.field, words in raised.value.message) == ("profile", True), raised.value.message


def test_the_command_prints_the_report(initialized_db: Database, db_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    _station(initialized_db)
    assert main(["--locale", "en", "--db", str(db_path), "indicators", "--profile", "dongying-2020", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["profile_id"] == "dongying-2020"
    assert [(r["indicator"], r["value"], r["met"]) for r in data["results"]] == [
        ("orgs_per_urban_community", "2.00", False), ("orgs_per_rural_community", "0.50", False),
        ("orgs_least_per_rural_community", "0.00", False), ("brand_org_share", "20.00", False),
        ("federation", "1.00", True)]
    assert main(["--locale", "en", "--db", str(db_path), "indicators", "--profile", "dongying-2020"]) == 0
    assert "Villages or communities below the target: 红岩村 (0)" in capsys.readouterr().out
    assert main(["--locale", "en", "--db", str(db_path), "indicators", "--profile", "nowhere"]) == 2
    assert "--profile" in capsys.readouterr().err
