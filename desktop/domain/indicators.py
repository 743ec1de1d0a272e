"""Indicators of 五社联动 against the numeric targets of a policy (DOMAIN.md, "Targets written in the
policies"): what each indicator measures, the formulas, and policy profiles read from plain data.

Figures are exact fractions until shown, so a target of one third (Taizhou 2016's rural rooms) is met
by one rural community in three, which a rounded percentage would miss.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from desktop.errors import ValidationError
from desktop.i18n import N_, _

# The unit a figure and its target are written in.
PER_COMMUNITY = "per_community"  # an average count of organisations per community
ORGS = "orgs"  # a count of organisations in one community (the village with the fewest): 个, not 个/社区
PERCENT = "percent"
PER_10000 = "per_10000"  # per 10,000 residents
COUNT = "count"

UNIT_LABELS: dict[str, str] = {
    PER_COMMUNITY: N_("per community"),
    ORGS: N_("organisations"),
    PERCENT: N_("%"),
    PER_10000: N_("per 10,000 residents"),
    COUNT: N_("in the township"),
}


@dataclass(frozen=True)
class Indicator:
    id: str
    unit: str
    label: str  # N_ msgid
    formula: str  # N_ msgid: how the figure is worked out from the registers


INDICATORS: dict[str, Indicator] = {i.id: i for i in (
    Indicator("orgs_per_urban_community", PER_COMMUNITY, N_("Community social organisations per urban community"),
              N_("Registered or filed community social organisations in urban communities, divided by the number "
                 "of urban communities (the township federation is not counted).")),
    Indicator("orgs_per_rural_community", PER_COMMUNITY, N_("Community social organisations per rural community"),
              N_("Registered or filed community social organisations in rural villages, divided by the number of "
                 "rural villages (the township federation is not counted).")),
    Indicator("orgs_least_per_rural_community", ORGS,
              N_("Community social organisations in the rural village with the fewest"),
              N_("The smallest number of registered or filed community social organisations in any rural "
                 "village (one organisation in every village).")),
    Indicator("social_work_service_share", PERCENT, N_("Villages and communities with social-work service"),
              N_("Villages and communities covered by at least one social worker in post, divided by all "
                 "villages and communities, times 100.")),
    Indicator("social_work_service_share_urban", PERCENT, N_("Urban communities with social-work service"),
              N_("Urban communities covered by at least one social worker in post, divided by all urban "
                 "communities, times 100.")),
    Indicator("social_work_service_share_rural", PERCENT, N_("Rural villages with social-work service"),
              N_("Rural villages covered by at least one social worker in post, divided by all rural "
                 "villages, times 100.")),
    Indicator("community_workers_per_10000_urban", PER_10000, N_("Community workers per 10,000 urban residents"),
              N_("Community workers in post who cover an urban community, divided by the resident population "
                 "of those urban communities whose population is recorded, times 10,000.")),
    Indicator("certified_share", PERCENT, N_("Community workers holding a social-work certificate"),
              N_("Community workers in post holding an assistant, intermediate or senior social-work "
                 "certificate, divided by all community workers in post, times 100.")),
    Indicator("volunteers_share", PERCENT, N_("Registered volunteers as a share of the resident population"),
              N_("Volunteers on the register (not paused or deregistered) in communities whose population is "
                 "recorded, divided by the resident population of those communities, times 100.")),
    Indicator("volunteer_point_share", PERCENT, N_("Villages and communities with a volunteer service point"),
              N_("Villages and communities with a volunteer service point, divided by all villages and "
                 "communities, times 100.")),
    Indicator("charity_org_share", PERCENT,
              N_("Villages and communities with a charity-type community social organisation"),
              N_("Villages and communities with at least one registered or filed organisation of the charity and "
                 "public welfare category, divided by all villages and communities, times 100.")),
    Indicator("brand_org_share", PERCENT, N_("Villages and communities with a brand community social organisation"),
              N_("Villages and communities with at least one registered or filed organisation marked as a brand, "
                 "divided by all villages and communities, times 100.")),
    Indicator("federation", COUNT, N_("Township community social organisation federation"),
              N_("Federations (联合会) of community social organisations on the register.")),
)}

COMPARISONS: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def compare(value: Fraction, comparison: str, target: Fraction) -> bool:
    return {">=": value >= target, ">": value > target, "<=": value <= target, "<": value < target}[comparison]


def average(total: int, count: int) -> Fraction | None:
    """``total / count``; None when there is nothing to average over."""
    return Fraction(total, count) if count else None


def percent(part: int, whole: int) -> Fraction | None:
    return Fraction(100 * part, whole) if whole else None


def per_ten_thousand(count: int, population: int) -> Fraction | None:
    return Fraction(10_000 * count, population) if population else None


def shown(value: Fraction) -> Decimal:
    """A figure as shown and exported: two decimals, halves rounded up."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Target:
    indicator: str
    comparison: str
    value: Fraction
    by: date | None = None  # the target is to be reached by the end of this day; None: in force throughout
    note: str = ""  # the policy's own words, as written


@dataclass(frozen=True)
class PolicyProfile:
    id: str
    names: Mapping[str, str]  # locale → name
    source: str  # the document the targets come from
    targets: tuple[Target, ...]
    from_county: bool = False  # sent down by the county in a bundle, not shipped with the app

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names.get("en") or self.id

    def in_force(self, today: date) -> tuple[Target, ...]:
        """One target per indicator, in profile order: the first whose deadline has not passed, else the
        last one (a final target stays in force)."""
        chosen: dict[str, Target] = {}
        for target in sorted(self.targets, key=lambda t: (t.by is None, t.by or date.max)):
            current = chosen.get(target.indicator)
            if current is None or (current.by is not None and current.by < today):
                chosen[target.indicator] = target
        order = list(dict.fromkeys(t.indicator for t in self.targets))
        return tuple(chosen[i] for i in order)


def parse_profile(data: Mapping[str, Any]) -> PolicyProfile:
    """A profile from its JSON form; anything malformed is a ValidationError naming the place."""
    profile_id = _text(data, "id", "id")
    where = f"{profile_id}."
    names = data.get("name")
    if not isinstance(names, Mapping) or not names or not all(isinstance(v, str) and v for v in names.values()):
        raise ValidationError(where + "name", _("A policy profile needs a name."))
    targets = data.get("targets")
    if not isinstance(targets, Sequence) or not targets:
        raise ValidationError(where + "targets", _("A policy profile needs at least one target."))
    return PolicyProfile(profile_id, dict(names), _text(data, "source", where + "source"),
                         tuple(_target(t, f"{where}targets.{n}") for n, t in enumerate(targets)))


def _text(data: Mapping[str, Any], key: str, field: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, _("This field is required."))
    return value.strip()


def _target(data: Any, field: str) -> Target:
    if not isinstance(data, Mapping):
        raise ValidationError(field, _("This field is required."))
    indicator = _text(data, "indicator", field + ".indicator")
    if indicator not in INDICATORS:
        raise ValidationError(field + ".indicator", _("Unknown indicator {id}.").format(id=indicator))
    comparison = _text(data, "comparison", field + ".comparison")
    if comparison not in COMPARISONS:
        raise ValidationError(field + ".comparison", _("Unknown comparison {id}.").format(id=comparison))
    try:
        value = Fraction(_text(data, "value", field + ".value"))
        by = date.fromisoformat(data["by"]) if data.get("by") else None
    except (ValueError, ZeroDivisionError, TypeError) as exc:
        raise ValidationError(field, _("Not a number or a date: {reason}").format(reason=exc)) from exc
    note = data.get("note", "")
    return Target(indicator, comparison, value, by, note if isinstance(note, str) else "")
