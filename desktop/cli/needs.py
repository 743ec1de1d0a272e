"""供需对接 on the command line: ``wushe needs list|add|close|reopen|match|matches|projects``,
``wushe resources list|add`` and ``wushe matches close|note``. Needs, resources and matches are named by
their id (as ``list`` and ``matches`` print it); a project by its number; a provider or a client by name or id."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_table
from desktop.cli.register_options import community_id
from desktop.domain.codes import (
    MATCH_STATUSES, NEED_CATEGORIES, NEED_HOLDERS, NEED_SOURCES, NEED_STATUSES, NEED_URGENCIES, RESOURCE_KINDS,
    RESOURCE_STATUSES,
)
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import clients, donors, matching, needs, orgs, projects, resources, volunteers
from desktop.services.clients import ClientQuery
from desktop.services.donors import DonorQuery
from desktop.services.needs import NeedInput, NeedRow
from desktop.services.orgs import OrgQuery
from desktop.services.resources import ResourceInput
from desktop.services.volunteers import VolunteerQuery

DAY = {"type": date.fromisoformat, "default": None, "metavar": "YYYY-MM-DD"}
NEED_FLAGS = {"community": "--community", "community_id": "--community", "category": "--category",
              "title": "--title", "details": "--details", "holder": "--holder", "client_id": "--client",
              "group_label": "--group", "people": "--people", "urgency": "--urgency", "source": "--source",
              "found_on": "--date"}
RESOURCE_FLAGS = {"name": "--name", "kind": "--kind", "categories": "--category", "donor_id": "--donor",
                  "org_id": "--org", "volunteer_id": "--volunteer", "provider_name": "--provider",
                  "community": "--community", "community_id": "--community", "capacity": "--capacity",
                  "capacity_note": "--capacity-note", "available_from": "--from", "available_until": "--until",
                  "availability": "--availability", "status": "--status", "contact": "--contact", "notes": "--notes"}
CLOSE_FLAGS = {"status": "--status", "outcome": "--outcome", "closed_on": "--on", "reason": "--reason"}
MATCH_FLAGS = {"reason": "--reason", "matched_on": "--on", "resource_id": "--resource", "project_id": "--project"}


def register(commands: Any) -> None:
    p = commands.add_parser("needs", help=_("the needs list (需求清单) and matching needs with resources (供需对接)"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("list", help=_("the needs, most urgent first"))
    q.add_argument("--community", default="", help=_("only this village or community (its name)"))
    q.add_argument("--status", choices=[*NEED_STATUSES, "unclosed"], default=None,
                   help=_("only needs of this status; unclosed: waiting or matched"))
    q.add_argument("--category", choices=list(NEED_CATEGORIES), default=None)
    q.add_argument("--search", default="", help=_("words of the title, the details or the group"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_list_needs, field_flags=NEED_FLAGS)

    q = sub.add_parser("add", help=_("put a need on the list"))
    q.add_argument("--community", required=True, help=_("the village or community (its name)"))
    q.add_argument("--category", required=True, choices=list(NEED_CATEGORIES))
    q.add_argument("--title", required=True, help=_("the need in a few words"))
    q.add_argument("--details", default="")
    q.add_argument("--holder", choices=list(NEED_HOLDERS), default=None,
                   help=_("who has it (by default: the client or group given, else the whole community)"))
    q.add_argument("--client", default="", metavar="NAME_OR_ID", help=_("the client who has it"))
    q.add_argument("--group", default="", help=_("the group who has it, like 留守儿童"))
    q.add_argument("--people", type=int, default=None, help=_("how many people it concerns"))
    q.add_argument("--urgency", choices=list(NEED_URGENCIES), default="medium")
    q.add_argument("--source", choices=list(NEED_SOURCES), default="visit")
    q.add_argument("--date", **DAY, help=_("the day it was found (today when left out)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_add_need, field_flags=NEED_FLAGS)

    q = sub.add_parser("close", help=_("close a need as solved or as one that cannot be solved"))
    q.add_argument("need", metavar="ID")
    q.add_argument("--status", required=True, choices=["solved", "unsolvable"])
    q.add_argument("--outcome", required=True, help=_("how it was answered, or why it cannot be"))
    q.add_argument("--on", **DAY, help=_("the day (today when left out)"))
    q.set_defaults(handler=_close_need, field_flags=CLOSE_FLAGS)

    q = sub.add_parser("reopen", help=_("put a closed need back on the list"))
    q.add_argument("need", metavar="ID")
    q.add_argument("--reason", required=True)
    q.set_defaults(handler=_reopen_need, field_flags=CLOSE_FLAGS)

    q = sub.add_parser("match", help=_("the ranked candidates for a need, or record a match with --resource or "
                                       "--project"))
    q.add_argument("need", metavar="ID")
    target = q.add_mutually_exclusive_group()
    target.add_argument("--resource", default="", metavar="ID_OR_NAME", help=_("match this resource"))
    target.add_argument("--project", default="", metavar="NUMBER", help=_("match this micro-venture project"))
    q.add_argument("--reason", default=None, help=_("why this one (the ranking's explanation when left out)"))
    q.add_argument("--on", **DAY, help=_("the day of the match (today when left out)"))
    q.add_argument("--limit", type=int, default=10, help=_("how many candidates to show"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_match, field_flags=MATCH_FLAGS)

    q = sub.add_parser("matches", help=_("a need's matches, the latest first"))
    q.add_argument("need", metavar="ID")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_matches)

    q = sub.add_parser("projects", help=_("the projects list (项目清单) with the needs each answers"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_projects)

    _register_resources(commands)
    _register_matches(commands)


def _register_resources(commands: Any) -> None:
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
    q.add_argument("--name", required=True)
    q.add_argument("--kind", required=True, choices=list(RESOURCE_KINDS))
    q.add_argument("--category", required=True, action="append", choices=list(NEED_CATEGORIES),
                   help=_("a category of needs it serves (repeat for several)"))
    provider = q.add_mutually_exclusive_group()
    provider.add_argument("--donor", default="", metavar="NAME_OR_ID", help=_("a donor of the register"))
    provider.add_argument("--org", default="", metavar="NAME_OR_ID", help=_("an organisation of the register"))
    provider.add_argument("--volunteer", default="", metavar="NAME_OR_ID", help=_("a volunteer of the register"))
    provider.add_argument("--provider", default="", metavar="NAME", help=_("anyone else, like a department"))
    q.add_argument("--community", default="", help=_("its village or community (township-wide when left out)"))
    q.add_argument("--capacity", type=int, default=None, help=_("needs it can take on at once (no limit when "
                                                                "left out)"))
    q.add_argument("--capacity-note", default="", help=_("like 每月 20 人次"))
    q.add_argument("--from", dest="available_from", **DAY, help=_("available from this day"))
    q.add_argument("--until", dest="available_until", **DAY, help=_("available until this day"))
    q.add_argument("--availability", default="", help=_("when, like 周末上午"))
    q.add_argument("--status", choices=list(RESOURCE_STATUSES), default="available")
    q.add_argument("--contact", default="", help=_("an office to contact, not a private phone"))
    q.add_argument("--notes", default="")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_add_resource, field_flags=RESOURCE_FLAGS)


def _register_matches(commands: Any) -> None:
    p = commands.add_parser("matches", help=_("follow and close the matches of needs (供需对接)"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("close", help=_("close a match as done or as one that did not work"))
    q.add_argument("match", metavar="ID")
    q.add_argument("--status", required=True, choices=["done", "failed"])
    q.add_argument("--outcome", required=True)
    q.add_argument("--on", **DAY, help=_("the day (today when left out)"))
    q.set_defaults(handler=_close_match, field_flags=CLOSE_FLAGS)
    q = sub.add_parser("note", help=_("write the follow-up notes of a match under way"))
    q.add_argument("match", metavar="ID")
    q.add_argument("--follow-up", required=True, help=_("the notes (they replace the earlier ones)"))
    q.set_defaults(handler=_note_match, field_flags={"follow_up": "--follow-up"})


def _named(session: Session, list_all: Callable[..., Sequence[Any]], query: Any, wanted: str, flag: str,
           what: str) -> str | None:
    """The id of the one record of a register whose name (or id) is ``wanted``."""
    wanted = wanted.strip()
    if not wanted:
        return None
    found = [r.id for r in list_all(session, query) if wanted in (r.id, r.name)]
    if len(found) != 1:
        raise ValidationError(flag, (_("There is no {what} named {name}.") if not found else
                                     _("Several {what} are named {name}: give the id.")).format(what=what, name=wanted))
    return found[0]


def _need_row(row: NeedRow) -> tuple[Any, ...]:
    return (row.id, row.community, row.category_label, row.title, row.holder_label, row.urgency_label,
            row.found_on.isoformat(), row.status_label, row.matches or "")


def _list_needs(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        rows = needs.list_needs(session, community_id=community_id(session, args.community) or None,
                                status=args.status, category=args.category, search=args.search)
    if args.json:
        print_json(rows)
        return 0
    print_table([_("ID"), _("Community"), _("Category"), _("Need"), _("Whose need"), _("Urgency"), _("Found on"),
                 _("Status"), _("Matches under way")], [_need_row(r) for r in rows])
    return 0


def _add_need(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        place = community_id(session, args.community)
        client = _named(session, clients.list_all, ClientQuery(text=args.client, community_id=place), args.client,
                        "--client", _("client in this village or community"))
        holder = args.holder or ("client" if client else "group" if args.group.strip() else "community")
        need_id = needs.add_need(session, NeedInput(
            place, args.category, args.title, args.details, holder, client, args.group, args.people, args.urgency,
            args.source, args.date))
        row = needs.need(session, need_id)
    if args.json:
        print_json(row)
        return 0
    print(_("Need added to the list of {community}: {title} ({id}).").format(
        community=row.community, title=row.title, id=row.id))
    return 0


def _need_id(session: Session, wanted: str) -> str:
    """The id of a live need (reported at the command's ID)."""
    try:
        return needs.need(session, wanted.strip()).id
    except (NotFoundError, ValidationError) as exc:
        raise ValidationError("ID", exc.message) from exc


def _close_need(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        need_id = _need_id(session, args.need)
        needs.close_need(session, need_id, args.status, args.outcome, args.on)
        row = needs.need(session, need_id)
    print(_("Need closed: {title} — {status}.").format(title=row.title, status=row.status_label))
    return 0


def _reopen_need(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        need_id = _need_id(session, args.need)
        needs.reopen_need(session, need_id, args.reason)
        row = needs.need(session, need_id)
    print(_("Need reopened: {title} — {status}.").format(title=row.title, status=row.status_label))
    return 0


def _resource_id(session: Session, wanted: str) -> str | None:
    rows = resources.list_resources(session)
    return _named(session, lambda _s, _q: rows, None, wanted, "--resource", _("resource"))


def _match(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    if not (args.resource or args.project):
        with db.read() as session:
            found = matching.candidates(session, _need_id(session, args.need), limit=args.limit)
        if args.json:
            print_json(found)
            return 0
        for rank, candidate in enumerate(found, 1):
            kind = _("resource") if candidate.kind == "resource" else _("project")
            print(_("{rank}. {name} ({kind}, score {score}) {id}").format(
                rank=rank, name=candidate.name, kind=kind, score=candidate.score, id=candidate.id))
            print("   " + _("; ").join(candidate.reasons))
            for warning in candidate.warnings:
                print("   " + _("Note: {warning}").format(warning=warning))
        if not found:
            print(_("No resource or project serves this need's category."))
        return 0
    with db.write() as session:
        need_id = _need_id(session, args.need)
        resource = _resource_id(session, args.resource)
        try:
            project = projects.by_number(session, args.project).id if args.project else None
        except NotFoundError as exc:
            raise ValidationError("--project", exc.message) from exc
        reason = args.reason
        if reason is None:  # the ranking's explanation, as the candidates list shows it
            target = resource or project
            shown = [c for c in matching.candidates(session, need_id, limit=1000) if c.id == target]
            reason = _("; ").join(shown[0].reasons) if shown else ""
        match_id = matching.record_match(session, need_id, resource_id=resource, project_id=project, reason=reason,
                                         on=args.on)
        row = next(m for m in matching.matches_of_need(session, need_id) if m.id == match_id)
    if args.json:
        print_json(row)
        return 0
    print(_("Matched {target} to the need {title} ({id}).").format(target=row.target_name, title=row.need_title,
                                                                   id=row.id))
    return 0


def _matches(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        rows = matching.matches_of_need(session, _need_id(session, args.need))
    if args.json:
        print_json(rows)
        return 0
    print_table([_("ID"), _("Matched on"), _("Resource or project"), _("Status"), _("Follow-up"),
                 _("Outcome of the match"), _("Ended on")],
                [(m.id, m.matched_on.isoformat(), m.target_name, m.status_label, m.follow_up, m.outcome,
                  m.closed_on.isoformat() if m.closed_on else "") for m in rows])
    return 0


def _projects(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        rows = matching.projects_list(session)
    if args.json:
        print_json(rows)
        return 0
    print_table([_("Number"), _("Project"), _("Organisation or provider"), _("Community"), _("Status"),
                 _("Areas served"), _("Needs answered")],
                [(r.number, r.name, r.org_or_provider, r.communities, r.status_label, r.areas_label,
                  _("; ").join(r.needs)) for r in rows])
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
                 _("When"), _("Status")],
                [(r.id, r.name, r.kind_label, r.categories_label, r.provider, r.community,
                  _("{in_use} of {capacity} in use").format(in_use=r.in_use, capacity=r.capacity)
                  if r.capacity else _("{in_use} in use, no limit").format(in_use=r.in_use),
                  r.availability, r.status_label) for r in rows])
    return 0


def _add_resource(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        resource_id = resources.add_resource(session, ResourceInput(
            args.name, args.kind, tuple(args.category),
            _named(session, donors.list_all, DonorQuery(text=args.donor), args.donor, "--donor", _("donor")),
            _named(session, orgs.list_all, OrgQuery(text=args.org), args.org, "--org", _("organisation")),
            _named(session, volunteers.list_all, VolunteerQuery(text=args.volunteer), args.volunteer, "--volunteer",
                   _("volunteer")),
            args.provider, community_id(session, args.community) or None, args.capacity, args.capacity_note,
            args.available_from, args.available_until, args.availability, args.status, args.contact, args.notes))
        row = resources.resource(session, resource_id)
    if args.json:
        print_json(row)
        return 0
    print(_("Resource added: {name} ({id}).").format(name=row.name, id=row.id))
    return 0


def _close_match(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        matching.close_match(session, args.match.strip(), args.status, args.outcome, args.on)
    print(_("Match closed: {status}.").format(status=_(MATCH_STATUSES[args.status])))
    return 0


def _note_match(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        matching.update_match(session, args.match.strip(), args.follow_up)
    print(_("Follow-up notes saved."))
    return 0
