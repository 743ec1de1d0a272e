"""Social workers and charity resources on the command line: ``wushe workers list|import|export``,
``wushe donors list|import|export``."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.register_options import community_id, list_rows, listed, print_rows
from desktop.cli.registers import add_register_commands
from desktop.domain.codes import (
    CERT_LEVELS, DONOR_KINDS, EMPLOYER_KINDS, EMPLOYMENT_KINDS, OFFER_KINDS, WORKER_STATUSES, label,
)
from desktop.i18n import _
from desktop.services import donors, workers
from desktop.services.donors import DonorQuery
from desktop.services.register_values import marked_deleted
from desktop.services.workers import WorkerQuery


def register(commands: Any) -> None:
    add_register_commands(commands, "workers", _("the register of social workers"), _("list the social workers"),
                          _worker_filters, _worker_query, cmd_workers)
    add_register_commands(commands, "donors", _("the register of charity resources: donors and partners"),
                          _("list the donors and partners"), _donor_filters, _donor_query, cmd_donors)


def _worker_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--search", default="", help=_("part of the name"))
    p.add_argument("--community", default="", help=_("only those covering this village or community (its name)"))
    p.add_argument("--level", choices=list(CERT_LEVELS), default="", help=_("certificate level"))
    p.add_argument("--deleted", action="store_true", help=_("include deleted ones"))


def _worker_query(session: Session, args: argparse.Namespace) -> WorkerQuery:
    return WorkerQuery(text=args.search, community_id=community_id(session, args.community), cert_level=args.level,
                       include_deleted=args.deleted)


def _donor_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--search", default="", help=_("part of the name"))
    p.add_argument("--kind", choices=list(DONOR_KINDS), default="")
    p.add_argument("--offer", choices=list(OFFER_KINDS), default="", help=_("only those who offer this"))
    p.add_argument("--deleted", action="store_true", help=_("include deleted ones"))


def _donor_query(_session: Session, args: argparse.Namespace) -> DonorQuery:
    return DonorQuery(text=args.search, kind=args.kind, offer=args.offer, include_deleted=args.deleted)


def cmd_workers(args: argparse.Namespace) -> int:
    return print_rows(list_rows(args, workers.list_all, _worker_query), args.json, [
        _("Full name"), _("Employer"), _("Employment"), _("Qualification"), _("Certificate no."), _("Year certified"),
        _("Communities covered"), _("Mobile"), _("Status"),
    ], lambda r: (marked_deleted(r.name, r.deleted), r.employer_name or label(EMPLOYER_KINDS, r.employer_kind),
                  label(EMPLOYMENT_KINDS, r.employment), label(CERT_LEVELS, r.cert_level), r.cert_number,
                  r.cert_year, listed(r.communities), r.phone, label(WORKER_STATUSES, r.status)))


def cmd_donors(args: argparse.Namespace) -> int:
    return print_rows(list_rows(args, donors.list_all, _donor_query), args.json, [
        _("Name"), _("Kind"), _("Offers"), _("Community"), _("Contact person"), _("Mobile"), _("Credit code"),
    ], lambda r: (marked_deleted(r.name, r.deleted), label(DONOR_KINDS, r.kind),
                  listed([label(OFFER_KINDS, o) for o in r.offers]), r.community, r.contact_person, r.phone,
                  r.credit_code))
