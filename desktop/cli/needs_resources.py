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
from desktop.cli.output import print_json, print_table
from desktop.cli.register_options import community_id
from desktop.domain.codes import NEED_CATEGORIES, RESOURCE_KINDS, RESOURCE_STATUSES
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import donors, orgs, resources, volunteers
from desktop.services.donors import DonorQuery
from desktop.services.orgs import OrgQuery
from desktop.services.resources import PROVIDERS, ResourceInput, ResourceRow, dates_label
from desktop.services.volunteers import VolunteerQuery

DAY = {"type": date.fromisoformat, "default": None, "metavar": "YYYY-MM-DD"}
RESOURCE_FLAGS = {"name": "--name", "kind": "--kind", "categories": "--category", "donor_id": "--donor",
                  "org_id": "--org", "volunteer_id": "--volunteer", "provider_name": "--provider",
                  "community": "--community", "community_id": "--community", "capacity": "--capacity",
                  "capacity_note": "--capacity-note", "available_from": "--from", "available_until": "--until",
                  "availability": "--availability", "status": "--status", "contact": "--contact", "notes": "--notes",
                  "resource_id": "ID"}


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


def register_resources(commands: Any) -> None:
    p = commands.add_parser("resources", help=_("the resources list (资源清单)"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("list", help=_("the resources, by name"))
    q.add_argument("--kind", choices=list(RESOURCE_KINDS), default=None)
    q.add_argument("--category", choices=list(NEED_CATEGORIES), default=None, help=_("only those serving it"))
    q.add_argument("--community", default="", help=_("only those of this village or community (its name)"))
    q.add_argument("--status", choices=list(RESOURCE_STATUSES), default=None)
    q.add_argument("--search", default="", help=_("part of the name or pinyin, the provider, or notes"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_list_resources, field_flags=RESOURCE_FLAGS)

    q = sub.add_parser("add", help=_("put a resource on the list"))
    _resource_arguments(q, adding=True)
    q.set_defaults(handler=_add_resource, field_flags=RESOURCE_FLAGS)

    q = sub.add_parser("edit", help=_("change a resource: only the fields given"))
    q.add_argument("resource", metavar="ID")
    _resource_arguments(q, adding=False)
    q.set_defaults(handler=_edit_resource, field_flags=RESOURCE_FLAGS)

    q = sub.add_parser("status", help=_("make a resource available, pause it or end it"))
    q.add_argument("resource", metavar="ID")
    q.add_argument("status", choices=list(RESOURCE_STATUSES))
    q.set_defaults(handler=_resource_status, field_flags=RESOURCE_FLAGS)


def _resource_arguments(q: Any, adding: bool) -> None:
    """The fields of ``add``, required there; left out of ``edit``, a field keeps its value."""
    q.add_argument("--name", required=adding, default=None)
    q.add_argument("--kind", required=adding, default=None, choices=list(RESOURCE_KINDS))
    q.add_argument("--category", required=adding, action="append", choices=list(NEED_CATEGORIES),
                   help=_("a category of needs it serves (repeat for several)"))
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
    q.add_argument("--status", choices=list(RESOURCE_STATUSES), default="available" if adding else None)
    q.add_argument("--contact", default=None, help=_("an office to contact, not a private phone"))
    q.add_argument("--notes", default=None)
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


def _stored_id(session: Session, wanted: str) -> str:
    try:
        return resources.resource(session, wanted.strip()).id
    except (NotFoundError, ValidationError) as exc:
        raise ValidationError("ID", exc.message) from exc


def _edit_resource(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        wanted = _stored_id(session, args.resource)
        resources.update_resource(session, wanted, _changed(session, args, resources.resource_input(session, wanted)))
        row = resources.resource(session, wanted)
    return _print_resource(args, row, _("Resource changed: {name} ({id})."))


def _resource_status(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        wanted = _stored_id(session, args.resource)
        resources.set_status(session, wanted, args.status)
        row = resources.resource(session, wanted)
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
                 _("Available"), _("When"), _("Status")],
                [(r.id, r.name, r.kind_label, r.categories_label, r.provider, r.community,
                  _("{in_use} of {capacity} in use").format(in_use=r.in_use, capacity=r.capacity)
                  if r.capacity else _("{in_use} in use, no limit").format(in_use=r.in_use),
                  dates_label(r), r.availability, r.status_label) for r in rows])
    return 0
