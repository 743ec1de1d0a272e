"""供需对接 on the command line: ``wushe needs list|add|close|reopen|match|matches|projects``,
``wushe resources list|add|edit|status`` (cli.needs_resources) and ``wushe matches close|note``. Needs,
resources and matches are named by their id (as ``list`` and ``matches`` print it); a project by its number;
a provider by name or id, a volunteer also by number; a client as `report client` finds one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.code_options import code_option, subset
from desktop.cli.needs_resources import DAY, register_resources, resource_id, stored_id
from desktop.cli.output import print_json, print_table
from desktop.cli.register_options import community_id
from desktop.domain.codes import (
    MATCH_STATUSES, NEED_CATEGORIES, NEED_HOLDERS, NEED_SOURCES, NEED_STATUSES, NEED_URGENCIES,
)
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import N_, _
from desktop.services import clients, matching, needs, projects
from desktop.services.clients import ClientQuery
from desktop.services.needs import NeedInput, NeedRow

NEED_FLAGS = {"community": "--community", "community_id": "--community", "category": "--category",
              "title": "--title", "details": "--details", "holder": "--holder", "client_id": "--client",
              "group_label": "--group", "people": "--people", "urgency": "--urgency", "source": "--source",
              "found_on": "--date"}
CLOSE_FLAGS = {"status": "--status", "outcome": "--outcome", "closed_on": "--on", "reason": "--reason"}
UNCLOSED = {"unclosed": N_("Not closed (待对接或已对接)")}  # a status filter of `needs list`, not a status
MATCH_FLAGS = {"reason": "--reason", "matched_on": "--on", "resource_id": "--resource", "project_id": "--project"}


def register(commands: Any) -> None:
    p = commands.add_parser("needs", help=_("the needs list (需求清单) and matching needs with resources (供需对接)"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("list", help=_("the needs, most urgent first"))
    q.add_argument("--community", default="", help=_("only this village or community (its name)"))
    q.add_argument("--status", default=None, **code_option(NEED_STATUSES | UNCLOSED, _("only needs of this status")))
    q.add_argument("--category", default=None, **code_option(NEED_CATEGORIES, _("only needs of this category")))
    q.add_argument("--search", default="", help=_("words of the title, the details or the group"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_list_needs, field_flags=NEED_FLAGS)

    q = sub.add_parser("add", help=_("put a need on the list"))
    q.add_argument("--community", required=True, help=_("the village or community (its name)"))
    q.add_argument("--category", required=True, **code_option(NEED_CATEGORIES, _("what kind of need it is")))
    q.add_argument("--title", required=True, help=_("the need in a few words"))
    q.add_argument("--details", default="", help=_("what was seen or asked for, in more words"))
    q.add_argument("--holder", default=None, **code_option(
        NEED_HOLDERS, _("who has it (by default: the client or group given, else the whole community)")))
    q.add_argument("--client", default="", metavar="NAME_OR_ID", help=_("the client who has it"))
    q.add_argument("--group", default="", help=_("the group who has it, like 留守儿童"))
    q.add_argument("--people", type=int, default=None, help=_("how many people it concerns"))
    q.add_argument("--urgency", default="medium", **code_option(NEED_URGENCIES, _("how urgent it is (by default "
                                                                              "fairly urgent)")))
    q.add_argument("--source", default="visit", **code_option(NEED_SOURCES, _("how it came to be known (by default "
                                                                           "a home visit)")))
    q.add_argument("--date", **DAY, help=_("the day it was found (today when left out)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_add_need, field_flags=NEED_FLAGS)

    q = sub.add_parser("close", help=_("close a need as solved or as one that cannot be solved"))
    _close_arguments(q, "need", subset(NEED_STATUSES, "solved", "unsolvable"),
                     _("how it was answered, or why it cannot be"), _close_need)

    q = sub.add_parser("reopen", help=_("put a closed need back on the list"))
    q.add_argument("need", metavar="ID")
    q.add_argument("--reason", required=True, help=_("why it is taken up again"))
    q.set_defaults(handler=_reopen_need, field_flags=CLOSE_FLAGS)

    q = sub.add_parser("match", help=_("the ranked candidates for a need, or record a match with --resource or "
                                       "--project"))
    q.add_argument("need", metavar="ID")
    target = q.add_mutually_exclusive_group()
    target.add_argument("--resource", default="", metavar="ID_OR_NAME", help=_("match this resource"))
    target.add_argument("--project", default="", metavar="NUMBER", help=_("match this micro-venture project"))
    q.add_argument("--reason", default=None, help=_("why this one (the ranking's explanation when left out)"))
    q.add_argument("--on", **DAY, help=_("the day of the match (today when left out)"))
    q.add_argument("--allow-over-capacity", action="store_true",
                   help=_("match a resource whose places are all taken (it can take one more)"))
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

    register_resources(commands)
    _register_matches(commands)


def _register_matches(commands: Any) -> None:
    p = commands.add_parser("matches", help=_("follow and close the matches of needs (供需对接)"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("close", help=_("close a match as done or as one that did not work"))
    _close_arguments(q, "match", subset(MATCH_STATUSES, "done", "failed"), _("what came of it"), _close_match)
    q = sub.add_parser("note", help=_("add a dated follow-up note to a match under way"))
    q.add_argument("match", metavar="ID")
    q.add_argument("--follow-up", required=True,
                   help=_("the note, added after the earlier ones with today's date and your name"))
    q.set_defaults(handler=_note_match, field_flags={"follow_up": "--follow-up"})


def _close_arguments(q: Any, record: str, statuses: dict[str, str], outcome: str,
                     handler: Callable[[argparse.Namespace], int]) -> None:
    """``needs close`` and ``matches close``: the record's id, how it ended, what came of it, and the day."""
    q.add_argument(record, metavar="ID")
    q.add_argument("--status", required=True, **code_option(statuses))
    q.add_argument("--outcome", required=True, help=outcome)
    q.add_argument("--on", **DAY, help=_("the day (today when left out)"))
    q.set_defaults(handler=handler, field_flags=CLOSE_FLAGS)


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
                 _("Status"), _("Matches under way")], [_need_row(r) for r in rows],
                empty=_("No need is on the list with these conditions."))
    return 0


def _add_need(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        place = community_id(session, args.community)
        client = _client(session, args.client, place)
        holder = args.holder or ("client" if client else "group" if args.group.strip() else "community")
        if client and holder != "client":
            raise ValidationError("--client", _("A need of a group or of the whole community names no client."))
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


def _client(session: Session, wanted: str, place: str) -> str | None:
    """The client named by --client as `report client` finds one (id, number as `clients list` shows it, ID
    number ending or name); of namesakes, the one of the need's village or community."""
    if not wanted.strip():
        return None
    try:
        return clients.find(session, wanted)
    except NotFoundError as exc:
        here = [c.id for c in clients.list_all(session, ClientQuery(text=wanted.strip(), community_id=place))
                if c.name == wanted.strip()]
        if len(here) == 1:
            return here[0]
        raise ValidationError("--client", exc.message) from exc


def _close_need(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        need_id = stored_id(session, needs.need, args.need)
        needs.close_need(session, need_id, args.status, args.outcome, args.on)
        row = needs.need(session, need_id)
    print(_("Need closed: {title} — {status}.").format(title=row.title, status=row.status_label))
    return 0


def _reopen_need(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        need_id = stored_id(session, needs.need, args.need)
        needs.reopen_need(session, need_id, args.reason)
        row = needs.need(session, need_id)
    print(_("Need reopened: {title} — {status}.").format(title=row.title, status=row.status_label))
    return 0


def _match(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    if not (args.resource or args.project):
        with db.read() as session:
            found = matching.candidates(session, stored_id(session, needs.need, args.need), limit=args.limit)
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
        need_id = stored_id(session, needs.need, args.need)
        resource = resource_id(session, args.resource)
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
                                         on=args.on, allow_over_capacity=args.allow_over_capacity)
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
        rows = matching.matches_of_need(session, stored_id(session, needs.need, args.need))
    if args.json:
        print_json(rows)
        return 0
    print_table([_("ID"), _("Matched on"), _("Resource or project"), _("Status"), _("Follow-up"),
                 _("Outcome of the match"), _("Ended on")],
                [(m.id, m.matched_on.isoformat(), m.target_name, m.status_label, m.follow_up, m.outcome,
                  m.closed_on.isoformat() if m.closed_on else "") for m in rows],
                empty=_("No resource or project has been put to this need yet."))
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
                  _("; ").join(r.needs)) for r in rows],
                empty=_("No project is approved or running yet."))
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
    print(_("Follow-up note added."))
    return 0
