"""Cases on the command line: the list with its filters, one case with its history, a step of the
workflow, a handover to another worker (``wushe cases list|show|move|hand-over``), and the follow-ups
(``case_followups``). Each sees only the cases the signed-in user may see."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli import case_followups as follow_up_commands
from desktop.cli.auth import open_signed_in
from desktop.cli.code_options import code_option
from desktop.cli.output import print_json, print_pairs, print_table
from desktop.cli.register_options import community_id
from desktop.cli.station_column import add_station_option, by_station, numbered
from desktop.domain.case_workflow import MOVES, OPEN_STAGES, STAGE_LABELS, Stage
from desktop.domain.codes import CASE_SOURCES, REFERRAL_TARGETS, RISK_LEVELS, TARGET_GROUPS, label
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import accounts, case_followups, case_handover, case_list, case_timeline, cases
from desktop.services.case_list import STAGE_GROUP_LABELS, CaseQuery, CaseRow
from desktop.services.case_referrals import Receiver
from desktop.services.case_timeline import EVENT_KINDS
from desktop.services.received import marked


def register(commands: Any) -> None:
    p = commands.add_parser("cases", help=_("case files (个案): the list, a case's history, steps of the workflow"))
    sub = p.add_subparsers(dest="action", required=True)

    listing = sub.add_parser("list", help=_("the cases you may see, newest opened first"))
    listing.add_argument("--stage", default=None, **code_option(
        {**{s.value: STAGE_LABELS[s] for s in Stage}, **STAGE_GROUP_LABELS},
        _("one stage, or open / ended (closed or referred out), by its code or its name")))
    listing.add_argument("--community", default="", help=_("only this village or community (its name)"))
    listing.add_argument("--worker", default="", help=_("only the cases of this user (their user name)"))
    listing.add_argument("--group", default=None, **code_option(TARGET_GROUPS, _("the client's target group")))
    listing.add_argument("--risk", default=None, **code_option(RISK_LEVELS, _("the risk level")))
    listing.add_argument("--overdue", action="store_true", help=_("only cases with a follow-up overdue"))
    listing.add_argument("--search", default="",
                         help=_("part of the client's name, pinyin initials, the last 4 ID digits or a case number"))
    add_station_option(listing, _("only this station's cases (a county office; a unique part of its name)"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list, field_flags={"community": "--community", "worker": "--worker"})

    show = sub.add_parser("show", help=_("one case: its head fields and its history"))
    show.add_argument("number", metavar="NUMBER", help=_("the case number, 个案-2026-0001"))
    add_station_option(show, _("the station whose case it is, when several have the number (a county office)"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    step = sub.add_parser("move", help=_("take a step of the workflow"))
    step.add_argument("number", metavar="NUMBER", help=_("the case number, 个案-2026-0001"))
    step.add_argument("step", metavar="ACTION", choices=[m.action for m in MOVES],
                      help=", ".join(m.action for m in MOVES))
    step.add_argument("--reason", default="", help=_("why (declining, referring, reopening, going back)"))
    step.add_argument("--receiver", default="", help=_("who the client is referred to"))
    step.add_argument("--receiver-kind", default="service", **code_option(
        REFERRAL_TARGETS, _("what the receiver is (by default a service); a social organisation or a donor is "
                            "named as the register has it")))
    step.add_argument("--summary", default="", help=_("the closing summary (结案小结)"))
    step.add_argument("--json", action="store_true")
    step.set_defaults(handler=_move, field_flags={"reason": "--reason", "receiver": "--receiver",
                                                  "closing_summary": "--summary"})

    handover = sub.add_parser("hand-over", help=_("give an open case to another social worker (转交; the head)"))
    handover.add_argument("number", metavar="NUMBER", help=_("the case number, 个案-2026-0001"))
    handover.add_argument("--to", required=True, metavar="USERNAME", help=_("the user name of the worker taking it"))
    handover.add_argument("--reason", required=True, help=_("why the case changes hands"))
    handover.add_argument("--json", action="store_true")
    handover.set_defaults(handler=_hand_over, field_flags={"worker": "--to", "worker_user_id": "--to",
                                                            "reason": "--reason"})
    follow_up_commands.register(sub, _worker_id)


def _worker_id(session: Session, username: str) -> str:
    username = username.strip().lower()
    if not username:
        return ""
    found = [user.id for user in accounts.list_users(session) if user.username == username]
    if not found:
        raise ValidationError("worker", _("There is no user named {name}.").format(name=username))
    return found[0]


def _query(session: Session, args: argparse.Namespace) -> CaseQuery:
    return CaseQuery(text=args.search, stage=args.stage or "", community_id=community_id(session, args.community),
                     worker_user_id=_worker_id(session, args.worker), target_group=args.group or "",
                     risk=args.risk or "", overdue=args.overdue)


def _due(row: CaseRow) -> str:
    return "" if row.next_due is None else follow_up_commands.due_text(row.next_due, row.overdue)


def _list(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        rows, station = by_station(session, "case_file", case_list.list_all(session, _query(session, args)),
                                   args.station)
    if args.json:
        print_json([{**asdict(r), **station.fields(r.id)} for r in rows])
        return 0
    print_table([*station.header(), _("Number"), _("Client"), _("ID number"), _("Community"), _("Worker"), _("Stage"),
                 _("Risk"), _("Opened"), _("Next follow-up")],
                [(*station.cell(r.id), r.number, r.client_name, r.id_masked, r.community, r.worker_name, r.stage_label,
                  label(RISK_LEVELS, r.risk), r.opened_on.isoformat(), _due(r)) for r in rows])
    return 0


def _show(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        case = cases.get(session, numbered(session, "case_file", args.number, cases.ids_by_number(
            session, args.number), args.station, _("No case has the number {number}.").format(number=args.number)))
        events = case_timeline.timeline(session, case.id)
    if args.json:
        print_json({"case": case, "timeline": events})
        return 0
    print_pairs([
        (_("Number"), case.number), (_("Client"), f"{case.client_name}  {case.id_masked}".strip()),
        (_("Community"), case.community), (_("Worker"), case.worker_name),
        (_("Opened"), case.opened_on.isoformat()), (_("Source"), label(CASE_SOURCES, case.source)),
        (_("Risk"), label(RISK_LEVELS, case.risk)), (_("Stage"), label(STAGE_LABELS, case.stage)),
        (_("Problem"), marked(case.problem, "problem", case.withheld)),
    ] + [(key, value) for key, value in (
        (_("Closed on"), case.closed_on.isoformat() if case.closed_on else ""),
        (_("Closing summary"), case.closing_summary if case.stage == Stage.CLOSED else ""),
        (_("Not taken on because"), case.declined_reason),
        (_("Referred to"), case.referred_to)) if value])
    print()
    print_table([_("Date"), _("Event"), _("By"), _("Summary")],
                [(e.on.isoformat(), label(EVENT_KINDS, e.kind), e.who, e.summary) for e in events])
    return 0


def _move(args: argparse.Namespace) -> int:
    receiver = Receiver(args.receiver, args.receiver_kind) if args.receiver.strip() else None
    db = open_signed_in(args)
    with db.write() as session:
        case = cases.move(session, cases.by_number(session, args.number).id, args.step, reason=args.reason,
                          receiver=receiver, closing_summary=args.summary)
        remaining = case_followups.open_count(session, case.id) if case.stage not in OPEN_STAGES else 0
    if args.json:
        print_json(case)
        return 0
    print(_("Case {number} is now at “{stage}”.").format(number=case.number, stage=label(STAGE_LABELS, case.stage)))
    if remaining:
        print(case_followups.still_open(remaining))
    return 0


def _hand_over(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        case = case_handover.hand_over(session, cases.by_number(session, args.number).id,
                                       _worker_id(session, args.to), args.reason)
    if args.json:
        print_json(case)
    else:
        print(_("Case {number} is now {name}'s.").format(number=case.number, name=case.worker_name))
    return 0
