"""Account and audit commands: ``wushe users …`` and ``wushe audit …``."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from desktop.cli.auth import ask_password, open_signed_in
from desktop.cli.output import print_json, print_table
from desktop.cli.recovery import announce_recovery
from desktop.domain.codes import label
from desktop.domain.permissions import ROLE_LABELS, Role, role_labels
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_datetime
from desktop.services import accounts, audit_log, signin
from desktop.services.accounts import AccountInput
from desktop.storage.database import Database
from desktop.sync.conflict_text import node_names
from desktop.sync.home_node import node_kind


def register(commands: Any) -> None:
    p = commands.add_parser("users", help=_("user accounts (the station head manages them)"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("list", help=_("list the accounts"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_list)
    q = sub.add_parser("add", help=_("add an account (the first one becomes the station head)"))
    q.add_argument("--username", required=True)
    q.add_argument("--name", required=True, help=_("the person's name"))
    q.add_argument("--role", required=True, choices=list(ROLE_LABELS))
    q.add_argument("--phone", default="")
    q.add_argument("--password", help=_("initial password (prompted when not given; WUSHE_NEW_PASSWORD)"))
    q.set_defaults(handler=cmd_add, field_flags={"username": "--username", "display_name": "--name",
                                                 "role": "--role", "phone": "--phone", "password": "--password"})
    for name, handler, text in (("disable", cmd_disable, _("disable an account")),
                                ("enable", cmd_enable, _("enable an account again")),
                                ("reset-password", cmd_reset, _("set a temporary password and lift a lock-out"))):
        q = sub.add_parser(name, help=text)
        q.add_argument("username")
        if handler is cmd_reset:
            q.add_argument("--password", help=_("the temporary password (prompted when not given)"))
        q.set_defaults(handler=handler)
    q = sub.add_parser("recovery-code", help=_("make a new recovery code; the old one stops working"))
    q.add_argument("--out", type=Path, help=_("write the recovery-code sheet to this PDF"))
    q.set_defaults(handler=cmd_recovery)

    p = commands.add_parser("audit", help=_("the audit log"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("verify", help=_("check the hash chain; names the first broken entry"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_audit_verify)
    q = sub.add_parser("list", help=_("list audit entries, newest first"))
    q.add_argument("--actor", default="")
    q.add_argument("--action", dest="audit_action", default="")
    q.add_argument("--table", default="")
    q.add_argument("--node", default="", help=_("only this node's entries (its name, or the start of its id)"))
    q.add_argument("--since", type=date.fromisoformat, help=_("from this date (YYYY-MM-DD)"))
    q.add_argument("--until", type=date.fromisoformat, help=_("to this date (YYYY-MM-DD)"))
    q.add_argument("--limit", type=int, default=50)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_audit_list)


def _find(db: Database, username: str) -> accounts.UserView:
    with db.read() as session:
        for user in accounts.list_users(session):
            if user.username == username.strip().lower():
                return user
    raise NotFoundError(_("No such user."))


def cmd_list(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        users = accounts.list_users(session)
        roles = role_labels(node_kind(session))  # 县级管理员, not 站长, at a county
    if args.json:
        print_json(users)
        return 0
    print_table([_("User name"), _("Name"), _("Role"), _("Phone"), _("Status"), _("Last sign-in")],
                [(u.username, u.display_name, label(roles, u.role), u.phone,
                  _("disabled") if u.disabled else "",
                  format_datetime(u.last_login_at.astimezone(), "short") if u.last_login_at else "")
                 for u in users])
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    password = ask_password(_("Password for {user}: ").format(user=args.username), env="WUSHE_NEW_PASSWORD",
                            given=args.password)
    data = AccountInput(args.username, args.name, args.role, password, args.phone)
    if signin.has_accounts(db):
        with db.write() as session:
            accounts.add_user(session, data)
        print(_("Added {user}; they choose their own password at first sign-in.").format(user=data.username))
        return 0
    if args.role != Role.ADMIN:
        raise ValidationError("role", _("The first account must be the station head (--role admin)."))
    code = accounts.make_first_head(db, data)
    print(_("Added the station head {user}.").format(user=data.username))
    announce_recovery(db, code, None)
    return 0


def _set_disabled(args: argparse.Namespace, disabled: bool) -> int:
    db = open_signed_in(args)
    user = _find(db, args.username)
    with db.write() as session:
        accounts.set_disabled(session, user.id, disabled)
    print(_("{user} is disabled.").format(user=user.username) if disabled
          else _("{user} is enabled.").format(user=user.username))
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    return _set_disabled(args, True)


def cmd_enable(args: argparse.Namespace) -> int:
    return _set_disabled(args, False)


def cmd_reset(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    user = _find(db, args.username)
    password = ask_password(_("Temporary password for {user}: ").format(user=user.username),
                            env="WUSHE_NEW_PASSWORD", given=args.password)
    with db.write() as session:
        accounts.reset_password(session, user.id, password)
    print(_("{user} has a temporary password and must choose a new one at sign-in.").format(user=user.username))
    return 0


def cmd_recovery(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        code = accounts.new_recovery_code(session)
    announce_recovery(db, code, args.out)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        report = audit_log.verify(session)
    if args.json:
        print_json({"ok": report.ok, "entries": report.entries, "first_broken_seq": report.first_broken_seq,
                    "reason": report.reason})
    elif report.ok:
        print(_("The audit chain is intact: {n} entries.").format(n=report.entries))
    else:
        print(_("The audit chain is broken at entry {seq} ({reason}).").format(
            seq=report.first_broken_seq, reason=report.reason))
    return 0 if report.ok else 1


def _node_of(names: dict[str, str], nodes: list[str], ref: str) -> str:
    """The node in the log that ``ref`` names, by name or by the start of its id."""
    found = {node for node in nodes if names.get(node) == ref or node.startswith(ref)}
    if len(found) != 1:
        raise NotFoundError(_("No single node in the audit log is called {node}.").format(node=ref))
    return found.pop()


def cmd_audit_list(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        names = node_names(session)
        node = _node_of(names, audit_log.nodes(session), args.node.strip()) if args.node.strip() else ""
        query = audit_log.AuditQuery(
            actor=args.actor, action=args.audit_action, table=args.table, node=node,
            since=datetime.combine(args.since, time.min).astimezone() if args.since else None,
            until=datetime.combine(args.until, time.max).astimezone() if args.until else None,
        )
        entries = audit_log.get_many(session, audit_log.list_ids(session, query)[: max(args.limit, 0)])
    if args.json:
        print_json(entries)
        return 0
    print_table([_("No."), _("Node"), _("Time"), _("Who"), _("Action"), _("Table"), _("Record")],
                [(e.seq, names.get(e.node_id, e.node_id[:8]), format_datetime(e.at.astimezone(), "short"), e.actor,
                  e.action, e.table_name, e.row_id) for e in entries])
    return 0
