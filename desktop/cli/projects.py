"""Micro-venture rounds and projects on the command line: ``wushe rounds list|summary`` and ``wushe
projects list|show|move|delete|photos|photo-remove``. Amounts are printed in yuan with two places ("12345.00"), in JSON too."""

from __future__ import annotations

import argparse
import mimetypes
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_pairs, print_table
from desktop.cli.register_options import listed
from desktop.cli.station_column import add_station_option, by_station, numbered
from desktop.domain.codes import BUDGET_CATEGORIES, FUNDING_KINDS, PROJECT_AREAS, label
from desktop.domain.money import from_fen, to_fen
from desktop.domain.project_workflow import MOVES, STATUS_LABELS, Requirement, Status
from desktop.errors import StorageError, ValidationError
from desktop.i18n import N_, _, format_number
from desktop.services import (attachments, project_activities, project_detail, projects, reviews, round_summary,
                              rounds)
from desktop.services.attachments import AttachmentView
from desktop.services.projects import ProjectQuery, ProjectView
from desktop.services.rounds import RoundView


def register(commands: Any) -> None:
    r = commands.add_parser("rounds", help=_("micro-venture rounds (创投批次): the list, the review summary"))
    sub = r.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help=_("the rounds, newest first"))
    listing.add_argument("--year", type=int, default=None, help=_("only the rounds of this year"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_rounds)
    summary = sub.add_parser("summary", help=_("write the round's ranking, scores and approved amounts (.xlsx)"))
    summary.add_argument("--round", required=True, metavar="NAME_OR_ID", help=_("the round's name or id"))
    summary.add_argument("--out", type=Path, required=True, help=_("the .xlsx file to write"))
    summary.set_defaults(handler=_summary, field_flags={"out": "--out"})

    p = commands.add_parser("projects", help=_("micro-venture proposals and projects (微创投项目)"))
    sub = p.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help=_("the proposals and projects, newest number first"))
    listing.add_argument("--round", default="", metavar="NAME_OR_ID", help=_("only this round (its name or id)"))
    listing.add_argument("--status", choices=[s.value for s in Status], default="")
    add_station_option(listing, _("only this station's proposals (a county office; a unique part of its name)"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)
    show = sub.add_parser("show", help=_("one proposal: its contents, budget, plan and history"))
    show.add_argument("number", metavar="NUMBER", help=_("the project number, 创投-2026-0001"))
    add_station_option(show, _("the station whose proposal it is, when several have the number (a county office)"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)
    step = sub.add_parser("move", help=_("take a step of the workflow"))
    step.add_argument("number", metavar="NUMBER", help=_("the project number, 创投-2026-0001"))
    step.add_argument("step", metavar="ACTION", choices=[m.action for m in MOVES],
                      help=", ".join(m.action for m in MOVES))
    step.add_argument("--reason", default="", help=_("why (withdrawing, not approving, terminating)"))
    step.add_argument("--amount", default=None, metavar="YUAN",
                      help=_("approve only: the approved amount (立项金额) in yuan, set with the step"))
    step.add_argument("--json", action="store_true")
    # A refusal about the amount names --amount, whether the amount given or the one the step needs.
    step.set_defaults(handler=_move, field_flags={"reason": "--reason", "amount": "--amount", "approved_fen": "--amount",
                                                  Requirement.APPROVED_AMOUNT.value: "--amount"})
    gone = sub.add_parser("delete", help=_("delete a draft proposal entered by mistake (a submitted one is withdrawn "
                                           "or terminated instead)"))
    # The number is positional as for show and move; --project, the form it first had, still works.
    which = gone.add_mutually_exclusive_group(required=True)
    which.add_argument("number", nargs="?", metavar="NUMBER", help=_("the project number, 创投-2026-0001"))
    which.add_argument("--project", metavar="NUMBER", help=_("the same, as an option"))
    gone.add_argument("--json", action="store_true")
    gone.set_defaults(handler=_delete)
    photos = sub.add_parser("photos", help=_("the photos of the project's activities, with the id that removes one"))
    photos.add_argument("number", metavar="NUMBER", help=_("the project number, 创投-2026-0001"))
    add_station_option(photos, _("the station whose project it is, when several have the number (a county office)"))
    photos.add_argument("--json", action="store_true")
    photos.set_defaults(handler=_photos)
    take_off = sub.add_parser("photo-remove", help=_("take a photo off its activity, saying why (the record keeps "
                                                     "who removed it and why)"))
    take_off.add_argument("photo_id", metavar="ID", help=_("the photo's id, as `wushe projects photos` lists it"))
    take_off.add_argument("--reason", required=True, help=_("why it is removed"))
    take_off.add_argument("--json", action="store_true")
    take_off.set_defaults(handler=_photo_remove, field_flags={"reason": "--reason"})


# The steps of the history by their action, with the writing of the proposal that opens it.
STEPS: dict[str, str] = {"create": N_("Proposal written"), **{m.action: m.label for m in MOVES}}


def yuan(fen: int | None) -> str | None:
    """An amount as this command prints it: "12345.00", or None when there is none."""
    return None if fen is None else str(from_fen(fen))


def _round_row(view: RoundView) -> dict[str, Any]:
    rules = view.rules
    return {
        "id": view.id, "name": view.name, "year": view.year, "organiser": view.organiser,
        "funding_kind": view.funding_kind, "funding_source": view.funding_source, "pool": yuan(view.pool_fen),
        "approved": yuan(view.approved_fen), "pool_left": yuan(view.pool_left_fen), "opens_on": view.opens_on,
        "closes_on": view.closes_on, "areas": list(view.areas), "projects": view.projects,
        "reviewers": [r.name for r in view.reviewers], "criteria": [{"name": c.name, "weight": c.weight}
                                                                     for c in view.criteria],
        "rules": {"max_grant": yuan(rules.max_grant_fen), "min_matching_percent": rules.min_matching_percent,
                  "labour_max_percent": rules.labour_max_percent, "training_cap": yuan(rules.training_cap_fen),
                  "meeting_cap": yuan(rules.meeting_cap_fen), "expert_cap": yuan(rules.expert_cap_fen)},
        "notes": view.notes,
    }


def _rounds(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        views = rounds.list_all(session, args.year)
    if args.json:
        print_json([_round_row(v) for v in views])
        return 0
    print_table([_("Round"), _("Year"), _("Funding"), _("Application window"), _("Pool"), _("Approved amount"),
                 _("Pool left"), _("Projects"), _("Reviewers")],
                [(v.name, v.year, label(FUNDING_KINDS, v.funding_kind), f"{v.opens_on} – {v.closes_on}",
                  yuan(v.pool_fen), yuan(v.approved_fen), yuan(v.pool_left_fen), v.projects,
                  listed([r.name for r in v.reviewers])) for v in views])
    return 0


def _summary(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        path = round_summary.write_summary(session, rounds.find(session, args.round).id, args.out)
    print(_("Wrote {path}.").format(path=path))
    return 0


def _row(view: ProjectView) -> dict[str, Any]:
    return {"id": view.id, "number": view.number, "title": view.title, "status": view.status,
            "applicant": view.org_name,
            "community": view.community, "round": view.round_name, "requested": yuan(view.requested_fen),
            "matching": yuan(view.matching_fen), "approved": yuan(view.approved_fen)}


def _list(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        round_id = rounds.find(session, args.round).id if args.round.strip() else ""
        views, station = by_station(session, "project", projects.list_all(
            session, ProjectQuery(round_id=round_id, status=args.status)), args.station)
    if args.json:
        print_json([{**_row(v), **station.fields(v.id)} for v in views])
        return 0
    print_table([*station.header(), _("Number"), _("Title"), _("Status"), _("Applicant"), _("Community"),
                 _("Requested"), _("Matching"), _("Approved amount")],
                [(*station.cell(v.id), v.number, v.title, v.status_label, v.org_name, v.community,
                  yuan(v.requested_fen), yuan(v.matching_fen), yuan(v.approved_fen)) for v in views])
    return 0


def _show(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        detail = project_detail.detail(session, _numbered(session, args))
    view = detail.project
    if args.json:
        print_json({"project": _row(view), "detail": detail})
        return 0
    print_pairs([
        (_("Number"), view.number), (_("Title"), view.title), (_("Round"), view.round_name),
        (_("Status"), view.status_label), (_("Applicant"), view.org_name), (_("Community"), view.community),
        (_("Areas (项目领域)"), listed([label(PROJECT_AREAS, a) for a in view.areas])),
        (_("Period"), f"{view.starts_on} – {view.ends_on}"),
        (_("Leader"), f"{detail.leader_name}  {detail.leader_phone}".strip()),
        (_("Contact"), f"{detail.contact_name}  {detail.contact_phone}  {detail.contact_email}".strip()),
        (_("Requested"), yuan(view.requested_fen)), (_("Matching"), yuan(view.matching_fen)),
        (_("Approved amount"), yuan(view.approved_fen) or ""), (_("Summary"), detail.summary),
    ])
    print()
    print_table([_("Category"), _("Item"), _("Unit"), _("Unit price"), _("Quantity"), _("Amount"), _("Requested"),
                 _("Matching")],
                [(label(BUDGET_CATEGORIES, b.category), b.item, b.unit, yuan(b.unit_price_fen),
                  f"{b.quantity.normalize():f}", yuan(b.amount_fen), yuan(b.requested_fen), yuan(b.matching_fen))
                 for b in detail.budget])
    print()
    print_table([_("Planned activity"), _("From"), _("To"), _("Sessions"), _("Person-times")],
                [(a.name, a.starts_on, a.ends_on, a.sessions, a.person_times) for a in detail.plan])
    print()
    print_table([_("Date"), _("Step"), _("Status"), _("By"), _("Reason")],
                [(c.changed_on, label(STEPS, c.action), label(STATUS_LABELS, c.to_status), c.by_name, c.reason)
                 for c in detail.history])
    return 0


def _numbered(session: Session, args: argparse.Namespace) -> str:
    """The id of the project ``args.number`` names, of ``args.station`` when given."""
    return numbered(session, "project", args.number, projects.ids_by_number(session, args.number), args.station,
                    _("No project has the number {number}.").format(number=args.number))


def _delete(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        view = projects.by_number(session, args.number or args.project)
        projects.delete(session, view.id)
    if args.json:
        print_json({"deleted": _row(view)})
    else:
        print(_("Draft {number} “{title}” is deleted.").format(number=view.number, title=view.title))
    return 0


def _move(args: argparse.Namespace) -> int:
    if args.amount is not None and args.step != "approve":
        raise ValidationError("amount", _("Only approving sets an amount; leave out --amount."))
    amount_fen = None if args.amount is None else to_fen(args.amount)
    db = open_signed_in(args)
    with db.write() as session:  # the amount and the step together, or neither
        project_id = projects.by_number(session, args.number).id
        if amount_fen is not None:
            reviews.set_approved(session, project_id, amount_fen)
        view = projects.move(session, project_id, args.step, reason=args.reason)
    if args.json:
        print_json(_row(view))
    else:
        print(_("Project {number} is now at “{status}”.").format(number=view.number, status=view.status_label))
    return 0


def _file_of(session: Session, photo: AttachmentView) -> Path | None:
    """Where the photo's file is, or None when it is missing here (it may not have arrived yet)."""
    try:
        return attachments.path_of(session, photo)
    except StorageError:
        return None


def _photos(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        project_id = _numbered(session, args)
        found = [(activity, photo, _file_of(session, photo))
                 for activity in project_activities.activities(session, project_id)
                 for photo in attachments.attachments(session, project_activities.OWNER_TABLE, activity.id)]
    if args.json:
        print_json([{"id": photo.id, "activity_id": activity.id, "held_on": activity.held_on,
                     "activity": activity.title, "filename": photo.filename, "caption": photo.caption,
                     "media_type": photo.media_type, "size": photo.size, "sha256": photo.sha256, "path": path}
                    for activity, photo, path in found])
        return 0
    # The data folder keeps each photo under its content's hash, a name without extension that opens
    # nothing: the table gives the file's own name (--json gives the stored path for scripts).
    print_table([_("Activity date"), _("Activity"), _("Photo ID"), _("File"), _("Caption"), _("Size"),
                 _("In the data folder")],
                [(activity.held_on, activity.title, photo.id, _named(photo), photo.caption, format_number(photo.size),
                  _("yes") if path else _("missing")) for activity, photo, path in found])
    return 0


def _named(photo: AttachmentView) -> str:
    """The photo's file name with the extension of its kind, should the name it came with have none."""
    if Path(photo.filename).suffix:
        return photo.filename
    return photo.filename + (mimetypes.guess_extension(photo.media_type) or "")


def _photo_remove(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        gone = attachments.remove(session, args.photo_id.strip(), args.reason)
    if args.json:
        print_json({"removed": gone})
    else:
        print(_("Photo {file} is removed: {reason}").format(file=gone.photo.filename, reason=gone.reason))
    return 0
