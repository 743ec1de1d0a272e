"""Volunteers on the command line: the register, a volunteer's service record and passbook, recording
and reversing service hours, spreadsheets in and out
(``wushe volunteers list|hours|passbook|record|reverse|import|export``)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.output import error, print_json, print_pairs, print_table
from desktop.cli.register_options import community_id, list_rows, listed, print_rows
from desktop.cli.registers import add_io_commands
from desktop.domain.codes import SERVICE_CATEGORIES, VOLUNTEER_STATUSES, label
from desktop.domain.durations import hours_text, minutes_from_hours
from desktop.domain.timebank import points_text
from desktop.domain.workdays import add_working_days
from desktop.errors import ValidationError
from desktop.i18n import _, format_number
from desktop.services import timebank, volunteer_hours, volunteers
from desktop.services.register_values import marked_deleted
from desktop.services.volunteer_hours import ServiceInput
from desktop.services.volunteers import VolunteerQuery

ACTIONS = ["list", "hours", "passbook", "record", "reverse"]
LATE_LIMIT = 10  # working days, as the 2020 rules set it


def register(commands: Any) -> None:
    p = commands.add_parser("volunteers", help=_("community volunteers: the register, service hours, the time bank"))
    sub = p.add_subparsers(dest="action", required=True)
    options = _options()
    for action in ACTIONS:
        sub.add_parser(action, parents=[options])
    add_io_commands(sub, "volunteers", _filters, _query)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--search", default="", help=_("part of the name, pinyin initials or a volunteer number"))
    p.add_argument("--community", default="", help=_("only this village or community (its name)"))
    p.add_argument("--status", choices=list(VOLUNTEER_STATUSES), default="")
    p.add_argument("--id-number", default="", help=_("find the volunteer with exactly this ID number"))
    p.add_argument("--deleted", action="store_true", help=_("include deleted ones"))


def _query(session: Session, args: argparse.Namespace) -> VolunteerQuery:
    return VolunteerQuery(text=args.search, community_id=community_id(session, args.community), status=args.status,
                          id_number=args.id_number, include_deleted=args.deleted)


def _options() -> argparse.ArgumentParser:
    """What the register's own commands take (each ignores what is not its own)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("target", nargs="?", default="", metavar="NUMBER|RECORD_ID",
                   help=_("the volunteer number (hours, passbook, record) or the service record id (reverse)"))
    _filters(p)
    p.add_argument("--since", type=date.fromisoformat, help=_("from this date (YYYY-MM-DD)"))
    p.add_argument("--until", type=date.fromisoformat, help=_("to this date (YYYY-MM-DD)"))
    p.add_argument("--activity", default="", help=_("the activity's name"))
    p.add_argument("--date", type=date.fromisoformat, help=_("the day of the activity (YYYY-MM-DD)"))
    time = p.add_mutually_exclusive_group()
    time.add_argument("--minutes", default=None, help=_("time actually served, in minutes"))
    time.add_argument("--hours", default=None, help=_("time actually served, in hours (1.5)"))
    p.add_argument("--content", default="", help=_("what the volunteer did"))
    p.add_argument("--place", default="")
    p.add_argument("--category", choices=list(SERVICE_CATEGORIES), default="other")
    p.add_argument("--organiser", default="", help=_("the organising unit (default: this station)"))
    p.add_argument("--in-charge", default="", help=_("the person in charge of the activity"))
    p.add_argument("--reason", default="", help=_("why the record is reversed"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_volunteers, field_flags={
        "community": "--community", "id_number": "--id-number", "activity": "--activity", "served_on": "--date",
        "minutes": "--minutes", "content": "--content", "place": "--place", "organiser": "--organiser",
        "in_charge": "--in-charge", "reason": "--reason", "target": "NUMBER|RECORD_ID"})
    return p


def cmd_volunteers(args: argparse.Namespace) -> int:
    if args.action != "list" and not args.target:
        raise ValidationError("target", _("Give the volunteer number or the record id."))
    return {"list": _list, "hours": _hours, "passbook": _passbook, "record": _record, "reverse": _reverse}[
        args.action](args)


def _list(args: argparse.Namespace) -> int:
    return print_rows(list_rows(args, volunteers.list_all, _query), args.json, [
        _("Number"), _("Full name"), _("Community"), _("ID number"), _("Phone"), _("Status"), _("Teams"),
        _("Service categories"),
    ], lambda r: (r.number, marked_deleted(r.name, r.deleted), r.community, r.id_masked, r.phone,
                  label(VOLUNTEER_STATUSES, r.status), listed(r.teams),
                  listed([label(SERVICE_CATEGORIES, c) for c in r.categories])))


def _remark(row: volunteer_hours.ServiceView) -> str:
    if row.reverses_id:
        return _("reversal: {reason}").format(reason=row.reason)
    return "; ".join(note for note, on in ((_("late entry"), row.late), (_("reversed"), row.reversed)) if on)


def _hours(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        volunteer = volunteers.by_number(session, args.target)
        rows = volunteer_hours.list_services(session, volunteer.id, args.since, args.until)
        total = volunteer_hours.summary(session, volunteer.id, args.since, args.until)
    if args.json:
        print_json({"volunteer": volunteer.number, "name": volunteer.name, "records": rows, "summary": total})
        return 0
    print(f"{volunteer.number}  {volunteer.name}  {volunteer.community}")
    print_table([_("Date"), _("Activity"), _("Category"), _("Hours"), _("Recorded on"), _("Confirmed by"), _("ID"),
                 _("Remarks")],
                [(r.served_on.isoformat(), r.activity, label(SERVICE_CATEGORIES, r.category), hours_text(r.minutes),
                  r.recorded_on.isoformat(), r.confirmed_by, r.id, _remark(r)) for r in rows])
    print_pairs([(_("Records that count"), format_number(total.records)),
                 (_("Hours that count"), hours_text(total.minutes)),
                 (_("Entered late"), format_number(total.late))]
                + [(label(SERVICE_CATEGORIES, c), hours_text(m)) for c, m in sorted(total.by_category.items())])
    return 0


def _passbook(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        volunteer = volunteers.by_number(session, args.target)
        lines = timebank.passbook(session, volunteer.id)
    if args.json:
        print_json({"volunteer": volunteer.number, "name": volunteer.name, "lines": lines,
                    "balance": lines[-1].balance if lines else 0})
        return 0
    print(f"{volunteer.number}  {volunteer.name}")
    print_table([_("Date"), _("Content"), _("In"), _("Out"), _("Balance")],
                [(line.entry_on.isoformat(), line.content, points_text(line.deposit) if line.deposit else "",
                  points_text(line.withdrawal) if line.withdrawal else "", points_text(line.balance))
                 for line in lines])
    return 0


def _record(args: argparse.Namespace) -> int:
    if args.date is None:
        raise ValidationError("served_on", _("Give the day of the activity with --date."))
    if args.minutes is None and args.hours is None:
        raise ValidationError("minutes", _("Give the time served with --minutes or --hours."))
    minutes = args.minutes if args.hours is None else minutes_from_hours(args.hours)
    db = open_signed_in(args)
    with db.write() as session:
        volunteer = volunteers.by_number(session, args.target)
        row = volunteer_hours.record_service(session, ServiceInput(
            volunteer.id, args.activity, args.date, minutes, args.content, args.place, args.category, args.organiser,
            args.in_charge))
    if args.json:
        print_json(row)
    else:
        print(_("Recorded {hours} h of {activity} for {name} ({number}); record {id}.").format(
            hours=hours_text(row.minutes), activity=row.activity, name=volunteer.name, number=volunteer.number,
            id=row.id))
    if row.late:
        error(_("Late entry: service is to be recorded within {n} working days of the activity (by {date}).").format(
            n=LATE_LIMIT, date=add_working_days(row.served_on, LATE_LIMIT).isoformat()))
    return 0


def _reverse(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        row = volunteer_hours.reverse_service(session, args.target, args.reason)
    if args.json:
        print_json(row)
    else:
        print(_("Reversed {hours} h of {activity} on {date}; the points it earned went back out.").format(
            hours=hours_text(-row.minutes), activity=row.activity, date=row.served_on.isoformat()))
    return 0
