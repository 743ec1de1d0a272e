"""Commands that need Qt: the GUI itself and ``screenshot``. Qt is imported only when they run."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from desktop import collector
from desktop.cli.output import print_json
from desktop.errors import ValidationError
from desktop.i18n import LOCALES, _, current_locale


def register(commands: Any) -> None:
    p = commands.add_parser("screenshot", help=_("render a page of the main window to a PNG file (offscreen)"))
    p.add_argument("--page", help=_("page id; see --list"))
    p.add_argument("--out", type=Path, help=_("PNG file to write"))
    p.add_argument("--size", default="1280x800", help=_("window size as WxH"))
    p.add_argument("--list", action="store_true", help=_("print the page ids"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_screenshot)


def start_gui(args: argparse.Namespace) -> int:
    from desktop.ui.application import run_gui

    return run_gui(args.db, args.locale)


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValidationError("--size", _("Write the size as WIDTHxHEIGHT, e.g. 1366x768.")) from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise ValidationError("--size", _("The size must be between 320x240 and 7680x4320."))
    return width, height


def cmd_screenshot(args: argparse.Namespace) -> int:
    from desktop.ui.screenshot import PAGE_IDS, render_page

    if args.list:
        if args.json:
            print_json(list(PAGE_IDS))
        else:
            print("\n".join(PAGE_IDS))
        return 0
    if not args.page or not args.out:
        raise ValidationError("--page", _("Give --page and --out, or --list."))
    if args.page not in PAGE_IDS:
        raise ValidationError("--page", _("Unknown page {page}; choose one of: {pages}").format(
            page=args.page, pages=", ".join(PAGE_IDS)))
    locale = args.locale or current_locale()
    assert locale in LOCALES
    with collector.deferred():  # widgets freed by a collection inside Qt code crash: none while rendering
        render_page(args.db, args.page, args.out, locale=locale, size=_size(args.size),
                    username=args.user or os.environ.get("WUSHE_USER"), password=os.environ.get("WUSHE_PASSWORD"))
    print(_("Wrote {path}").format(path=args.out))
    return 0
