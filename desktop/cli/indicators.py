"""``wushe indicators --profile ID [--json]``: the indicators against a policy profile's targets."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_table
from desktop.cli.register_options import listed
from desktop.domain.indicators import COMPARISONS, PER_COMMUNITY
from desktop.i18n import _, format_date, format_number
from desktop.services import indicators
from desktop.services.indicators import IndicatorResult


def register(commands: Any) -> None:
    p = commands.add_parser("indicators", help=_("the indicators of 五社联动 against a policy's targets"))
    p.add_argument("--profile", required=True,
                   help=_("the policy profile: {ids}").format(ids=", ".join(indicators.profile_ids())))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_indicators, field_flags={"profile": "--profile"})


def cmd_indicators(args: argparse.Namespace) -> int:
    policy = indicators.profile(args.profile)
    db = open_signed_in(args)
    try:
        with db.read() as session:
            report = indicators.evaluate(session, policy)
    finally:
        db.close()
    if args.json:
        print_json(report)
        return 0
    print(_("{name}: {source}").format(name=report.profile_name, source=report.source))
    print(_("Registers as of {date}").format(date=format_date(report.as_of)))
    print()
    print_table([_("Indicator"), _("Value"), _("Target"), _("Met"), _("Falling short")],
                [_row(r) for r in report.results])
    for result in report.results:
        print()
        _explain(result)
    return 0


def _number(value: Decimal | None, unit: str) -> str:
    return _("not known") if value is None else f"{value.normalize():f} {unit}"


def _own(value: Decimal, result: IndicatorResult) -> str:
    """A community's own figure: a count of organisations needs no unit, the rest keep theirs."""
    return f"{value.normalize():f}" if result.unit == PER_COMMUNITY else _number(value, result.unit_label)


def _row(result: IndicatorResult) -> tuple[str, ...]:
    met = {True: _("yes"), False: _("no"), None: _("cannot tell")}[result.met]
    target = f"{COMPARISONS[result.comparison]} {_number(result.target, result.unit_label)}"
    if result.target_by:
        target = _("{target} by {date}").format(target=target, date=format_date(result.target_by))
    return (result.label, _number(result.value, result.unit_label), target, met, str(len(result.falling_short)))


def _explain(result: IndicatorResult) -> None:
    print(result.label)
    print("  " + result.explanation.formula)
    for what, figure in result.explanation.data:
        print("  " + _("{what}: {figure}").format(what=what, figure=format_number(figure)))
    if result.note:
        print("  " + result.note)
    if result.target_note:
        print("  " + _("Policy: {words}").format(words=result.target_note))
    if result.falling_short:
        print("  " + _("Falling short: {names}").format(names=listed(
            [c.name if c.value is None else f"{c.name} ({_own(c.value, result)})" for c in result.falling_short])))
    if result.not_recorded:
        print("  " + _("Not recorded: {names}").format(names=listed([f"{c.name} ({c.reason})"
                                                                   for c in result.not_recorded])))
