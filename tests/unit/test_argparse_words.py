"""The argparse messages our catalog translates are the ones the installed argparse asks for, word for word,
and once bound argparse asks our catalog; every heading of every command's help ends in the language's
colon ("选项：", not "选项:")."""

from __future__ import annotations

import argparse
import ast
import inspect
import re
from collections.abc import Iterator

import pytest

from desktop.cli.argparse_words import ARGPARSE_MESSAGES, speak_our_language
from desktop.cli.main import build_parser
from desktop.i18n import _, set_locale


def test_each_marked_message_is_one_argparse_translates() -> None:
    source = inspect.getsource(argparse)
    asked = {ast.literal_eval(literal) for literal in re.findall(r"""\b_\((['"].*?['"])\)""", source)}
    assert set(ARGPARSE_MESSAGES) <= asked, set(ARGPARSE_MESSAGES) - asked
    # what a person meets at the command line is all there
    assert {"usage: ", "options", "show this help message and exit", "the following arguments are required: %s",
            "invalid choice: %(value)r (choose from %(choices)s)", "%(prog)s: error: %(message)s\n"} <= set(
        ARGPARSE_MESSAGES)


def test_argparse_translates_through_our_catalog() -> None:
    speak_our_language()
    assert argparse._ is _  # type: ignore[attr-defined]


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """``parser`` and the parsers of all its subcommands, at any depth."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


@pytest.mark.parametrize(("locale", "colon", "other"), [("zh_CN", "：", ":"), ("en", ":", "：")])
def test_every_help_heading_ends_in_the_languages_colon(locale: str, colon: str, other: str) -> None:
    set_locale(locale)
    speak_our_language()
    headings: set[str] = set()
    usages = 0
    for parser in _parsers(build_parser()):
        lines = parser.format_help().splitlines()
        usages += lines[0].startswith(_("usage: ").strip())
        # A heading is a line at the margin after a blank one, ending in a colon of either width.
        headings |= {line for before, line in zip(lines, lines[1:], strict=False)
                     if not before and line[:1].strip() and line.endswith((":", "："))}
    wrong = {line for line in headings if line.endswith(other)}
    assert not wrong, wrong
    assert {_("positional arguments") + colon, _("options") + colon} <= headings
    assert usages > 100  # every command's help begins with the usage
