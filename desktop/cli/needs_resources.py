"""``wushe resources list|add|edit|status`` (资源清单), and how the needs commands name a record of a register:
by its name or id, a volunteer also by number (V-2025-0001)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.code_options import code_option
from desktop.cli.output import print_json, print_table
from desktop.cli.register_options import community_id
from desktop.domain.codes import NEED_CATEGORIES, RESOURCE_KINDS, RESOURCE_STATUSES
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import donors, orgs, resource_ending, resources, volunteers
from desktop.services.donors import DonorQuery
from desktop.services.orgs import OrgQuery
from desktop.services.resources import PROVIDERS, ResourceInput, ResourceRow, dates_label
from desktop.services.volunteers import VolunteerQuery

def _iso_day(text: str) -> date:
    """A day typed as YYYY-MM-DD; anything else is refused in words (argparse would name date.fromisoformat)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text} is not a date: write it as YYYY-MM-DD, like 2026-03-05.").format(
            text=text)) from None


DAY = {"type": _iso_day, "default": None, "metavar": "YYYY-MM-DD"}
RESOURCE_FLAGS = {"name": "--name", "kind": "--kind", "categories": "--category", "donor_id": "--donor",
                  "org_id": "--org", "volunteer_id": "--volunteer", "provider_name": "--provider",
                  "community": "--community", "community_id": "--community", "capacity": "--capacity",
                  "capacity_note": "--capacity-note", "available_from": "--from", "available_until": "--until",
                  "availability": "--availability", "status": "--status", "contact": "--contact", "notes": "--notes",
                  "resource_id": "ID", "reason": "--close-matches"}


def named(session: Session, list_all: Callable[..., Sequence[Any]], query: Any, wanted: str, flag: str,
          what: str) -> str | None:
    """The id of the one record of a register whose name, id or number (a volunteer's) is ``wanted``."""
    wanted = wanted.strip()
    if not wanted:
        return None
    found = [r.id for r in list_all(session, query) if wanted in (r.id, r.name, getattr(r, "number", None))]
    if len(found) != 1:
        raise ValidationError(flag, (_("There is no {what} named {name}.") if not found else
                                     _("Several {what} are named {name}: give the id.")).format(what=what, name=wanted))
    return found[0]


def resource_id(session: Session, wanted: str, flag: str = "--resource") -> str | None:
    rows = resources.list_resources(session)
    return named(session, lambda _s, _q: rows, None, wanted, flag, _("resource"))


def stored_id(session: Session, get: Callable[[Session, str], Any], wanted: str) -> str:
    """The id of the live record ``get`` finds as ``wanted``; what is wrong is reported at the command's ID."""
    try:
        return get(session, wanted.strip()).id
    except (NotFoundError, ValidationError) as exc:
        raise ValidationError("ID", exc.message) from exc


def register_resources(commands: Any) -> None:
    p = commands.add_parser("resources", help=_("the resources list (资源清单)"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("list", help=_("the resources, by name"))
    q.add_argument("--kind", default=None, **code_option(RESOURCE_KINDS, _("only resources of this kind")))
    q.add_argument("--category", default=None, **code_option(NEED_CATEGORIES, _("only those serving it")))
    q.add_argument("--community", default="", help=_("only those of this village or community (its name)"))
    q.add_argument("--status", default=None, **code_option(RESOURCE_STATUSES, _("only resources of this status")))
    q.add_argument("--search", default="", help=_("part of the name or pinyin, the provider, or notes"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_list_resources, field_flags=RESOURCE_FLAGS)

    q = sub.add_parser("add", help=_("put a resource on the list"))
    _resource_arguments(q, adding=True)
    q.set_defaults(handler=_add_resource, field_flags=RESOURCE_FLAGS)

    q = sub.add_parser("edit", help=_("change a resource: only the fields given"))
    q.add_argument("resource", metavar="ID")
    _resource_arguments(q, adding=False)
    _close_matches_option(q)
    q.set_defaults(handler=_edit_resource, field_flags=RESOURCE_FLAGS)

    q = sub.add_parser("status", help=_("make a resource available, pause it or end it"))
    q.add_argument("resource", metavar="ID")
    q.add_argument("status", metavar="STATUS", **code_option(RESOURCE_STATUSES))
    _close_matches_option(q)
    q.set_defaults(handler=_resource_status, field_flags=RESOURCE_FLAGS | {"status": ""})


def _close_matches_option(q: Any) -> None:
    q.add_argument("--close-matches", default=None, metavar=_("REASON"),
                   help=_("when ending a resource with matches under way: close them as did not work, for this "
                          "reason (each need with no other match under way waits for a match again)"))


def _change(session: Session, args: argparse.Namespace, wanted: str, data: ResourceInput | None) -> int:
    """Change the resource (``data``, else only its status); ending it with --close-matches closes its matches
    under way. Returns how many were closed. Ending it without the option is refused while it has any, and the
    refusal names the option."""
    try:
        if (args.status if data is None else data.status) == "ended" and args.close_matches is not None:
            return resource_ending.end_resource(session, wanted, args.close_matches, data)
        if data is None:
            resources.set_status(session, wanted, args.status)
        else:
            resources.update_resource(session, wanted, data)
        return 0
    except ValidationError as exc:
        if exc.field != "status":
            raise
        raise ValidationError(exc.field, _("{message} (--close-matches REASON)").format(message=exc.message)) from exc


def _say_closed(closed: int) -> None:
    if closed:
        print(_("Matches under way closed as did not work: {n}.").format(n=closed))




def _resource_arguments(q: Any, adding: bool) -> None:
    """The fields of ``add``, required there; left out of ``edit``, a field keeps its value."""
    q.add_argument("--name", required=adding, default=None, help=_("what is on offer, like 长者助餐送餐上门"))
    q.add_argument("--kind", required=adding, default=None, **code_option(RESOURCE_KINDS, _("what kind of resource")))
    q.add_argument("--category", required=adding, action="append", **code_option(
        NEED_CATEGORIES, _("a category of needs it serves (repeat for several)")))
    provider = q.add_mutually_exclusive_group()
    provider.add_argument("--donor", default=None, metavar="NAME_OR_ID", help=_("a donor of the register"))
    provider.add_argument("--org", default=None, metavar="NAME_OR_ID", help=_("an organisation of the register"))
    provider.add_argument("--volunteer", default=None, metavar="NAME_NUMBER_OR_ID",
                          help=_("a volunteer of the register, by name or number (V-2025-0001)"))
    provider.add_argument("--provider", default=None, metavar="NAME", help=_("anyone else, like a department"))
    q.add_argument("--community", default=None, help=_("its village or community (township-wide when left out)"))
    q.add_argument("--capacity", type=int, default=None, help=_("needs it can take on at once (no limit when "
                                                                "left out)"))
    q.add_argument("--capacity-note", default=None, help=_("like 每月 20 人次"))
    q.add_argument("--from", dest="available_from", **DAY, help=_("available from this day"))
    q.add_argument("--until", dest="available_until", **DAY, help=_("available until this day"))
    q.add_argument("--availability", default=None, help=_("when, like 周末上午"))
    q.add_argument("--status", default="available" if adding else None, **code_option(RESOURCE_STATUSES))
    q.add_argument("--contact", default=None, help=_("an office to contact, not a private phone"))
    q.add_argument("--notes", default=None, help=_("anything else to know, like who goes first"))
    q.add_argument("--json", action="store_true")


def _provider(session: Session, args: argparse.Namespace) -> dict[str, Any] | None:
    """The provider given (one register's id, or a name), every other provider field emptied; None: none given."""
    chosen = {
        "donor_id": None if args.donor is None else
        named(session, donors.list_all, DonorQuery(text=args.donor), args.donor, "--donor", _("donor")),
        "org_id": None if args.org is None else
        named(session, orgs.list_all, OrgQuery(text=args.org), args.org, "--org", _("organisation")),
        "volunteer_id": None if args.volunteer is None else
        named(session, volunteers.list_all, VolunteerQuery(), args.volunteer, "--volunteer", _("volunteer")),
        "provider_name": args.provider or ""}
    given = any(getattr(args, flag) is not None for flag in ("donor", "org", "volunteer", "provider"))
    return chosen if given else None


def _changed(session: Session, args: argparse.Namespace, stored: ResourceInput) -> ResourceInput:
    """``stored`` with the fields the command gives."""
    values: dict[str, Any] = {key: value for key, value in (
        ("name", args.name), ("kind", args.kind), ("capacity", args.capacity), ("capacity_note", args.capacity_note),
        ("available_from", args.available_from), ("available_until", args.available_until),
        ("availability", args.availability), ("status", args.status), ("contact", args.contact),
        ("notes", args.notes)) if value is not None}
    if args.category:
        values["categories"] = tuple(args.category)
    if args.community is not None:
        values["community_id"] = community_id(session, args.community) or None
    provider = _provider(session, args)
    if provider is not None:
        values.update(provider)
    return replace(stored, **values)


def _print_resource(args: argparse.Namespace, row: ResourceRow, message: str) -> int:
    if args.json:
        print_json(row)
    else:
        print(message.format(name=row.name, id=row.id, status=row.status_label))
    return 0


def _add_resource(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        empty = ResourceInput("", "", (), **dict.fromkeys(PROVIDERS))
        new_id = resources.add_resource(session, _changed(session, args, empty))
        row = resources.resource(session, new_id)
    return _print_resource(args, row, _("Resource added: {name} ({id})."))


def _edit_resource(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        wanted = stored_id(session, resources.resource, args.resource)
        closed = _change(session, args, wanted, _changed(session, args, resources.resource_input(session, wanted)))
        row = resources.resource(session, wanted)
    _say_closed(closed)
    return _print_resource(args, row, _("Resource changed: {name} ({id})."))


def _resource_status(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        wanted = stored_id(session, resources.resource, args.resource)
        closed = _change(session, args, wanted, None)
        row = resources.resource(session, wanted)
    _say_closed(closed)
    print(_("{name}: {status}.").format(name=row.name, status=row.status_label))
    return 0


def _list_resources(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        rows = resources.list_resources(session, kind=args.kind, category=args.category, status=args.status,
                                        community_id=community_id(session, args.community) or None,
                                        search=args.search)
    if args.json:
        print_json(rows)
        return 0
    print_table([_("ID"), _("Resource"), _("Kind"), _("Serves"), _("Provider"), _("Community"), _("Places"),
                 _("Available when"), _("From – until"), _("Status")],  # the words of the resources tab
                [(r.id, r.name, r.kind_label, r.categories_label, r.provider, r.community,
                  _("{in_use} of {capacity} in use").format(in_use=r.in_use, capacity=r.capacity)
                  if r.capacity else _("{in_use} in use, no limit").format(in_use=r.in_use),
                  r.availability, dates_label(r), r.status_label) for r in rows],
                empty=_("No resource is on the list with these conditions."))
    return 0
