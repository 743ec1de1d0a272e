"""The registers of 五社联动 on the command line: ``wushe orgs list|import|export``.

``import`` and ``export`` work for any register listed in ``desktop.services.register_io``: a
register's command calls ``add_register_commands`` (``list``, ``import`` and ``export``), or
``add_io_commands`` beside subcommands of its own, with its filters and the query they make.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_table
from desktop.domain.codes import CONSENT_METHODS, ORG_CATEGORIES, ORG_STATUSES, label
from desktop.domain.consent import Consent
from desktop.errors import ValidationError
from desktop.i18n import _, format_number, ngettext
from desktop.services import orgs
from desktop.services.exports import ExportSpec, export_xlsx
from desktop.services.imports import (ImportRefused, ImportResult, ImportSpec, Mapping, Table,
                                      guess_mapping, import_rows, load_table, sheet_column, unread_columns,
                                      validate)
from desktop.services.orgs import OrgQuery
from desktop.services.register_io import REGISTERS, RegisterIO

IO_FLAGS = {"file": "FILE", "sheet": "--sheet", "header_row": "--header-row", "mapping": "--map", "out": "--out",
            "community": "--community", "consent_on": "--consent-date", "consent_method": "--consent-method"}


def register(commands: Any) -> None:
    add_register_commands(commands, "orgs", _("the register of community social organisations"),
                          _("list the organisations"), _org_filters, _org_query, cmd_orgs)


def _org_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--search", default="", help=_("part of the name"))
    p.add_argument("--category", choices=list(ORG_CATEGORIES), default="")
    p.add_argument("--status", choices=list(ORG_STATUSES), default="")
    p.add_argument("--deleted", action="store_true", help=_("include deleted ones"))


def _org_query(_session: Session, args: argparse.Namespace) -> OrgQuery:
    return OrgQuery(text=args.search, category=args.category, status=args.status, include_deleted=args.deleted)


def cmd_orgs(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        rows = orgs.list_all(session, _org_query(session, args))
    if args.json:
        print_json(rows)
        return 0
    print_table([_("Name"), _("Community"), _("Category"), _("Status"), _("Credit code"), _("Members"), _("Leader")],
                [(r.name + (_(" (deleted)") if r.deleted else ""), r.community, label(ORG_CATEGORIES, r.category),
                  label(ORG_STATUSES, r.status), r.credit_code,
                  format_number(r.members) if r.members is not None else "", r.leader) for r in rows])
    return 0


# --- list, import and export, for every register of desktop.services.register_io -----------------

def add_register_commands(commands: Any, register_id: str, help_text: str, list_help: str,
                          filters: Callable[[argparse.ArgumentParser], None],
                          query: Callable[[Session, argparse.Namespace], object],
                          handler: Callable[[argparse.Namespace], int]) -> None:
    """``wushe REGISTER list|import|export``: ``list`` takes ``filters`` and --json; ``export`` the same filters."""
    sub = commands.add_parser(register_id, help=help_text).add_subparsers(dest="action", required=True)
    q = sub.add_parser("list", help=list_help)
    filters(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=handler, field_flags={"community": "--community"})
    add_io_commands(sub, register_id, filters, query)


def add_io_commands(sub: Any, register_id: str, filters: Callable[[argparse.ArgumentParser], None],
                    query: Callable[[Session, argparse.Namespace], object]) -> None:
    """``import`` and ``export`` under a register's command; ``query`` makes the export's query from the
    options ``filters`` adds (in a read transaction, for filters given by name)."""
    io = REGISTERS[register_id]
    q = sub.add_parser("import", help=_("add rows from a spreadsheet (.xlsx, .xls or .ods), all or none"))
    q.add_argument("file", type=Path, help=_("the workbook"))
    q.add_argument("--sheet", help=_("the sheet to read (default: the first whose header names the columns)"))
    q.add_argument("--header-row", type=int, metavar="N",
                   help=_("the sheet's row N (as the spreadsheet numbers it) is the header (default: of the first ten "
                          "rows, the one naming the most columns; rows above it, such as a title or group cells, "
                          "are not read)"))
    q.add_argument("--map", action="append", default=[], metavar="KEY=COLUMN",
                   help=_("read KEY from the sheet column COLUMN (its letter, number or header); KEY= reads it from "
                          "nowhere. Keys: {keys}").format(keys=", ".join(c.key for c in io.importer.columns)))
    q.add_argument("--valid-only", action="store_true",
                   help=_("import the valid rows even though other rows have problems"))
    q.add_argument("--dry-run", action="store_true", help=_("check every row and report; import nothing"))
    if io.with_consent is not None:
        q.add_argument("--consent-date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help=_("the day every person in the file consented to the processing of their ID number and "
                              "phone, for the rows that record no consent of their own"))
        q.add_argument("--consent-method", choices=list(CONSENT_METHODS), help=_("how they gave that consent"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=partial(cmd_import, io=io), field_flags=IO_FLAGS, consent_date=None, consent_method=None)
    q = sub.add_parser("export", help=_("write the register, filtered as for list, to an .xlsx file"))
    filters(q)
    q.add_argument("--out", type=Path, required=True, help=_("the .xlsx file to write"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=partial(cmd_export, spec=io.exporter, query=query), field_flags=IO_FLAGS)


def _mapping(spec: ImportSpec[Any, Any], table: Table, overrides: Sequence[str]) -> Mapping:
    """The guessed mapping with each ``KEY=COLUMN`` of ``--map`` applied."""
    mapping = guess_mapping(spec, table)
    keys = [c.key for c in spec.columns]
    for override in overrides:
        key, _sep, column = override.partition("=")
        if key.strip() not in keys:
            raise ValidationError("mapping", _("No register column is called {key}; the keys are: {keys}.")
                                  .format(key=key, keys=", ".join(keys)))
        if column.strip():
            mapping[key.strip()] = sheet_column(table, column)
        else:
            mapping.pop(key.strip(), None)
    return mapping


def _import_spec(io: RegisterIO, args: argparse.Namespace) -> ImportSpec[Any, Any]:
    """The register's importer, with the consent the flags state for the whole file, if they do."""
    given_on, method = args.consent_date, args.consent_method
    if io.with_consent is None or (given_on is None and method is None):
        return io.importer
    if given_on is None or method is None:
        raise ValidationError("consent_on" if given_on is None else "consent_method", _(
            "Give both --consent-date and --consent-method to state the consent for the whole file."))
    return io.with_consent(Consent(given_on, method))


def cmd_import(args: argparse.Namespace, io: RegisterIO) -> int:
    spec = _import_spec(io, args)
    db = open_signed_in(args)
    table = load_table(args.file, spec, args.sheet, args.header_row)
    mapping = _mapping(spec, table, args.map)
    try:
        if args.dry_run:
            with db.read() as session:
                result = ImportResult(validate(session, spec, table, mapping), 0, 0)
            if result.report.invalid:
                raise ImportRefused(result.report)
        else:
            with db.write() as session:
                result = import_rows(session, spec, table, mapping, valid_only=args.valid_only)
    except ImportRefused as refused:
        _show(args, spec, table, mapping, ImportResult(refused.report, 0, 0))
        raise
    _show(args, spec, table, mapping, result)
    return 0


def _show(args: argparse.Namespace, spec: ImportSpec[Any, Any], table: Table, mapping: Mapping,
          result: ImportResult) -> None:
    report = result.report
    read = {c.key: table.column_name(mapping[c.key]) for c in spec.columns if c.key in mapping}
    unread = unread_columns(table, mapping)
    if args.json:
        print_json({"sheet": report.sheet, "header_row": report.header_row, "columns": read, "unread": unread,
                    "rows": report.rows, "valid": report.valid, "problems": report.problems, "added": result.added,
                    "skipped": result.skipped, "dry_run": args.dry_run})
        return
    print(_("Columns read: {columns}").format(columns=_(", ").join(
        _("{label} ← {column}").format(label=_(c.label), column=read[c.key]) for c in spec.columns if c.key in read)))
    if unread:
        print(_("Columns not imported: {columns}").format(columns=_(", ").join(unread)))
    for problem in report.problems:
        print(problem)
    print(report.summary())
    if result.added or result.skipped:
        imported = ngettext("Imported {n} row.", "Imported {n} rows.", result.added).format(n=result.added)
        print(_("{first} {second}").format(first=imported, second=ngettext(
            "Left out {n} row with problems.", "Left out {n} rows with problems.", result.skipped).format(
            n=result.skipped)) if result.skipped else imported)
    elif args.dry_run:
        print(_("Dry run: nothing was imported."))


def cmd_export(args: argparse.Namespace, spec: ExportSpec[Any, Any],
               query: Callable[[Session, argparse.Namespace], object]) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        count = export_xlsx(session, spec, query(session, args), args.out)
    if args.json:
        print_json({"file": args.out, "rows": count})
    else:
        print(ngettext("Exported {n} row to {file}.", "Exported {n} rows to {file}.", count).format(n=count,
                                                                                                   file=args.out))
    return 0
