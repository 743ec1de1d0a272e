"""``wushe indicators [--profile ID] [--json]``: the indicators against a policy profile's targets (by default
the profile chosen in 设置); ``wushe indicators profiles`` lists the profiles, and ``wushe indicators
profile-add FILE.json`` stores a county's own profile, which the bundles carry down to the stations."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_table
from desktop.cli.register_options import listed
from desktop.domain.indicators import PolicyProfile
from desktop.errors import ValidationError
from desktop.i18n import _, current_locale, format_date, format_number
from desktop.services import county_profiles, indicators
from desktop.services.indicator_texts import (
    met_text, own_text, profile_title, short_heading, target_text, value_text,
)
from desktop.services.indicators import IndicatorResult


def register(commands: Any) -> None:
    p = commands.add_parser("indicators", help=_("the indicators of 五社联动 against a policy's targets"))
    p.add_argument("action", nargs="?", choices=["profiles", "profile-add"],
                   help=_("profiles: list the policy profiles; profile-add: store a county's profile from FILE"))
    p.add_argument("file", nargs="?", type=Path, metavar="FILE.json", help=_("the profile to store (profile-add)"))
    p.add_argument("--profile", default=None,
                   help=_("the policy profile (default: the one chosen in the settings): {ids}").format(
                       ids=", ".join(indicators.profile_ids())))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_indicators, field_flags={"profile": "--profile", "file": "FILE.json"})


def cmd_indicators(args: argparse.Namespace) -> int:
    if args.action == "profile-add":
        return _add(args)
    db = open_signed_in(args)
    try:
        with db.read() as session:
            if args.action == "profiles":
                return _list(args, indicators.available_profiles(session), indicators.chosen_profile_id(session))
            chosen = args.profile or indicators.chosen_profile_id(session)
            if chosen is None:
                raise ValidationError("profile", _("No policy profile is chosen in the settings; name one."))
            report = indicators.evaluate(session, indicators.find_profile(session, chosen))
    finally:
        db.close()
    if args.json:
        print_json(report)
        return 0
    print(_("{name}: {source}").format(name=profile_title(report.profile_name, report.from_county),
                                       source=report.source))
    print(_("Registers as of {date}").format(date=format_date(report.as_of)))
    print()
    print_table([_("Indicator"), _("Value"), _("Target"), _("Met"), short_heading()],
                [_row(r) for r in report.results])
    for result in report.results:
        print()
        _explain(result)
    return 0


def _list(args: argparse.Namespace, found: list[PolicyProfile], chosen: str | None) -> int:
    if args.json:
        print_json([{"id": p.id, "name": p.name(current_locale()), "source": p.source, "from_county": p.from_county,
                     "chosen": p.id == chosen} for p in found])
        return 0
    print_table([_("Id"), _("Name"), _("Policy document"), _("Chosen")],
                [(p.id, profile_title(p.name(current_locale()), p.from_county), p.source,
                  _("yes") if p.id == chosen else "") for p in found])
    return 0


def _add(args: argparse.Namespace) -> int:
    if args.file is None:
        raise ValidationError("file", _("Name the profile's JSON file."))
    try:
        text = args.file.expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError("file", _("Cannot read {file}: {reason}").format(file=args.file, reason=exc)) from exc
    db = open_signed_in(args)
    try:
        with db.write() as session:
            policy = county_profiles.add_profile(session, text)
    except ValidationError as exc:  # the profile's own field (x.targets.0.value) says where in the file
        raise ValidationError("file", _("{field}: {message}").format(field=exc.field, message=exc.message)) from exc
    finally:
        db.close()
    print(_("Stored the policy profile {id} ({name}); the next bundles carry it to the stations.").format(
        id=policy.id, name=policy.name(current_locale())))
    return 0


def _row(result: IndicatorResult) -> tuple[str, ...]:
    return (result.label, value_text(result.value, result.unit_label), target_text(result), met_text(result.met),
            str(len(result.falling_short)))


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
        print("  " + _("{what}: {figure}").format(what=short_heading(), figure=listed(
            [own_text(c, result) for c in result.falling_short])))
    if result.not_recorded:
        print("  " + _("Not recorded: {names}").format(names=listed([f"{c.name} ({c.reason})"
                                                                   for c in result.not_recorded])))
