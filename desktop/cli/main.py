"""Argument parsing and dispatch. Each area adds its commands in a module of its own."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.cli import node, registers, screens, users
from desktop.cli.output import error
from desktop.errors import ValidationError, WusheError
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wushe", description=_("Wushe Desk: the 五社联动 workbench. With no command, starts the app.")
    )
    parser.add_argument("--version", action="version", version=f"wushe {__version__}")
    parser.add_argument("--db", type=Path, default=None,
                        help=_("database file (default: $WUSHE_DB or the user data folder)"))
    parser.add_argument("--locale", choices=LOCALES, default=None, help=_("language of messages"))
    parser.add_argument("--user", default=None, help=_("sign in as this user (or set WUSHE_USER; the password "
                                                       "comes from WUSHE_PASSWORD or a prompt)"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    node.register(commands)
    users.register(commands)
    registers.register(commands)
    screens.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    locale = _locale_from_argv(argv)
    set_locale(locale if locale in LOCALES else DEFAULT_LOCALE)
    args = build_parser().parse_args(argv)
    args.db = (args.db or default_db_path()).expanduser()
    if args.command is None:
        return screens.start_gui(args)
    try:
        return int(args.handler(args) or 0)
    except ValidationError as exc:
        flag = getattr(args, "field_flags", {}).get(exc.field, exc.field)
        error(_("Error: {field}: {message}").format(field=flag, message=exc.message))
    except WusheError as exc:
        error(_("Error: {message}").format(message=exc.message))
    except KeyboardInterrupt:
        error(_("Interrupted."))
    return EXIT_ERROR
