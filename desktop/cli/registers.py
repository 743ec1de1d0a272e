"""The registers of 五社联动 on the command line: ``wushe orgs list``."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_table
from desktop.domain.codes import ORG_CATEGORIES, ORG_STATUSES, label
from desktop.i18n import _, format_number
from desktop.services import orgs
from desktop.services.orgs import OrgQuery


def register(commands: Any) -> None:
    p = commands.add_parser("orgs", help=_("the register of community social organisations"))
    p.add_argument("action", choices=["list"])
    p.add_argument("--search", default="", help=_("part of the name"))
    p.add_argument("--category", choices=list(ORG_CATEGORIES), default="")
    p.add_argument("--status", choices=list(ORG_STATUSES), default="")
    p.add_argument("--deleted", action="store_true", help=_("include deleted ones"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_orgs)


def cmd_orgs(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    query = OrgQuery(text=args.search, category=args.category, status=args.status, include_deleted=args.deleted)
    with db.read() as session:
        rows = orgs.list_all(session, query)
    if args.json:
        print_json(rows)
        return 0
    print_table([_("Name"), _("Community"), _("Category"), _("Status"), _("Credit code"), _("Members"), _("Leader")],
                [(r.name + (_(" (deleted)") if r.deleted else ""), r.community, label(ORG_CATEGORIES, r.category),
                  label(ORG_STATUSES, r.status), r.credit_code,
                  format_number(r.members) if r.members is not None else "", r.leader) for r in rows])
    return 0
