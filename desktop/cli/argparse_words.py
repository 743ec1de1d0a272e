"""argparse's own words (usage:, options:, the errors it prints) in the language of ``--locale``.

argparse translates them with ``gettext.gettext``, bound when it is imported, which reads the "messages"
domain in the language of the process's environment (LANGUAGE, LANG), not our ``--locale``; and the
environment is not ours to change (Babel and Qt read it too). So its two gettext names are pointed at our
catalog once, here, and follow ``set_locale``. The msgids below are argparse's (Python 3.11's argparse.py,
checked by tests/unit/test_argparse_words.py), marked so that extraction puts them in our catalog.

argparse ends each heading of a help text ("options", a group's title) with an ASCII colon of its own, not
a translated one: ``WusheParser`` puts the language's there ("选项：" in Chinese, as "用法：" has it).
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.i18n import N_, _, ngettext

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def speak_our_language() -> None:
    """Make argparse translate through our catalog and active locale (idempotent)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


class _HeadingFormatter(argparse.HelpFormatter):
    class _Section(argparse.HelpFormatter._Section):
        def format_help(self) -> str:
            text: str = super().format_help()
            if self.heading in (None, argparse.SUPPRESS):
                return text
            # The section's text starts with its heading line, "<indent><heading>:".
            return text.replace(f"{self.heading}:\n", _("{heading}:").format(heading=self.heading) + "\n", 1)


class WusheParser(argparse.ArgumentParser):
    """An ArgumentParser whose help headings end in the active language's colon. The parsers of its
    subcommands are of its class too: ``add_subparsers`` makes them of their parent's class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HeadingFormatter)
        super().__init__(*args, **kwargs)
