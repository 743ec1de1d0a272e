"""Follow-ups (回访) on the command line: a case's, or those due for a worker as the 工作台 lists them; planning
one, marking it done, calling it off (``wushe cases follow-ups|follow-up-add|follow-up-done|follow-up-cancel``).
The services guard each as they guard the case window's buttons: a social worker's own cases, any case for
the head; a role that may not edit cases is refused."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.needs_resources import DAY
from desktop.cli.output import print_json, print_table
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import case_followups, cases
from desktop.services.case_followups import FollowUpView

FLAGS = {"due_on": "--due", "purpose": "--purpose", "outcome": "--outcome", "done_on": "--on", "reason": "--reason",
         "follow_up_id": "--id", "worker": "--worker", "worker_user_id": "--worker"}
WorkerId = Callable[[Session, str], str]  # a user's id from their user name ("" for none given)


def register(sub: Any, worker_id: WorkerId) -> None:
    """The follow-up commands under ``wushe cases``."""
    id_help = _("the follow-up's number as `wushe cases follow-ups` lists it, or its id")
    listing = sub.add_parser("follow-ups", help=_("follow-ups (回访): a case's, or those due for a worker"))
    listing.add_argument("--case", default="", metavar="NUMBER",
                         help=_("the follow-ups of this case, done and cancelled ones too"))
    listing.add_argument("--due", action="store_true",
                         help=_("only those due today or overdue; without --case the list is always that, as the "
                                "Home page shows it"))
    listing.add_argument("--worker", default="", metavar="USERNAME",
                         help=_("those due for this user rather than for you (the head)"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=lambda args: _list(args, worker_id), field_flags=FLAGS)

    add = sub.add_parser("follow-up-add", help=_("plan a follow-up of a case, due for its social worker"))
    add.add_argument("--case", required=True, metavar="NUMBER", help=_("the case number, 个案-2026-0001"))
    add.add_argument("--due", dest="due_on", **{**DAY, "required": True}, help=_("the day it is due"))
    add.add_argument("--purpose", required=True, help=_("what the follow-up is for"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add, field_flags=FLAGS)

    done = sub.add_parser("follow-up-done", help=_("mark a follow-up done, with what came of it"))
    done.add_argument("--id", dest="follow_up", required=True, metavar="NUMBER", help=id_help)
    done.add_argument("--outcome", required=True, help=_("what came of the follow-up"))
    done.add_argument("--on", dest="done_on", **DAY, help=_("the day it was done (default: today)"))
    done.add_argument("--json", action="store_true")
    done.set_defaults(handler=_done, field_flags=FLAGS)

    cancel = sub.add_parser("follow-up-cancel", help=_("call off a follow-up no longer wanted; the case keeps it "
                                                       "with the reason"))
    cancel.add_argument("--id", dest="follow_up", required=True, metavar="NUMBER", help=id_help)
    cancel.add_argument("--reason", required=True, help=_("why it is no longer wanted"))
    cancel.add_argument("--json", action="store_true")
    cancel.set_defaults(handler=_cancel, field_flags=FLAGS)


def due_text(day: date, overdue: bool) -> str:
    """A due date as the lists print it, overdue marked."""
    return _("{date} (overdue)").format(date=day.isoformat()) if overdue else day.isoformat()


def _done_on(row: FollowUpView) -> str:
    if row.done_on is None:
        return ""
    return _("Cancelled {date}").format(date=row.done_on.isoformat()) if row.cancelled else row.done_on.isoformat()


def _list(args: argparse.Namespace, worker_id: WorkerId) -> int:
    if args.case.strip() and args.worker.strip():
        raise ValidationError("worker", _("Give either a case or a worker, not both."))
    db = open_signed_in(args)
    with db.read() as session:
        if args.case.strip():
            rows: Sequence[FollowUpView] = case_followups.follow_ups(session, cases.by_number(session, args.case).id)
            if args.due:
                rows = [r for r in rows if r.done_on is None and r.due_on <= date.today()]
        else:
            rows = case_followups.due_follow_ups(session, worker_id(session, args.worker) or None)
    if args.json:
        print_json(rows)
        return 0
    if args.case.strip():
        print_table([_("Number"), _("Due on"), _("Purpose"), _("Done on"), _("Outcome")],
                    [(r.number, due_text(r.due_on, r.overdue), r.purpose, _done_on(r), r.outcome) for r in rows])
    else:
        print_table([_("Number"), _("Due on"), _("Case no."), _("Client"), _("Purpose")],
                    [(r.number, due_text(r.due_on, r.overdue), r.case_number, r.client_name, r.purpose) for r in rows],
                    _("No follow-up of {user}'s cases is due today.").format(user=args.worker.strip().lower())
                    if args.worker.strip() else _("No follow-up of your cases is due today."))
    return 0


def _print(args: argparse.Namespace, view: FollowUpView, message: str) -> int:
    if args.json:
        print_json(view)
    else:
        print(message.format(number=view.number, case=view.case_number, date=view.due_on.isoformat()))
    return 0


def _add(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        view = case_followups.add_follow_up(session, cases.by_number(session, args.case).id, args.due_on,
                                            args.purpose)
    return _print(args, view, _("Follow-up {number} of case {case} is due on {date}."))


def _done(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        view = case_followups.complete_follow_up(session, case_followups.find_follow_up(session, args.follow_up),
                                                 args.outcome, args.done_on)
    return _print(args, view, _("Follow-up {number} of case {case} is done."))


def _cancel(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        view = case_followups.cancel_follow_up(session, case_followups.find_follow_up(session, args.follow_up),
                                               args.reason)
    return _print(args, view, _("Follow-up {number} of case {case} is called off."))
