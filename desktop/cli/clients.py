"""Clients (服务对象) on the command line: ``wushe clients list|import|export``."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.code_options import code_option
from desktop.cli.register_options import community_id, list_rows, print_rows
from desktop.cli.registers import add_register_commands
from desktop.domain.codes import GENDERS, TARGET_GROUPS, label
from desktop.i18n import _
from desktop.services import client_listing, clients
from desktop.services.clients import ClientQuery
from desktop.services.received import marked
from desktop.services.register_values import marked_deleted


def register(commands: Any) -> None:
    add_register_commands(commands, "clients", _("the clients of the station's case work"), _("list the clients"),
                          _filters, _query, cmd_clients)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--search", default="",
                   help=_("part of the name, pinyin initials, or the last 4 characters of the ID number"))
    p.add_argument("--community", default="", help=_("only this village or community (its name)"))
    p.add_argument("--group", default=None, **code_option(TARGET_GROUPS, _("only clients of this target group")))
    p.add_argument("--deleted", action="store_true", help=_("include deleted ones"))


def _query(session: Session, args: argparse.Namespace) -> ClientQuery:
    return ClientQuery(text=args.search, community_id=community_id(session, args.community),
                       target_group=args.group or "", include_deleted=args.deleted)


def cmd_clients(args: argparse.Namespace) -> int:
    # The number (编号) names a client to ``wushe report client`` when several share a name. Masked as the
    # screen's list is (client_listing), in the table and in --json.
    return print_rows(list_rows(args, client_listing.list_all, _query), args.json, [
        _("Number"), _("Full name"), _("Gender"), _("Age"), _("Community"), _("ID number"), _("Phone"),
        _("Target groups"), _("Guardian"),
    ], lambda r: (clients.short_id(r.id), marked_deleted(r.name, r.deleted),
                  label(GENDERS, r.gender) if r.gender else "", "" if r.age is None else r.age, r.community,
                  marked(r.id_masked, "id_number", r.withheld), marked(r.phone, "phone", r.withheld),
                  _(", ").join(r.group_labels), r.guardian_name))
