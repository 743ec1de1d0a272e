"""An indicator's figures in words, the same in the terminal, on the statistics page and on paper:
"2 per community", "≥ 70 % by 31 Dec 2022", "yes"/"no"/"cannot tell"/"not applicable"."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.indicators import COMPARISONS, ORGS, PER_COMMUNITY
from desktop.i18n import _, format_date
from desktop.services.indicators import CommunityFigure, IndicatorResult


def profile_title(name: str, from_county: bool) -> str:
    """A policy profile's name, saying so where the county sent it down."""
    return _("{name} (from the county)").format(name=name) if from_county else name


def value_text(value: Decimal | None, unit_label: str) -> str:
    return _("not known") if value is None else f"{value.normalize():f} {unit_label}"


def bound_text(result: IndicatorResult) -> str:
    """The target without its unit or date, for a sheet with columns of their own: "≥ 70"."""
    return f"{COMPARISONS[result.comparison]} {result.target.normalize():f}"


def target_text(result: IndicatorResult) -> str:
    target = f"{bound_text(result)} {result.unit_label}"
    if result.target_by:
        return _("{target} by {date}").format(target=target, date=format_date(result.target_by))
    return target


def met_text(met: bool | None, applies: bool = True) -> str:
    """Whether the target is met; where there is nothing to count (no rural villages), it does not apply."""
    if not applies:
        return _("not applicable")
    return {True: _("yes"), False: _("no"), None: _("cannot tell")}[met]


def short_heading() -> str:
    """The heading over the communities whose own figure is below the target, in every table of indicators
    (screen, terminal, PDF, workbook). It beside an overall "met" (yes) is no contradiction: the station
    meets the target as a whole and these villages are still below it, which the policy asks to know. Not
    "未达标", which reads as the indicator's own verdict."""
    return _("Villages or communities below the target")


def deadline_heading() -> str:
    return _("Deadline to meet it")


def own_text(figure: CommunityFigure, result: IndicatorResult) -> str:
    """A community falling short, with its own figure where it has one: a count of organisations needs no
    unit, the rest keep theirs; for a share of communities there is only the name."""
    if figure.value is None:
        return figure.name
    own = f"{figure.value.normalize():f}" if result.unit in (PER_COMMUNITY, ORGS) else value_text(figure.value,
                                                                                          result.unit_label)
    return _("{name} ({figure})").format(name=figure.name, figure=own)
