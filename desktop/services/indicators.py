"""Indicators against a policy profile's targets, computed from the registers (issue 9).

Counts read the live registers: tombstoned communities, organisations, workers, coverage rows and
volunteers are left out, and an organisation counts where it is now (its current community). A fact
the registers do not hold is reported as not recorded, never guessed: a community whose population is
not recorded drops out of the per-resident figures and is named.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import indicators as rules
from desktop.domain.indicators import INDICATORS, PolicyProfile, Target
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import N_, _, current_locale
from desktop.paths import resources_dir
from desktop.services.cell_parsers import listing
from desktop.services.county_profiles import county_profiles
from desktop.services.guard import require
from desktop.storage import audit
from desktop.storage.models import (
    AppSetting, Community, SocialOrg, SocialWorker, SocialWorkerCoverage, Volunteer,
)

COUNTED_STATUSES = ("registered", "filed")  # an organisation still incubating is not yet one
PROFILE_SETTING = "policy_profile"  # AppSetting: the profile chosen in 设置


def profiles_dir() -> Path:
    return resources_dir() / "policy_profiles"


def profile_ids(folder: Path | None = None) -> list[str]:
    """The ids of the profiles in ``folder`` (default: the shipped ones): each is the name of its file."""
    return sorted(path.stem for path in (folder or profiles_dir()).glob("*.json"))


def profiles(folder: Path | None = None) -> list[PolicyProfile]:
    return [profile(profile_id, folder) for profile_id in profile_ids(folder)]


def profile(profile_id: str, folder: Path | None = None) -> PolicyProfile:
    """The profile ``profile_id``, read and checked (the id inside must match its file's name)."""
    known = profile_ids(folder)
    if profile_id not in known:  # only a listed name reaches the file system
        raise ValidationError("profile", _("No policy profile {id}; there are: {known}.").format(
            id=profile_id, known=listing(known)))
    path = (folder or profiles_dir()) / f"{profile_id}.json"
    try:
        found = rules.parse_profile(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ValidationError("profile", _("Cannot read {file}: {reason}").format(file=path.name, reason=exc)) from exc
    except ValidationError as exc:  # a county's own profile may be wrong: say where
        raise ValidationError("profile", _("{file}, {field}: {message}").format(
            file=path.name, field=exc.field, message=exc.message)) from exc
    if found.id != profile_id:
        raise ValidationError("profile", _("The policy profile in {file} is called {id}.").format(
            file=path.name, id=found.id))
    return found


def available_profiles(session: Session) -> list[PolicyProfile]:
    """The shipped profiles and the county's, by id; a county's profile replaces a shipped one of its id."""
    found = {p.id: p for p in profiles()} | county_profiles(session)
    return [found[profile_id] for profile_id in sorted(found)]


def find_profile(session: Session, profile_id: str) -> PolicyProfile:
    """The profile ``profile_id``: the county's if it sent one, else the shipped one."""
    county = county_profiles(session)
    if profile_id in county:
        return county[profile_id]
    if profile_id in profile_ids():
        return profile(profile_id)
    raise ValidationError("profile", _("No policy profile {id}; there are: {known}.").format(
        id=profile_id, known=listing(sorted({*profile_ids(), *county}))))


def chosen_profile_id(session: Session) -> str | None:
    """The profile chosen in 设置, or None while none is (or the one chosen is no longer there)."""
    row = session.get(AppSetting, PROFILE_SETTING)
    if row is None or not row.value:
        return None
    return row.value if row.value in {*profile_ids(), *county_profiles(session)} else None


def choose_profile(session: Session, profile_id: str | None) -> None:
    """Make ``profile_id`` the station's policy profile; None chooses none."""
    require(session, Action.EDIT_STATION)
    if profile_id is not None:
        find_profile(session, profile_id)
    row = session.get(AppSetting, PROFILE_SETTING) or AppSetting(key=PROFILE_SETTING, value="")
    row.value = profile_id or ""
    session.add(row)
    audit.append(session, "setting", detail={PROFILE_SETTING: profile_id})


@dataclass(frozen=True)
class CommunityFigure:
    """A community's own figure: None when the fact is not recorded (``reason`` says which), or when the
    indicator is a share of communities, for which a community only has the thing or has it not."""

    community_id: str
    name: str
    value: Decimal | None
    reason: str = ""


@dataclass(frozen=True)
class Explanation:
    formula: str
    data: tuple[tuple[str, int], ...]  # (what, how many), the figures the formula used
    as_of: date


@dataclass(frozen=True)
class IndicatorResult:
    indicator: str
    label: str
    unit: str  # a code of domain.indicators.UNIT_LABELS
    unit_label: str
    value: Decimal | None  # None: the registers cannot give it (``note`` says why)
    comparison: str  # domain.indicators.COMPARISONS
    target: Decimal
    target_by: date | None
    target_note: str  # the policy's own words
    met: bool | None  # None when there is no value
    falling_short: tuple[CommunityFigure, ...]
    not_recorded: tuple[CommunityFigure, ...]
    explanation: Explanation
    note: str = ""
    applies: bool = True  # False: there is nothing to count (no villages of the kind); met is None


@dataclass(frozen=True)
class IndicatorReport:
    profile_id: str
    profile_name: str
    source: str
    as_of: date
    results: tuple[IndicatorResult, ...]
    from_county: bool = False


@dataclass(frozen=True)
class _Place:
    id: str
    name: str
    setting: str
    population: int | None


@dataclass(frozen=True)
class _Figure:
    """An indicator worked out, before it meets its target."""

    value: Fraction | None
    data: tuple[tuple[str, int], ...]
    per_community: tuple[tuple[_Place, Fraction | None, str], ...] = ()  # place, figure, why missing
    note: str = ""
    each_shown: bool = True  # False: a community's figure is only "has it" (100) or "has not" (0)
    applies: bool = True  # False: there is nothing it counts (no rural villages, say): "not applicable"


@dataclass(frozen=True)
class _OrgFacts:
    category: str
    brand: bool


@dataclass(frozen=True)
class _Registers:
    places: tuple[_Place, ...]
    orgs: dict[str, list[_OrgFacts]]  # community id → counted organisations
    federations: int
    covering: dict[str, set[str]]  # community id → workers in post covering it
    community_workers: dict[str, bool]  # community worker in post → holds a certificate
    volunteers: Counter[str]  # community id → volunteers on the register
    volunteer_points: frozenset[str]  # communities with a volunteer service point


def evaluate(session: Session, policy: PolicyProfile, today: date | None = None) -> IndicatorReport:
    """Every target of ``policy`` in force on ``today``, each indicator computed from the registers."""
    require(session, Action.VIEW)
    today = today or date.today()
    registers = _read(session)
    results = tuple(_result(target, _FIGURES[target.indicator](registers), today)
                    for target in policy.in_force(today))
    return IndicatorReport(policy.id, policy.name(current_locale()), policy.source, today, results,
                           policy.from_county)


def _read(session: Session) -> _Registers:
    rows = session.execute(
        select(Community.id, Community.name, Community.setting, Community.population, Community.volunteer_point)
        .where(Community.deleted_at.is_(None)).order_by(Community.name_sort, Community.id)).all()
    places = tuple(_Place(*row[:4]) for row in rows)
    points = frozenset(row.id for row in rows if row.volunteer_point)
    live = {p.id for p in places}
    orgs: dict[str, list[_OrgFacts]] = defaultdict(list)
    federations = 0
    for community_id, category, brand, status, is_federation in session.execute(
            select(SocialOrg.community_id, SocialOrg.category, SocialOrg.brand, SocialOrg.status,
                   SocialOrg.is_federation).where(SocialOrg.deleted_at.is_(None))):
        if is_federation:
            federations += 1
        elif status in COUNTED_STATUSES and community_id in live:
            orgs[community_id].append(_OrgFacts(category, brand))
    in_post = (SocialWorker.deleted_at.is_(None), SocialWorker.status == "active")
    covering: dict[str, set[str]] = defaultdict(set)
    for community_id, worker_id in session.execute(
            select(SocialWorkerCoverage.community_id, SocialWorkerCoverage.worker_id)
            .join(SocialWorker, SocialWorker.id == SocialWorkerCoverage.worker_id)
            .where(SocialWorkerCoverage.deleted_at.is_(None), *in_post)):
        if community_id in live:
            covering[community_id].add(worker_id)
    community_workers = {worker_id: level != "none" for worker_id, level in session.execute(
        select(SocialWorker.id, SocialWorker.cert_level).where(SocialWorker.employer_kind == "community", *in_post))}
    volunteers = Counter({community_id: n for community_id, n in session.execute(
        select(Volunteer.community_id, func.count()).where(Volunteer.deleted_at.is_(None), Volunteer.status == "active")
        .group_by(Volunteer.community_id)) if community_id in live})
    return _Registers(places, orgs, federations, covering, community_workers, volunteers, points)


def _result(target: Target, figure: _Figure, today: date) -> IndicatorResult:
    indicator = INDICATORS[target.indicator]
    short = tuple(CommunityFigure(p.id, p.name, _shown(v) if figure.each_shown else None)
                  for p, v, _why in figure.per_community
                  if v is not None and not rules.compare(v, target.comparison, target.value))
    missing = tuple(CommunityFigure(p.id, p.name, None, why) for p, v, why in figure.per_community if v is None)
    met = None if figure.value is None else rules.compare(figure.value, target.comparison, target.value)
    return IndicatorResult(
        indicator.id, _(indicator.label), indicator.unit, _(rules.UNIT_LABELS[indicator.unit]), _shown(figure.value),
        target.comparison, rules.shown(target.value), target.by, target.note, met, short, missing,
        Explanation(_(indicator.formula), figure.data, today), figure.note, figure.applies)


def _shown(value: Fraction | None) -> Decimal | None:
    return None if value is None else rules.shown(value)


def _places(registers: _Registers, setting: str | None) -> list[_Place]:
    return [p for p in registers.places if setting is None or p.setting == setting]


def _none_of(setting: str | None) -> str:
    return {"urban": _("No urban communities on the register."), "rural": _("No rural villages on the register."),
            None: _("No villages or communities on the register.")}[setting]


def _places_label(setting: str | None) -> str:
    return {"urban": _("Urban communities"), "rural": _("Rural villages"),
            None: _("Villages and communities")}[setting]


def _orgs_per_community(setting: str, least: bool) -> Callable[[_Registers], _Figure]:
    def figure(registers: _Registers) -> _Figure:
        places = _places(registers, setting)
        counts = [(p, len(registers.orgs.get(p.id, ()))) for p in places]
        total = sum(n for _p, n in counts)
        if least:
            value = Fraction(min(n for _p, n in counts)) if counts else None
        else:
            value = rules.average(total, len(places))
        return _Figure(value, ((_places_label(setting), len(places)),
                               (_("Registered or filed organisations in them"), total)),
                       tuple((p, Fraction(n), "") for p, n in counts), "" if places else _none_of(setting),
                       applies=bool(places))
    return figure


def _share_with(setting: str | None, label: str,
                has: Callable[[_Registers, str], bool]) -> Callable[[_Registers], _Figure]:
    """The share of communities for which ``has`` holds (``label``, an N_ msgid, says what it is); each
    community's own figure is 100 or 0."""
    def figure(registers: _Registers) -> _Figure:
        places = _places(registers, setting)
        flags = [(p, has(registers, p.id)) for p in places]
        with_it = sum(1 for _p, yes in flags if yes)
        return _Figure(rules.percent(with_it, len(places)), ((_places_label(setting), len(places)),
                                                            (_(label), with_it)),
                       tuple((p, Fraction(100 if yes else 0), "") for p, yes in flags),
                       "" if places else _none_of(setting), each_shown=False, applies=bool(places))
    return figure


_COVERED = N_("Covered by a social worker in post")


def _covered(registers: _Registers, community_id: str) -> bool:
    return bool(registers.covering.get(community_id))


def _has_org(test: Callable[[_OrgFacts], bool]) -> Callable[[_Registers, str], bool]:
    return lambda registers, community_id: any(test(o) for o in registers.orgs.get(community_id, ()))


def _population_missing(place: _Place) -> str:
    """Why a community drops out of a per-resident figure: its population is not recorded, or recorded as 0
    (nothing to divide by; said apart, as the register holds a 0 someone entered)."""
    return _("Resident population not recorded") if place.population is None else _("Resident population is 0")


def _community_workers_of(registers: _Registers, community_id: str) -> set[str]:
    return {w for w in registers.covering.get(community_id, ()) if w in registers.community_workers}


def _workers_per_10000_urban(registers: _Registers) -> _Figure:
    places = _places(registers, "urban")
    counted = [p for p in places if p.population]
    workers = set().union(*(_community_workers_of(registers, p.id) for p in counted))
    population = sum(p.population or 0 for p in counted)
    per_place = tuple((p, rules.per_ten_thousand(len(_community_workers_of(registers, p.id)), p.population), "")
                      if p.population else (p, None, _population_missing(p)) for p in places)
    note = _none_of("urban") if not places else "" if counted else _("No urban community has its population recorded.")
    return _Figure(rules.per_ten_thousand(len(workers), population), (
        (_("Urban communities"), len(places)), (_("Urban communities with the population recorded"), len(counted)),
        (_("Their resident population"), population),
        (_("Community workers in post covering them"), len(workers))), per_place, note, applies=bool(places))


def _certified_share(registers: _Registers) -> _Figure:
    certified = registers.community_workers
    per_place = []
    for place in registers.places:
        own = _community_workers_of(registers, place.id)
        per_place.append((place, rules.percent(sum(1 for w in own if certified[w]), len(own)),
                          "" if own else _("No community worker in post covers it")))
    held = sum(1 for yes in certified.values() if yes)
    return _Figure(rules.percent(held, len(certified)), (
        (_("Community workers in post"), len(certified)), (_("Holding a social-work certificate"), held)),
        tuple(per_place), "" if certified else _("No community workers in post on the register."))


def _volunteers_share(registers: _Registers) -> _Figure:
    counted = [p for p in registers.places if p.population]
    volunteers = sum(registers.volunteers[p.id] for p in counted)
    left_out = sum(registers.volunteers[p.id] for p in registers.places if not p.population)
    population = sum(p.population or 0 for p in counted)
    per_place = tuple((p, rules.percent(registers.volunteers[p.id], p.population), "") if p.population
                      else (p, None, _population_missing(p)) for p in registers.places)
    note = (_none_of(None) if not registers.places else
            "" if counted else _("No village or community has its population recorded."))
    return _Figure(rules.percent(volunteers, population), (
        (_("Villages and communities"), len(registers.places)),
        (_("Villages and communities with the population recorded"), len(counted)),
        (_("Their resident population"), population), (_("Volunteers on the register there"), volunteers),
        (_("Volunteers where the population is not recorded (not counted)"), left_out)), per_place, note,
        applies=bool(registers.places))


def _federation(registers: _Registers) -> _Figure:
    return _Figure(Fraction(registers.federations), ((_("Federations on the register"), registers.federations),))


_FIGURES: dict[str, Callable[[_Registers], _Figure]] = {
    "orgs_per_urban_community": _orgs_per_community("urban", least=False),
    "orgs_per_rural_community": _orgs_per_community("rural", least=False),
    "orgs_least_per_rural_community": _orgs_per_community("rural", least=True),
    "social_work_service_share": _share_with(None, _COVERED, _covered),
    "social_work_service_share_urban": _share_with("urban", _COVERED, _covered),
    "social_work_service_share_rural": _share_with("rural", _COVERED, _covered),
    "community_workers_per_10000_urban": _workers_per_10000_urban,
    "certified_share": _certified_share,
    "volunteers_share": _volunteers_share,
    "volunteer_point_share": _share_with(None, N_("With a volunteer service point"),
                                         lambda registers, community_id: community_id in registers.volunteer_points),
    "charity_org_share": _share_with(None, N_("With a registered or filed charity-type organisation"),
                                     _has_org(lambda o: o.category == "charity")),
    "brand_org_share": _share_with(None, N_("With a registered or filed brand organisation"),
                                   _has_org(lambda o: o.brand)),
    "federation": _federation,
}
