"""``wushe report KIND``: print a document as PDF. This module owns the command; each area adds its
kinds to it (``certificate`` from cli.certificates, ``case`` and ``client`` from cli.case_reports,
``proposal`` and ``final`` from cli.project_reports)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from desktop.cli.output import print_json, print_pairs
from desktop.errors import ValidationError
from desktop.i18n import _

D = TypeVar("D")


def register(commands: Any) -> None:
    from desktop.cli import case_reports, certificates, project_reports

    p = commands.add_parser("report", help=_("print a document as PDF"))
    kinds = p.add_subparsers(dest="kind", required=True)
    certificates.register_report(kinds)
    case_reports.register(kinds)
    project_reports.register(kinds)


def report_written(args: argparse.Namespace, key: str, paper: Any, pairs: list[tuple[str, Any]],
                   more: dict[str, Any] | None = None) -> int:
    """What a report command prints once its file is written: the paper as JSON under ``key`` (with ``more``)
    with ``--json``, else ``pairs`` and the file."""
    if args.json:
        print_json({"file": args.out, key: paper, **(more or {})})
    else:
        print_pairs([*pairs, (_("File"), args.out)])
    return 0


def out_suffix(out: Path, workbook: bool = False) -> str:
    """The suffix of ``--out`` (lower case), checked before anything is read or written: a PDF's, or with
    ``workbook`` an .xlsx's too; a paper written under another name (no.xlsx) would open as garbage."""
    suffix = out.suffix.lower()
    if suffix == ".pdf" or (workbook and suffix == ".xlsx"):
        return suffix
    raise ValidationError("out", _("Name a .pdf or an .xlsx file.") if workbook else _("Name a .pdf file."))


def write_pdf(write: Callable[[D, Path], Path], document: D, out: Path) -> Path:
    """``write(document, out)``; a file that cannot be written is an error of ``--out``."""
    try:
        return write(document, out)
    except OSError as exc:
        raise ValidationError("out", _("Cannot write {file}: {reason}").format(file=out, reason=exc.strerror)) from exc
