"""Argument parsing and dispatch. Each area adds its commands in a module of its own."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.cli import screens
from desktop.cli.argparse_words import WusheParser, speak_our_language
from desktop.cli.output import error
from desktop.errors import ValidationError, WusheError, each_problem
from desktop.i18n import DEFAULT_LOCALE, LOCALES, _, set_locale
from desktop.paths import default_db_path

EXIT_ERROR = 2  # bad input or a refused operation; 1 is kept for "check found faults"


def _locale_from_argv(argv: Sequence[str]) -> str:
    """The locale must be active before the parser's help texts are translated."""
    for i, arg in enumerate(argv):
        if arg == "--locale" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--locale="):
            return arg.split("=", 1)[1]
    return os.environ.get("WUSHE_LOCALE", DEFAULT_LOCALE)


def _global_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--version", action="version", version=f"wushe {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--db", type=Path, default=None,
                        help=_("database file (default: $WUSHE_DB or the user data folder)"))
    parser.add_argument("--locale", choices=LOCALES, default=None, help=_("language of messages"))
    parser.add_argument("--user", default=None, help=_("sign in as this user (or set WUSHE_USER; the password "
                                                       "comes from WUSHE_PASSWORD or a prompt)"))
    return parser


def build_parser() -> argparse.ArgumentParser:
    # The command modules load the data layer (SQLAlchemy and the services, over half a second), so
    # they are imported only when a command is given: the app itself starts without waiting for them.
    from desktop.cli import (
        cases, certificates, clients, ledger, node, people, projects, registers, reports, users, volunteers,
    )
    from desktop.cli import sync
    from desktop.cli import indicators
    from desktop.cli import needs
    from desktop.cli import stats

    parser = _global_options(WusheParser(
        prog="wushe", description=_("Wushe Desk: the 五社联动 workbench. With no command, starts the app.")
    ))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    node.register(commands)
    users.register(commands)
    registers.register(commands)
    people.register(commands)
    volunteers.register(commands)
    clients.register(commands)
    cases.register(commands)
    projects.register(commands)
    ledger.register(commands)
    reports.register(commands)
    certificates.register(commands)
    indicators.register(commands)
    needs.register(commands)
    stats.register(commands)
    sync.register(commands)
    screens.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    locale = _locale_from_argv(argv)
    set_locale(locale if locale in LOCALES else DEFAULT_LOCALE)
    speak_our_language()  # argparse's usage and errors in that language too
    options, rest = _global_options(argparse.ArgumentParser(prog="wushe", add_help=False)).parse_known_args(argv)
    if not rest:  # no command: the app
        options.db = (options.db or default_db_path()).expanduser()
        return screens.start_gui(options)
    args = build_parser().parse_args(argv)  # a command, or help, or a usage error
    args.db = (args.db or default_db_path()).expanduser()
    out = getattr(args, "out", None)
    if isinstance(out, Path) and not out.expanduser().parent.is_dir():  # every command's --out, before any work
        error(_("Error: {field}: {message}").format(field="--out", message=_("there is no folder {folder}.").format(
            folder=out.expanduser().parent)))
        return EXIT_ERROR
    try:
        return int(args.handler(args) or 0)
    except ValidationError as exc:
        # Only a field the command has an option for is named (a command module may raise one by its flag):
        # the services' own field names (approved_amount, lines.1.item) mean nothing to the person typing.
        # Several problems found at once (ValidationErrors) are printed each on its own line.
        for problem in each_problem(exc):
            flag = getattr(args, "field_flags", {}).get(problem.field) or (
                problem.field if problem.field.startswith("-") else "")
            error(_("Error: {field}: {message}").format(field=flag, message=problem.message) if flag else
                  _("Error: {message}").format(message=problem.message))
    except WusheError as exc:
        error(_("Error: {message}").format(message=exc.message))
    except BrokenPipeError:
        # The reader went away (`wushe cases list | head`): say nothing, and keep Python's flush at exit from
        # raising again on the closed pipe, as the Python documentation on SIGPIPE advises.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        error(_("Interrupted."))
    return EXIT_ERROR
