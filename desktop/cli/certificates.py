"""Volunteer service certificates on the command line: issue and print, the register, revoke, verify.

``wushe verify-cert`` signs in like every other command once the station has accounts: the register
is the station's, so a caller outside asks the station, which checks the code for them (any role may).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_pairs, print_table
from desktop.cli.reports import write_pdf
from desktop.domain.certificates import VALID, VERDICTS, format_code
from desktop.domain.codes import ID_TYPES, label
from desktop.domain.durations import hours_text
from desktop.i18n import _, format_date
from desktop.reports.volunteer_certificate import write_certificate
from desktop.services import certificates, volunteers
from desktop.services.certificates import CertificateQuery, CertificateView

EXIT_NOT_VALID = 2


def register_report(kinds: Any) -> None:
    """``wushe report certificate``: the kind this module adds to the ``report`` command (cli.reports)."""
    q = kinds.add_parser("certificate", help=_("issue a volunteer service certificate and print it"))
    q.add_argument("volunteer", metavar="VOLUNTEER_NUMBER", help=_("the volunteer's number, like V-2026-0001"))
    q.add_argument("--from", dest="period_from", type=date.fromisoformat, required=True,
                   help=_("first day of the period (YYYY-MM-DD)"))
    q.add_argument("--to", dest="period_to", type=date.fromisoformat, required=True,
                   help=_("last day of the period (YYYY-MM-DD)"))
    q.add_argument("--in-charge", required=True, help=_("the unit's person in charge (负责人)"))
    q.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_issue, field_flags={"period_from": "--from", "period_to": "--to",
                                                   "person_in_charge": "--in-charge", "out": "--out"})


def register(commands: Any) -> None:
    p = commands.add_parser("certificates", help=_("the register of volunteer service certificates issued"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("list", help=_("list the certificates issued"))
    q.add_argument("--search", default="", help=_("a certificate or volunteer number, or the volunteer's name"))
    q.add_argument("--year", type=int, default=None)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_list)
    q = sub.add_parser("print", help=_("print an issued certificate again, exactly as issued"))
    q.add_argument("number", help=_("the certificate number, like ZYZ-2026-0001"))
    q.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
    q.set_defaults(handler=cmd_print, field_flags={"out": "--out"})
    q = sub.add_parser("revoke", help=_("withdraw a certificate; it then no longer verifies"))
    q.add_argument("number", help=_("the certificate number, like ZYZ-2026-0001"))
    q.add_argument("--reason", required=True, help=_("why it is withdrawn"))
    q.set_defaults(handler=cmd_revoke, field_flags={"reason": "--reason"})

    p = commands.add_parser("verify-cert", help=_("check a certificate's verification code against the register"))
    p.add_argument("code", help=_("the code printed on the certificate, like 7K3M-Q9TX-2HDP"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)


def _summary(cert: CertificateView, out: Path | None = None) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = [
        (_("Record certificate no."), f"{cert.official_number} ({cert.number})"),
        (_("Volunteer"), f"{cert.volunteer_name} ({cert.volunteer_number})"),
        (_("Period"), _period(cert.period_from, cert.period_to)),
        (_("Hours served"), hours_text(cert.minutes)),
        (_("Verification code"), format_code(cert.code)),
    ]
    return pairs + ([(_("File"), out)] if out else [])


def _period(start: date, end: date) -> str:
    return _("{start} to {end}").format(start=format_date(start), end=format_date(end))


def cmd_issue(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    # The PDF is written inside the unit of work: if it cannot be written, nothing is issued.
    with db.write() as session:
        volunteer = volunteers.by_number(session, args.volunteer)
        cert = certificates.issue(session, volunteer.id, args.period_from, args.period_to, args.in_charge)
        write_pdf(write_certificate, cert, args.out)
    if args.json:
        print_json(cert)
    else:
        print_pairs(_summary(cert, args.out))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        rows = certificates.list_all(session, CertificateQuery(text=args.search, year=args.year))
    if args.json:
        print_json(rows)
        return 0
    print_table([_("Record certificate no."), _("Serial no."), _("Volunteer"), _("Period"), _("Hours served"),
                 _("Issued"), _("Handled by"), _("Status")],
                [(r.official_number, r.number, f"{r.volunteer_name} ({r.volunteer_number})",
                  _period(r.period_from, r.period_to), hours_text(r.minutes), format_date(r.issued_on), r.handler,
                  _("revoked on {date}: {reason}").format(date=format_date(r.revoked_on), reason=r.revoked_reason)
                  if r.revoked_on else _("in force")) for r in rows])
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        cert = certificates.for_reprint(session, args.number)
    write_pdf(write_certificate, cert, args.out)
    print_pairs(_summary(cert, args.out))
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        cert = certificates.revoke(session, certificates.by_number(session, args.number).id, args.reason)
    print(_("Certificate {number} revoked.").format(number=cert.official_number))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        result = certificates.verify(session, args.code)
    if args.json:
        print_json(result)
    else:
        print(label(VERDICTS, result.verdict))
        facts = result.facts
        if facts:
            pairs: list[tuple[str, Any]] = [
                (_("Record certificate no."), f"{facts.official_number} ({facts.number})"),
                (_("Volunteer"), facts.name),
                (label(ID_TYPES, facts.id_type), facts.id_masked),
                (_("Period"), _period(facts.period_from, facts.period_to)),
                (_("Hours served"), hours_text(facts.minutes)),
                (_("Recording unit"), facts.unit),
                (_("Issued"), format_date(facts.issued_on)),
            ]
            if facts.revoked_on:
                pairs.append((_("Revoked"), _("{date}: {reason}").format(date=format_date(facts.revoked_on),
                                                                          reason=facts.revoked_reason)))
            print_pairs(pairs)
    return 0 if result.verdict == VALID else EXIT_NOT_VALID
